"""bank.json: every schema rule, one broken copy of the sample bank at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pixdesk.domain.items import ItemType, Treatments
from pixdesk.imports.bank_grading import self_grading_failures
from pixdesk.imports.bank_problems import BankProblemCode as P
from pixdesk.imports.bank_schema import parse_bank
from tests.imports.bank_samples import ATTACHMENTS, file_ref, sample_document, text

Doc = dict[str, Any]


def problems(document: Doc, attachments: dict[str, bytes] = ATTACHMENTS) -> set[tuple[P, str]]:
    bank, found = parse_bank(json.dumps(document).encode(), attachments)
    assert (bank is None) == bool(found)
    return {(p.code, p.item) for p in found}


def by_id(document: Doc, item_id: str) -> Doc:
    return next(i for i in document["items"] if i["id"] == item_id)


def test_the_sample_bank_is_sound() -> None:
    bank, found = parse_bank(json.dumps(sample_document()).encode(), ATTACHMENTS)
    assert found == ()
    assert bank is not None
    dep = bank.items[5]
    assert dep.solution.expected_count == 2
    assert bank.items[1].solution.treatments == Treatments()
    assert bank.scoring.mesh[0].minimum == -4.5


@pytest.mark.parametrize(
    "data",
    [b"{", b"\xff\xfe", b'{"a": 1, "a": 2}', b'{"a": NaN}', b"[" * 100_000],
    ids=["broken", "not utf-8", "duplicate key", "NaN", "too deep"],
)
def test_malformed_json(data: bytes) -> None:
    bank, found = parse_bank(data, {})
    assert bank is None
    assert [p.code for p in found] == [P.JSON_MALFORMED]


@pytest.mark.parametrize(
    "change",
    [lambda d: d.update(format="autre"), lambda d: d.update(format_version=2)],
)
def test_an_unknown_format_stops_early(change: Callable[[Doc], None]) -> None:
    document = sample_document()
    change(document)
    assert problems(document) == {(P.FORMAT_UNSUPPORTED, "")}


# (change to the sample, expected (code, item) among the problems)
CASES: list[tuple[str, Callable[[Doc], object], tuple[P, str]]] = [
    ("top-level field missing", lambda d: d.pop("title"), (P.FIELD_MISSING, "")),
    ("top-level field unknown", lambda d: d.update(extra=1), (P.FIELD_UNKNOWN, "")),
    ("bank id", lambda d: d.update(bank_id="Mauvais Id"), (P.FIELD_INVALID, "")),
    ("languages", lambda d: d.update(languages=["en"]), (P.FIELD_INVALID, "")),
    ("mesh length", lambda d: d["scoring"].update(mesh=["0.5"]), (P.SCORING_INVALID, "")),
    (
        "mesh order",
        lambda d: d["scoring"]["mesh"].reverse(),
        (P.SCORING_INVALID, ""),
    ),
    ("mesh float", lambda d: d["scoring"]["mesh"].__setitem__(0, -4.5), (P.SCORING_INVALID, "")),
    ("no item", lambda d: d.update(items=[]), (P.FIELD_INVALID, "")),
    ("item field missing", lambda d: by_id(d, "qcm2").pop("feedback"), (P.FIELD_MISSING, "qcm2")),
    ("item field unknown", lambda d: by_id(d, "qcm2").update(note=1), (P.FIELD_UNKNOWN, "qcm2")),
    ("item id", lambda d: by_id(d, "qcm2").update(id="a b"), (P.FIELD_INVALID, "#1")),
    ("duplicate id", lambda d: by_id(d, "qcm2").update(id="qcu1"), (P.ITEM_ID_DUPLICATE, "qcu1")),
    (
        "competence",
        lambda d: by_id(d, "qcm2").update(competence="6.1"),
        (P.COMPETENCE_UNKNOWN, "qcm2"),
    ),
    ("level high", lambda d: by_id(d, "qcm2").update(level=9), (P.LEVEL_OUT_OF_RANGE, "qcm2")),
    ("level zero", lambda d: by_id(d, "qcm2").update(level=0), (P.LEVEL_OUT_OF_RANGE, "qcm2")),
    ("level bool", lambda d: by_id(d, "qcm2").update(level=True), (P.FIELD_INVALID, "qcm2")),
    ("tube name", lambda d: by_id(d, "qcm2").update(tube="tubeB"), (P.FIELD_INVALID, "qcm2")),
    ("skill", lambda d: by_id(d, "qcm2").update(skill="@tubeB3"), (P.SKILL_MISMATCH, "qcm2")),
    (
        "tube in two competences",
        lambda d: by_id(d, "qcm2").update(tube="@tubeA", skill="@tubeA2", competence="1.2"),
        (P.TUBE_IN_TWO_COMPETENCES, "qcm2"),
    ),
    ("type", lambda d: by_id(d, "qcm2").update(type="QCX"), (P.FIELD_INVALID, "qcm2")),
    (
        "difficulty float",
        lambda d: by_id(d, "qcm2").update(difficulty=1.5),
        (P.FIELD_INVALID, "qcm2"),
    ),
    (
        "difficulty text",
        lambda d: by_id(d, "qcm2").update(difficulty="1,5"),
        (P.FIELD_INVALID, "qcm2"),
    ),
    (
        "difficulty range",
        lambda d: by_id(d, "qcm2").update(difficulty="12.0"),
        (P.FIELD_INVALID, "qcm2"),
    ),
    (
        "discriminant zero",
        lambda d: by_id(d, "qcm2").update(discriminant="0.0"),
        (P.FIELD_INVALID, "qcm2"),
    ),
    ("timer", lambda d: by_id(d, "qcm2").update(timer=0), (P.FIELD_INVALID, "qcm2")),
    ("focused", lambda d: by_id(d, "qcm2").update(focused="oui"), (P.FIELD_INVALID, "qcm2")),
    ("stem empty", lambda d: by_id(d, "qcm2").update(stem=text(" ")), (P.FIELD_INVALID, "qcm2")),
    (
        "stem language",
        lambda d: by_id(d, "qcm2").update(stem={"de": "x", "fr": "y"}),
        (P.FIELD_UNKNOWN, "qcm2"),
    ),
    (
        "half translated",
        lambda d: by_id(d, "qcm2").update(stem=text("Quoi ?", "What?")),
        (P.TRANSLATION_INCOMPLETE, "qcm2"),
    ),
    ("treatments", lambda d: by_id(d, "qcm2")["treatments"].pop("t3"), (P.FIELD_MISSING, "qcm2")),
    # QCU / QCM
    (
        "QCU two choices",
        lambda d: by_id(d, "qcu1").update(solution={"choices": ["1", "2"]}),
        (P.SOLUTION_INVALID, "qcu1"),
    ),
    (
        "QCU foreign key",
        lambda d: by_id(d, "qcu1").update(solution={"choices": ["9"]}),
        (P.SOLUTION_INVALID, "qcu1"),
    ),
    (
        "QCM no choice",
        lambda d: by_id(d, "qcm2").update(solution={"choices": []}),
        (P.SOLUTION_INVALID, "qcm2"),
    ),
    (
        "QCM foreign key",
        lambda d: by_id(d, "qcm2").update(solution={"choices": ["1", "7"]}),
        (P.SOLUTION_INVALID, "qcm2"),
    ),
    (
        "QCM variants",
        lambda d: by_id(d, "qcm2")["solution"].update(variants={}),
        (P.SOLUTION_INVALID, "qcm2"),
    ),
    (
        "duplicate key",
        lambda d: by_id(d, "qcm2")["proposals"][1].update(key="1"),
        (P.PROPOSALS_INVALID, "qcm2"),
    ),
    (
        "one proposal",
        lambda d: by_id(d, "qcm2")["proposals"].__delitem__(slice(1, None)),
        (P.PROPOSALS_INVALID, "qcm2"),
    ),
    (
        "fields on a QCM",
        lambda d: by_id(d, "qcm2").update(fields=[{"name": "answer", "label": text("R")}]),
        (P.FIELDS_INVALID, "qcm2"),
    ),
    # QROC / numeric
    (
        "QROC without answer field",
        lambda d: by_id(d, "qroc3").update(solution={"variants": {"reponse": ["x"]}}),
        (P.SOLUTION_INVALID, "qroc3"),
    ),
    (
        "QROC field name",
        lambda d: by_id(d, "qroc3")["fields"][0].update(name="reponse"),
        (P.FIELDS_INVALID, "qroc3"),
    ),
    (
        "QROC empty variant",
        lambda d: by_id(d, "qroc3")["solution"]["variants"].update(answer=["?!"]),
        (P.SOLUTION_INVALID, "qroc3"),
    ),
    (
        "QROC proposals",
        lambda d: by_id(d, "qroc3").update(proposals=[{"key": "1", "text": text("x")}]),
        (P.PROPOSALS_INVALID, "qroc3"),
    ),
    (
        "numeric variant",
        lambda d: by_id(d, "num4")["solution"]["variants"].update(answer=["douze"]),
        (P.NUMBER_INVALID, "num4"),
    ),
    # QROCM
    ("IND one field", lambda d: by_id(d, "ind5")["fields"].pop(), (P.FIELDS_INVALID, "ind5")),
    (
        "IND variants for another field",
        lambda d: by_id(d, "ind5")["solution"]["variants"].update(poids=["1"]),
        (P.SOLUTION_INVALID, "ind5"),
    ),
    (
        "DEP pools differ",
        lambda d: by_id(d, "dep6")["solution"]["variants"].update(c2=["rouge"]),
        (P.SOLUTION_INVALID, "dep6"),
    ),
    (
        "DEP count high",
        lambda d: by_id(d, "dep6")["solution"].update(expected_count=3),
        (P.EXPECTED_COUNT_OUT_OF_RANGE, "dep6"),
    ),
    (
        "DEP count zero",
        lambda d: by_id(d, "dep6")["solution"].update(expected_count=0),
        (P.EXPECTED_COUNT_OUT_OF_RANGE, "dep6"),
    ),
    (
        "DEP pool too small",
        lambda d: by_id(d, "dep6")["solution"].update(
            variants={"c1": ["rouge", "Rouge"], "c2": ["rouge", "Rouge"]}
        ),
        (P.EXPECTED_COUNT_OUT_OF_RANGE, "dep6"),
    ),
    (
        "count on IND",
        lambda d: by_id(d, "ind5")["solution"].update(expected_count=1),
        (P.SOLUTION_INVALID, "ind5"),
    ),
    # Attachments and images
    (
        "unknown attachment",
        lambda d: by_id(d, "qcu1")["attachments"][0].update(name="autre.csv"),
        (P.ATTACHMENT_UNKNOWN, "qcu1"),
    ),
    (
        "attachment hash",
        lambda d: by_id(d, "qcu1")["attachments"][0].update(sha256="0" * 64),
        (P.ATTACHMENT_MISMATCH, "qcu1"),
    ),
    (
        "attachment size",
        lambda d: by_id(d, "qcu1")["attachments"][0].update(size=1),
        (P.ATTACHMENT_MISMATCH, "qcu1"),
    ),
    (
        "media type",
        lambda d: by_id(d, "qcu1")["attachments"][0].update(media_type="text/plain"),
        (P.FIELD_INVALID, "qcu1"),
    ),
    (
        "traversal",
        lambda d: by_id(d, "qcu1")["attachments"][0].update(name="../notes.csv"),
        (P.FIELD_INVALID, "qcu1"),
    ),
    (
        "unused attachment",
        lambda d: by_id(d, "qcu1").update(attachments=[]),
        (P.ATTACHMENT_UNUSED, ""),
    ),
    (
        "image without alt",
        lambda d: by_id(d, "ind5")["image"].pop("alt"),
        (P.FIELD_MISSING, "ind5"),
    ),
    (
        "image that is a CSV",
        lambda d: by_id(d, "ind5").update(image={"file": file_ref("notes.csv"), "alt": text("x")}),
        (P.FIELD_INVALID, "ind5"),
    ),
    (
        "accessible with a picture attached",
        lambda d: by_id(d, "qcm2").update(attachments=[file_ref("graphique.png")]),
        (P.ACCESSIBILITY_INVALID, "qcm2"),
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_schema_rule(change: Callable[[Doc], object], expected: tuple[P, str]) -> None:
    document = sample_document()
    change(document)
    assert expected in problems(document)


@pytest.mark.parametrize("kind", list(ItemType))
def test_every_sample_item_grades_its_own_solution(kind: ItemType) -> None:
    bank, _ = parse_bank(json.dumps(sample_document()).encode(), ATTACHMENTS)
    assert bank is not None
    item = next(i for i in bank.items if i.type is kind)
    assert self_grading_failures(item) == []
