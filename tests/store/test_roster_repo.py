"""The referent tables: the migration step, and the roster repository on a real store."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest
from sqlite_utils import Database

from pixdesk.domain.candidate import Sex
from pixdesk.store import roster_repo
from pixdesk.store.errors import StoreError
from pixdesk.store.migrations import MIGRATIONS
from pixdesk.store.referent_schema import REFERENT_TABLES
from pixdesk.store.roster_repo import ImportCounts, LearnerRecord, RosterSource
from pixdesk.store.transactions import write_transaction

REFERENT = ("roster_imports", "roster_learners", "planned_sessions", "session_invigilators")


def learner(ine: str, import_id: int, **changes: object) -> LearnerRecord:
    fields: dict[str, object] = {
        "ine": ine,
        "birth_name": "ŒUVRAY",
        "usage_name": "DUPRÉ",
        "first_name": "Lætitia",
        "other_first_names": ("Zoé", "Maëlle"),
        "sex": Sex.F,
        "birth_date": date(2010, 2, 4),
        "birth_country_code": "99100",
        "birth_department_code": "02A",
        "birth_insee_code": "2A004",
        "birth_city": "",
        "division": "3A",
        "mef_code": "10310019110",
        "status_code": "ST",
        "source_id": "2001",
        "active": True,
        "source": RosterSource.SIECLE,
        "import_id": import_id,
    }
    return LearnerRecord(**(fields | changes))  # type: ignore[arg-type]


def new_import(db: Database) -> int:
    with write_transaction(db.conn) as conn:
        return roster_repo.insert_import(
            conn,
            imported_at="2026-11-30T08:00:00Z",
            source=RosterSource.SIECLE,
            file_name="ElevesSansAdresses.xml",
            file_sha256="0" * 64,
            uai="0781234A",
            counts=ImportCounts(added=2, skipped=1),
        )


def test_the_migration_step_is_registered_and_creates_the_tables(db: Database) -> None:
    assert REFERENT_TABLES in MIGRATIONS
    version = db.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(MIGRATIONS)
    assert set(REFERENT) | {"enrolments"} <= set(db.table_names())
    assert "sessions" in db.table_names()  # the journal's projection is still there


def test_an_older_store_is_migrated_without_losing_its_data(
    opener: Callable[..., Database],
) -> None:
    """A store made before the referent step gets the tables and keeps its journal."""
    index = MIGRATIONS.index(REFERENT_TABLES)
    old = opener("old.db", migrations=MIGRATIONS[:index])
    old.conn.execute("CREATE TABLE marker (x INTEGER)")
    old.conn.execute("INSERT INTO marker VALUES (42)")
    old.close()

    new = opener("old.db")

    assert new.conn.execute("SELECT x FROM marker").fetchone() == (42,)
    assert "roster_learners" in new.table_names()


def test_learners_round_trip(db: Database) -> None:
    import_id = new_import(db)
    with write_transaction(db.conn) as conn:
        roster_repo.insert_learner(conn, learner("070123456AB", import_id))
        roster_repo.insert_learner(conn, learner("070123457CD", import_id, division="3B"))

    found = roster_repo.get_learner(db.conn, "070123456AB")

    assert found == learner("070123456AB", import_id)
    assert roster_repo.get_learner(db.conn, "nobody") is None
    assert [one.ine for one in roster_repo.list_learners(db.conn, division="3B")] == ["070123457CD"]
    assert roster_repo.list_divisions(db.conn) == [("3A", 1), ("3B", 1)]
    (log,) = roster_repo.list_imports(db.conn)
    assert (log.import_id, log.counts) == (import_id, ImportCounts(added=2, skipped=1))


def test_update_and_disable_never_delete(db: Database) -> None:
    import_id = new_import(db)
    with write_transaction(db.conn) as conn:
        roster_repo.insert_learner(conn, learner("070123456AB", import_id))
    later = new_import(db)
    with write_transaction(db.conn) as conn:
        roster_repo.update_learner(conn, learner("070123456AB", later, division="4A"))
        assert roster_repo.disable_learners(conn, ["070123456AB"], later) == 1
        assert roster_repo.disable_learners(conn, ["070123456AB"], later) == 0

    (stored,) = roster_repo.load_learners(db.conn)
    assert (stored.division, stored.active, stored.import_id) == ("4A", False, later)
    assert roster_repo.list_learners(db.conn) == []
    assert len(roster_repo.list_learners(db.conn, active_only=False)) == 1


def test_updating_an_unknown_learner_is_a_bug(db: Database) -> None:
    import_id = new_import(db)
    with pytest.raises(LookupError), write_transaction(db.conn) as conn:
        roster_repo.update_learner(conn, learner("070123456AB", import_id))
    assert not db.conn.in_transaction


@pytest.mark.parametrize(
    "changes",
    [{"ine": "070123456ab"}, {"ine": ""}, {"import_id": 999}],
)
def test_the_database_itself_refuses_bad_rows(db: Database, changes: dict[str, object]) -> None:
    import_id = new_import(db)
    record = dataclasses.replace(learner("070123456AB", import_id), **changes)
    with pytest.raises(StoreError), write_transaction(db.conn) as conn:
        roster_repo.insert_learner(conn, record)
    assert roster_repo.load_learners(db.conn) == []
