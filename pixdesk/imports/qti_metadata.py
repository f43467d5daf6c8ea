"""Check an item's pixdesk metadata: competence, tube, skill, level, calibration, accessibility.

Field names (the QTI section of docs/item-banks.md): ``pixdesk:competence`` (``1.1`` …
``5.2``), ``pixdesk:tube`` (``@rechercheInfo``), ``pixdesk:skill`` (the tube then its level,
``@rechercheInfo3``), ``pixdesk:difficulty`` and ``pixdesk:discriminant`` (decimal numbers
written with a point), and the optional ``pixdesk:level`` (must agree with the skill) and
``pixdesk:accessible`` (``true`` or ``false``, default false).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pixdesk.domain.estimator import GRID_MAX, GRID_MIN
from pixdesk.domain.referential import MAX_LEVEL, MIN_LEVEL, is_competence
from pixdesk.imports.qti_model import QtiProblem, QtiProblemCode, qti_problem

COMPETENCE = "pixdesk:competence"
TUBE = "pixdesk:tube"
SKILL = "pixdesk:skill"
LEVEL = "pixdesk:level"
DIFFICULTY = "pixdesk:difficulty"
DISCRIMINANT = "pixdesk:discriminant"
ACCESSIBLE = "pixdesk:accessible"
REQUIRED = (COMPETENCE, TUBE, SKILL, DIFFICULTY, DISCRIMINANT)
MAX_DISCRIMINANT = 10.0

_TUBE = re.compile(r"@[A-Za-z][A-Za-z0-9_]{0,63}")
_SKILL = re.compile(r"(@[A-Za-z][A-Za-z0-9_]{0,63}?)([0-9])")
_DECIMAL = re.compile(r"[+-]?[0-9]{1,6}(?:\.[0-9]{1,12})?")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


@dataclass(frozen=True, slots=True)
class ItemMetadata:
    """The checked metadata of one item."""

    competence: str
    tube: str
    skill: str
    level: int
    difficulty: float
    discriminant: float
    accessible: bool


def read_metadata(
    fields: Mapping[str, tuple[str, ...]], item: str, file: str
) -> tuple[ItemMetadata | None, list[QtiProblem]]:
    """Check the fields of one item; return the metadata, or None and every problem."""
    problems: list[QtiProblem] = []

    def report(code: QtiProblemCode, name: str, **params: object) -> None:
        problems.append(qti_problem(code, item=item, file=file, field=name, **params))

    values: dict[str, str] = {}
    for name, given in fields.items():
        distinct = list(dict.fromkeys(value.strip() for value in given))
        if len(distinct) > 1:
            report(QtiProblemCode.METADATA_CONFLICT, name, values=" | ".join(distinct))
        elif distinct and distinct[0]:
            values[name] = distinct[0]
    for name in REQUIRED:
        if name not in values and not any(p.param("field") == name for p in problems):
            report(QtiProblemCode.METADATA_MISSING, name)

    def check(name: str, ok: bool) -> None:
        if name in values and not ok:
            report(QtiProblemCode.METADATA_INVALID, name, value=values[name])

    competence, tube, skill = (
        values.get(COMPETENCE, ""),
        values.get(TUBE, ""),
        values.get(SKILL, ""),
    )
    check(COMPETENCE, is_competence(competence))
    tube_ok = _TUBE.fullmatch(tube) is not None
    check(TUBE, tube_ok)
    skill_match = _SKILL.fullmatch(skill)
    level = int(skill_match.group(2)) if skill_match else 0
    check(SKILL, skill_match is not None and MIN_LEVEL <= level <= MAX_LEVEL)
    if skill_match and tube_ok and skill_match.group(1) != tube:
        report(QtiProblemCode.METADATA_CONFLICT, SKILL, tube=tube, value=skill)
    if LEVEL in values and values[LEVEL] != str(level):
        report(QtiProblemCode.METADATA_CONFLICT, LEVEL, value=values[LEVEL], skill=skill)
    difficulty = _decimal(values.get(DIFFICULTY, ""))
    check(DIFFICULTY, difficulty is not None and GRID_MIN <= difficulty <= GRID_MAX)
    discriminant = _decimal(values.get(DISCRIMINANT, ""))
    check(DISCRIMINANT, discriminant is not None and 0 < discriminant <= MAX_DISCRIMINANT)
    accessible = _BOOLEANS.get(values.get(ACCESSIBLE, "false").lower())
    check(ACCESSIBLE, accessible is not None)
    if problems or difficulty is None or discriminant is None:
        return None, problems
    return (
        ItemMetadata(competence, tube, skill, level, difficulty, discriminant, bool(accessible)),
        [],
    )


def _decimal(text: str) -> float | None:
    if _DECIMAL.fullmatch(text) is None:
        return None
    value = float(text)
    return value if math.isfinite(value) else None
