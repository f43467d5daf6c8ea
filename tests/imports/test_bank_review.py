"""The content review: counts, duplicates, proposals that repeat, self-grading."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from pixdesk.domain.items import ItemType, Solution
from pixdesk.imports.bank_format import ParsedBank
from pixdesk.imports.bank_problems import BankProblemCode as P
from pixdesk.imports.bank_review import review_bank
from pixdesk.imports.bank_schema import parse_bank
from tests.imports.bank_samples import ATTACHMENTS, sample_document, text


def parsed(document: dict[str, Any] | None = None) -> ParsedBank:
    bank, found = parse_bank(json.dumps(document or sample_document()).encode(), ATTACHMENTS)
    assert found == ()
    assert bank is not None
    return bank


def codes(bank: ParsedBank) -> list[tuple[P, str, str]]:
    return [(p.code, p.item, p.detail) for p in review_bank(bank).problems]


def test_the_sample_has_no_problem_and_is_counted() -> None:
    review = review_bank(parsed())
    assert review.problems == ()
    assert review.item_count == 6
    assert review.by_competence_level[("1.1", 3)] == 1
    assert review.by_type == {kind: 1 for kind in ItemType}
    assert (review.timed, review.focused, review.with_image, review.with_attachment) == (1, 1, 1, 1)
    assert review.accessible == 5
    assert review.translated == 1


def test_the_same_stem_twice_is_a_duplicate() -> None:
    document = sample_document()
    document["items"][2]["stem"] = text("Quel  caractère commence une FORMULE ?")
    assert codes(parsed(document)) == [(P.DUPLICATE_STEM, "qroc3", "qcu1")]


def test_a_nearly_identical_stem_is_flagged() -> None:
    document = sample_document()
    long_stem = "Dans un tableur, quelle formule calcule la moyenne des cellules de B2 à B9 ?"
    document["items"][2]["stem"] = text(long_stem)
    document["items"][3]["stem"] = text(long_stem.replace("B9 ?", "B9 exactement ?"))
    assert codes(parsed(document)) == [(P.NEAR_DUPLICATE_STEM, "num4", "qroc3")]


def test_two_proposals_saying_the_same_thing() -> None:
    document = sample_document()
    document["items"][1]["proposals"][2]["text"] = text("linux ")
    assert codes(parsed(document)) == [(P.DUPLICATE_PROPOSAL, "qcm2", "")]


def test_an_item_failing_its_own_grading_is_reported() -> None:
    bank = parsed()
    # A variant that the treatments empty (only punctuation) can never be matched.
    broken = replace(bank.items[2], solution=Solution(variants={"answer": ("?!",)}))
    bank = replace(bank, items=(*bank.items[:2], broken, *bank.items[3:]))
    assert codes(bank) == [(P.SELF_GRADING_FAILED, "qroc3", "?!")]
