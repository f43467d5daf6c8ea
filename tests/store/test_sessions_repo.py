"""Planned sessions and enrolments repository on a real store."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from sqlite_utils import Database

from pixdesk.store import roster_repo, sessions_repo
from pixdesk.store.errors import StoreError
from pixdesk.store.sessions_repo import EnrolmentRecord, SessionRecord
from pixdesk.store.transactions import write_transaction
from tests.store.test_roster_repo import learner, new_import

SESSION = SessionRecord(
    session_id="a" * 32,
    number=12,
    site="Lycée Hopper",
    room="B12",
    date="2027-01-15",
    start_time="14:00",
    description="",
    access_code="BCDF23",
    invigilator_password="bcdfgh",
    engine_version="v3",
    created_at="2026-11-30T08:00:00Z",
    invigilators=("M. Turing", "Mme Hopper"),
)
FREE = EnrolmentRecord(
    candidate_id="c" * 32,
    session_id=SESSION.session_id,
    enrolled_at="2026-11-30T08:00:00Z",
    birth_name="BABBAGE",
    first_name="Charles",
    birth_date="2009-12-26",
    sex="M",
    birth_country_code="99132",
    birth_city="Londres",
    external_id="L-9",
    extra_time_ratio=Decimal("0.33"),
)


@pytest.fixture
def with_session(db: Database) -> Database:
    with write_transaction(db.conn) as conn:
        sessions_repo.insert_session(conn, SESSION)
    return db


def test_sessions_round_trip(with_session: Database) -> None:
    conn = with_session.conn
    assert sessions_repo.get_session(conn, SESSION.session_id) == SESSION
    assert sessions_repo.get_session_by_number(conn, 12) == SESSION
    assert sessions_repo.list_sessions(conn) == [SESSION]
    assert sessions_repo.access_codes(conn) == {"BCDF23"}
    assert sessions_repo.next_session_number(conn) == 13
    with write_transaction(conn):
        sessions_repo.replace_invigilators(conn, SESSION.session_id, ["Mme Hamilton"])
    assert sessions_repo.get_session(conn, SESSION.session_id).invigilators == ("Mme Hamilton",)  # type: ignore[union-attr]


def test_the_access_code_and_number_are_unique(with_session: Database) -> None:
    for clash in (
        dataclasses.replace(SESSION, session_id="b" * 32, number=13),  # same access code
        dataclasses.replace(SESSION, session_id="b" * 32, access_code="BCDF24"),  # same number
    ):
        with pytest.raises(StoreError), write_transaction(with_session.conn) as conn:
            sessions_repo.insert_session(conn, clash)
    assert len(sessions_repo.list_sessions(with_session.conn)) == 1


def test_candidates_resolve_roster_learners_and_free_candidates(with_session: Database) -> None:
    conn = with_session.conn
    import_id = new_import(with_session)
    with write_transaction(conn):
        roster_repo.insert_learner(conn, learner("070123456AB", import_id))
        sessions_repo.insert_enrolment(
            conn,
            EnrolmentRecord("d" * 32, SESSION.session_id, "2026-11-30T08:00:00Z", "070123456AB"),
        )
        sessions_repo.insert_enrolment(conn, FREE)

    from_roster, free = sessions_repo.list_candidates(conn, SESSION.session_id)

    assert (from_roster.birth_name, from_roster.first_name, from_roster.division) == (
        "ŒUVRAY",
        "Lætitia",
        "3A",
    )
    assert (from_roster.external_id, from_roster.learner_ine) == ("070123456AB", "070123456AB")
    assert (free.birth_name, free.learner_ine, free.external_id) == ("BABBAGE", None, "L-9")
    assert free.extra_time_ratio == Decimal("0.33")
    assert sessions_repo.enrolled_learners(conn, SESSION.session_id) == {"070123456AB"}
    assert sessions_repo.count_candidates(conn, SESSION.session_id) == 2


def test_a_learner_is_enrolled_once_per_session(with_session: Database) -> None:
    conn = with_session.conn
    import_id = new_import(with_session)
    with write_transaction(conn):
        roster_repo.insert_learner(conn, learner("070123456AB", import_id))
    twice = [
        EnrolmentRecord(one * 32, SESSION.session_id, "2026-11-30T08:00:00Z", "070123456AB")
        for one in "de"
    ]

    def enrol_both() -> None:
        with write_transaction(conn):
            for enrolment in twice:
                sessions_repo.insert_enrolment(conn, enrolment)

    with pytest.raises(StoreError):
        enrol_both()
    assert sessions_repo.count_candidates(conn, SESSION.session_id) == 0


def test_a_free_candidate_needs_an_identity(with_session: Database) -> None:
    with pytest.raises(StoreError), write_transaction(with_session.conn) as conn:
        sessions_repo.insert_enrolment(conn, dataclasses.replace(FREE, birth_date="26/12/2009"))


def test_options_and_removal(with_session: Database) -> None:
    conn = with_session.conn
    with write_transaction(conn):
        sessions_repo.insert_enrolment(conn, FREE)
        assert sessions_repo.set_candidate_options(
            conn, FREE.candidate_id, accessibility_adjustment=True
        )
        assert not sessions_repo.set_candidate_options(conn, "x", extra_time_ratio=Decimal(1))

    row = sessions_repo.get_candidate(conn, FREE.candidate_id)
    assert row is not None
    assert (row.accessibility_adjustment, row.extra_time_ratio) == (True, Decimal("0.33"))
    with write_transaction(conn):
        assert sessions_repo.delete_enrolment(conn, FREE.candidate_id)
    assert sessions_repo.get_candidate(conn, FREE.candidate_id) is None
