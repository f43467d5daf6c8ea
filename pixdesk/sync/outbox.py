"""The outbox table (``store/outbox_schema.py``): read it, and change it one transaction at a time.

Every writer here is one ``write_transaction``. The state of an entry moves only along
``states.TRANSITIONS``; a writer that finds an entry in another state changes nothing and
returns False or None (another process, the app and ``pixdesk sync`` at once, got there
first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from pixdesk.store.transactions import Connection, write_transaction
from pixdesk.sync.states import TRANSITIONS, OutboxState

_S = OutboxState

_COLUMNS: Final = (
    "bundle_id, file_name, stored_path, sha256, size, label, state, attempts, failures,"
    " enqueued_at, next_attempt_at, last_attempt_at, sent_bytes, last_error_code,"
    " last_error_message, receipt, delivered_at"
)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One row of the outbox.

    Attributes:
        bundle_id: The upload's id (the start of the sealed file's SHA-256).
        file_name: The name of the file that was enqueued (shown to people).
        stored_path: The outbox's copy, relative to the data directory; None once delivered.
        sha256: The sealed file's SHA-256.
        size: Its size in bytes.
        label: A caller's label (a session number), may be empty.
        state: Where it is.
        attempts: Attempts started.
        failures: Consecutive failed attempts (what the backoff grows with).
        enqueued_at: When it entered the outbox.
        next_attempt_at: Queued: due from; sending: lease end; otherwise None.
        last_attempt_at: When the last attempt started.
        sent_bytes: Bytes the receiver was last known to hold.
        last_error_code: The last failure's code (kept while queued for a retry).
        last_error_message: Its detail (the receiver's message, an exception's text).
        receipt: The receipt token once delivered.
        delivered_at: When the receipt was verified.
    """

    bundle_id: str
    file_name: str
    stored_path: str | None
    sha256: str
    size: int
    label: str
    state: OutboxState
    attempts: int
    failures: int
    enqueued_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    sent_bytes: int
    last_error_code: str | None
    last_error_message: str | None
    receipt: str | None
    delivered_at: datetime | None


def format_time(moment: datetime) -> str:
    """Return an aware instant as the outbox's text (UTC, microseconds, ``Z``, fixed width)."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no defined instant")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str | None) -> datetime | None:
    """Return the instant an outbox text stands for (None stays None)."""
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def get(conn: Connection, bundle_id: str) -> OutboxEntry | None:
    """Return one entry, or None."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM sync_outbox WHERE bundle_id = ?",  # noqa: S608 - fixed columns
        (bundle_id,),
    ).fetchone()
    return None if row is None else _entry(row)


def all_entries(conn: Connection) -> tuple[OutboxEntry, ...]:
    """Return every entry, the most recently enqueued first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM sync_outbox ORDER BY enqueued_at DESC, bundle_id"  # noqa: S608
    ).fetchall()
    return tuple(_entry(row) for row in rows)


def due(conn: Connection, now: datetime, *, force: bool = False) -> tuple[str, ...]:
    """Return the ids an attempt may take at ``now``, the longest waiting first.

    Args:
        conn: The store's connection.
        now: The current time.
        force: Take queued entries before their time too (a person asked to sync now);
            entries another attempt holds are never taken before their lease ends.
    """
    rows = conn.execute(
        "SELECT bundle_id FROM sync_outbox"
        " WHERE (state = 'queued' AND (? OR next_attempt_at <= ?))"
        " OR (state = 'sending' AND next_attempt_at <= ?)"
        " ORDER BY next_attempt_at, bundle_id",
        (1 if force else 0, format_time(now), format_time(now)),
    ).fetchall()
    return tuple(str(row[0]) for row in rows)


def insert(conn: Connection, entry: OutboxEntry) -> bool:
    """Add an entry; return False (and change nothing) when its id is already there."""
    values = _values(entry)
    with write_transaction(conn):
        # Not INSERT OR IGNORE: that would also drop, silently, a row breaking a CHECK.
        if get(conn, entry.bundle_id) is not None:
            return False
        conn.execute(
            f"INSERT INTO sync_outbox ({_COLUMNS})"  # noqa: S608 - fixed columns
            f" VALUES ({', '.join('?' * len(values))})",
            values,
        )
        return True


def set_stored_path(conn: Connection, bundle_id: str, stored_path: str) -> None:
    """Point an entry at a new copy of its file (the old one was lost)."""
    with write_transaction(conn):
        conn.execute(
            "UPDATE sync_outbox SET stored_path = ? WHERE bundle_id = ?", (stored_path, bundle_id)
        )


def claim(
    conn: Connection, bundle_id: str, now: datetime, lease_until: datetime, *, force: bool = False
) -> OutboxEntry | None:
    """Start an attempt: the entry becomes "sending" until ``lease_until``.

    Returns:
        The entry as claimed, or None when it is no longer due (another process took it, it
        was delivered meanwhile…).
    """
    with write_transaction(conn):
        entry = get(conn, bundle_id)
        if entry is None or entry.bundle_id not in due(conn, now, force=force):
            return None
        conn.execute(
            "UPDATE sync_outbox SET state = 'sending', attempts = attempts + 1,"
            " last_attempt_at = ?, next_attempt_at = ? WHERE bundle_id = ?",
            (format_time(now), format_time(lease_until), bundle_id),
        )
        return get(conn, bundle_id)


def record_delivered(conn: Connection, bundle_id: str, receipt: str, now: datetime) -> bool:
    """Store the verified receipt; the entry is delivered and its file no longer needed."""
    return _finish(
        conn,
        bundle_id,
        _S.DELIVERED,
        "state = 'delivered', receipt = ?, delivered_at = ?, next_attempt_at = NULL,"
        " stored_path = NULL, failures = 0, sent_bytes = size,"
        " last_error_code = NULL, last_error_message = NULL",
        (receipt, format_time(now)),
    )


def record_retry(
    conn: Connection,
    bundle_id: str,
    *,
    code: str,
    message: str,
    next_attempt_at: datetime,
    sent_bytes: int | None = None,
) -> bool:
    """Note a transient failure: queued again, due at ``next_attempt_at``."""
    return _finish(
        conn,
        bundle_id,
        _S.QUEUED,
        "state = 'queued', failures = failures + 1, next_attempt_at = ?,"
        " last_error_code = ?, last_error_message = ?, sent_bytes = coalesce(?, sent_bytes)",
        (format_time(next_attempt_at), code, message, sent_bytes),
    )


def record_failed(
    conn: Connection, bundle_id: str, *, code: str, message: str, sent_bytes: int | None = None
) -> bool:
    """Note a permanent failure: no more attempts until a person asks for one."""
    return _finish(
        conn,
        bundle_id,
        _S.FAILED,
        "state = 'failed', failures = failures + 1, next_attempt_at = NULL,"
        " last_error_code = ?, last_error_message = ?, sent_bytes = coalesce(?, sent_bytes)",
        (code, message, sent_bytes),
    )


def requeue(conn: Connection, bundle_id: str, now: datetime) -> bool:
    """Put a failed entry back in the queue, due now, its backoff reset."""
    return _finish(
        conn,
        bundle_id,
        _S.QUEUED,
        "state = 'queued', failures = 0, next_attempt_at = ?,"
        " last_error_code = NULL, last_error_message = NULL",
        (format_time(now),),
        sources=(_S.FAILED,),
    )


def _finish(
    conn: Connection,
    bundle_id: str,
    target: OutboxState,
    assignments: str,
    params: tuple[Any, ...],
    *,
    sources: tuple[OutboxState, ...] = (_S.SENDING,),
) -> bool:
    allowed = [state.value for state in sources if target in TRANSITIONS[state]]
    marks = ", ".join("?" * len(allowed))
    with write_transaction(conn):
        cursor = conn.execute(
            f"UPDATE sync_outbox SET {assignments}"  # noqa: S608 - fixed text of this module
            f" WHERE bundle_id = ? AND state IN ({marks})",
            (*params, bundle_id, *allowed),
        )
        return bool(cursor.rowcount)


def _values(entry: OutboxEntry) -> tuple[Any, ...]:
    def when(moment: datetime | None) -> str | None:
        return None if moment is None else format_time(moment)

    return (
        entry.bundle_id,
        entry.file_name,
        entry.stored_path,
        entry.sha256,
        entry.size,
        entry.label,
        entry.state.value,
        entry.attempts,
        entry.failures,
        format_time(entry.enqueued_at),
        when(entry.next_attempt_at),
        when(entry.last_attempt_at),
        entry.sent_bytes,
        entry.last_error_code,
        entry.last_error_message,
        entry.receipt,
        when(entry.delivered_at),
    )


def _entry(row: Any) -> OutboxEntry:
    enqueued = parse_time(row[9])
    assert enqueued is not None  # NOT NULL column
    return OutboxEntry(
        bundle_id=row[0],
        file_name=row[1],
        stored_path=row[2],
        sha256=row[3],
        size=int(row[4]),
        label=row[5],
        state=OutboxState(row[6]),
        attempts=int(row[7]),
        failures=int(row[8]),
        enqueued_at=enqueued,
        next_attempt_at=parse_time(row[10]),
        last_attempt_at=parse_time(row[11]),
        sent_bytes=int(row[12]),
        last_error_code=row[13],
        last_error_message=row[14],
        receipt=row[15],
        delivered_at=parse_time(row[16]),
    )
