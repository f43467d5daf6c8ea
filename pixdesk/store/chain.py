"""The SQL that writes events and chain heads, shared by appends and replica imports.

Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pixdesk.store import projections
from pixdesk.store.event_types import EventType
from pixdesk.store.events import EVENT_COLUMNS, ZERO_HASH, Event

INSERT_EVENT = (
    f"INSERT INTO events ({EVENT_COLUMNS}, local_order)"  # noqa: S608
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# Moves the head only if it is still where this writer believes it is: a second writer on the
# same chain (another process, a stale cache) then changes no row and the caller rolls back.
UPSERT_HEAD = (
    "INSERT INTO chain_heads (station_id, seq, hash, last_order) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (station_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
    " last_order = excluded.last_order WHERE chain_heads.seq = ?"
)
SELECT_EVENT = f"SELECT {EVENT_COLUMNS} FROM events WHERE station_id = ? AND seq = ?"  # noqa: S608


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last event of a station's chain as this database holds it (seq 0: empty)."""

    station_id: str
    seq: int
    hash: str


def read_head(conn: Any, station_id: str) -> ChainHead:
    """Return the stored chain head of ``station_id``."""
    row = conn.execute(
        "SELECT seq, hash FROM chain_heads WHERE station_id = ?", (station_id,)
    ).fetchone()
    if row is None:
        return ChainHead(station_id, 0, ZERO_HASH)
    return ChainHead(station_id, int(row[0]), str(row[1]))


def read_heads(conn: Any, station_ids: Collection[str]) -> dict[str, ChainHead]:
    """Return the stored chain heads of several stations (seq 0 for those without one).

    One statement per :data:`_HEADS_PER_SELECT` stations instead of one per station.
    """
    ids = list(dict.fromkeys(station_ids))
    heads = {sid: ChainHead(sid, 0, ZERO_HASH) for sid in ids}
    for start in range(0, len(ids), _HEADS_PER_SELECT):
        chunk = ids[start : start + _HEADS_PER_SELECT]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT station_id, seq, hash FROM chain_heads WHERE station_id IN ({marks})",  # noqa: S608
            chunk,
        )
        for station_id, seq, hash_ in rows:
            heads[station_id] = ChainHead(str(station_id), int(seq), str(hash_))
    return heads


_HEADS_PER_SELECT = 500  # under SQLite's oldest limit of 999 host parameters


def insert_events(conn: Any, rows: Sequence[tuple[Event, int]]) -> None:
    """Insert checked events with their local order, in one statement run (no projection).

    Args:
        conn: The connection, inside a write transaction.
        rows: ``(event, local order)`` pairs; the caller has checked every link.
    """
    conn.executemany(INSERT_EVENT, [(*_event_columns(event), order) for event, order in rows])


def move_heads(conn: Any, moves: Sequence[tuple[ChainHead, int, int]]) -> bool:
    """Move several chain heads, each only if it is still where the caller read it.

    Args:
        conn: The connection, inside a write transaction.
        moves: ``(new head, its last local order, the head seq read before)`` per station,
            one entry per station.

    Returns:
        Whether every head moved; ``False`` means another writer got there first and the
        caller must roll back.
    """
    if not moves:
        return True
    cursor = conn.executemany(
        UPSERT_HEAD,
        [(head.station_id, head.seq, head.hash, order, before) for head, order, before in moves],
    )
    return bool(cursor.rowcount == len(moves))


def _event_columns(event: Event) -> tuple[Any, ...]:
    return (
        event.station_id,
        event.seq,
        event.prev_hash,
        event.hash,
        event.mono_ns,
        event.wall_time,
        event.type,
        event.body,
        event.signature,
    )


def read_last_order(conn: Any) -> int:
    """Return the local order of the last event applied to this database (0 if none)."""
    (value,) = conn.execute("SELECT coalesce(max(last_order), 0) FROM chain_heads").fetchone()
    return int(value)


def write_event(
    conn: Any,
    event: Event,
    known: EventType | None,
    body: Mapping[str, Any],
    *,
    head_seq: int,
    order: int,
) -> bool:
    """Insert ``event``, update the projections and move the chain head.

    Args:
        conn: The connection, inside a write transaction.
        event: The checked event; its seq must be ``head_seq + 1``.
        known: Its type if this version knows it (unknown types are kept, not projected).
        body: The decoded body.
        head_seq: The head seq the writer believes in.
        order: The event's local order of application (one more than the last).

    Returns:
        Whether the head moved; ``False`` means another writer got there first and the
        caller must roll back.
    """
    conn.execute(INSERT_EVENT, (*_event_columns(event), order))
    if known is not None:
        projections.apply(
            conn, known, projections.Applied(event.station_id, event.seq, event.wall_time), body
        )
    cursor = conn.execute(UPSERT_HEAD, (event.station_id, event.seq, event.hash, order, head_seq))
    return bool(cursor.rowcount == 1)


def read_event(conn: Any, station_id: str, seq: int) -> Event | None:
    """Return the stored event at (station_id, seq), if any."""
    row = conn.execute(SELECT_EVENT, (station_id, seq)).fetchone()
    return None if row is None else Event.from_row(tuple(row))
