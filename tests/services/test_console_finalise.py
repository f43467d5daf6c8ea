"""Finalisation from the console (RULES.md §9): every problem listed, then the session closes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import AbortReason, FinalisationCode
from pixdesk.lab.codes import CommandStatus, JoinResult
from pixdesk.services.console_actions import ConfirmPresence, EndTest
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_finalise import (
    CandidateAnswers,
    FinalisationAnswers,
    FinalisationRefused,
)
from pixdesk.store.event_log import iter_events
from pixdesk.store.event_types import EventType
from tests.services.console_harness import DRAFT, LabRoom, join, lab_room


@pytest.fixture
def room(tmp_path: Path):
    with lab_room(tmp_path) as lab:
        yield lab


def session_with_three(room: LabRoom):
    """Léa still testing, Paul finished, Zoé absent."""
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    lea_station, paul_station = room.learner(), room.learner()
    lea, paul = join(lea_station, session, 0), join(paul_station, session, 1)
    zoe = session.candidates[2].candidate_id
    room.listener.wait(lambda: {lea, paul} <= room.listener.rows.keys())
    for cid, learner in ((lea, lea_station), (paul, paul_station)):
        assert console.perform(ConfirmPresence(cid)).status is CommandStatus.ACCEPTED
        learner.start()
        learner.answer(0)
    seq = paul_station.append(EventType.TEST_ENDED, {"candidate_id": paul, "reason": "completed"})
    paul_station.wait_acked(seq)
    room.listener.wait(
        lambda: (
            room.listener.rows[paul].state is CandidateState.COMPLETED
            and room.listener.rows[lea].state is CandidateState.STARTED
        )
    )
    return session, console, lea_station, lea, paul, zoe


def test_an_incomplete_form_is_refused_with_every_problem(room: LabRoom) -> None:
    _session, console, _station, lea, paul, zoe = session_with_three(room)
    answers = FinalisationAnswers(
        candidates=(
            CandidateAnswers(paul, saw_end_screen=True, abort_reason=AbortReason.CANDIDATE),
            CandidateAnswers(lea, comment="x" * 501),
            CandidateAnswers(zoe, saw_end_screen=True),
        ),
        comment="é" * 501,
    )

    with pytest.raises(FinalisationRefused) as refused:
        console.finalise(answers)

    found = {(p.code, p.candidate_id) for p in refused.value.problems}
    assert found == {
        (FinalisationCode.SESSION_COMMENT_TOO_LONG, None),
        (FinalisationCode.ABORT_REASON_ON_FINISHED_TEST, paul),
        (FinalisationCode.ABORT_REASON_MISSING, lea),
        (FinalisationCode.CANDIDATE_COMMENT_TOO_LONG, lea),
        (FinalisationCode.ABSENT_CANDIDATE_HAS_TEST_DATA, zoe),
    }
    assert console.finalisation_problems(answers) == refused.value.problems
    assert not console.finalised
    assert console.row(lea).state is CandidateState.STARTED


def test_a_complete_form_finalises_and_closes_the_session(room: LabRoom) -> None:
    session, console, lea_station, lea, paul, zoe = session_with_three(room)
    answers = FinalisationAnswers(
        candidates=(
            CandidateAnswers(paul, saw_end_screen=True),
            CandidateAnswers(lea, abort_reason=AbortReason.TECHNICAL, comment="Poste lent"),
        ),
        comment="RAS",
        incident=True,
    )
    assert console.finalisation_problems(answers) == ()

    outcome = console.finalise(answers)

    assert outcome.ended == (lea,)
    assert outcome.commands == ((lea, CommandStatus.ACCEPTED),)
    lea_station.wait_command("end_test")
    assert console.finalised
    assert console.row(lea).state is CandidateState.ENDED_BY_FINALISATION
    assert console.row(lea).actions == frozenset()
    (finalised,) = [
        json.loads(body)
        for _s, kind, _w, body in iter_events(room.stores[1].db)
        if kind == "session.finalised"
    ]
    reports = {r["candidate_id"]: r for r in finalised["form"]["reports"]}
    assert reports[lea]["abort_reason"] == "technical"
    assert reports[zoe] == {
        "candidate_id": zoe,
        "state": "enrolled",
        "abort_reason": None,
        "saw_end_screen": False,
        "comment": "",
    }
    assert (finalised["form"]["comment"], finalised["form"]["incident"]) == ("RAS", True)
    # Closed to learners: a new station cannot join any more.
    late = room.learner()
    person = session.candidates[2]
    refused = late.join(
        person.birth_name,
        person.first_name,
        person.birth_date,
        session.access_code,
        session.number_text,
    )
    assert refused.result is JoinResult.SESSION_CLOSED
    with pytest.raises(ConsoleError) as after:
        console.perform(EndTest(lea))
    assert after.value.code is ConsoleErrorCode.SESSION_FINALISED
    with pytest.raises(ConsoleError):
        console.finalise(answers)


def test_a_session_without_a_started_test_cannot_be_finalised(room: LabRoom) -> None:
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    with pytest.raises(FinalisationRefused) as refused:
        console.finalise(FinalisationAnswers())
    assert [p.code for p in refused.value.problems] == [FinalisationCode.NO_STARTED_TEST]
