"""The tables screens read, as projections of the journal.

Each projection is updated by the transaction that appends or imports the event, and can be
thrown away and rebuilt from the ``events`` table alone (:func:`rebuild`). Rebuilding replays
events in their local order of application (``events.local_order``), which is the order incremental
updates saw, so the result is identical.

Projections carry timestamps, not statuses: a candidate's status is derived from them by the
domain. Rows are upserted by whichever event arrives first, because replicas of different
stations arrive in any order (the console may learn of an alert's resolution before the
station's "alert raised" reaches it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pixdesk.store.event_types import EventType, check_body

Connection = Any
"""A sqlcipher3 connection (the driver ships no type information)."""

TABLES: Mapping[str, str] = {
    "sessions": """
        CREATE TABLE sessions (
            session_id TEXT PRIMARY KEY,
            number TEXT,
            room TEXT,
            station_id TEXT,
            opened_at TEXT,
            finalised_at TEXT
        ) WITHOUT ROWID""",
    "candidates": """
        CREATE TABLE candidates (
            candidate_id TEXT PRIMARY KEY,
            session_id TEXT,
            station_id TEXT,
            joined_at TEXT,
            presence_confirmed_at TEXT,
            presence_cancelled_at TEXT,
            started_at TEXT,
            ended_at TEXT,
            end_reason TEXT
        ) WITHOUT ROWID""",
    "answers": """
        CREATE TABLE answers (
            candidate_id TEXT NOT NULL,
            question_index INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            status TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            station_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (candidate_id, question_index)
        ) WITHOUT ROWID""",
    "alerts": """
        CREATE TABLE alerts (
            alert_id TEXT PRIMARY KEY,
            candidate_id TEXT,
            question_index INTEGER,
            raised_at TEXT,
            resolution TEXT,
            subcategory TEXT,
            resolved_at TEXT
        ) WITHOUT ROWID""",
    "incidents": """
        CREATE TABLE incidents (
            incident_id TEXT PRIMARY KEY,
            candidate_id TEXT,
            question_index INTEGER,
            code TEXT NOT NULL,
            description TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            station_id TEXT NOT NULL
        ) WITHOUT ROWID""",
}


@dataclass(frozen=True, slots=True)
class Applied:
    """What a projection needs to know about an event besides its body."""

    station_id: str
    seq: int
    wall_time: str


_Handler = Callable[[Connection, Applied, Mapping[str, Any]], None]

_ENSURE_CANDIDATE = "INSERT INTO candidates (candidate_id) VALUES (?) ON CONFLICT DO NOTHING"


def _session_opened(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    conn.execute(
        "INSERT INTO sessions (session_id, number, room, station_id, opened_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
        " number = excluded.number, room = excluded.room, station_id = excluded.station_id,"
        " opened_at = coalesce(sessions.opened_at, excluded.opened_at)",
        (body["session_id"], body["number"], body["room"], at.station_id, at.wall_time),
    )


def _session_finalised(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    conn.execute(
        "INSERT INTO sessions (session_id, finalised_at) VALUES (?, ?)"
        " ON CONFLICT (session_id) DO UPDATE SET"
        " finalised_at = coalesce(sessions.finalised_at, excluded.finalised_at)",
        (body["session_id"], at.wall_time),
    )


def _candidate_joined(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    # A candidate who moves to another PC after a crash joins again: the station changes,
    # the first join time stays.
    conn.execute(
        "INSERT INTO candidates (candidate_id, session_id, station_id, joined_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (candidate_id) DO UPDATE SET"
        " session_id = excluded.session_id, station_id = excluded.station_id,"
        " joined_at = coalesce(candidates.joined_at, excluded.joined_at)",
        (body["candidate_id"], body["session_id"], at.station_id, at.wall_time),
    )


def _candidate_update(sql_set: str) -> _Handler:
    def handler(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
        conn.execute(_ENSURE_CANDIDATE, (body["candidate_id"],))
        conn.execute(
            f"UPDATE candidates SET {sql_set} WHERE candidate_id = :candidate_id",  # noqa: S608
            {
                "at": at.wall_time,
                "candidate_id": body["candidate_id"],
                "reason": body.get("reason"),
            },
        )

    return handler


def _answer_saved(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    # The hot path: one statement. A question answered again (after a resume) keeps the last.
    conn.execute(
        "INSERT INTO answers (candidate_id, question_index, item_id, status, answered_at,"
        " station_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (candidate_id, question_index) DO UPDATE SET item_id = excluded.item_id,"
        " status = excluded.status, answered_at = excluded.answered_at,"
        " station_id = excluded.station_id, seq = excluded.seq",
        (
            body["candidate_id"],
            body["question_index"],
            body["item_id"],
            body["status"],
            at.wall_time,
            at.station_id,
            at.seq,
        ),
    )


def _alert_raised(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    conn.execute(
        "INSERT INTO alerts (alert_id, candidate_id, question_index, raised_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET"
        " candidate_id = excluded.candidate_id, question_index = excluded.question_index,"
        " raised_at = excluded.raised_at",
        (body["alert_id"], body["candidate_id"], body["question_index"], at.wall_time),
    )


def _alert_resolved(resolution: str) -> _Handler:
    def handler(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
        conn.execute(
            "INSERT INTO alerts (alert_id, resolution, subcategory, resolved_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET"
            " resolution = excluded.resolution, subcategory = excluded.subcategory,"
            " resolved_at = excluded.resolved_at",
            (body["alert_id"], resolution, body.get("subcategory"), at.wall_time),
        )

    return handler


def _incident_recorded(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO incidents (incident_id, candidate_id, question_index, code,"
        " description, recorded_at, station_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            body["incident_id"],
            body.get("candidate_id"),
            body.get("question_index"),
            body["code"],
            body["description"],
            at.wall_time,
            at.station_id,
        ),
    )


def _no_projection(conn: Connection, at: Applied, body: Mapping[str, Any]) -> None:
    """Keep the event in the journal only: no screen reads it from a table."""


_HANDLERS: Mapping[EventType, _Handler] = {
    EventType.SESSION_OPENED: _session_opened,
    EventType.SESSION_FINALISED: _session_finalised,
    EventType.CANDIDATE_JOINED: _candidate_joined,
    EventType.PRESENCE_CONFIRMED: _candidate_update(
        "presence_confirmed_at = :at, presence_cancelled_at = NULL"
    ),
    EventType.PRESENCE_CANCELLED: _candidate_update(
        "presence_cancelled_at = :at, presence_confirmed_at = NULL"
    ),
    EventType.TEST_STARTED: _candidate_update("started_at = coalesce(started_at, :at)"),
    # The first end wins: the console may end a test the station has just completed.
    EventType.TEST_ENDED: _candidate_update(
        "ended_at = coalesce(ended_at, :at), end_reason = coalesce(end_reason, :reason)"
    ),
    EventType.ANSWER_SAVED: _answer_saved,
    EventType.ALERT_RAISED: _alert_raised,
    EventType.ALERT_VALIDATED: _alert_resolved("validated"),
    EventType.ALERT_DISMISSED: _alert_resolved("dismissed"),
    EventType.INCIDENT_RECORDED: _incident_recorded,
    # Console bookkeeping: the console's room folds these itself (services/console_room.py).
    EventType.STATION_ADMITTED: _no_projection,
    EventType.COMMAND_ISSUED: _no_projection,
    EventType.TIME_CREDIT_PROPOSED: _no_projection,
    EventType.TIME_CREDIT_ACCEPTED: _no_projection,
    EventType.TIME_CREDIT_REFUSED: _no_projection,
    EventType.RESUME_CODES_ISSUED: _no_projection,
    # Learner-mode records: read from the journal itself (the station's replay), no table.
    EventType.COMMAND_RECEIVED: _no_projection,
    EventType.QUESTION_SHOWN: _no_projection,
    EventType.FOCUS_LOST: _no_projection,
    EventType.TEST_INTERRUPTED: _no_projection,
    EventType.TEST_RESUMED: _no_projection,
    EventType.EXAM_MODE_DEGRADED: _no_projection,
    EventType.TEST_TRANSFERRED: _no_projection,
    EventType.RESUME_CODE_REFUSED: _no_projection,
}


def create_tables(conn: Connection) -> None:
    """Create every projection table (inside the caller's transaction)."""
    for sql in TABLES.values():
        conn.execute(sql)


def apply(conn: Connection, event_type: EventType, at: Applied, body: Mapping[str, Any]) -> None:
    """Update the projections for one event (inside the caller's transaction)."""
    _HANDLERS[event_type](conn, at, body)


def rebuild(db: Any) -> int:
    """Drop every projection and rebuild it from the events alone, in one transaction.

    Args:
        db: The sqlite-utils ``Database`` (or a raw connection) of the store.

    Returns:
        The number of events replayed into a projection.
    """
    conn = getattr(db, "conn", db)
    replayed = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name in TABLES:
            conn.execute(f'DROP TABLE IF EXISTS "{name}"')
        create_tables(conn)
        # A cursor of its own, iterated lazily: a console's journal may not fit in memory.
        rows = conn.cursor().execute(
            "SELECT station_id, seq, wall_time, type, body FROM events ORDER BY local_order"
        )
        for station_id, seq, wall_time, type_, body_bytes in rows:
            replayed += replay_one(conn, Applied(station_id, seq, wall_time), type_, body_bytes)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return replayed


def replay_one(conn: Connection, at: Applied, type_: str, body_bytes: bytes) -> int:
    """Project one stored event; return 1 if a projection used it, 0 for unknown types."""
    body = json.loads(body_bytes)
    known = check_body(type_, body)
    if known is None:
        return 0
    apply(conn, known, at, body)
    return 1
