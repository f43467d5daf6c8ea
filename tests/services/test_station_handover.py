"""A candidate's test moves with them to another PC (DESIGN.md §4: the console keeps a replica
of every station's journal, and either side can rebuild the session from the other).

All real: the supervisor console (or the lab harness's hub), TLS on loopback, two learner
stations on their own encrypted stores, the demo bank; only the clock is fake.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from pixdesk.bundle.model import StationJournal
from pixdesk.bundle.rescoring import compute_result
from pixdesk.bundle.trails import collect_trails
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.resume_codes import generate_resume_codes, hash_resume_codes
from pixdesk.domain.adaptive import AdaptiveTest
from pixdesk.domain.scoring import score_test
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command, sign_command
from pixdesk.lab.frames import MAX_FRAME_SIZE, encode_frame
from pixdesk.lab.messages import CommandMessage
from pixdesk.lab.wire import MAX_EVENT_BODY, encode_message
from pixdesk.services.console_actions import (
    AddTime,
    AuthoriseResume,
    ConfirmPresence,
    DismissAlert,
)
from pixdesk.services.console_runtime import Console
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.console_values import Connection
from pixdesk.services.station_config import JoinForm
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.console_harness import DRAFT, LabRoom, lab_room
from tests.services.station_room import (
    CHEAP_ARGON2,
    ConsoleSide,
    Watcher,
    demo_bank,
    lea_form,
    open_station,
    right_answer,
    wrong_answer,
)


def form_of(session: ConsoleSession, index: int = 0) -> JoinForm:
    person = session.candidates[index]
    return JoinForm(
        session.number_text,
        person.first_name,
        person.birth_name,
        person.birth_date,
        session.access_code,
    )


def seat(room: LabRoom, station: StationRuntime, session: ConsoleSession, index: int = 0) -> str:
    """Connect and join ``station`` as the session's ``index``-th candidate."""
    candidate_id = session.candidates[index].candidate_id
    assert station.connect(session.number_text, None).connected
    assert station.join(form_of(session, index)).matched
    room.listener.wait(
        lambda: (
            candidate_id in room.listener.rows
            and room.listener.rows[candidate_id].station_id == station.station_id
        )
    )
    return candidate_id


def begin(
    room: LabRoom,
    console: Console,
    station: StationRuntime,
    session: ConsoleSession,
    index: int = 0,
) -> str:
    candidate_id = seat(room, station, session, index)
    assert console.perform(ConfirmPresence(candidate_id)).status is CommandStatus.ACCEPTED
    Watcher(station).until(lambda s: s.resume_codes)
    station.start_test()
    return candidate_id


def answer(station: StationRuntime, *, right: bool = True) -> None:
    question = station.snapshot().question
    assert question is not None
    item = question.item
    station.answer(right_answer(item) if right else wrong_answer(item))


def all_acked(station: StationRuntime) -> None:
    assert station.link.wait_acked(station.journal_events()[-1].seq, 10)


def demo_banks(bank_id: str) -> tuple[object, ...] | None:
    bank = demo_bank()
    return bank.items if bank_id == bank.bank_id else None


def test_a_test_moves_to_another_pc_where_it_left_off_and_scores_the_same(tmp_path: Path) -> None:
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        console = room.start(session)
        first = open_station(tmp_path / "pc-a", room.clock, address=room.address)
        try:
            lea = begin(room, console, first, session)
            for right in (True, False, True):
                answer(first, right=right)
            assert console.perform(AddTime(lea, 5)).status is CommandStatus.ACCEPTED
            room.clock.advance(timedelta(minutes=2))
            alert_id = first.report_problem()
            all_acked(first)
            before = first.snapshot()
            first_id, first_key = first.station_id, first.station_public_key
        finally:
            first.close()  # the PC dies
        room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)

        second = open_station(tmp_path / "pc-b", room.clock, address=room.address)
        try:
            assert seat(room, second, session) == lea
            Watcher(second).until(lambda s: s.resume_codes)  # the console sends them on a join
            assert second.snapshot().phase is Phase.WAITING_PRESENCE

            resumed = console.perform(AuthoriseResume(lea))

            assert resumed.status is CommandStatus.ACCEPTED
            after = second.snapshot()
            assert after.phase is Phase.ALERT_PENDING  # the alert came along, still pending
            assert after.alert_id == alert_id
            assert after.question is not None
            assert before.question is not None
            assert (after.question.index, after.question.item.id) == (
                before.question.index,
                before.question.item.id,
            )
            assert after.answered == 3
            assert after.time is not None
            assert before.time is not None
            assert (after.time.allowed, after.time.elapsed) == (
                before.time.allowed,
                before.time.elapsed,
            )
            assert after.time.allowed == timedelta(minutes=105 * 1.33 + 5)
            moved = [e for e in second.journal_events() if e.type == EventType.TEST_TRANSFERRED]
            assert len(moved) == 1
            body = moved[0].body_dict()
            assert (body["source_station_id"], body["first_seq"]) == (first_id, 1)
            assert body["last_seq"] == len(body["events"])
            assert "test.started" not in [e.type for e in second.journal_events()]

            assert console.perform(DismissAlert(alert_id)).status is CommandStatus.ACCEPTED
            assert second.snapshot().phase is Phase.QUESTION
            while second.snapshot().phase is Phase.QUESTION:
                answer(second)
            ended = second.snapshot()
            assert ended.end_reason is EndReason.COMPLETED
            assert ended.answered == 32
            all_acked(second)
            room.listener.wait(lambda: room.listener.rows[lea].answered == 32)

            # Re-scoring merges the two journals (bundle-format §7): the same test, same score.
            replica = room.stores[0].journal.export_after(first_id, 0)
            journals = (
                StationJournal(first_id, first_key, tuple(replica)),
                StationJournal(
                    second.station_id, second.station_public_key, tuple(second.journal_events())
                ),
            )
            trail = collect_trails(journals)[lea]
            record = second.record
            assert record is not None
            assert isinstance(record.engine, AdaptiveTest)
            assert [(a.question_index, a.item_id) for a in trail.answers] == [
                (a.question_index, a.item_id) for a in record.answers
            ]
            result, gap = compute_result(trail, None, demo_banks)  # type: ignore[arg-type]
            assert gap is None
            assert result.score is not None
            scored = score_test(record.engine)
            assert (result.score.score, result.score.level) == (scored.score, int(scored.level))
        finally:
            second.close()


def test_the_new_pc_says_the_test_will_resume_there_until_it_does(tmp_path: Path) -> None:
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        console = room.start(session)
        first = open_station(tmp_path / "pc-a", room.clock, address=room.address)
        try:
            lea = begin(room, console, first, session)
            assert not first.snapshot().moved_here  # her own PC: nothing moved
            for right in (True, False):
                answer(first, right=right)
            all_acked(first)
            before = first.snapshot()
        finally:
            first.close()  # the PC dies
        room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)

        second = open_station(tmp_path / "pc-b", room.clock, address=room.address)
        try:
            assert seat(room, second, session) == lea
            waiting = second.snapshot()
            assert (waiting.phase, waiting.moved_here) == (Phase.WAITING_PRESENCE, True)
            joins = [e for e in second.journal_events() if e.type == EventType.CANDIDATE_JOINED]
            assert joins[-1].body_dict()["started_elsewhere"] is True
        finally:
            second.close()  # restarted before the invigilator authorises: it still knows

        second = open_station(tmp_path / "pc-b", room.clock, address=room.address)
        try:
            restarted = second.snapshot()
            assert (restarted.phase, restarted.moved_here) == (Phase.WAITING_PRESENCE, True)
            Watcher(second).until(lambda s: s.link.connected)
            room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.CONNECTED)

            assert console.perform(AuthoriseResume(lea)).status is CommandStatus.ACCEPTED

            after = second.snapshot()
            assert (after.phase, after.moved_here, after.answered) == (Phase.QUESTION, False, 2)
            assert after.question is not None
            assert before.question is not None
            assert after.question.item.id == before.question.item.id
        finally:
            second.close()


def _forged(events: list[Event], index: int) -> list[Event]:
    """The events with one answer's status changed (its hash and signature no longer fit)."""
    changed = list(events)
    assert changed[index].type == EventType.ANSWER_SAVED
    body = changed[index].body.replace(b'"status":"', b'"status":"x')
    changed[index] = replace(changed[index], body=body)
    return changed


def test_a_handover_that_does_not_check_out_changes_nothing(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    first = open_station(tmp_path / "a", clock, address=address)
    second = open_station(tmp_path / "b", clock, address=address)
    try:
        for station in (first, second):
            assert station.connect(SESSION, None).connected
            assert station.join(lea_form()).matched
        console.confirm(first)
        first.start_test()
        answer(first)
        answer(first)
        all_acked(first)
        events = console.replica(first.station_id)
        key = b64u_encode(first.station_public_key)
        other_key = b64u_encode(second.station_public_key)
        head = len(second.journal_events())
        cases = {
            "forged body": Command.handover(
                "cand-lea", first.station_id, key, (*_forged(events, 5),)
            ),
            "gap": Command.handover("cand-lea", first.station_id, key, (*events[:3], *events[4:])),
            "another key": Command.handover("cand-lea", first.station_id, other_key, (*events,)),
            "not from the join": Command.handover(
                "cand-lea", first.station_id, key, (*events[1:],)
            ),
            "its own journal": Command.handover(
                "cand-lea", second.station_id, other_key, (*second.journal_events(),)
            ),
        }
        for name, command in cases.items():
            outcome = console.send(second.station_id, command)
            assert (name, outcome.status, outcome.reason) == (
                name,
                CommandStatus.REJECTED,
                "TRANSFER_INVALID",
            )
        paul = Command.handover("cand-paul", first.station_id, key, (*events,))
        assert console.send(second.station_id, paul).reason == "WRONG_CANDIDATE"
        assert len(second.journal_events()) == head
        assert second.snapshot().phase is Phase.WAITING_PRESENCE

        good = Command.handover("cand-lea", first.station_id, key, (*events,))
        assert console.send(second.station_id, good).status is CommandStatus.ACCEPTED
        assert second.snapshot().phase is Phase.RESUME_NEEDED
        assert second.snapshot().answered == 2
        assert console.send(second.station_id, good).reason == "ALREADY_STARTED"
    finally:
        second.close()
        first.close()
        console.close()


def test_a_32_question_test_fits_one_frame(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    first = open_station(tmp_path / "a", clock, address=address)
    second = open_station(tmp_path / "b", clock, address=address)
    try:
        for station in (first, second):
            assert station.connect(SESSION, None).connected
            assert station.join(lea_form()).matched
        sheet = generate_resume_codes(32)  # the most a session prints: the largest handover
        console.codes = tuple(code.text for code in sheet)
        console.hashes = hash_resume_codes(sheet, params=CHEAP_ARGON2)
        console.confirm(first)
        first.start_test()
        for index in range(31):
            clock.advance(timedelta(seconds=20))
            first.focus_lost()
            answer(first, right=index % 3 != 0)
        all_acked(first)
        events = tuple(console.replica(first.station_id))
        command = Command.handover(
            "cand-lea", first.station_id, b64u_encode(first.station_public_key), events
        )
        token = sign_command(
            console.console.session_key,
            command,
            session_number=SESSION,
            station_id=second.station_id,
            issued_at_ms=0,
        )
        frame = encode_frame(encode_message(CommandMessage(token)))
        print(f"handover of 31 answers + question 32: {len(events)} events, {len(frame)} bytes")
        assert len(frame) < MAX_FRAME_SIZE // 4

        assert console.send(second.station_id, command).status is CommandStatus.ACCEPTED
        moved = next(e for e in second.journal_events() if e.type == EventType.TEST_TRANSFERRED)
        print(f"test.transferred body: {len(moved.body)} bytes")
        assert len(moved.body) < MAX_EVENT_BODY
        outcome = console.send(second.station_id, Command.authorise_resume("cand-lea"))
        assert outcome.status is CommandStatus.ACCEPTED
        answer(second)
        snapshot = second.snapshot()
        assert (snapshot.phase, snapshot.answered) == (Phase.ENDED, 32)
        assert second.link.wait_acked(second.journal_events()[-1].seq, 10)  # it replicates
    finally:
        second.close()
        first.close()
        console.close()
