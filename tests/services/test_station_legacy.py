"""Engine v2 on a learner station, against a real hub: a candidate with a certifiable
positioning profile gets the fixed v2 list, a restart returns to the same question, the result
is ``score_legacy``'s and the bundle's re-scoring agrees; an uncertifiable profile stays v3."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.model import SessionData, StationJournal
from pixdesk.bundle.rescoring import Gap, Rescore, check_results, client_results, compute_result
from pixdesk.bundle.trails import collect_trails
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.legacy import LegacyAnswer, LegacyStatus, score_legacy
from pixdesk.domain.legacy_profile import PositioningProfile, is_certifiable
from pixdesk.domain.legacy_profile_doc import profile_doc
from pixdesk.domain.legacy_test import LegacyTest
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command
from pixdesk.services.demo import positioning_profile
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import (
    ConsoleSide,
    Watcher,
    demo_bank,
    lea_form,
    open_station,
    right_answer,
    wrong_answer,
)

CERTIFIABLE = ("1.1", "1.2", "2.1", "3.1", "4.1", "5.1")


def profile_of(competences: tuple[str, ...], level: int = 3) -> PositioningProfile:
    return positioning_profile(demo_bank().items, competences, level)


class Room:
    def __init__(self, tmp_path: Path, profile: PositioningProfile) -> None:
        self.directory = tmp_path / "station"
        self.clock = FakeClock()
        self.console = ConsoleSide(tmp_path / "console", self.clock)
        self.address = self.console.start(self.console.session(profiles={"cand-lea": profile}))
        self.station: StationRuntime | None = None

    def open(self) -> StationRuntime:
        self.station = open_station(self.directory, self.clock, address=self.address)
        return self.station

    def started(self) -> StationRuntime:
        station = self.open()
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).matched
        self.console.confirm(station)
        station.start_test()
        return station

    def restart(self) -> StationRuntime:
        assert self.station is not None
        self.station.close()
        self.station = None
        return self.open()

    def close(self) -> None:
        if self.station is not None:
            self.station.close()
        self.console.close()


@pytest.fixture
def room(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Room]:
    competences = getattr(request, "param", CERTIFIABLE)
    opened = Room(tmp_path, profile_of(competences))
    yield opened
    opened.close()


def started_body(station: StationRuntime) -> dict[str, object]:
    events = station.journal_events()
    return next(e.body_dict() for e in events if e.type == EventType.TEST_STARTED)


def rescored(station: StationRuntime, abort: AbortReason | None = None):  # type: ignore[no-untyped-def]
    journal = StationJournal(
        station.station_id, station.station_public_key, tuple(station.journal_events())
    )
    trail = collect_trails([journal])["cand-lea"]
    return compute_result(trail, abort, lambda bank_id: demo_bank().items)


def test_a_profiled_candidate_sits_the_v2_list_and_is_scored_by_score_legacy(room: Room) -> None:
    profile = profile_of(CERTIFIABLE)
    assert is_certifiable(profile)
    station = room.started()
    joined = next(e for e in station.journal_events() if e.type == EventType.CANDIDATE_JOINED)
    assert joined.body_dict()["positioning_profile"] == profile_doc(profile)
    body = started_body(station)
    assert body["engine"] == "v2"
    expected = LegacyTest.start(demo_bank().items, profile, int(body["seed"]))  # type: ignore[call-overload]
    assert body["item_ids"] == [item.id for item in expected.questions]
    total = expected.total
    assert total == 3 * len(CERTIFIABLE)
    answers = []
    for index in range(total):
        question = station.snapshot().question
        assert question is not None
        assert (question.number, question.total) == (index + 1, total)
        assert question.item.id == expected.questions[index].id
        if index % 4 == 3:
            status = station.skip(question_index=question.index).status
        else:
            response = (
                wrong_answer(question.item) if index % 5 == 1 else right_answer(question.item)
            )
            status = station.answer(response, question_index=question.index).status
        answers.append(LegacyAnswer(question.item.id, question.item.competence, status))
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.ENDED
    assert snapshot.end_reason is EndReason.COMPLETED
    result, gap = rescored(station)
    assert gap is None
    legacy = score_legacy(profile, answers)
    assert legacy.status is LegacyStatus.VALIDATED
    assert result.score is not None
    assert result.score.engine == "v2"
    assert result.score.score == legacy.pix_score > 0
    assert result.score.outcome == legacy.status.value
    assert result.score.competence_levels == {c.competence: c.level for c in legacy.competences}


def test_a_restart_returns_to_the_same_v2_question(room: Room) -> None:
    station = room.started()
    for _ in range(4):
        question = station.snapshot().question
        assert question is not None
        station.answer(right_answer(question.item))
    before = station.snapshot().question
    assert before is not None
    station = room.restart()
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.RESUME_NEEDED
    assert snapshot.question is not None
    assert snapshot.question.item.id == before.item.id
    assert (snapshot.question.number, snapshot.question.total) == (5, before.total)
    Watcher(station).until(lambda s: s.link.connected)
    outcome = room.console.send(station.station_id, Command.authorise_resume("cand-lea"))
    assert outcome.status is CommandStatus.ACCEPTED
    assert station.answer(right_answer(snapshot.question.item)).status is AnswerStatus.OK
    # Left there: a candidate abort marks the rest skipped (RULES §9), as re-scoring does.
    result, gap = rescored(station, AbortReason.CANDIDATE)
    assert gap is None
    assert result.answer_count == 5
    assert result.score is not None
    assert result.score.outcome == LegacyStatus.REJECTED.value  # 5 right of 18: < 50 %


def test_a_validated_alert_replaces_the_v2_question_by_one_of_the_same_competence(
    room: Room,
) -> None:
    station = room.started()
    flagged = station.snapshot().question
    assert flagged is not None
    alert_id = station.report_problem()
    outcome = room.console.send(
        station.station_id, Command.validate_alert("cand-lea", alert_id, IncidentCode.E9)
    )
    assert outcome.status is CommandStatus.ACCEPTED
    question = station.snapshot().question
    assert question is not None
    assert question.number == 1
    assert question.total == flagged.total
    assert question.item.id != flagged.item.id
    assert question.item.competence == flagged.item.competence
    assert question.item.skill != flagged.item.skill
    station.answer(right_answer(question.item))
    result, gap = rescored(station, AbortReason.TECHNICAL)
    assert gap is None
    assert result.score is not None
    assert result.score.engine == "v2"
    # And a restart rebuilds the list with the replacement in place.
    station = room.restart()
    after = station.snapshot().question
    assert after is not None
    assert after.number == 2
    record = station.record
    assert record is not None
    assert isinstance(record.engine, LegacyTest)
    assert record.engine.questions[0].id == question.item.id


@pytest.mark.parametrize("room", [("1.1", "1.2", "2.1", "3.1")], indirect=True)
def test_an_uncertifiable_profile_falls_back_to_v3(room: Room) -> None:
    station = room.started()
    body = started_body(station)
    assert body["engine"] == "v3"
    assert "item_ids" not in body
    question = station.snapshot().question
    assert question is not None
    assert question.total == 32


def test_a_profile_the_bank_cannot_serve_falls_back_to_v3(tmp_path: Path) -> None:
    profile = profile_of(CERTIFIABLE)
    stranger = PositioningProfile(
        tuple(
            replace(e, skills=tuple(replace(s, skill=s.skill + "x") for s in e.skills))
            for e in profile.competences
        )
    )
    room = Room(tmp_path, stranger)
    try:
        assert started_body(room.started())["engine"] == "v3"
    finally:
        room.close()


def test_the_verifier_rescores_a_v2_trail_and_refuses_a_changed_score(room: Room) -> None:
    station = room.started()
    for index in range(6):
        question = station.snapshot().question
        assert question is not None
        response = right_answer(question.item) if index % 2 else wrong_answer(question.item)
        station.answer(response)
    events = tuple(station.journal_events())
    journals = (StationJournal(station.station_id, station.station_public_key, events),)
    finalisation = {"reports": [{"candidate_id": "cand-lea", "abort_reason": "technical"}]}
    session = SessionData(
        {"session_id": SESSION, "number": SESSION}, ({"candidate_id": "cand-lea"},), finalisation
    )
    banks = {"pixdesk-demo": demo_bank().items}.get
    (result,) = client_results(journals, session, banks)
    assert result.score is not None
    assert result.score.engine == "v2"
    # Technical abort: the 12 questions not reached are neutralised; 6 of 18 remain, fewer
    # than 66 %: the test is cancelled (RULES §6 and §9).
    assert result.score.outcome == LegacyStatus.CANCELLED.value
    (check,) = check_results((result,), journals, session, banks)
    assert check.level is Rescore.FULL
    assert check.score == result.score
    changed = replace(result, score=replace(result.score, outcome="validated", score=48))
    with pytest.raises(BundleError) as refused:
        check_results((changed,), journals, session, banks)
    assert refused.value.code is BundleErrorCode.RESULTS_INCONSISTENT
    # Without the bank only the counts are checked.
    (counted,) = check_results((result,), journals, session, None)
    assert (counted.level, counted.gap) == (Rescore.COUNTS, Gap.NO_BANK)
