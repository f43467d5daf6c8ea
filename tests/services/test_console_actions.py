"""Every console action reaches a real station on loopback and is journaled on the console."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from pixdesk.domain.candidate import CandidateState, DisplayStatus
from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.client_config import CommandReply
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import TimeReason
from pixdesk.lab.hub_config import HubSettings
from pixdesk.services.console_actions import (
    AcceptCredit,
    AddTime,
    AuthoriseResume,
    CancelPresence,
    ConfirmPresence,
    DismissAlert,
    EndTest,
    RecordIncident,
    RefuseCredit,
    ValidateAlert,
)
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_notices import NoticeKind
from pixdesk.services.console_values import ActionKind, Connection
from pixdesk.store.event_log import iter_events
from tests.services.console_harness import DRAFT, SETTINGS, LabRoom, join, lab_room


def console_events(room: LabRoom, kind: str) -> list[dict[str, object]]:
    """The console's own journal entries of one type (read on a connection of the test's)."""
    store = room.stores[0]
    own = store.station_id
    view = [
        json.loads(body)
        for sid, t, _w, body in iter_events(room.stores[1].db)
        if t == kind and sid == own
    ]
    return view


@pytest.fixture
def room(tmp_path: Path):
    with lab_room(tmp_path) as lab:
        yield lab


def test_presence_confirmation_reaches_the_station_and_is_journaled(room: LabRoom) -> None:
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    learner = room.learner()
    lea = join(learner, session, 0)
    room.listener.wait(lambda: lea in room.listener.rows and room.listener.rows[lea].station_id)
    assert console.row(lea).connection is Connection.CONNECTED
    assert ActionKind.CONFIRM_PRESENCE in console.row(lea).actions

    result = console.perform(ConfirmPresence(lea))

    assert result.status is CommandStatus.ACCEPTED
    command = learner.wait_command("confirm_presence")
    assert command.args["candidate_id"] == lea
    assert result.row is not None
    assert result.row.state is CandidateState.PRESENT
    issued = console_events(room, "command.issued")
    assert any(e["kind"] == "confirm_presence" and e["status"] == "ACCEPTED" for e in issued)
    assert console_events(room, "candidate.presence_confirmed") == [{"candidate_id": lea}]
    # The offline resume codes follow the confirmation, once.
    codes = learner.wait_command("resume_codes")
    assert len(codes.args["codes"]) == 4
    room.listener.wait(
        lambda: any(n.kind is NoticeKind.CODES_DELIVERED for n in room.listener.notices)
    )

    cancelled = console.perform(CancelPresence(lea))
    assert cancelled.status is CommandStatus.ACCEPTED
    learner.wait_command("cancel_presence")
    assert console.row(lea).state is CandidateState.ENROLLED


def started(room: LabRoom, index: int = 0):
    """A console with one learner joined, confirmed and started; returns (console, learner, id)."""
    assert room.console is not None or room.session is None
    session = room.session or room.sessions.create_here(DRAFT)
    console = room.console or room.start(session)
    learner = room.learner()
    cid = join(learner, session, index)
    room.listener.wait(lambda: cid in room.listener.rows)
    assert console.perform(ConfirmPresence(cid)).status is CommandStatus.ACCEPTED
    seq = learner.start()
    learner.wait_acked(seq)
    room.listener.wait(lambda: room.listener.rows[cid].state is CandidateState.STARTED)
    return console, learner, cid


def test_answers_move_the_row_incrementally(room: LabRoom) -> None:
    console, learner, lea = started(room)
    seq = 0
    for index in range(3):
        seq = learner.answer(index)
    learner.wait_acked(seq)
    room.listener.wait(lambda: room.listener.rows[lea].answered == 3)

    row = console.row(lea)
    assert (row.answered, row.question_total) == (3, 32)
    assert row.last_saved is not None
    assert row.last_saved > row.started_at
    assert row.status(console.now()) is DisplayStatus.IN_PROGRESS
    left = row.time_left(console.now())
    assert left is not None
    assert timedelta(minutes=139) < left < timedelta(minutes=140)


def test_resume_time_and_end_reach_the_station(room: LabRoom) -> None:
    console, learner, lea = started(room)

    resume = console.perform(AuthoriseResume(lea))
    assert resume.status is CommandStatus.ACCEPTED
    assert learner.wait_command("authorise_resume").args["candidate_id"] == lea

    added = console.perform(AddTime(lea, 10))
    assert added.status is CommandStatus.ACCEPTED
    command = learner.wait_command("add_time")
    assert (command.args["seconds"], command.args["reason"]) == (600, TimeReason.MANUAL)
    assert console.row(lea).added_seconds == 600

    ended = console.perform(EndTest(lea))
    assert ended.status is CommandStatus.ACCEPTED
    learner.wait_command("end_test")
    assert console.row(lea).state is CandidateState.ENDED_BY_INVIGILATOR
    assert ActionKind.END_TEST not in console.row(lea).actions
    kinds = [(e["kind"], e["status"]) for e in console_events(room, "command.issued")]
    assert ("authorise_resume", "ACCEPTED") in kinds
    assert ("add_time", "ACCEPTED") in kinds
    assert ("end_test", "ACCEPTED") in kinds
    assert all(e.get("token") for e in console_events(room, "command.issued"))
    assert console_events(room, "test.ended") == [{"candidate_id": lea, "reason": "invigilator"}]


def test_alerts_are_validated_or_dismissed(room: LabRoom) -> None:
    console, learner, lea = started(room)
    first = learner.raise_alert(4)
    room.listener.wait(lambda: len(room.listener.rows[lea].alerts) == 1)
    assert console.row(lea).status(console.now()) is DisplayStatus.PAUSED_BY_ALERT
    assert room.listener.notices[-1].kind is NoticeKind.ALERT_RAISED
    assert room.listener.notices[-1].params["question"] == 5

    validated = console.perform(ValidateAlert(first, IncidentCode.E1))
    assert validated.status is CommandStatus.ACCEPTED
    command = learner.wait_command("validate_alert")
    assert (command.args["alert_id"], command.args["subcategory"]) == (first, IncidentCode.E1)
    assert console.row(lea).alerts == ()

    second = learner.raise_alert(5)
    room.listener.wait(lambda: len(room.listener.rows[lea].alerts) == 1)
    assert console.perform(DismissAlert(second)).status is CommandStatus.ACCEPTED
    assert learner.wait_command("dismiss_alert").args["alert_id"] == second
    assert console.row(lea).status(console.now()) is DisplayStatus.IN_PROGRESS
    assert console_events(room, "alert.validated") == [{"alert_id": first, "subcategory": "E1"}]
    assert console_events(room, "alert.dismissed") == [{"alert_id": second}]
    with pytest.raises(ConsoleError) as gone:
        console.perform(DismissAlert(second))
    assert gone.value.code is ConsoleErrorCode.UNKNOWN_ALERT


def test_incidents_are_checked_and_journaled(room: LabRoom) -> None:
    console, _learner, lea = started(room)
    with pytest.raises(ConsoleError) as refused:
        console.perform(RecordIncident(lea, IncidentCode.C6, ""))
    assert refused.value.code is ConsoleErrorCode.INVALID_INCIDENT
    assert refused.value.params["errors"] == ("DESCRIPTION_REQUIRED",)

    result = console.perform(RecordIncident(lea, IncidentCode.E4, "Site inaccessible", 7))

    assert result.status is None
    assert result.done
    assert console.row(lea).incidents == 1
    (recorded,) = console_events(room, "incident.recorded")
    assert (recorded["code"], recorded["question_index"], recorded["candidate_id"]) == (
        "E4",
        6,
        lea,
    )


def test_a_disconnection_proposes_a_time_credit_accepted_or_refused(room: LabRoom) -> None:
    console, learner, lea = started(room)
    room.disconnect(learner)
    room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)
    room.clock.advance(timedelta(minutes=4))
    room.reconnect(learner)
    room.listener.wait(lambda: len(room.listener.rows[lea].credits) == 1)
    (credit,) = console.row(lea).credits
    assert (credit.seconds, credit.cause) == (240, "disconnection")

    accepted = console.perform(AcceptCredit(credit.credit_id))

    assert accepted.status is CommandStatus.ACCEPTED
    command = learner.wait_command("add_time")
    assert (command.args["seconds"], command.args["reason"]) == (240, TimeReason.TIME_CREDIT)
    row = console.row(lea)
    assert (row.credits, row.added_seconds) == ((), 240)
    (decided,) = console_events(room, "time.credit_accepted")
    assert decided["command_id"] == accepted.command_id

    room.disconnect(learner)
    room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)
    room.clock.advance(timedelta(minutes=2))
    room.reconnect(learner)
    room.listener.wait(lambda: len(room.listener.rows[lea].credits) == 1)
    (second,) = console.row(lea).credits
    refused = console.perform(RefuseCredit(second.credit_id))
    assert refused.status is None
    assert console.row(lea).credits == ()
    assert console.row(lea).added_seconds == 240
    assert [e["credit_id"] for e in console_events(room, "time.credit_refused")] == [
        second.credit_id
    ]


def test_a_rejected_command_is_journaled_with_its_reason(room: LabRoom) -> None:
    console, learner, lea = started(room)
    learner.reply = lambda command: CommandReply(accepted=False, reason="TEST_ALREADY_ENDED")

    result = console.perform(EndTest(lea))

    assert (result.status, result.reason, result.done) == (
        CommandStatus.REJECTED,
        "TEST_ALREADY_ENDED",
        False,
    )
    assert console.row(lea).state is CandidateState.STARTED
    (issued,) = [e for e in console_events(room, "command.issued") if e["kind"] == "end_test"]
    assert (issued["status"], issued["reason"]) == ("REJECTED", "TEST_ALREADY_ENDED")


def test_actions_that_do_not_fit_are_refused_before_anything_is_sent(room: LabRoom) -> None:
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    paul = session.candidates[1].candidate_id
    with pytest.raises(ConsoleError) as nobody:
        console.perform(ConfirmPresence("stranger"))
    with pytest.raises(ConsoleError) as not_joined:
        console.perform(ConfirmPresence(paul))
    with pytest.raises(ConsoleError) as too_long:
        console.perform(AddTime(paul, 10))
    assert nobody.value.code is ConsoleErrorCode.UNKNOWN_CANDIDATE
    assert not_joined.value.code is ConsoleErrorCode.NOT_AVAILABLE
    assert too_long.value.code is ConsoleErrorCode.NOT_AVAILABLE
    assert console_events(room, "command.issued") == []


def test_a_timed_out_command_is_retried_under_the_same_id(tmp_path: Path) -> None:
    quick = replace(SETTINGS, hub=HubSettings(command_timeout_s=0.3))
    with lab_room(tmp_path, settings=quick) as room:
        console, learner, lea = started(room)
        learner.hold = threading.Event()

        lost = console.perform(AddTime(lea, 5))  # the station is slow: no answer in time
        assert lost.status is CommandStatus.TIMEOUT
        learner.hold.set()
        learner.wait_command("add_time")
        assert console.row(lea).added_seconds == 0
        again = console.perform(AddTime(lea, 5))

        # The late answer to the first try or the station's DUPLICATE: either way, once.
        assert again.done
        assert again.command_id == lost.command_id
        assert console.row(lea).added_seconds == 300
        assert learner.kinds().count("add_time") == 1
