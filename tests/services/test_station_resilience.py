"""Learner station resilience against a real hub: console gone, crash and restart, offline
resume codes (one-time), and a PC clock moved by an hour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from pixdesk.domain.items import AnswerStatus
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command
from pixdesk.services.resume_codes import ResumeCodeRefusal
from pixdesk.services.station_config import StationError
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import (
    ConsoleSide,
    Watcher,
    lea_form,
    open_station,
    right_answer,
)


class Room:
    def __init__(self, tmp_path: Path) -> None:
        self.directory = tmp_path / "station"
        self.clock = FakeClock()
        self.console = ConsoleSide(tmp_path / "console", self.clock)
        self.address = self.console.start()
        self.station: StationRuntime | None = None

    def open(self, clock: FakeClock | None = None) -> StationRuntime:
        self.station = open_station(self.directory, clock or self.clock, address=self.address)
        return self.station

    def restart(self) -> StationRuntime:
        """Close everything the station holds, as a crash would, and start it again."""
        assert self.station is not None
        self.station.close()
        self.station = None
        return self.open()

    def started(self, station: StationRuntime) -> StationRuntime:
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).matched
        self.console.confirm(station)
        station.start_test()
        return station

    def close(self) -> None:
        if self.station is not None:
            self.station.close()
        self.console.close()


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    opened = Room(tmp_path)
    yield opened
    opened.close()


def answer_some(station: StationRuntime, count: int) -> None:
    for _ in range(count):
        question = station.snapshot().question
        assert question is not None
        station.answer(right_answer(question.item))


def test_the_pupil_keeps_going_without_the_console_and_nothing_is_lost(room: Room) -> None:
    station = room.started(room.open())
    answer_some(station, 2)
    assert station.link.wait_acked(station.journal_events()[-1].seq, 10)
    room.console.stop(graceful=False)  # the console PC crashes or the cable is pulled
    watcher = Watcher(station)
    watcher.until(lambda s: not s.link.connected)
    answer_some(station, 3)
    snapshot = station.snapshot()
    assert snapshot.answered == 5
    assert snapshot.link.queued > 0  # kept on this PC, to be sent
    room.console.start(room.console.session(admitted_stations=frozenset({station.station_id})))
    head = station.journal_events()[-1].seq
    assert station.link.wait_acked(head, 15)
    replica = room.console.replica(station.station_id)
    assert replica == station.journal_events()
    watcher.until(lambda s: s.link.connected and s.link.queued == 0)


def test_a_restarted_station_needs_the_console_to_resume_the_same_question(room: Room) -> None:
    station = room.started(room.open())
    answer_some(station, 3)
    before = station.snapshot()
    assert before.question is not None

    station = room.restart()
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.RESUME_NEEDED
    assert snapshot.answered == 3
    assert snapshot.question is not None
    assert snapshot.question.item.id == before.question.item.id
    assert snapshot.question.number == 4
    with pytest.raises(StationError, match="WRONG_PHASE"):
        station.answer(right_answer(snapshot.question.item))
    # The journaled join brings the station back to its console on its own.
    Watcher(station).until(lambda s: s.link.connected)
    outcome = room.console.send(station.station_id, Command.authorise_resume("cand-lea"))
    assert outcome.status is CommandStatus.ACCEPTED
    resumed = station.snapshot()
    assert resumed.phase is Phase.QUESTION
    assert resumed.question is not None
    assert resumed.question.item.id == before.question.item.id
    assert station.answer(right_answer(resumed.question.item)).status is AnswerStatus.OK
    types = [e.type for e in station.journal_events()]
    assert EventType.TEST_INTERRUPTED in types
    # A second authorisation is not needed, and not carried out.
    again = room.console.send(station.station_id, Command.authorise_resume("cand-lea"))
    assert again.reason == "NOTHING_TO_RESUME"


def test_an_offline_resume_code_works_once(room: Room) -> None:
    station = room.started(room.open())
    answer_some(station, 2)
    codes = room.console.codes
    assert codes is not None
    room.console.stop()  # the console is gone for good
    station = room.restart()
    assert station.snapshot().phase is Phase.RESUME_NEEDED
    assert station.snapshot().resume_codes

    wrong = station.resume_with_code("01-BBBB-BBBB")
    assert not wrong.resumed
    assert wrong.refusal == ResumeCodeRefusal.WRONG
    assert station.resume_with_code("hello").refusal == ResumeCodeRefusal.MALFORMED
    first = codes[0]
    assert station.resume_with_code(first.lower().replace("-", " ")).resumed
    assert station.snapshot().phase is Phase.QUESTION
    answer_some(station, 1)

    station = room.restart()
    used = station.resume_with_code(first)
    assert not used.resumed
    assert used.refusal == ResumeCodeRefusal.ALREADY_USED
    assert station.resume_with_code(codes[1]).resumed
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.QUESTION
    assert snapshot.answered == 3
    resumed = [e.body_dict() for e in station.journal_events() if e.type == EventType.TEST_RESUMED]
    assert [r["code_number"] for r in resumed] == [1, 2]


def test_guessing_codes_makes_the_station_wait(room: Room) -> None:
    station = room.started(room.open())
    room.console.stop()
    station = room.restart()
    for _ in range(5):
        assert station.resume_with_code("01-BBBB-BBBB").refusal == ResumeCodeRefusal.WRONG
    waiting = station.resume_with_code("01-BBBB-BBBB")
    assert waiting.refusal == ResumeCodeRefusal.TOO_MANY_TRIES
    assert waiting.wait_s == 30
    room.clock.advance(timedelta(seconds=31))
    assert station.resume_with_code("01-BBBB-BBBB").refusal == ResumeCodeRefusal.WRONG


def test_time_lost_while_down_is_not_counted(room: Room) -> None:
    station = room.started(room.open())
    answer_some(station, 1)
    room.clock.advance(timedelta(minutes=5))
    answer_some(station, 1)
    elapsed = station.snapshot().time
    assert elapsed is not None
    assert elapsed.elapsed == timedelta(minutes=5)
    room.console.stop()
    station = room.restart()
    room.clock.advance(timedelta(minutes=20))  # the PC is restarted, the pupil waits
    codes = room.console.codes
    assert codes is not None
    assert station.resume_with_code(codes[0]).resumed
    room.clock.advance(timedelta(minutes=1))
    time = station.snapshot().time
    assert time is not None
    assert time.elapsed == timedelta(minutes=6)


def test_moving_the_pc_clock_by_an_hour_changes_nothing(tmp_path: Path) -> None:
    room = Room(tmp_path)
    station_clock = FakeClock()  # the station's own clock: only it is moved
    try:
        station = room.started(room.open(station_clock))
        answer_some(station, 1)
        station_clock.advance(timedelta(minutes=3))
        room.clock.advance(timedelta(minutes=3))
        before = station.snapshot().time
        assert before is not None
        assert before.theoretical_end is not None
        for jump in (timedelta(hours=1), timedelta(hours=-2)):
            station_clock.jump_wall(jump)
            after = station.snapshot().time
            assert after is not None
            assert after.remaining == before.remaining
            assert after.theoretical_end == before.theoretical_end
        answer_some(station, 1)
        assert station.snapshot().answered == 2
    finally:
        room.close()


def test_overtime_is_flagged_not_enforced(room: Room) -> None:
    station = room.started(room.open())
    time = station.snapshot().time
    assert time is not None
    assert not time.overtime
    assert time.remaining == timedelta(minutes=105)
    room.clock.advance(timedelta(minutes=106))
    late = station.snapshot().time
    assert late is not None
    assert late.overtime
    assert late.remaining == timedelta(0)
    answer_some(station, 1)  # the pupil may still finish (RULES.md §5: informational)


def test_a_restart_does_not_forgive_wrong_codes(room: Room) -> None:
    station = room.started(room.open())
    room.console.stop()
    station = room.restart()
    for _ in range(5):
        assert station.resume_with_code("01-BBBB-BBBB").refusal == ResumeCodeRefusal.WRONG
    refused = [e.body_dict() for e in station.journal_events()]
    refused = [b for b in refused if "reason" in b and b["reason"] == ResumeCodeRefusal.WRONG]
    assert len(refused) == 5
    assert all("BBBB" not in str(body) for body in refused)  # never the code typed

    station = room.restart()  # pixdesk killed and started again: the lock-out is served again
    waiting = station.resume_with_code("01-BBBB-BBBB")
    assert waiting.refusal == ResumeCodeRefusal.TOO_MANY_TRIES
    assert waiting.wait_s == 30
    room.clock.advance(timedelta(seconds=31))
    codes = room.console.codes
    assert codes is not None
    assert station.resume_with_code(codes[0]).resumed
    record = station.record
    assert record is not None
    assert record.code_failures == 0  # a code that worked forgives the wrong ones


def test_a_test_is_ended_24_hours_after_its_start(tmp_path: Path) -> None:
    room = Room(tmp_path)
    try:
        station = open_station(room.directory, room.clock, address=room.address, tick_s=0.02)
        room.station = station
        room.started(station)
        answer_some(station, 1)
        room.clock.jump_wall(timedelta(hours=30))  # the PC's clock is set wrong: nothing ends
        room.clock.advance(timedelta(hours=23, minutes=59))
        assert not station.enforce_time_limit()
        assert station.snapshot().phase is Phase.QUESTION
        room.clock.advance(timedelta(minutes=1))
        Watcher(station).until(lambda s: s.phase is Phase.ENDED)  # the station's own tick
        assert station.snapshot().end_reason is EndReason.ABANDONED
        ended = [e.body_dict() for e in station.journal_events() if e.type == EventType.TEST_ENDED]
        assert [body["reason"] for body in ended] == ["abandoned"]
        assert station.link.wait_acked(station.journal_events()[-1].seq, 10)
    finally:
        room.close()


def test_the_24_hours_count_the_time_the_pc_was_off(room: Room) -> None:
    station = room.started(room.open())
    answer_some(station, 2)
    room.clock.advance(timedelta(hours=2))
    assert station.link.wait_acked(station.journal_events()[-1].seq, 10)
    station.close()
    room.station = None

    # Rebooted the next day: a new monotonic clock; the wall clock says 22 h passed.
    later = FakeClock(room.clock.now() + timedelta(hours=22))
    station = open_station(room.directory, later, address=room.address)
    room.station = station
    assert station.snapshot().phase is Phase.ENDED
    assert station.snapshot().end_reason is EndReason.ABANDONED


def test_a_clock_set_back_while_off_never_counts_negative(room: Room) -> None:
    station = room.started(room.open())
    room.clock.advance(timedelta(hours=23))
    answer_some(station, 1)  # its last event: 23 h after the start
    station.close()
    room.station = None
    earlier = FakeClock(room.clock.now() - timedelta(days=3))  # CMOS battery: back in time
    station = open_station(room.directory, earlier, address=room.address)
    room.station = station
    assert station.snapshot().phase is Phase.RESUME_NEEDED
    record = station.record
    assert record is not None
    assert record.age.elapsed_ns(earlier.monotonic_ns()) == 23 * 3600 * 10**9
    earlier.advance(timedelta(hours=1))
    assert station.enforce_time_limit()
    assert station.snapshot().end_reason is EndReason.ABANDONED
