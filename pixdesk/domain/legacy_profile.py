"""The positioning profile a legacy (v2) certification starts from (RULES.md §6).

One entry per competence: the level and pix the positioning reached and the skills it
validated. Both the picking (:mod:`pixdesk.domain.legacy_picking`) and the scoring
(:mod:`pixdesk.domain.legacy`) read it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from pixdesk.domain.referential import COMPETENCE_CODES

__all__ = [
    "MIN_CERTIFIABLE_COMPETENCES",
    "CompetenceProfile",
    "PositioningProfile",
    "ValidatedSkill",
    "certifiable_competences",
    "entries_in_order",
    "is_certifiable",
]

MIN_CERTIFIABLE_COMPETENCES: Final = 5


@dataclass(frozen=True, slots=True)
class ValidatedSkill:
    """A skill the positioning validated, with its tube and level."""

    skill: str  # "@rechercheInfo3"
    tube: str  # "@rechercheInfo"
    level: int


@dataclass(frozen=True, slots=True)
class CompetenceProfile:
    """One competence of a positioning profile: level reached, pix, validated skills."""

    competence: str
    level: int
    pix: int
    skills: tuple[ValidatedSkill, ...] = ()

    def __post_init__(self) -> None:
        if self.competence not in COMPETENCE_CODES:
            raise ValueError(f"unknown competence: {self.competence}")
        if self.level < 0 or self.pix < 0:
            raise ValueError(f"negative level or pix in {self.competence}")


@dataclass(frozen=True, slots=True)
class PositioningProfile:
    """The positioning results a v2 certification starts from (one entry per competence)."""

    competences: tuple[CompetenceProfile, ...]

    def __post_init__(self) -> None:
        codes = [c.competence for c in self.competences]
        if len(set(codes)) != len(codes):
            raise ValueError("a competence appears twice in the profile")

    def get(self, code: str) -> CompetenceProfile | None:
        """Return the entry of competence ``code``, or None when the profile lacks it."""
        return next((c for c in self.competences if c.competence == code), None)


def entries_in_order(
    profile: PositioningProfile, codes: Collection[str]
) -> list[CompetenceProfile]:
    """Return the profile's entries for ``codes``, in referential order (absent ones skipped)."""
    return [e for c in COMPETENCE_CODES if c in codes and (e := profile.get(c)) is not None]


def certifiable_competences(profile: PositioningProfile) -> tuple[str, ...]:
    """Return the codes of the competences at level ≥ 1, in referential order."""
    return tuple(c for c in COMPETENCE_CODES if (e := profile.get(c)) is not None and e.level >= 1)


def is_certifiable(profile: PositioningProfile) -> bool:
    """Tell whether the profile has at least five competences at level ≥ 1."""
    return len(certifiable_competences(profile)) >= MIN_CERTIFIABLE_COMPETENCES
