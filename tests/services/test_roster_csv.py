"""The Pix mass-import CSV through the roster import: sessions created, candidates enrolled."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pixdesk.domain.candidate import Sex
from pixdesk.imports.csv_columns import TEMPLATE_HEADER, CsvColumn
from pixdesk.imports.errors import ProblemCode
from pixdesk.services.roster_csv import invigilator_names
from pixdesk.services.roster_import import (
    RosterImportError,
    apply_roster_import,
    detect_format,
    plan_roster_import,
)
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_store import StationStore
from pixdesk.store.roster_repo import RosterSource
from tests.fakes import FakeClock

SESSIONS_CSV = Path(__file__).parents[1] / "data" / "csv" / "sessions.csv"
TODAY = date(2026, 11, 30)


def planner(store: StationStore) -> SessionPlanner:
    return SessionPlanner(store.db, rng=random.Random(7), clock=FakeClock())


def existing_session(store: StationStore, number: int = 12345) -> str:
    draft = SessionDraft("Lycée", "A1", "2026-01-10", "08:30", ("Mme Curie",), number=number)
    return planner(store).create_session(draft).session_id


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "import.csv"
    path.write_text("\ufeff" + "\r\n".join([TEMPLATE_HEADER, *lines]) + "\r\n", encoding="utf-8")
    return path


def test_the_csv_fixture_creates_sessions_and_enrols_its_candidates(store: StationStore) -> None:
    existing = existing_session(store)
    plan = plan_roster_import(store.db, SESSIONS_CSV, uai="0781234A", today=TODAY)
    assert plan.source is RosterSource.CSV
    assert plan.can_apply, plan.errors

    result = apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(3))

    sessions = planner(store).list_sessions()
    assert result.sessions_extended == (12345,)
    assert len(result.sessions_created) == len(sessions) - 1
    assert len(result.added) == plan.counts.added
    room_b12 = next(one for one in sessions if one.session.room == "B12")
    assert room_b12.session.invigilators == ("M. Martin", "Mme Durand")
    assert room_b12.session.description == "Prévoir des casques; salle calme"
    candidates = {
        one.candidate.birth_name: one.candidate
        for one in planner(store).candidates(room_b12.session_id)
    }
    assert candidates["ŒUVRAY"].extra_time_ratio == Decimal("0.33")
    assert candidates["ŒUVRAY"].external_id == "L-001"
    assert candidates["MARTIN"].sex is Sex.M
    assert candidates["GARCÍA MÁRQUEZ"].extra_time_ratio == Decimal("0.5")
    assert planner(store).get_session(existing).candidate_count > 0


def test_an_unknown_session_number_rejects_the_file(store: StationStore) -> None:
    plan = plan_roster_import(store.db, SESSIONS_CSV, uai="0781234A", today=TODAY)

    assert not plan.can_apply
    assert {found.code for found in plan.errors} == {ProblemCode.CSV_SESSION_NOT_FOUND}
    with pytest.raises(RosterImportError):
        apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(3))
    assert planner(store).list_sessions() == ()


def test_a_candidate_already_in_the_session_is_a_duplicate(
    store: StationStore, tmp_path: Path
) -> None:
    session_id = existing_session(store, 77)
    planner(store).enrol_candidate(
        session_id,
        FreeCandidate("MARTIN", "Jules", date(2010, 6, 11), Sex.M, birth_insee_code="75056"),
    )
    line = "77;;;;;;;Martin;Jules;11/06/2010;M;75056;;;France;;;;"
    plan = plan_roster_import(store.db, csv_file(tmp_path, line), uai="0781234A", today=TODAY)

    (found,) = plan.errors
    assert found.code is ProblemCode.CSV_CANDIDATE_DUPLICATE
    assert found.line == 2


def test_the_domain_refuses_a_birth_date_in_the_future(store: StationStore, tmp_path: Path) -> None:
    line = ";Lycée;C3;20/01/2027;10:00;M. Roux;;DUPONT;Léa;01/01/2030;F;75056;;;France;;;;"
    plan = plan_roster_import(store.db, csv_file(tmp_path, line), uai="0781234A", today=TODAY)

    (found,) = plan.errors
    assert found.code is ProblemCode.CSV_FIELD_INVALID
    assert found.element == CsvColumn.BIRTH_DATE.value
    assert found.param("reason") == "DATE_IN_FUTURE"


def test_csv_is_told_from_siecle_by_content(tmp_path: Path) -> None:
    assert detect_format(csv_file(tmp_path, "")) is RosterSource.CSV
    assert detect_format(SESSIONS_CSV) is RosterSource.CSV


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Mme Curie", ("Mme Curie",)),
        ("M. Martin, Mme Durand", ("M. Martin", "Mme Durand")),
        ("A / B ; C,", ("A", "B", "C")),
    ],
)
def test_the_invigilators_cell_is_split_into_names(cell: str, names: tuple[str, ...]) -> None:
    assert invigilator_names(cell) == names
