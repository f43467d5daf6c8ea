"""Projections: what screens read, always equal to a rebuild from the journal alone."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlite_utils import Database

from pixdesk.store import projections
from pixdesk.store.event_types import EventType as T
from pixdesk.store.journal import Journal
from tests.store.helpers import Clock, answer, seal, signing_key

SESSION = "sess-2026-001"


def _sync(console: Journal, station: Journal, limit: int | None = None) -> None:
    """Send the console what it lacks of ``station``'s journal, as the lab link does."""
    acknowledged = console.head_of(station.station_id).seq
    batch = station.export_after(station.station_id, acknowledged, limit=limit)
    report = console.import_events(batch, station.public_key)
    assert report.ok, report


def _run_session(console: Journal, l1: Journal, l2: Journal, rng: random.Random) -> int:
    """Play a session with two learner stations; return the number of events written."""
    clock = Clock()
    written = 0

    def on(journal: Journal, event_type: T, **body: Any) -> None:
        nonlocal written
        journal.append(event_type, body, **clock.tick())
        written += 1

    on(console, T.SESSION_OPENED, session_id=SESSION, number="1042", room="Salle B12")
    on(l1, T.CANDIDATE_JOINED, candidate_id="cand-A", session_id=SESSION)
    on(l2, T.CANDIDATE_JOINED, candidate_id="cand-B", session_id=SESSION)
    _sync(console, l1)
    _sync(console, l2)
    on(console, T.PRESENCE_CONFIRMED, candidate_id="cand-A")
    on(console, T.PRESENCE_CONFIRMED, candidate_id="cand-B")
    on(console, T.PRESENCE_CANCELLED, candidate_id="cand-B")
    on(console, T.PRESENCE_CONFIRMED, candidate_id="cand-B")
    on(l1, T.TEST_STARTED, candidate_id="cand-A")
    on(l2, T.TEST_STARTED, candidate_id="cand-B")
    for index in range(6):
        on(l1, T.ANSWER_SAVED, **answer("cand-A", index, rng.choice(["ok", "ko", "skipped"])))
        on(l2, T.ANSWER_SAVED, **answer("cand-B", index, "ok"))
    on(l1, T.ANSWER_SAVED, **answer("cand-A", 3, "timed_out"))  # asked again after a resume
    on(l1, T.ALERT_RAISED, alert_id="alert-1", candidate_id="cand-A", question_index=6)
    _sync(console, l1, limit=4)
    _sync(console, l1)
    on(console, T.ALERT_VALIDATED, alert_id="alert-1", subcategory="E1")
    on(l2, T.ALERT_RAISED, alert_id="alert-2", candidate_id="cand-B", question_index=6)
    # The console resolves alert-2 from its live view before the raise reaches its replica.
    on(console, T.ALERT_DISMISSED, alert_id="alert-2")
    _sync(console, l2)
    on(
        console,
        T.INCIDENT_RECORDED,
        incident_id="inc-1",
        code="C7",
        description="Écran figé, redémarrage du poste",
        candidate_id="cand-A",
    )
    on(
        console,
        T.INCIDENT_RECORDED,
        incident_id="inc-2",
        code="E4",
        description="Site KO",
        candidate_id="cand-B",
        question_index=4,
    )
    # The invigilator ends cand-A's test while the station, offline, completes it.
    on(console, T.TEST_ENDED, candidate_id="cand-A", reason="invigilator")
    on(l1, T.TEST_ENDED, candidate_id="cand-A", reason="completed")
    on(l2, T.TEST_ENDED, candidate_id="cand-B", reason="completed")
    _sync(console, l1)
    _sync(console, l2)
    # A late click on the console: cand-B's completion is already known, it stays.
    on(console, T.TEST_ENDED, candidate_id="cand-B", reason="invigilator")
    on(console, T.SESSION_FINALISED, session_id=SESSION)
    return written


def _dump(db: Database) -> dict[str, Any]:
    """Return every projection table's schema and rows, in a stable order."""
    dumped: dict[str, Any] = {}
    for name in projections.TABLES:
        (sql,) = db.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        rows = db.conn.execute(f'SELECT * FROM "{name}"').fetchall()
        dumped[name] = (sql, sorted(rows, key=repr))
    return dumped


@pytest.fixture
def room(
    opener: Callable[..., Database], rng: random.Random
) -> tuple[Database, Journal, Journal, Journal]:
    console_db = opener("console.db")
    console = Journal(console_db, "console", signing_key(rng))
    l1 = Journal(opener("learner-1.db"), "learner-1", signing_key(rng))
    l2 = Journal(opener("learner-2.db"), "learner-2", signing_key(rng))
    _run_session(console, l1, l2, rng)
    return console_db, console, l1, l2


def test_projections_show_the_session(room: tuple[Database, Journal, Journal, Journal]) -> None:
    db = room[0]
    cand_a, cand_b = (
        db.conn.execute(
            "SELECT station_id, presence_confirmed_at IS NOT NULL, presence_cancelled_at,"
            " started_at IS NOT NULL, ended_at IS NOT NULL, end_reason FROM candidates"
            " WHERE candidate_id = ?",
            (candidate,),
        ).fetchone()
        for candidate in ("cand-A", "cand-B")
    )
    assert cand_a == ("learner-1", 1, None, 1, 1, "invigilator")  # the first end wins
    assert cand_b == ("learner-2", 1, None, 1, 1, "completed")
    assert db.conn.execute(
        "SELECT status, station_id FROM answers WHERE candidate_id = 'cand-A'"
        " AND question_index = 3"
    ).fetchone() == ("timed_out", "learner-1")
    assert db.conn.execute("SELECT count(*) FROM answers").fetchone() == (12,)
    alerts = db.conn.execute(
        "SELECT alert_id, candidate_id, question_index, raised_at IS NOT NULL, resolution,"
        " subcategory FROM alerts ORDER BY alert_id"
    ).fetchall()
    assert alerts == [
        ("alert-1", "cand-A", 6, 1, "validated", "E1"),
        ("alert-2", "cand-B", 6, 1, "dismissed", None),
    ]
    assert db.conn.execute("SELECT count(*) FROM incidents").fetchone() == (2,)
    assert db.conn.execute(
        "SELECT number, room, opened_at IS NOT NULL, finalised_at IS NOT NULL FROM sessions"
    ).fetchone() == ("1042", "Salle B12", 1, 1)


def test_rebuild_equals_incremental(room: tuple[Database, Journal, Journal, Journal]) -> None:
    db, console, l1, l2 = room
    incremental = _dump(db)
    assert all(rows for _, rows in incremental.values())
    replayed = projections.rebuild(db)
    assert replayed == db.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert _dump(db) == incremental
    for station in (console, l1, l2):
        assert console.verify(station.station_id, station.public_key).ok


def test_rebuild_on_a_learner_station(room: tuple[Database, Journal, Journal, Journal]) -> None:
    learner = room[2]
    assert learner.rebuild_projections() == learner.head.seq


def test_rebuild_repairs_damaged_projections(
    room: tuple[Database, Journal, Journal, Journal],
) -> None:
    db = room[0]
    incremental = _dump(db)
    db.conn.execute("DELETE FROM answers WHERE question_index > 2")
    db.conn.execute("UPDATE candidates SET end_reason = 'completed'")
    db.conn.execute("DROP TABLE incidents")
    assert _dump_safely(db) != incremental
    projections.rebuild(db)
    assert _dump(db) == incremental


def _dump_safely(db: Database) -> dict[str, Any]:
    try:
        return _dump(db)
    except TypeError:  # a dropped table has no schema row
        return {}


def test_unknown_event_types_are_kept_not_projected(
    db: Database, journal: Journal, rng: random.Random
) -> None:
    """A newer station's event type is replicated and verified, and ignored by projections."""
    newer_key = signing_key(rng)
    first = seal(
        newer_key,
        station_id="learner-9",
        seq=1,
        prev_hash="0" * 64,
        event_type="learner.focus_lost",
        body={"candidate_id": "cand-Z", "seconds": 4},
    )
    second = seal(
        newer_key,
        station_id="learner-9",
        seq=2,
        prev_hash=first.hash,
        event_type="answer.saved",
        body=answer("cand-Z", 0),
    )
    report = journal.import_events([first, second], newer_key.public_key())
    assert report.applied == 2
    assert journal.verify("learner-9", newer_key.public_key()).ok
    before = _dump(db)
    assert projections.rebuild(db) == 1
    assert _dump(db) == before
    assert db.conn.execute("SELECT count(*) FROM answers").fetchone() == (1,)
