"""Self-grading: every item's own solution, given as a response, must be graded OK.

A bank whose expected answer fails its own grading (a variant emptied by the treatments, a
numeric variant that does not parse, a QROCM-dep pool too small) would mark right answers
wrong, so the verifier refuses it. The responses are built the way a station journals them
(see :mod:`pixdesk.domain.grading`), one per accepted variant.
"""

from __future__ import annotations

from collections.abc import Iterator

from pixdesk.domain.grading import check_answer
from pixdesk.domain.items import AnswerStatus, Item, ItemType
from pixdesk.domain.text import treat


def solution_responses(item: Item) -> Iterator[object]:
    """Yield responses made from the item's solution, each of which must be graded OK.

    - QCU: the key; QCM: the keys as a sorted list and as Pix's ``"1,3"`` text;
    - QROC and QROC_NUM: every accepted variant;
    - QROCM_IND: each field given its first variant, then each field's other variants in turn;
    - QROCM_DEP: the pool's variants spread over the fields, one each, then repeated.
    """
    solution = item.solution
    match item.type:
        case ItemType.QCU:
            yield from sorted(solution.choices)
        case ItemType.QCM:
            keys = sorted(solution.choices)
            yield keys
            yield ",".join(keys)
        case ItemType.QROC | ItemType.QROC_NUM:
            for variants in solution.variants.values():
                yield from variants
        case ItemType.QROCM_IND:
            first = {name: variants[0] for name, variants in solution.variants.items()}
            yield first
            for name, variants in solution.variants.items():
                for variant in variants[1:]:
                    yield {**first, name: variant}
        case ItemType.QROCM_DEP:
            # One representative per treated form: two spellings of one word count once.
            by_form: dict[str, str] = {}
            for variants in solution.variants.values():
                for variant in variants:
                    by_form.setdefault(treat(variant, solution.treatments), variant)
            pool = list(by_form.values())
            names = list(solution.variants)
            yield {name: pool[index % len(pool)] for index, name in enumerate(names)}


def self_grading_failures(item: Item) -> list[str]:
    """Return the responses (as text) built from the solution that are not graded OK."""
    failures = []
    responses = list(solution_responses(item))
    if not responses:
        return ["<no response>"]
    for response in responses:
        if check_answer(item, response) is not AnswerStatus.OK:
            failures.append(str(response)[:80])
    return failures
