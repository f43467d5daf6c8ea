"""The CRCN referential: 5 domains, 16 competences, levels 1–8 (RULES.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

MIN_LEVEL = 1
MAX_LEVEL = 8


@dataclass(frozen=True, slots=True)
class Domain:
    """One of the five areas of the framework."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Competence:
    """One of the sixteen competences, coded ``"<domain>.<n>"``."""

    code: str
    label: str

    @property
    def domain_code(self) -> str:
        return self.code.split(".", 1)[0]


class LevelBand(IntEnum):
    """Named bands of levels as shown to people (novice 1–2 … expert 7–8)."""

    NOVICE = 1
    INDEPENDENT = 2
    ADVANCED = 3
    EXPERT = 4


DOMAINS: tuple[Domain, ...] = (
    Domain("1", "Information et données"),
    Domain("2", "Communication et collaboration"),
    Domain("3", "Création de contenus"),
    Domain("4", "Protection et sécurité"),
    Domain("5", "Environnement numérique"),
)

COMPETENCES: tuple[Competence, ...] = (
    Competence("1.1", "Mener une recherche et une veille d'information"),
    Competence("1.2", "Gérer des données"),
    Competence("1.3", "Traiter des données"),
    Competence("2.1", "Interagir"),
    Competence("2.2", "Partager et publier"),
    Competence("2.3", "Collaborer"),
    Competence("2.4", "S'insérer dans le monde numérique"),
    Competence("3.1", "Développer des documents textuels"),
    Competence("3.2", "Développer des documents multimédia"),
    Competence("3.3", "Adapter les documents à leur finalité"),
    Competence("3.4", "Programmer"),
    Competence("4.1", "Sécuriser l'environnement numérique"),
    Competence("4.2", "Protéger les données personnelles et la vie privée"),
    Competence("4.3", "Protéger la santé, le bien-être et l'environnement"),
    Competence("5.1", "Résoudre des problèmes techniques"),
    Competence("5.2", "Construire un environnement numérique"),
)

COMPETENCE_CODES: tuple[str, ...] = tuple(c.code for c in COMPETENCES)
_BY_CODE = {c.code: c for c in COMPETENCES}
_DOMAIN_BY_CODE = {d.code: d for d in DOMAINS}


def competence(code: str) -> Competence:
    """Return the competence with ``code`` (``"1.1"`` … ``"5.2"``); KeyError if unknown."""
    return _BY_CODE[code]


def domain_of(competence_code: str) -> Domain:
    """Return the domain a competence belongs to."""
    return _DOMAIN_BY_CODE[competence(competence_code).domain_code]


def is_competence(code: str) -> bool:
    return code in _BY_CODE


def level_band(level: int) -> LevelBand:
    """Return the named band of a level 1–8."""
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"level out of range: {level}")
    return LevelBand((level + 1) // 2)
