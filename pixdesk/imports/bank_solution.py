"""The answer side of a bank item: proposals, input fields, solution, treatments.

Checks that the solution fits the type (RULES.md §7 and :class:`~pixdesk.domain.items.Solution`):

- QCU: exactly one key, among the proposals; QCM: at least one key, each among the proposals;
- QROC and QROC_NUM: one field named ``answer``; numeric variants must parse;
- QROCM_IND: one variant list per field; QROCM_DEP: the same shared pool for every field and
  an ``expected_count`` between 1 and the number of fields (and of distinct variants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pixdesk.domain.grading import ANSWER_FIELD, parse_number
from pixdesk.domain.items import ItemType, Solution, Treatments
from pixdesk.domain.text import treat
from pixdesk.imports.bank_format import AnswerField, Proposal
from pixdesk.imports.bank_json import FieldReader
from pixdesk.imports.bank_problems import BankProblemCode

CHOICE_TYPES = frozenset({ItemType.QCU, ItemType.QCM})
SINGLE_FIELD_TYPES = frozenset({ItemType.QROC, ItemType.QROC_NUM})
MIN_PROPOSALS, MAX_PROPOSALS = 2, 10
MAX_FIELDS = 10
_KEY = re.compile(r"[A-Za-z0-9]{1,8}")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")


@dataclass(frozen=True, slots=True)
class AnswerSide:
    """What :func:`read_answer_side` returns for a sound item."""

    proposals: tuple[Proposal, ...]
    fields: tuple[AnswerField, ...]
    solution: Solution


def read_answer_side(
    reader: FieldReader, raw: dict[str, Any], kind: ItemType, item: str, languages: list[str]
) -> AnswerSide | None:
    """Read ``proposals``, ``fields``, ``solution`` and ``treatments`` of one item."""
    problems_before = len(reader.problems)
    proposals = _proposals(reader, raw.get("proposals", []), kind, item, languages)
    fields = _fields(reader, raw.get("fields", []), kind, item, languages)
    treatments = _treatments(reader, raw.get("treatments"), item)
    solution = reader.obj(
        raw.get("solution"), item, "solution", (), ("choices", "variants", "expected_count")
    )
    if len(reader.problems) > problems_before or solution is None or treatments is None:
        return None
    if kind in CHOICE_TYPES:
        built = _choice_solution(reader, solution, kind, item, proposals, treatments)
    else:
        built = _text_solution(reader, solution, kind, item, fields, treatments)
    if built is None:
        return None
    return AnswerSide(proposals, fields, built)


def _proposals(
    reader: FieldReader, value: object, kind: ItemType, item: str, languages: list[str]
) -> tuple[Proposal, ...]:
    if not isinstance(value, list):
        reader.report(BankProblemCode.FIELD_INVALID, item, "proposals", "list")
        return ()
    if kind not in CHOICE_TYPES:
        if value:
            reader.report(BankProblemCode.PROPOSALS_INVALID, item, "proposals", "not_a_choice")
        return ()
    if not MIN_PROPOSALS <= len(value) <= MAX_PROPOSALS:
        reader.report(BankProblemCode.PROPOSALS_INVALID, item, "proposals", "count")
    proposals = []
    for index, entry in enumerate(value):
        where = f"proposals[{index}]"
        raw = reader.obj(entry, item, where, ("key", "text"))
        if raw is None:
            continue
        key = reader.typed(raw.get("key"), str, item, f"{where}.key", _KEY.fullmatch, "key")
        text = reader.text(raw.get("text"), item, f"{where}.text", languages)
        if key is not None and text is not None:
            proposals.append(Proposal(key, text))
    if len({p.key for p in proposals}) != len(proposals):
        reader.report(BankProblemCode.PROPOSALS_INVALID, item, "proposals", "duplicate_key")
    return tuple(proposals)


def _fields(
    reader: FieldReader, value: object, kind: ItemType, item: str, languages: list[str]
) -> tuple[AnswerField, ...]:
    if not isinstance(value, list):
        reader.report(BankProblemCode.FIELD_INVALID, item, "fields", "list")
        return ()
    if kind in CHOICE_TYPES:
        if value:
            reader.report(BankProblemCode.FIELDS_INVALID, item, "fields", "not_a_text_answer")
        return ()
    fields = []
    for index, entry in enumerate(value):
        where = f"fields[{index}]"
        raw = reader.obj(entry, item, where, ("name", "label"))
        if raw is None:
            continue
        name = reader.typed(
            raw.get("name"), str, item, f"{where}.name", _FIELD_NAME.fullmatch, "field name"
        )
        label = reader.text(raw.get("label"), item, f"{where}.label", languages)
        if name is not None and label is not None:
            fields.append(AnswerField(name, label))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        reader.report(BankProblemCode.FIELDS_INVALID, item, "fields", "duplicate_name")
    elif kind in SINGLE_FIELD_TYPES and names != [ANSWER_FIELD]:
        reader.report(BankProblemCode.FIELDS_INVALID, item, "fields", "answer_field")
    elif kind not in SINGLE_FIELD_TYPES and not 2 <= len(names) <= MAX_FIELDS:
        reader.report(BankProblemCode.FIELDS_INVALID, item, "fields", "count")
    return tuple(fields)


def _treatments(reader: FieldReader, value: object, item: str) -> Treatments | None:
    raw = reader.obj(value, item, "treatments", ("t1", "t2", "t3"))
    if raw is None:
        return None
    names = ("t1", "t2", "t3")
    flags = [reader.typed(raw[n], bool, item, f"treatments.{n}") for n in names if n in raw]
    if len(flags) != len(names) or any(flag is None for flag in flags):
        return None
    return Treatments(t1=raw["t1"], t2=raw["t2"], t3=raw["t3"])


def _choice_solution(
    reader: FieldReader,
    raw: dict[str, Any],
    kind: ItemType,
    item: str,
    proposals: tuple[Proposal, ...],
    treatments: Treatments,
) -> Solution | None:
    if set(raw) != {"choices"}:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "choices_only")
        return None
    choices = reader.string_list(raw["choices"], item, "solution.choices")
    if choices is None:
        return None
    keys = {p.key for p in proposals}
    if len(set(choices)) != len(choices):
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "duplicate_choice")
    elif kind is ItemType.QCU and len(choices) != 1:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "qcu_one_choice")
    elif not choices:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "no_choice")
    elif not set(choices) <= keys:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "choice_not_proposed")
    else:
        return Solution(choices=frozenset(choices), treatments=treatments)
    return None


def _text_solution(
    reader: FieldReader,
    raw: dict[str, Any],
    kind: ItemType,
    item: str,
    fields: tuple[AnswerField, ...],
    treatments: Treatments,
) -> Solution | None:
    allowed = {"variants", "expected_count"} if kind is ItemType.QROCM_DEP else {"variants"}
    if "variants" not in raw or not set(raw) <= allowed:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "variants_only")
        return None
    found = raw["variants"]
    if not isinstance(found, dict):
        reader.report(BankProblemCode.FIELD_INVALID, item, "solution.variants", "object")
        return None
    names = [f.name for f in fields]
    if set(found) != set(names):
        detail = "answer_field" if kind in SINGLE_FIELD_TYPES else "fields_differ"
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", detail)
        return None
    variants: dict[str, tuple[str, ...]] = {}
    for name in names:
        values = reader.string_list(found[name], item, f"solution.variants.{name}")
        if values is None:
            return None
        if not values or any(not treat(v, treatments) for v in values):
            reader.report(BankProblemCode.SOLUTION_INVALID, item, f"variants.{name}", "empty")
            return None
        variants[name] = tuple(values)
    if kind is ItemType.QROC_NUM:
        for value in variants[ANSWER_FIELD]:
            if parse_number(value) is None:
                reader.report(BankProblemCode.NUMBER_INVALID, item, "variants.answer", value)
                return None
    expected = _expected_count(reader, raw, kind, item, variants, treatments)
    if kind is ItemType.QROCM_DEP and expected is None:
        return None
    return Solution(variants=variants, treatments=treatments, expected_count=expected)


def _expected_count(
    reader: FieldReader,
    raw: dict[str, Any],
    kind: ItemType,
    item: str,
    variants: dict[str, tuple[str, ...]],
    treatments: Treatments,
) -> int | None:
    if kind is not ItemType.QROCM_DEP:
        return None
    pools = {tuple(v) for v in variants.values()}
    if len(pools) != 1:
        reader.report(BankProblemCode.SOLUTION_INVALID, item, "solution", "dep_pool_differs")
        return None
    distinct = len({treat(v, treatments) for v in next(iter(pools))})
    expected = raw.get("expected_count", len(variants))
    if reader.typed(expected, int, item, "solution.expected_count") is None:
        return None
    if not 1 <= expected <= min(len(variants), distinct):
        reader.report(BankProblemCode.EXPECTED_COUNT_OUT_OF_RANGE, item, "solution", str(expected))
        return None
    return int(expected)
