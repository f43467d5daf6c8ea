"""Candidate fields, extra time, the test's state machine and its console status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.candidate import (
    CANDIDATE_TRANSITIONS,
    EXTRA_TIME_INVALID,
    ILLEGAL_CANDIDATE_TRANSITION,
    Candidate,
    CandidateEvent,
    CandidateState,
    DisplayStatus,
    Sex,
    apply_candidate_event,
    display_status,
    extra_time_percent,
    extra_time_ratio_from_percent,
    has_started,
    is_finished,
    validate_candidate,
)
from pixdesk.domain.errors import DomainError, FieldCode, FieldProblem

TODAY = date(2026, 11, 30)
ALICE = Candidate(
    candidate_id="c-1",
    session_number=1234,
    birth_name="Dupont",
    first_name="Alice",
    birth_date=date(2011, 5, 4),
    sex=Sex.F,
    birth_insee_code="69123",
)
S = CandidateState
E = CandidateEvent


def test_a_complete_candidate_is_valid() -> None:
    """RULES §3: a candidate with every required field well formed has no problem."""
    assert validate_candidate(ALICE, today=TODAY) == ()


@pytest.mark.parametrize(
    "change",
    [
        {"birth_insee_code": "2A004"},  # Corsica
        {"birth_insee_code": "", "birth_postal_code": "69003", "birth_city": "Lyon"},
        {"birth_insee_code": "", "birth_country_code": "99134", "birth_city": "Madrid"},
        {"result_email": "parent@example.fr"},
        {"extra_time_ratio": Decimal("9.99")},
    ],
)
def test_accepted_variants_of_the_fields(change: dict[str, object]) -> None:
    """RULES §3: born in France = INSEE code or postal code + city; abroad = country + city."""
    assert validate_candidate(replace(ALICE, **change), today=TODAY) == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"candidate_id": ""}, FieldProblem("candidate_id", FieldCode.REQUIRED)),
        ({"session_number": 0}, FieldProblem("session_number", FieldCode.NOT_POSITIVE)),
        ({"birth_name": " "}, FieldProblem("birth_name", FieldCode.REQUIRED)),
        ({"first_name": "--"}, FieldProblem("first_name", FieldCode.NAME_WITHOUT_LETTERS)),
        ({"birth_date": TODAY}, FieldProblem("birth_date", FieldCode.DATE_IN_FUTURE)),
        (
            {"birth_country_code": "100"},
            FieldProblem("birth_country_code", FieldCode.COUNTRY_CODE_FORMAT),
        ),
        (
            {"birth_insee_code": "6912"},
            FieldProblem("birth_insee_code", FieldCode.INSEE_CODE_FORMAT),
        ),
        (
            {"birth_insee_code": "", "birth_postal_code": "6900", "birth_city": "Lyon"},
            FieldProblem("birth_postal_code", FieldCode.POSTAL_CODE_FORMAT),
        ),
        (
            {"birth_insee_code": "", "birth_postal_code": "69003"},
            FieldProblem("birth_place", FieldCode.BIRTH_PLACE_REQUIRED),
        ),
        (
            {"birth_insee_code": "", "birth_country_code": "99134"},
            FieldProblem("birth_place", FieldCode.BIRTH_PLACE_REQUIRED),
        ),
        (
            {"extra_time_ratio": Decimal(10)},
            FieldProblem("extra_time_ratio", FieldCode.EXTRA_TIME_RANGE),
        ),
        (
            {"extra_time_ratio": Decimal(-1)},
            FieldProblem("extra_time_ratio", FieldCode.EXTRA_TIME_RANGE),
        ),
        ({"result_email": "parent@"}, FieldProblem("result_email", FieldCode.EMAIL_FORMAT)),
        ({"result_email": "a b@c.fr"}, FieldProblem("result_email", FieldCode.EMAIL_FORMAT)),
        ({"result_email": "a@localhost"}, FieldProblem("result_email", FieldCode.EMAIL_FORMAT)),
    ],
)
def test_each_invalid_field_gives_its_code(
    change: dict[str, object], problem: FieldProblem
) -> None:
    """RULES §3: candidate fields are checked one by one and reported as codes."""
    assert validate_candidate(replace(ALICE, **change), today=TODAY) == (problem,)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [
        ("0", Decimal(0)),
        ("", Decimal(0)),
        ("33", Decimal("0.33")),
        ("33,5", Decimal("0.335")),
        (" 50 % ", Decimal("0.5")),
        (100, Decimal(1)),
        ("999.99", Decimal("9.9999")),
        (Decimal("12.5"), Decimal("0.125")),
    ],
)
def test_extra_time_is_entered_as_a_percent(typed: str | int | Decimal, ratio: Decimal) -> None:
    """RULES §3: extra time is entered as a percent and stored as a ratio 0 ≤ x < 10."""
    assert extra_time_ratio_from_percent(typed) == ratio


@pytest.mark.parametrize("typed", ["1000", "-1", "abc", "NaN", "Infinity", "1e5", 1000, "3,3,3"])
def test_extra_time_out_of_range_or_not_a_number_is_refused(typed: str | int) -> None:
    """RULES §3: the ratio must satisfy 0 ≤ x < 10, i.e. 0 % to under 1000 %."""
    with pytest.raises(DomainError) as caught:
        extra_time_ratio_from_percent(typed)
    assert caught.value.code == EXTRA_TIME_INVALID


@given(percent=st.decimals(min_value=0, max_value=Decimal("999.99"), places=2))
def test_extra_time_percent_round_trips(percent: Decimal) -> None:
    """RULES §3: a percent converted to a ratio reads back as the same percent."""
    ratio = extra_time_ratio_from_percent(percent)
    assert Decimal(0) <= ratio < 10
    assert extra_time_percent(ratio) == percent


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (S.ENROLLED, E.CONFIRM_PRESENCE, S.PRESENT),
        (S.PRESENT, E.CANCEL_PRESENCE, S.ENROLLED),
        (S.PRESENT, E.START, S.STARTED),
        (S.STARTED, E.COMPLETE, S.COMPLETED),
        (S.STARTED, E.END_BY_INVIGILATOR, S.ENDED_BY_INVIGILATOR),
        (S.STARTED, E.END_BY_FINALISATION, S.ENDED_BY_FINALISATION),
        (S.STARTED, E.ABANDON, S.ABANDONED),
    ],
)
def test_candidate_lifecycle(state: S, event: E, expected: S) -> None:
    """RULES §4, §9 (DESIGN §6): enrolled ⇄ present → started → completed, ended or abandoned."""
    assert apply_candidate_event(state, event) is expected


ILLEGAL = [(s, e) for s in S for e in E if (s, e) not in CANDIDATE_TRANSITIONS]


@pytest.mark.parametrize(("state", "event"), ILLEGAL)
def test_every_other_move_is_refused(state: S, event: E) -> None:
    """DESIGN §6: no start without presence, nothing after an end, no double end."""
    with pytest.raises(DomainError) as caught:
        apply_candidate_event(state, event)
    assert caught.value.code == ILLEGAL_CANDIDATE_TRANSITION


def test_presence_cannot_be_cancelled_once_started() -> None:
    """RULES §4: presence is cancelled back to enrolled only before the test starts."""
    assert (S.STARTED, E.CANCEL_PRESENCE) in ILLEGAL
    assert (S.ENROLLED, E.START) in ILLEGAL
    assert len(CANDIDATE_TRANSITIONS) == 7


@pytest.mark.parametrize(
    ("state", "started", "finished"),
    [
        (S.ENROLLED, False, False),
        (S.PRESENT, False, False),
        (S.STARTED, True, False),
        (S.COMPLETED, True, True),
        (S.ENDED_BY_INVIGILATOR, True, False),
        (S.ENDED_BY_FINALISATION, True, False),
        (S.ABANDONED, True, False),
    ],
)
def test_started_and_finished(state: S, started: bool, finished: bool) -> None:
    """RULES §9: absent candidates have no test; only a completed test is finished."""
    assert has_started(state) is started
    assert is_finished(state) is finished


@pytest.mark.parametrize(
    ("state", "alert", "elapsed_min", "status"),
    [
        (S.ENROLLED, False, 0, DisplayStatus.NOT_STARTED),
        (S.PRESENT, False, 0, DisplayStatus.NOT_STARTED),
        (S.STARTED, False, 30, DisplayStatus.IN_PROGRESS),
        (S.STARTED, False, 105, DisplayStatus.IN_PROGRESS),
        (S.STARTED, False, 106, DisplayStatus.OVERTIME),
        (S.STARTED, True, 30, DisplayStatus.PAUSED_BY_ALERT),
        (S.STARTED, True, 200, DisplayStatus.PAUSED_BY_ALERT),
        (S.COMPLETED, False, 200, DisplayStatus.FINISHED),
        (S.ENDED_BY_INVIGILATOR, False, 200, DisplayStatus.ENDED_BY_INVIGILATOR),
        (S.ENDED_BY_FINALISATION, False, 200, DisplayStatus.FINISHED),
        (S.ABANDONED, False, 200, DisplayStatus.FINISHED),
    ],
)
def test_console_status(state: S, alert: bool, elapsed_min: int, status: DisplayStatus) -> None:
    """RULES §4: not started / in progress / paused by alert / finished / ended / overtime."""
    shown = display_status(state, alert_pending=alert, elapsed=timedelta(minutes=elapsed_min))
    assert shown is status


def test_extra_time_pushes_overtime_back() -> None:
    """RULES §4 (pixdesk): theoretical end = start + 105 min + extra time."""
    elapsed = timedelta(minutes=130)
    assert display_status(S.STARTED, elapsed=elapsed) is DisplayStatus.OVERTIME
    assert (
        display_status(S.STARTED, elapsed=elapsed, extra_time_ratio=Decimal("0.25"))
        is DisplayStatus.IN_PROGRESS
    )


def test_console_overtime_follows_the_configured_duration() -> None:
    """RULES §4-5: a session configured for 60 minutes shows overtime after 60 (+ extra time)."""
    sixty = timedelta(minutes=60)
    elapsed = timedelta(minutes=61)
    assert display_status(S.STARTED, elapsed=elapsed) is DisplayStatus.IN_PROGRESS
    assert display_status(S.STARTED, elapsed=elapsed, base_duration=sixty) is (
        DisplayStatus.OVERTIME
    )
    with_extra = display_status(
        S.STARTED, elapsed=elapsed, extra_time_ratio=Decimal("0.1"), base_duration=sixty
    )
    assert with_extra is DisplayStatus.IN_PROGRESS
