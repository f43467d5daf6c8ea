"""Session planning on a real store: sessions, codes, enrolments, adjustments, invigilators."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pixdesk.domain.candidate import Sex
from pixdesk.domain.codes import is_valid_access_code, is_valid_invigilator_password
from pixdesk.domain.errors import FieldCode, FieldProblem
from pixdesk.services.roster_import import apply_roster_import, plan_roster_import
from pixdesk.services.sessions import (
    FreeCandidate,
    PlanningError,
    PlanningErrorCode,
    SessionDraft,
    SessionPlanner,
)
from pixdesk.services.station_store import StationStore
from tests.fakes import FakeClock
from tests.imports.siecle_files import UAI, pupil, siecle_xml

DRAFT = SessionDraft(
    site="Collège Jean-Moulin, 3 rue de la Paix",
    room="Salle info 2",
    date="2027-03-16",
    start_time="09:00",
    invigilators=("Mme Lovelace",),
)
ADA = FreeCandidate("LOVELACE", "Ada", date(2010, 12, 10), Sex.F, birth_insee_code="75056")


def planner(store: StationStore, seed: int) -> SessionPlanner:
    return SessionPlanner(store.db, rng=random.Random(seed), clock=FakeClock())


@pytest.fixture
def plans(store: StationStore) -> SessionPlanner:
    """The test's planner: one per store, as the application builds it."""
    return planner(store, 5)


def roster(store: StationStore, tmp_path: Path, pupils: list[object]) -> list[str]:
    """Import ``pupils`` and return their INEs."""
    path = tmp_path / "export.xml"
    path.write_bytes(siecle_xml(pupils))  # type: ignore[arg-type]
    plan = plan_roster_import(store.db, path, uai=UAI, today=date(2026, 11, 30))
    apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))
    return [one.fields["ID_NATIONAL"] for one in pupils]  # type: ignore[attr-defined,misc]


def test_a_new_session_gets_valid_codes_and_the_next_number(
    store: StationStore, plans: SessionPlanner
) -> None:
    first = plans.create_session(DRAFT)
    second = planner(store, 6).create_session(DRAFT)

    assert (first.session.number, second.session.number) == (1, 2)
    for created in (first, second):
        assert is_valid_access_code(created.session.access_code)
        assert is_valid_invigilator_password(created.session.invigilator_password)
        assert created.candidate_count == 0
    assert plans.list_sessions() == (first, second)


def test_the_access_code_is_unique_among_this_pcs_sessions(store: StationStore) -> None:
    """Two planners drawing the same random numbers still give two different codes."""
    first = planner(store, seed=11).create_session(DRAFT)
    second = planner(store, seed=11).create_session(DRAFT)
    assert first.session.access_code != second.session.access_code
    codes = {planner(store, seed=11).create_session(DRAFT).session.access_code for _ in range(20)}
    assert len(codes | {first.session.access_code, second.session.access_code}) == 22


def test_every_invalid_field_is_listed_and_nothing_is_written(
    store: StationStore, plans: SessionPlanner
) -> None:
    bad = SessionDraft(site=" ", room="", date="16/03/2027", start_time="9h", invigilators=())
    with pytest.raises(PlanningError) as refused:
        plans.create_session(bad)

    assert refused.value.code is PlanningErrorCode.INVALID_FIELDS
    assert [problem.field for problem in refused.value.problems] == [
        "site",
        "room",
        "date",
        "start_time",
        "invigilators",
    ]
    assert plans.list_sessions() == ()


def test_a_taken_number_is_refused(store: StationStore, plans: SessionPlanner) -> None:
    plans = plans
    plans.create_session(dataclasses.replace(DRAFT, number=4000))
    with pytest.raises(PlanningError) as refused:
        plans.create_session(dataclasses.replace(DRAFT, number=4000))
    assert refused.value.code is PlanningErrorCode.NUMBER_TAKEN
    assert plans.create_session(DRAFT).session.number == 4001


def test_enrol_a_division_then_one_learner(
    store: StationStore, plans: SessionPlanner, tmp_path: Path
) -> None:
    pupils = [pupil(n, [("3A" if n < 4 else "3B", "D")]) for n in range(1, 7)]
    ines = roster(store, tmp_path, pupils)
    session = plans.create_session(DRAFT)

    change = plans.enrol_division(session.session_id, "3A")
    assert [one.external_id for one in change.enrolled] == ines[:3]
    assert change.session.candidate_count == 3
    again = plans.enrol_learners(session.session_id, [ines[0], ines[4].lower()])

    assert again.already_enrolled == (ines[0],)
    (added,) = again.enrolled
    assert (added.external_id, added.division, added.birth_name) == (ines[4], "3B", "NOM5")
    candidates = plans.candidates(session.session_id)
    assert [one.learner_ine for one in candidates] == [*ines[:3], ines[4]]
    assert all(one.candidate.session_number == session.session.number for one in candidates)


def test_unknown_or_disabled_learners_are_refused(
    store: StationStore, plans: SessionPlanner, tmp_path: Path
) -> None:
    ines = roster(store, tmp_path, [pupil(1), pupil(2)])
    roster(store, tmp_path, [pupil(1)])  # pupil 2 left: disabled
    session = plans.create_session(DRAFT).session_id

    with pytest.raises(PlanningError) as missing:
        plans.enrol_learners(session, [ines[0], "999999999ZZ"])
    with pytest.raises(PlanningError) as inactive:
        plans.enrol_learners(session, [ines[1]])
    with pytest.raises(PlanningError) as empty:
        plans.enrol_division(session, "6E")

    assert missing.value.code is PlanningErrorCode.LEARNER_NOT_FOUND
    assert inactive.value.code is PlanningErrorCode.LEARNER_INACTIVE
    assert empty.value.code is PlanningErrorCode.DIVISION_EMPTY
    assert plans.candidates(session) == ()  # all or nothing


def test_a_free_candidate_is_validated_by_the_domain(
    store: StationStore, plans: SessionPlanner
) -> None:
    session = plans.create_session(DRAFT).session_id
    change = plans.enrol_candidate(session, ADA)
    assert change.enrolled[0].birth_name == "LOVELACE"

    with pytest.raises(PlanningError) as duplicate:
        plans.enrol_candidate(
            session,
            FreeCandidate("Lovelace", "ADA", date(2010, 12, 10), Sex.F, birth_insee_code="69123"),
        )
    future = FreeCandidate("X", "Y", date(2030, 1, 1), Sex.M, birth_insee_code="75056")
    with pytest.raises(PlanningError) as invalid:
        plans.enrol_candidate(session, future)

    assert duplicate.value.code is PlanningErrorCode.DUPLICATE_CANDIDATE
    assert invalid.value.code is PlanningErrorCode.INVALID_CANDIDATE
    assert invalid.value.problems == (FieldProblem("birth_date", FieldCode.DATE_IN_FUTURE),)


@pytest.mark.parametrize(
    ("typed", "ratio"), [("33", "0.33"), ("33,5 %", "0.335"), ("0", "0"), (50, "0.5")]
)
def test_extra_time_is_entered_as_a_percent(
    plans: SessionPlanner, typed: str | int, ratio: str
) -> None:
    session = plans.create_session(DRAFT).session_id
    (candidate,) = plans.enrol_candidate(session, ADA).enrolled

    updated = plans.set_extra_time(candidate.candidate_id, typed)

    assert updated.extra_time_ratio == Decimal(ratio)


@pytest.mark.parametrize("typed", ["abc", "-5", "1000"])
def test_a_wrong_extra_time_is_refused(
    store: StationStore, plans: SessionPlanner, typed: str
) -> None:
    session = plans.create_session(DRAFT).session_id
    (candidate,) = plans.enrol_candidate(session, ADA).enrolled
    with pytest.raises(PlanningError) as refused:
        plans.set_extra_time(candidate.candidate_id, typed)
    assert refused.value.code is PlanningErrorCode.EXTRA_TIME_INVALID


def test_accessibility_and_unenrolment(store: StationStore, plans: SessionPlanner) -> None:
    session = plans.create_session(DRAFT).session_id
    (candidate,) = plans.enrol_candidate(session, ADA).enrolled

    assert plans.set_accessibility(candidate.candidate_id, True).accessibility_adjustment
    assert plans.unenrol(candidate.candidate_id).candidate_count == 0
    with pytest.raises(PlanningError) as gone:
        plans.set_accessibility(candidate.candidate_id, False)
    assert gone.value.code is PlanningErrorCode.CANDIDATE_NOT_FOUND


def test_one_invigilator_per_20_candidates(
    store: StationStore, plans: SessionPlanner, tmp_path: Path
) -> None:
    roster(store, tmp_path, [pupil(n) for n in range(1, 22)])
    session = plans.create_session(DRAFT)
    assert session.warning is None

    crowded = plans.enrol_division(session.session_id, "3A").session

    assert crowded.candidate_count == 21
    assert crowded.warning is not None
    assert (crowded.warning.needed, crowded.warning.present) == (2, 1)
    fixed = plans.set_invigilators(session.session_id, ["Mme Lovelace", " M. Babbage "])
    assert fixed.warning is None
    assert fixed.session.invigilators == ("Mme Lovelace", "M. Babbage")
    with pytest.raises(PlanningError) as blank:
        plans.set_invigilators(session.session_id, ["Mme Lovelace", " "])
    assert blank.value.problems == (FieldProblem("invigilators", FieldCode.BLANK_ENTRY),)


def test_a_corrected_name_in_the_roster_reaches_the_session(
    store: StationStore, plans: SessionPlanner, tmp_path: Path
) -> None:
    (ine,) = roster(store, tmp_path, [pupil(1)])
    session = plans.create_session(DRAFT).session_id
    plans.enrol_learners(session, [ine])
    roster(store, tmp_path, [pupil(1, PRENOM="Zoé")])

    (enrolled,) = plans.candidates(session)
    assert enrolled.candidate.first_name == "Zoé"


def test_unknown_session(store: StationStore, plans: SessionPlanner) -> None:
    with pytest.raises(PlanningError) as refused:
        plans.get_session("0" * 32)
    assert refused.value.code is PlanningErrorCode.SESSION_NOT_FOUND
