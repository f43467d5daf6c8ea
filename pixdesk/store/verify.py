"""Walk one station's chain and report the first thing wrong with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.store.chain import read_head
from pixdesk.store.events import EVENT_COLUMNS, ZERO_HASH, Event, Problem, check_event


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of walking a chain.

    Attributes:
        station_id: The chain walked.
        checked: How many events, from seq 1, checked out before the problem (or in all).
        problem: The first problem found, or ``None``.
        seq: The seq the problem concerns (the missing seq for a gap).
        detail: A short English explanation for logs.
    """

    station_id: str
    checked: int
    problem: Problem | None = None
    seq: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the whole chain checked out."""
        return self.problem is None


def verify_chain(conn: Any, station_id: str, public_key: Ed25519PublicKey) -> VerifyResult:
    """Check every event of ``station_id`` from seq 1, then the stored chain head.

    For each event, in order: its seq follows the previous one (else ``GAP``), its
    ``prev_hash`` is the previous event's hash (``BROKEN_LINK``), its hash matches its fields
    (``BAD_HASH``), its signature verifies (``BAD_SIGNATURE``), its body is a canonical JSON
    object with the fields of its type (``BAD_BODY``). Last, the chain head must name the last
    event: a head further on means the tail was deleted (``GAP``), any other difference is a
    ``HEAD_MISMATCH``.

    Args:
        conn: The store's connection.
        station_id: The chain to walk.
        public_key: The station's verification key.

    Returns:
        The result; problems are reported, never raised.
    """
    expected = 1
    prev_hash = ZERO_HASH
    # Its own cursor, iterated lazily: a console holds long replicas.
    rows = conn.cursor().execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE station_id = ? ORDER BY seq",  # noqa: S608
        (station_id,),
    )
    try:
        for row in rows:
            event = Event.from_row(tuple(row))
            checked = expected - 1
            if event.seq != expected:
                return VerifyResult(
                    station_id, checked, Problem.GAP, expected, f"next stored seq is {event.seq}"
                )
            if event.prev_hash != prev_hash:
                return VerifyResult(
                    station_id,
                    checked,
                    Problem.BROKEN_LINK,
                    expected,
                    "prev_hash is not the previous event's hash",
                )
            found = check_event(event, public_key)
            if found is not None:
                return VerifyResult(station_id, checked, found[0], expected, found[1])
            prev_hash = event.hash
            expected += 1
    finally:
        rows.close()
    last = expected - 1
    head = read_head(conn, station_id)
    if head.seq > last:
        return VerifyResult(
            station_id, last, Problem.GAP, expected, f"chain head is at seq {head.seq}"
        )
    if head.seq != last or head.hash != prev_hash:
        return VerifyResult(
            station_id,
            last,
            Problem.HEAD_MISMATCH,
            head.seq,
            f"chain head (seq {head.seq}) does not name the last event (seq {last})",
        )
    return VerifyResult(station_id, last)
