"""Check one answer against its item's solution (RULES.md §7).

Response shapes, as the station journals them:

- ``None``: the candidate skipped the question;
- QCU: one proposal key (``str``);
- QCM: a collection of proposal keys, or Pix's comma-separated form ``"1,3"``;
- QROC / QROC_NUM: the typed text (``str``);
- QROCM_IND / QROCM_DEP: a mapping from every field name to its typed text.

A response of the wrong shape is graded KO, never an exception: it comes from a journal and
must not stop scoring. An item of an unknown type, or an unknown engine, is a bug and raises.

Choices made where RULES.md is silent (pixdesk):

- Only ``None`` is a skip; an empty text, an empty selection or blank fields are wrong answers.
- QCU keys are compared exactly; in ``"1,3"`` spaces around keys are ignored; a key given
  twice, an empty key or a key that is not among the item's proposals makes the response
  malformed (when the item lists no proposals, keys are not checked against them).
- A QROCM response must give exactly the item's fields: a missing or an extra field is KO.
- ``timed_out`` only matters for timed items and ``focused_out`` only for focused items (a
  station may notice the window losing focus on any question). When both apply, TIMED_OUT
  wins, so that E10 (which restores focused-out answers) can never erase a late answer.
- Only an OK answer becomes TIMED_OUT or FOCUSED_OUT; KO and PARTIALLY stay as they are.
- Numbers: see :func:`parse_number` and :data:`NUMERIC_REL_TOL`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Final, Literal

from pixdesk.domain.items import AnswerStatus, Item, ItemType, Treatments
from pixdesk.domain.text import matches_any, matches_treated, pretreat, treat

Engine = Literal["v2", "v3"]
ENGINES: Final = frozenset({"v2", "v3"})

ANSWER_FIELD: Final = "answer"
"""The single field of QROC and QROC_NUM solutions (see :class:`~pixdesk.domain.items.Solution`)."""

NUMERIC_REL_TOL: Final = 1e-9
"""Relative tolerance between two numbers (``math.isclose``, no absolute tolerance).

Both sides are parsed from short decimal texts, so equal texts give equal floats; the
tolerance only absorbs binary rounding (``0.30000000000000004`` for ``0.3``), while two values
that differ within their first nine significant digits stay different. Being relative, it
means the same for 0.000123 and for 123 000; zero only equals zero.
"""

# Integer part: plain digits, or groups of three separated by single spaces ("12 345 678").
_NUMBER = re.compile(r"([+-]?)([0-9]{1,3}(?: [0-9]{3})+|[0-9]*)(?:[.,]([0-9]*))?")
_MINUS_SIGN = "\u2212"


def check_answer(
    item: Item,
    response: object,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    accessibility_adjustment: bool = False,
    engine: Engine = "v3",
) -> AnswerStatus:
    """Grade one response to an item.

    Args:
        item: The question, with its solution and flags.
        response: What the candidate gave, in the shape of the item's type (see the module
            docstring); anything else is graded KO.
        timed_out: The answer was given after the item's timer ran out.
        focused_out: The candidate left the window while on the item.
        accessibility_adjustment: The candidate has an accessibility adjustment, so leaving the
            window is never held against them.
        engine: ``"v3"`` (adaptive) or ``"v2"`` (legacy, where QROCM_DEP can be PARTIALLY).

    Returns:
        OK, KO, SKIPPED, TIMED_OUT, FOCUSED_OUT or PARTIALLY.

    Raises:
        ValueError: The engine or the item type is unknown (a programming error).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine: {engine!r}")
    if response is None:
        return AnswerStatus.SKIPPED
    status = _grade(item, response, engine)
    if status is not AnswerStatus.OK:
        return status
    if timed_out and item.timed:
        return AnswerStatus.TIMED_OUT
    if focused_out and item.focused and not accessibility_adjustment:
        return AnswerStatus.FOCUSED_OUT
    return AnswerStatus.OK


def parse_number(text: str) -> float | None:
    """Read a number the way a French candidate may type it.

    Accepted: an optional sign (``+``, ``-`` or the minus sign U+2212), digits, at most one
    decimal separator (``,`` or ``.``), and spaces (ordinary or non-breaking) between groups
    of three digits of the integer part. Surrounding whitespace is ignored. Refused: exponents,
    ``nan``/``inf``, both separators at once (``"1,000.5"`` is ambiguous), misplaced spaces,
    and anything too large to be finite.

    Args:
        text: The typed text.

    Returns:
        The value, or None when the text is not a number.
    """
    cleaned = pretreat(text).strip().replace(_MINUS_SIGN, "-")
    found = _NUMBER.fullmatch(cleaned)
    if found is None:
        return None
    sign, integer, fraction = found.group(1), found.group(2), found.group(3) or ""
    if not integer and not fraction:
        return None
    value = float(f"{sign}{integer.replace(' ', '') or '0'}.{fraction or '0'}")
    return value if math.isfinite(value) else None


def _grade(item: Item, response: object, engine: Engine) -> AnswerStatus:
    """Return OK, KO or PARTIALLY for a response that is not a skip."""
    match item.type:
        case ItemType.QCU:
            correct = _check_qcu(item, response)
        case ItemType.QCM:
            correct = _check_qcm(item, response)
        case ItemType.QROC:
            correct = isinstance(response, str) and matches_any(
                response, item.solution.variants.get(ANSWER_FIELD, ()), item.solution.treatments
            )
        case ItemType.QROC_NUM:
            correct = _check_number(item, response)
        case ItemType.QROCM_IND:
            correct = _check_qrocm_ind(item, response)
        case ItemType.QROCM_DEP:
            return _grade_qrocm_dep(item, response, engine)
        case _:
            raise ValueError(f"unknown item type: {item.type!r}")
    return AnswerStatus.OK if correct else AnswerStatus.KO


def _is_known_key(item: Item, key: str) -> bool:
    return not item.proposals or key in item.proposals


def _check_qcu(item: Item, response: object) -> bool:
    if not isinstance(response, str) or not _is_known_key(item, response):
        return False
    return item.solution.choices == frozenset({response})


def _qcm_keys(response: object) -> list[str] | None:
    """Return the keys of a QCM response, or None when it is not a collection of keys."""
    if isinstance(response, str):
        return [part.strip() for part in response.split(",")]
    if isinstance(response, Mapping | bytes | bytearray) or not isinstance(response, Collection):
        return None
    keys = list(response)
    return keys if all(isinstance(key, str) for key in keys) else None


def _check_qcm(item: Item, response: object) -> bool:
    keys = _qcm_keys(response)
    if not keys or len(set(keys)) != len(keys):
        return False
    if not all(key and _is_known_key(item, key) for key in keys):
        return False
    return frozenset(keys) == item.solution.choices


def _check_number(item: Item, response: object) -> bool:
    if not isinstance(response, str):
        return False
    value = parse_number(response)
    if value is None:
        return False
    for variant in item.solution.variants.get(ANSWER_FIELD, ()):
        expected = parse_number(variant)
        if expected is not None and math.isclose(value, expected, rel_tol=NUMERIC_REL_TOL):
            return True
    return False


def _fields(item: Item, response: object) -> Mapping[str, str] | None:
    """Return the response as a field mapping when it gives exactly the item's fields."""
    if not isinstance(response, Mapping):
        return None
    if set(response) != set(item.solution.variants):
        return None
    if not all(isinstance(value, str) for value in response.values()):
        return None
    return response


def _check_qrocm_ind(item: Item, response: object) -> bool:
    fields = _fields(item, response)
    if fields is None or not fields:
        return False
    treatments = item.solution.treatments
    return all(
        matches_any(fields[name], variants, treatments)
        for name, variants in item.solution.variants.items()
    )


def _grade_qrocm_dep(item: Item, response: object, engine: Engine) -> AnswerStatus:
    fields = _fields(item, response)
    if fields is None or not fields:
        return AnswerStatus.KO
    treatments = item.solution.treatments
    pool = _shared_pool(item.solution.variants.values(), treatments)
    answers = [treat(fields[name], treatments) for name in item.solution.variants]
    edges = [
        [
            index
            for index, variant in enumerate(pool)
            if matches_treated(answer, variant, treatments)
        ]
        for answer in answers
    ]
    matched = _maximum_matching(edges, len(pool))
    expected = item.solution.expected_count
    if expected is None:
        expected = len(answers)
    if matched >= expected:
        return AnswerStatus.OK
    if engine == "v2" and matched > 0:
        return AnswerStatus.PARTIALLY
    return AnswerStatus.KO


def _shared_pool(variant_lists: Collection[Sequence[str]], treatments: Treatments) -> list[str]:
    """Return the treated variants of every field once each.

    Variants equal after treatments are one variant: the same word typed in two fields must
    not count twice even if the bank happens to spell it two ways.
    """
    pool: dict[str, None] = {}
    for variants in variant_lists:
        for variant in variants:
            pool.setdefault(treat(variant, treatments), None)
    return list(pool)


def _maximum_matching(edges: Sequence[Sequence[int]], right_count: int) -> int:
    """Return the size of a maximum matching of fields to variants (augmenting paths).

    A greedy pairing is not enough: under t3 an answer close to two variants may take the only
    variant that another answer matches.
    """
    owner: list[int | None] = [None] * right_count

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            holder = owner[right]
            if holder is None or augment(holder, seen):
                owner[right] = left
                return True
        return False

    return sum(augment(left, set()) for left in range(len(edges)))
