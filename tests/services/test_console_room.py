"""The room's fold: rows from events in any arrival order, status and time against the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from pixdesk.crypto.keys import b64u_encode, fingerprint, generate_signing_key
from pixdesk.domain.candidate import CandidateState, DisplayStatus
from pixdesk.domain.legacy_profile import CompetenceProfile, PositioningProfile
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.services.console_room import Room, RoomEvent
from pixdesk.services.console_roster import ConsoleCandidate
from pixdesk.services.console_values import ActionKind, Connection

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
LEA = ConsoleCandidate("lea", "DUPONT", "Léa", date(2010, 5, 4), Decimal("0.33"))
PAUL = ConsoleCandidate("paul", "MARTIN", "Paul", date(2009, 1, 2))


def event(type_: str, minutes: int = 0, station: str = "st-1", **body: object) -> RoomEvent:
    return RoomEvent(station, type_, body, T0 + timedelta(minutes=minutes))


EVENTS = [
    event(
        "station.admitted", station="console", station_id="st-1", candidate_id="lea", session_id="s"
    ),
    event("candidate.presence_confirmed", station="console", candidate_id="lea"),
    event("test.started", 1, candidate_id="lea"),
    event("answer.saved", 2, candidate_id="lea", question_index=0),
    event("answer.saved", 3, candidate_id="lea", question_index=1),
    event("alert.raised", 4, candidate_id="lea", alert_id="a1", question_index=2),
    event("alert.validated", 5, station="console", alert_id="a1", subcategory="E1"),
    event("alert.raised", 6, candidate_id="lea", alert_id="a2", question_index=3),
    event(
        "command.issued",
        7,
        station="console",
        session_id="s",
        kind="add_time",
        status="ACCEPTED",
        command_id="c",
        station_id="st-1",
        candidate_id="lea",
        seconds=600,
    ),
    event("answer.saved", 8, candidate_id="stranger", question_index=0),
]


def test_the_same_rows_whatever_the_arrival_order() -> None:
    forward, backward = Room("s", [LEA, PAUL]), Room("s", [LEA, PAUL])
    forward.apply_all(EVENTS)
    # Replicas of different stations arrive in any order: the resolution before the alert.
    backward.apply_all([EVENTS[0], EVENTS[6], *EVENTS[1:6], *EVENTS[7:]])

    row = forward.row("lea")
    assert row == backward.row("lea")
    assert (row.state, row.answered, row.added_seconds) == (CandidateState.STARTED, 2, 600)
    assert [a.alert_id for a in row.alerts] == ["a2"]
    assert row.connection is Connection.DISCONNECTED  # admitted, not connected now
    assert forward.row("paul").state is CandidateState.ENROLLED
    assert forward.admitted_stations() == {"st-1"}


def test_status_and_time_left_follow_the_console_clock() -> None:
    room = Room("s", [LEA])
    room.apply_all(EVENTS[:5])
    room.station_connected("st-1", T0)
    row = room.row("lea")
    allowed = timedelta(minutes=139, seconds=39)  # 105 min × 1.33

    assert row.connection is Connection.CONNECTED
    assert row.time_left(T0 + timedelta(minutes=11)) == allowed - timedelta(minutes=10)
    assert row.status(T0 + timedelta(minutes=30)) is DisplayStatus.IN_PROGRESS
    assert row.status(T0 + timedelta(minutes=141)) is DisplayStatus.OVERTIME
    assert {ActionKind.AUTHORISE_RESUME, ActionKind.END_TEST, ActionKind.ADD_TIME} <= row.actions
    assert ActionKind.CONFIRM_PRESENCE not in row.actions


def test_a_long_outage_of_a_running_test_proposes_a_credit() -> None:
    room = Room("s", [LEA])
    room.apply_all(EVENTS[:3])
    room.station_connected("st-1", T0)
    room.station_disconnected("st-1", T0 + timedelta(minutes=10))
    assert room.station_connected("st-1", T0 + timedelta(minutes=10, seconds=30)) == ({"lea"}, [])
    room.station_disconnected("st-1", T0 + timedelta(minutes=20))
    assert room.station_connected("st-1", T0 + timedelta(minutes=22, seconds=1)) == ({"lea"}, [121])


def test_finalisation_freezes_every_row() -> None:
    room = Room("s", [LEA, PAUL])
    room.apply_all(EVENTS[:3])
    changed = room.apply(event("session.finalised", 9, station="console", session_id="s"))
    assert changed == {"lea", "paul"}
    assert room.row("lea").actions == frozenset()
    assert room.apply(event("session.finalised", 9, station="console", session_id="other")) == set()


def test_a_test_its_station_stopped_after_24_hours_shows_as_such() -> None:
    room = Room("s", [LEA])
    room.apply_all([*EVENTS[:4], event("test.ended", 1500, candidate_id="lea", reason="abandoned")])
    row = room.row("lea")
    assert row.state is CandidateState.ABANDONED
    assert row.status(T0 + timedelta(hours=25)) is DisplayStatus.FINISHED


def test_the_room_knows_which_station_holds_a_test_and_which_codes_were_used() -> None:
    room = Room("s", [LEA])
    room.apply_all(EVENTS[:4])
    assert room.test_station("lea") == "st-1"
    room.join_matched("st-2", "lea", T0)
    assert (room.station_of("lea"), room.test_station("lea")) == ("st-2", "st-1")
    room.apply(event("test.transferred", 9, station="st-2", candidate_id="lea"))
    assert room.test_station("lea") == "st-2"
    room.apply(
        event("test.resumed", 10, station="st-2", candidate_id="lea", via="code", code_number=3)
    )
    assert room.used_codes == {3}
    assert room.codes_to_tell("st-2") == frozenset()
    assert room.codes_to_tell("st-1") == {3}


def _profile(levels: int) -> PositioningProfile:
    """A profile with ``levels`` competences at level 2 (5 or more: certifiable, v2)."""
    return PositioningProfile(tuple(CompetenceProfile(c, 2, 16) for c in COMPETENCE_CODES[:levels]))


def test_the_number_of_questions_is_never_claimed_before_it_is_known() -> None:
    v2 = ConsoleCandidate(
        "zoe", "BERNARD", "Zoé", date(2010, 7, 8), positioning_profile=_profile(5)
    )
    short = ConsoleCandidate(
        "hugo", "LEFÈVRE", "Hugo", date(2009, 9, 14), positioning_profile=_profile(4)
    )
    room = Room("s", [LEA, v2, short])
    # No profile, or one not certifiable: v3 whatever the session says, 32 questions.
    assert room.row("lea").question_total == 32
    assert room.row("hugo").question_total == 32
    assert room.row("zoe").question_total is None  # v2 or v3: the station decides at start

    room.apply(
        event(
            "test.started",
            1,
            station="st-2",
            candidate_id="zoe",
            engine="v2",
            item_ids=[f"rec{i}" for i in range(15)],
        )
    )
    assert room.row("zoe").question_total == 15
    room.apply(event("test.started", 1, candidate_id="lea", engine="v3"))
    assert room.row("lea").question_total == 32

    fallback = Room("s", [v2])  # a certifiable profile whose bank lacks questions: v3
    fallback.apply(event("test.started", 1, candidate_id="zoe", engine="v3"))
    assert fallback.row("zoe").question_total == 32


def test_a_started_candidate_who_joins_from_another_pc_waits_for_the_handover() -> None:
    key = generate_signing_key().public_key()
    room = Room("s", [LEA])
    joined = event(
        "candidate.joined", candidate_id="lea", station_key=b64u_encode(key.public_bytes_raw())
    )
    room.apply_all([joined, *EVENTS[:4]])
    room.station_connected("st-1", T0)
    assert room.row("lea").moved_from is None  # a rejoin on the same PC is no move
    room.join_matched("st-1", "lea", T0)
    assert room.row("lea").moved_from is None

    room.station_disconnected("st-1", T0 + timedelta(minutes=1))
    room.join_matched("st-2", "lea", T0 + timedelta(minutes=2))
    row = room.row("lea")
    assert row.moved_from == fingerprint(key)  # as the dead PC's screen showed it
    assert row.actions == {ActionKind.AUTHORISE_RESUME, ActionKind.RECORD_INCIDENT}
    room.apply(
        event(
            "command.issued",
            3,
            station="console",
            session_id="s",
            kind="handover",
            status="ACCEPTED",
            command_id="h",
            station_id="st-2",
            candidate_id="lea",
        )
    )
    assert room.row("lea").moved_from is None
    assert ActionKind.END_TEST in room.row("lea").actions


def test_a_candidate_who_moves_before_starting_is_no_move() -> None:
    room = Room("s", [LEA])
    room.apply(EVENTS[0])
    room.join_matched("st-2", "lea", T0)
    assert room.row("lea").moved_from is None
