"""Incident codes, their validation and live-alert subcategories (RULES §8, §4)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import (
    MAX_COMMENT_LENGTH,
    CandidateReport,
    FinalisationForm,
    check_finalisation,
)
from pixdesk.domain.incidents import (
    IN_QUESTION_CODES,
    LIVE_ALERT_SUBCATEGORIES,
    MAX_DESCRIPTION_LENGTH,
    Incident,
    IncidentCode,
    IncidentError,
    concerns,
    live_alert_subcategories,
    validate_incident,
    validate_live_alert,
)
from pixdesk.domain.items import Item, ItemType

C_CODES = ("C1", "C2", "C4", "C6", "C7", "C8")
E_CODES = ("E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12")


def make_item(**flags: Any) -> Item:
    return Item(
        id="rec1",
        competence="3.1",
        tube="@texte",
        skill="@texte2",
        level=2,
        type=ItemType.QCU,
        discriminant=1.0,
        difficulty=0.0,
        **flags,
    )


def test_codes_are_exactly_those_of_rules() -> None:
    """RULES §8: C1, C2, C4, C6, C7, C8 and E1–E5, E8–E12; nothing else."""
    assert [code.value for code in IncidentCode] == [*C_CODES, *E_CODES]


@pytest.mark.parametrize("code", [IncidentCode(c) for c in C_CODES])
def test_c_codes_need_a_description_not_a_question(code: IncidentCode) -> None:
    """RULES §8: C codes all come with a description."""
    assert code.needs_description
    assert not code.in_question


@pytest.mark.parametrize("code", [IncidentCode(c) for c in E_CODES])
def test_e_codes_are_in_question(code: IncidentCode) -> None:
    """RULES §8: E codes are in-question, with the question number."""
    assert code.in_question
    assert not code.needs_description
    assert code in IN_QUESTION_CODES


def test_incident_is_frozen() -> None:
    """Incidents are values."""
    incident = Incident(IncidentCode.C6, "copie sur le voisin")
    with pytest.raises(dataclasses.FrozenInstanceError):
        incident.description = "rien"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("incident", "question_count", "errors"),
    [
        (Incident(IncidentCode.C1, "Nom d'usage corrigé"), None, ()),
        (Incident(IncidentCode.C2), None, (IncidentError.DESCRIPTION_REQUIRED,)),
        (Incident(IncidentCode.C4, " \n\t"), None, (IncidentError.DESCRIPTION_REQUIRED,)),
        (
            Incident(IncidentCode.C7, "panne", question_number=3),
            None,
            (IncidentError.QUESTION_NUMBER_UNEXPECTED,),
        ),
        (Incident(IncidentCode.E4, question_number=3), None, ()),
        (Incident(IncidentCode.E4, "site lent", question_number=3), 32, ()),
        (Incident(IncidentCode.E9), None, (IncidentError.QUESTION_NUMBER_REQUIRED,)),
        (
            Incident(IncidentCode.E9, question_number=0),
            None,
            (IncidentError.QUESTION_NUMBER_OUT_OF_RANGE,),
        ),
        (
            Incident(IncidentCode.E9, question_number=-1),
            None,
            (IncidentError.QUESTION_NUMBER_OUT_OF_RANGE,),
        ),
        (Incident(IncidentCode.E9, question_number=32), 32, ()),
        (
            Incident(IncidentCode.E9, question_number=33),
            32,
            (IncidentError.QUESTION_NUMBER_OUT_OF_RANGE,),
        ),
        (
            Incident(IncidentCode.C8, "", question_number=1),
            None,
            (IncidentError.DESCRIPTION_REQUIRED, IncidentError.QUESTION_NUMBER_UNEXPECTED),
        ),
    ],
)
def test_validate_incident_description_and_question_number(
    incident: Incident, question_count: int | None, errors: tuple[IncidentError, ...]
) -> None:
    """RULES §8: C codes need a description, E codes the question number (within the test)."""
    assert validate_incident(incident, question_count=question_count) == errors


@pytest.mark.parametrize(
    ("length", "errors"),
    [
        (MAX_DESCRIPTION_LENGTH, ()),
        (MAX_DESCRIPTION_LENGTH + 1, (IncidentError.DESCRIPTION_TOO_LONG,)),
    ],
)
def test_description_length_is_bounded(length: int, errors: tuple[IncidentError, ...]) -> None:
    """RULES §8 (pixdesk): a description holds at most 500 characters, like §9 comments."""
    assert validate_incident(Incident(IncidentCode.C6, "x" * length)) == errors
    e_incident = Incident(IncidentCode.E11, "x" * length, question_number=1)
    assert validate_incident(e_incident) == errors


@pytest.mark.parametrize(
    ("length", "errors"),
    [
        (MAX_DESCRIPTION_LENGTH, ()),
        (MAX_DESCRIPTION_LENGTH + 1, (IncidentError.DESCRIPTION_TOO_LONG,)),
    ],
)
def test_decomposed_accents_count_once_in_a_description(
    length: int, errors: tuple[IncidentError, ...]
) -> None:
    """RULES §8, §9 (pixdesk): counted like comments, in NFC: "é" typed as e + accent is one."""
    decomposed = "e\u0301" * length
    assert len(decomposed) == 2 * length
    assert validate_incident(Incident(IncidentCode.C6, decomposed)) == errors


@pytest.mark.parametrize("length", [MAX_DESCRIPTION_LENGTH, MAX_DESCRIPTION_LENGTH + 1])
def test_descriptions_and_comments_share_one_limit(length: int) -> None:
    """RULES §8, §9 (pixdesk): a text too long for a comment is too long for a description."""
    text = "e\u0301" * length
    too_long_description = bool(validate_incident(Incident(IncidentCode.C6, text)))
    session = FinalisationForm((CandidateReport("c-1", CandidateState.COMPLETED),), comment=text)
    too_long_comment = bool(check_finalisation(session))
    assert too_long_description is too_long_comment is (length > MAX_COMMENT_LENGTH)


def test_live_alert_subcategories_are_the_e_codes() -> None:
    """RULES §4: a validated live alert takes an in-question code as subcategory."""
    assert tuple(IncidentCode(c) for c in E_CODES) == LIVE_ALERT_SUBCATEGORIES


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, ("E4", "E5", "E9", "E11", "E12")),
        ({"has_image": True}, ("E1", "E4", "E5", "E9", "E11", "E12")),
        ({"has_embed": True}, ("E2", "E4", "E5", "E9", "E11", "E12")),
        ({"has_attachment": True}, ("E3", "E4", "E5", "E9", "E11", "E12")),
        ({"timer_seconds": 90}, ("E4", "E5", "E8", "E9", "E11", "E12")),
        ({"focused": True}, ("E4", "E5", "E9", "E10", "E11", "E12")),
        (
            {
                "has_image": True,
                "has_embed": True,
                "has_attachment": True,
                "timer_seconds": 90,
                "focused": True,
            },
            E_CODES,
        ),
    ],
)
def test_live_alert_subcategories_follow_the_question(
    flags: dict[str, Any], expected: tuple[str, ...]
) -> None:
    """RULES §8: E1 needs an image, E2 an embed, E3 an attachment, E8 a timer, E10 focus."""
    assert live_alert_subcategories(make_item(**flags)) == tuple(map(IncidentCode, expected))


@pytest.mark.parametrize("code", [IncidentCode(c) for c in C_CODES])
def test_c_codes_never_concern_a_question(code: IncidentCode) -> None:
    """RULES §8: only in-question codes concern a question."""
    assert not concerns(code, make_item(has_image=True, focused=True))


@pytest.mark.parametrize(
    ("subcategory", "flags", "errors"),
    [
        (IncidentCode.E4, {}, ()),
        (IncidentCode.E1, {"has_image": True}, ()),
        (IncidentCode.E1, {}, (IncidentError.NOT_APPLICABLE_TO_QUESTION,)),
        (IncidentCode.E10, {"timer_seconds": 30}, (IncidentError.NOT_APPLICABLE_TO_QUESTION,)),
        (IncidentCode.C6, {}, (IncidentError.NOT_A_LIVE_ALERT_SUBCATEGORY,)),
    ],
)
def test_validate_live_alert_subcategory(
    subcategory: IncidentCode, flags: dict[str, Any], errors: tuple[IncidentError, ...]
) -> None:
    """RULES §4: the invigilator validates an alert with an E code that fits the question."""
    assert validate_live_alert(subcategory, make_item(**flags)) == errors
