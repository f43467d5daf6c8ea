"""Learner station, sitting the test against a real hub: answers saved durably, questions from
engine v3, alerts, timed and focused items, the end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pixdesk.bundle.model import StationJournal
from pixdesk.bundle.rescoring import compute_result
from pixdesk.bundle.trails import collect_trails
from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.adaptive import AlertValidated, replay
from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.items import AnswerStatus
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command, TimeReason
from pixdesk.services.station_bodies import domain_status
from pixdesk.services.station_config import StationError
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import (
    ConsoleSide,
    bank_where,
    demo_bank,
    lea_form,
    open_station,
    right_answer,
    wrong_answer,
    zoe_form,
)


class Room:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.clock = FakeClock()
        self.console = ConsoleSide(tmp_path / "console", self.clock)
        self.address = self.console.start()
        self.stations: list[StationRuntime] = []

    def station(self, **kwargs: object) -> StationRuntime:
        station = open_station(
            self.tmp_path / f"station-{len(self.stations)}",
            self.clock,
            address=self.address,
            **kwargs,  # type: ignore[arg-type]
        )
        self.stations.append(station)
        return station

    def started(self, station: StationRuntime, *, zoe: bool = False) -> StationRuntime:
        assert station.connect(SESSION, None).connected
        assert station.join(zoe_form() if zoe else lea_form()).matched
        self.console.confirm(station, "cand-zoe-a11y" if zoe else "cand-lea")
        assert station.snapshot().phase is Phase.INSTRUCTIONS
        station.start_test()
        return station

    def close(self) -> None:
        for station in self.stations:
            station.close()
        self.console.close()


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    opened = Room(tmp_path)
    yield opened
    opened.close()


def current_item(station: StationRuntime):  # type: ignore[no-untyped-def]
    question = station.snapshot().question
    assert question is not None
    return question.item


def journal_types(station: StationRuntime) -> list[str]:
    return [e.type for e in station.journal_events()]


def test_presence_then_start_shows_question_1(room: Room) -> None:
    station = room.station()
    assert station.connect(SESSION, None).connected
    assert station.join(lea_form()).matched
    with pytest.raises(StationError, match=r"WRONG_PHASE|NOT_STARTED"):
        station.start_test()
    room.console.confirm(station)
    snapshot = station.start_test()
    assert snapshot.phase is Phase.QUESTION
    assert snapshot.question is not None
    assert snapshot.question.number == 1
    assert snapshot.question.total == 32
    assert snapshot.time is not None
    assert snapshot.time.allowed == timedelta(minutes=105)
    started = [e for e in station.journal_events() if e.type == EventType.TEST_STARTED]
    body = started[0].body_dict()
    assert body["bank_id"] == "pixdesk-demo"
    assert body["engine"] == "v3"
    assert isinstance(body["seed"], int)
    assert body["accessibility_adjustment"] is False


def test_an_answer_is_durable_when_answer_returns(room: Room) -> None:
    station = room.started(room.station())
    item = current_item(station)
    receipt = station.answer(right_answer(item))
    assert receipt.status is AnswerStatus.OK
    assert receipt.question_index == 0
    # Another connection (as after a power cut) already sees the committed answer.
    directory = room.tmp_path / "station-0"
    other = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    try:
        saved = [
            e.body_dict()
            for e in other.journal.export_after(other.station_id, 0)
            if e.type == EventType.ANSWER_SAVED
        ]
    finally:
        other.close()
    assert saved[0]["item_id"] == item.id
    assert saved[0]["status"] == "ok"
    assert receipt.snapshot.last_saved_at == receipt.saved_at
    assert receipt.snapshot.question is not None
    assert receipt.snapshot.question.number == 2


def test_questions_come_from_engine_v3_and_rescore(room: Room) -> None:
    station = room.started(room.station())
    statuses = []
    for index in range(32):
        item = current_item(station)
        response = right_answer(item) if index % 3 else wrong_answer(item)
        statuses.append(station.answer(response).status)
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.ENDED
    assert snapshot.end_reason is EndReason.COMPLETED
    events = station.journal_events()
    start = next(e.body_dict() for e in events if e.type == EventType.TEST_STARTED)
    answered = [e.body_dict() for e in events if e.type == EventType.ANSWER_SAVED]
    # The domain's replay from the seed draws exactly the journaled items.
    replayed = replay(
        demo_bank().items,
        start["seed"],
        [domain_status(a["status"]) for a in answered],
        item_ids=[a["item_id"] for a in answered],
    )
    assert replayed.is_finished
    assert [domain_status(a["status"]) for a in answered] == statuses
    # And the bundle's re-scoring accepts the journal as is (docs/bundle-format.md §7).
    key = station.station_public_key
    trail = collect_trails([StationJournal(station.station_id, key, tuple(events))])["cand-lea"]
    result, gap = compute_result(trail, None, lambda bank_id: demo_bank().items)
    assert gap is None
    assert result.score is not None
    assert result.answer_count == 32
    assert journal_types(station)[-1] == EventType.TEST_ENDED
    with pytest.raises(StationError, match="TEST_ENDED"):
        station.skip()


def test_skip_counts_as_skipped(room: Room) -> None:
    station = room.started(room.station())
    assert station.skip().status is AnswerStatus.SKIPPED


def test_a_validated_alert_replaces_the_question_which_does_not_count(room: Room) -> None:
    station = room.started(room.station())
    station.answer(right_answer(current_item(station)))
    flagged = current_item(station)
    alert_id = station.report_problem()
    assert station.snapshot().phase is Phase.ALERT_PENDING
    with pytest.raises(StationError, match="WRONG_PHASE"):
        station.answer(right_answer(flagged))
    outcome = room.console.send(
        station.station_id, Command.validate_alert("cand-lea", alert_id, IncidentCode.E9)
    )
    assert outcome.status is CommandStatus.ACCEPTED
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.QUESTION
    assert snapshot.answered == 1
    assert snapshot.question is not None
    assert snapshot.question.number == 2  # the same question number, another item
    replacement = snapshot.question.item
    assert replacement.id != flagged.id
    assert replacement.skill != flagged.skill
    station.answer(right_answer(replacement))
    events = station.journal_events()
    types = [e.type for e in events]
    received = types.index(EventType.COMMAND_RECEIVED, types.index(EventType.ALERT_RAISED))
    assert types[received + 1] == EventType.ALERT_VALIDATED
    command = events[received].body_dict()
    assert command["kind"] == "validate_alert"
    assert command["token"] == outcome.token
    # The engine's replay with the validated alert draws the same items.
    start = next(e.body_dict() for e in events if e.type == EventType.TEST_STARTED)
    replayed = replay(
        demo_bank().items,
        start["seed"],
        [AnswerStatus.OK, AlertValidated(), AnswerStatus.OK],
        item_ids=[events_item for events_item in _shown_items(events)],
    )
    assert replayed.answer_count == 2
    # A second decision on the same alert is refused.
    again = room.console.send(station.station_id, Command.dismiss_alert("cand-lea", alert_id))
    assert again.status is CommandStatus.REJECTED
    assert again.reason == "NO_SUCH_ALERT"


def _shown_items(events: list) -> list[str]:  # type: ignore[type-arg]
    return [e.body_dict()["item_id"] for e in events if e.type == EventType.QUESTION_SHOWN]


def test_a_dismissed_alert_lets_the_pupil_continue(room: Room) -> None:
    station = room.started(room.station())
    flagged = current_item(station)
    alert_id = station.report_problem()
    outcome = room.console.send(station.station_id, Command.dismiss_alert("cand-lea", alert_id))
    assert outcome.status is CommandStatus.ACCEPTED
    assert station.snapshot().phase is Phase.QUESTION
    assert current_item(station).id == flagged.id
    assert station.answer(right_answer(flagged)).status is AnswerStatus.OK
    assert EventType.ALERT_DISMISSED in journal_types(station)


def test_a_late_answer_to_a_timed_item_is_timed_out(room: Room) -> None:
    timed = bank_where("test-timed", lambda item: replace(item, timer_seconds=60))
    station = room.started(room.station(bank=timed), zoe=True)
    question = station.snapshot().question
    assert question is not None
    assert question.timer_s == 80  # 60 s + 33 % extra time, rounded up
    room.clock.advance(timedelta(seconds=79))
    assert station.answer(right_answer(question.item)).status is AnswerStatus.OK
    question = station.snapshot().question
    assert question is not None
    assert question.timer_left_ns == 80 * 1_000_000_000
    room.clock.advance(timedelta(seconds=81))
    left = station.snapshot().question
    assert left is not None
    assert left.timer_left_ns is not None
    assert left.timer_left_ns < 0
    receipt = station.answer(right_answer(question.item))
    assert receipt.status is AnswerStatus.TIMED_OUT
    saved = [e.body_dict() for e in station.journal_events() if e.type == EventType.ANSWER_SAVED]
    assert saved[-1]["status"] == "timed_out"
    assert saved[-1]["timed_out"] is True


def test_leaving_a_focused_item_is_focused_out(room: Room) -> None:
    focused = bank_where("test-focused", lambda item: replace(item, focused=True))
    station = room.started(room.station(bank=focused))
    item = current_item(station)
    assert station.focus_lost() is True
    assert station.focus_lost() is False  # once per question
    assert station.answer(right_answer(item)).status is AnswerStatus.FOCUSED_OUT


def test_leaving_a_focused_item_is_no_fault_with_an_accessibility_adjustment(room: Room) -> None:
    focused = bank_where("test-focused", lambda item: replace(item, focused=True))
    station = room.started(room.station(bank=focused), zoe=True)
    item = current_item(station)
    assert item.accessible
    assert station.focus_lost() is True  # journaled all the same
    assert station.answer(right_answer(item)).status is AnswerStatus.OK
    assert EventType.FOCUS_LOST in journal_types(station)


def test_the_invigilator_ends_the_test_and_adds_time(room: Room) -> None:
    station = room.started(room.station())
    before = station.snapshot().time
    assert before is not None
    added = room.console.send(
        station.station_id, Command.add_time("cand-lea", 600, TimeReason.MANUAL)
    )
    assert added.status is CommandStatus.ACCEPTED
    after = station.snapshot().time
    assert after is not None
    assert after.allowed == before.allowed + timedelta(minutes=10)
    ended = room.console.send(station.station_id, Command.end_test("cand-lea"))
    assert ended.status is CommandStatus.ACCEPTED
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.ENDED
    assert snapshot.end_reason is EndReason.INVIGILATOR
    assert journal_types(station)[-2:] == [EventType.COMMAND_RECEIVED, EventType.TEST_ENDED]
    with pytest.raises(StationError, match="TEST_ENDED"):
        station.answer("1")
    refused = room.console.send(station.station_id, Command.end_test("cand-lea"))
    assert refused.status is CommandStatus.REJECTED
    assert refused.reason == "TEST_ENDED"


def test_commands_out_of_place_are_refused_with_a_reason(room: Room) -> None:
    station = room.started(room.station())
    resume = room.console.send(station.station_id, Command.authorise_resume("cand-lea"))
    assert resume.status is CommandStatus.REJECTED
    assert resume.reason == "NOTHING_TO_RESUME"
    other = room.console.send(station.station_id, Command.end_test("cand-zoe-a11y"))
    assert other.reason == "WRONG_CANDIDATE"
    cancel = room.console.send(station.station_id, Command.cancel_presence("cand-lea"))
    assert cancel.reason == "ALREADY_STARTED"


def test_an_authorisation_older_than_15_minutes_cannot_start(room: Room) -> None:
    station = room.station()
    assert station.connect(SESSION, None).connected
    assert station.join(lea_form()).matched
    room.console.confirm(station)
    room.clock.advance(timedelta(minutes=16))
    with pytest.raises(StationError, match="AUTHORISATION_EXPIRED"):
        station.start_test()
    # A fresh authorisation from the console lets the pupil start.
    assert (
        room.console.send(station.station_id, Command.authorise_start("cand-lea")).status
        is CommandStatus.ACCEPTED
    )
    assert station.start_test().phase is Phase.QUESTION


def test_cancelled_presence_sends_the_pupil_back_to_waiting(room: Room) -> None:
    station = room.station()
    assert station.connect(SESSION, None).connected
    assert station.join(lea_form()).matched
    room.console.confirm(station)
    assert station.snapshot().phase is Phase.INSTRUCTIONS
    room.console.send(station.station_id, Command.cancel_presence("cand-lea"))
    assert station.snapshot().phase is Phase.WAITING_PRESENCE


def test_accessible_items_only_with_an_adjustment(room: Room) -> None:
    station = room.started(room.station(), zoe=True)
    for _ in range(5):
        item = current_item(station)
        assert item.accessible
        station.skip()


def test_an_answer_for_a_question_no_longer_on_screen_is_refused(room: Room) -> None:
    station = room.started(room.station())
    item = current_item(station)
    station.answer(right_answer(item), question_index=0)
    with pytest.raises(StationError, match="STALE_QUESTION"):
        station.answer(right_answer(item), question_index=0)  # a second click, one screen late
    assert station.snapshot().answered == 1
