"""Session fields, lifecycle, Pix status, invigilator count."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.errors import DomainError, FieldCode, FieldProblem
from pixdesk.domain.session import (
    ILLEGAL_SESSION_TRANSITION,
    INCONSISTENT_SESSION_TIMESTAMPS,
    SESSION_TRANSITIONS,
    EngineVersion,
    InvigilatorWarning,
    PixStatus,
    Session,
    SessionEvent,
    SessionState,
    SessionTimestamps,
    apply_session_event,
    can_join,
    check_invigilators,
    invigilators_needed,
    pix_status,
    validate_session,
)

VALID = Session(
    number=1234,
    site="Collège Jean Moulin, 1 rue de la Paix, Lyon",
    room="Salle 104",
    date="2026-11-30",
    start_time="08:30",
    invigilators=("Mme Durand",),
    access_code="BCDF23",
    invigilator_password="b2C!*?",
)

T = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_complete_session_is_valid() -> None:
    """RULES §2, §5: a session with every field well formed has no problem; v3 is the default."""
    assert validate_session(VALID) == ()
    assert VALID.engine_version is EngineVersion.V3


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"number": 0}, FieldProblem("number", FieldCode.NOT_POSITIVE)),
        ({"site": "  "}, FieldProblem("site", FieldCode.REQUIRED)),
        ({"room": ""}, FieldProblem("room", FieldCode.REQUIRED)),
        ({"date": "30/11/2026"}, FieldProblem("date", FieldCode.DATE_FORMAT)),
        ({"date": "20261130"}, FieldProblem("date", FieldCode.DATE_FORMAT)),
        ({"date": "2026-02-30"}, FieldProblem("date", FieldCode.DATE_FORMAT)),
        ({"date": "2026-11-30\n"}, FieldProblem("date", FieldCode.DATE_FORMAT)),
        ({"date": "２０２６-11-30"}, FieldProblem("date", FieldCode.DATE_FORMAT)),
        ({"start_time": "8:30"}, FieldProblem("start_time", FieldCode.TIME_FORMAT)),
        ({"start_time": "24:00"}, FieldProblem("start_time", FieldCode.TIME_FORMAT)),
        ({"start_time": "08:60"}, FieldProblem("start_time", FieldCode.TIME_FORMAT)),
        ({"start_time": "08:30:00"}, FieldProblem("start_time", FieldCode.TIME_FORMAT)),
        ({"invigilators": ()}, FieldProblem("invigilators", FieldCode.REQUIRED)),
        ({"invigilators": ("A", " ")}, FieldProblem("invigilators", FieldCode.BLANK_ENTRY)),
        ({"access_code": "bcdf23"}, FieldProblem("access_code", FieldCode.ACCESS_CODE_FORMAT)),
        ({"access_code": "BCDF2"}, FieldProblem("access_code", FieldCode.ACCESS_CODE_FORMAT)),
        (
            {"invigilator_password": "bbC!*?"},
            FieldProblem("invigilator_password", FieldCode.PASSWORD_FORMAT),
        ),
    ],
)
def test_each_invalid_field_gives_its_code(
    change: dict[str, object], problem: FieldProblem
) -> None:
    """RULES §2: date YYYY-MM-DD, time HH:MM 24 h, codes well formed; errors are codes."""
    assert validate_session(replace(VALID, **change)) == (problem,)  # type: ignore[arg-type]


@pytest.mark.parametrize("start_time", ["00:00", "23:59", "13:05"])
def test_start_time_accepts_the_whole_24_hour_day(start_time: str) -> None:
    """RULES §2: the start time is HH:MM on a 24-hour clock."""
    assert validate_session(replace(VALID, start_time=start_time)) == ()


def test_every_problem_is_reported_at_once() -> None:
    """Validation lists all invalid fields, not just the first."""
    broken = replace(VALID, site="", date="tomorrow", invigilators=())
    assert [problem.field for problem in validate_session(broken)] == [
        "site",
        "date",
        "invigilators",
    ]


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (SessionState.PLANNED, SessionEvent.OPEN, SessionState.OPEN),
        (SessionState.OPEN, SessionEvent.FINALISE, SessionState.FINALISED),
        (SessionState.FINALISED, SessionEvent.EXPORT, SessionState.EXPORTED),
        (SessionState.EXPORTED, SessionEvent.EXPORT, SessionState.EXPORTED),
        (SessionState.EXPORTED, SessionEvent.RECEIPT, SessionState.SYNCED),
    ],
)
def test_lifecycle_moves_forward(
    state: SessionState, event: SessionEvent, expected: SessionState
) -> None:
    """DESIGN §6: planned → open → finalised → exported → synced (re-export allowed)."""
    assert apply_session_event(state, event) is expected


ILLEGAL = [
    (state, event)
    for state in SessionState
    for event in SessionEvent
    if (state, event) not in SESSION_TRANSITIONS
]


@pytest.mark.parametrize(("state", "event"), ILLEGAL)
def test_lifecycle_refuses_every_other_move(state: SessionState, event: SessionEvent) -> None:
    """DESIGN §6: no skipping (planned → finalised), no going back, synced is final."""
    with pytest.raises(DomainError) as caught:
        apply_session_event(state, event)
    assert caught.value.code == ILLEGAL_SESSION_TRANSITION
    assert caught.value.params == {"state": state.value, "event": event.value}


def test_lifecycle_table_has_the_expected_size() -> None:
    """The illegal-move test above only means something if the table is this small."""
    assert len(SESSION_TRANSITIONS) == 5
    assert (SessionState.PLANNED, SessionEvent.FINALISE) in ILLEGAL
    assert (SessionState.SYNCED, SessionEvent.EXPORT) in ILLEGAL


@pytest.mark.parametrize(
    ("timestamps", "status"),
    [
        (SessionTimestamps(), PixStatus.CREATED),
        (SessionTimestamps(finalised_at=T), PixStatus.FINALISED),
        (SessionTimestamps(finalised_at=T, in_process_at=T), PixStatus.IN_PROCESS),
        (
            SessionTimestamps(finalised_at=T, in_process_at=T, processed_at=T),
            PixStatus.PROCESSED,
        ),
    ],
)
def test_pix_status_derives_from_timestamps(
    timestamps: SessionTimestamps, status: PixStatus
) -> None:
    """RULES §2: status derives from timestamps: created → finalised → in process → processed."""
    assert pix_status(timestamps) is status


def test_pix_status_ignores_the_order_of_timestamps_from_different_clocks() -> None:
    """RULES §2: the platform's clock may be behind the school's; the status still follows."""
    early = datetime(2026, 11, 29, tzinfo=UTC)
    stamps = SessionTimestamps(finalised_at=T, in_process_at=early)
    assert pix_status(stamps) is PixStatus.IN_PROCESS


@pytest.mark.parametrize(
    "fields",
    [{"in_process_at": T}, {"processed_at": T}, {"finalised_at": T, "processed_at": T}],
)
def test_a_milestone_without_its_predecessor_is_refused(fields: dict[str, datetime]) -> None:
    """RULES §2: a session cannot be processed without being finalised first."""
    with pytest.raises(DomainError) as caught:
        SessionTimestamps(**fields)
    assert caught.value.code == INCONSISTENT_SESSION_TIMESTAMPS


@pytest.mark.parametrize(
    ("timestamps", "joinable"),
    [
        (SessionTimestamps(), True),
        (SessionTimestamps(finalised_at=T), False),
        (SessionTimestamps(finalised_at=T, in_process_at=T), False),
        (SessionTimestamps(finalised_at=T, in_process_at=T, processed_at=T), False),
    ],
)
def test_candidates_join_only_a_created_not_finalised_session(
    timestamps: SessionTimestamps, joinable: bool
) -> None:
    """RULES §2: candidates join only a created, not-yet-finalised session."""
    assert can_join(timestamps) is joinable


@pytest.mark.parametrize(
    ("candidates", "needed"),
    [(0, 0), (1, 1), (20, 1), (21, 2), (40, 2), (41, 3)],
)
def test_one_invigilator_per_20_candidates(candidates: int, needed: int) -> None:
    """RULES §2: one invigilator per 20 candidates (ceil(candidates / 20))."""
    assert invigilators_needed(candidates) == needed


@given(candidates=st.integers(min_value=0, max_value=10_000))
def test_invigilators_needed_is_the_smallest_sufficient_count(candidates: int) -> None:
    """RULES §2: n invigilators cover 20·n candidates, n − 1 would not."""
    needed = invigilators_needed(candidates)
    assert needed * 20 >= candidates
    assert (needed - 1) * 20 < candidates or needed == 0


def test_negative_candidate_count_is_a_bug() -> None:
    """A negative count can only come from a bug; it is not silently turned into 0."""
    with pytest.raises(ValueError, match="negative"):
        invigilators_needed(-1)


@pytest.mark.parametrize(
    ("candidates", "invigilators", "warning"),
    [
        (20, 1, None),
        (21, 1, InvigilatorWarning(needed=2, present=1)),
        (21, 2, None),
        (60, 2, InvigilatorWarning(needed=3, present=2)),
        (1, 0, InvigilatorWarning(needed=1, present=0)),
        (0, 0, None),
    ],
)
def test_console_warns_when_a_room_exceeds_20_candidates_per_invigilator(
    candidates: int, invigilators: int, warning: InvigilatorWarning | None
) -> None:
    """RULES §2 (pixdesk): the console warns when a room exceeds 20 candidates per invigilator."""
    assert check_invigilators(candidates, invigilators) == warning


def test_invigilator_warning_is_a_code() -> None:
    """The domain hands the UI a code to translate, not a sentence."""
    assert InvigilatorWarning.code == "TOO_FEW_INVIGILATORS"
