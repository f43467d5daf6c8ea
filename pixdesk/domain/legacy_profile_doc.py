"""The positioning profile as JSON data: the one strict, bounded reader and its writer.

A profile travels in the session pack (docs/session-pack.md), in the lab's join result
(docs/lab-protocol.md) and in the station's journal (``candidate.joined``, ``test.started``);
every one of them reads it with :func:`profile_from_doc`, so a profile refused in one place is
refused everywhere. The form, a list in referential order::

    [{"competence": "1.1", "level": 3, "pix": 24,
      "skills": [{"skill": "@rechercheInfo3", "tube": "@rechercheInfo", "level": 3}]}]

Bounds (pixdesk): the 16 competences at most, each once; levels 0–8 (a skill's 1–8); pix
0–64 (8 per level); at most :data:`MAX_SKILLS` skills per competence; names of 1–64
printable characters.
"""

from __future__ import annotations

from typing import Any, Final

from pixdesk.domain.legacy_profile import CompetenceProfile, PositioningProfile, ValidatedSkill
from pixdesk.domain.referential import COMPETENCE_CODES, MAX_LEVEL

__all__ = [
    "MAX_SKILLS",
    "ProfileFormatError",
    "profile_doc",
    "profile_from_doc",
]

MAX_SKILLS: Final = 64
MAX_NAME: Final = 64
MAX_PIX: Final = 8 * MAX_LEVEL
_COMPETENCE_FIELDS: Final = frozenset({"competence", "level", "pix", "skills"})
_SKILL_FIELDS: Final = frozenset({"skill", "tube", "level"})


class ProfileFormatError(ValueError):
    """A profile document that must not be used.

    Attributes:
        path: Where in the document (``[2].skills[0].level``).
        reason: ``unknown_competence``, ``duplicate_competence``, ``out_of_range``,
            ``too_many`` or ``invalid``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path or '(profile)'}: {reason}")
        self.path = path
        self.reason = reason


def profile_doc(profile: PositioningProfile) -> list[dict[str, Any]]:
    """Return the JSON form of a profile (competences in referential order)."""
    order = {code: index for index, code in enumerate(COMPETENCE_CODES)}
    entries = sorted(profile.competences, key=lambda e: order[e.competence])
    return [
        {
            "competence": entry.competence,
            "level": entry.level,
            "pix": entry.pix,
            "skills": [
                {"skill": s.skill, "tube": s.tube, "level": s.level}
                for s in sorted(entry.skills, key=lambda s: (s.skill, s.tube, s.level))
            ],
        }
        for entry in entries
    ]


def profile_from_doc(doc: object) -> PositioningProfile:
    """Read a profile document, refusing anything unknown, missing or out of bounds.

    Raises:
        ProfileFormatError: With the path of the first bad field.
    """
    if not isinstance(doc, list):
        raise ProfileFormatError("", "invalid")
    if len(doc) > len(COMPETENCE_CODES):
        raise ProfileFormatError("", "too_many")
    entries = [_competence(one, f"[{i}]") for i, one in enumerate(doc)]
    codes = [entry.competence for entry in entries]
    if len(set(codes)) != len(codes):
        raise ProfileFormatError("", "duplicate_competence")
    return PositioningProfile(tuple(entries))


def _competence(value: object, path: str) -> CompetenceProfile:
    doc = _object(value, path, _COMPETENCE_FIELDS)
    code = doc["competence"]
    if not isinstance(code, str) or code not in COMPETENCE_CODES:
        raise ProfileFormatError(f"{path}.competence", "unknown_competence")
    level = _int(doc["level"], f"{path}.level", 0, MAX_LEVEL)
    pix = _int(doc["pix"], f"{path}.pix", 0, MAX_PIX)
    skills = doc["skills"]
    if not isinstance(skills, list):
        raise ProfileFormatError(f"{path}.skills", "invalid")
    if len(skills) > MAX_SKILLS:
        raise ProfileFormatError(f"{path}.skills", "too_many")
    return CompetenceProfile(
        code,
        level,
        pix,
        tuple(_skill(one, f"{path}.skills[{i}]") for i, one in enumerate(skills)),
    )


def _skill(value: object, path: str) -> ValidatedSkill:
    doc = _object(value, path, _SKILL_FIELDS)
    return ValidatedSkill(
        _name(doc["skill"], f"{path}.skill"),
        _name(doc["tube"], f"{path}.tube"),
        _int(doc["level"], f"{path}.level", 1, MAX_LEVEL),
    )


def _object(value: object, path: str, fields: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProfileFormatError(path, "invalid")
    if wrong := sorted((fields - set(value)) | (set(value) - fields)):
        raise ProfileFormatError(f"{path}.{wrong[0]}", "invalid")
    return value


def _int(value: object, path: str, low: int, high: int) -> int:
    if type(value) is not int:
        raise ProfileFormatError(path, "invalid")
    if not low <= value <= high:
        raise ProfileFormatError(path, "out_of_range")
    return value


def _name(value: object, path: str) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_NAME or not value.isprintable():
        raise ProfileFormatError(path, "invalid")
    if value != value.strip():
        raise ProfileFormatError(path, "invalid")
    return value
