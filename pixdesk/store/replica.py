"""Import another station's events into this database's replica of its chain.

Semantics (docs/journal.md, "Replicas"): events are taken in seq order; an exact copy of an
event already held is a duplicate and ignored; the next seq is applied only if its hash and
signature check out and it links to the held head; a seq past the next one is a gap and
nothing beyond it is applied; a validly signed event that differs from the one held at its seq
(or that does not link to the held head) is a fork, reported and never merged. Everything
before the first problem is applied, in one transaction. ``import_batches`` applies several
stations' batches in one transaction (one commit for a console's whole queue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.store import projections
from pixdesk.store.chain import (
    ChainHead,
    insert_events,
    move_heads,
    read_event,
    read_head,
    read_heads,
    read_last_order,
)
from pixdesk.store.events import CheckedEvent, Event, Problem, check_event, inspect_event


@dataclass(frozen=True, slots=True)
class Rejection:
    """An event refused because it does not check out on its own."""

    seq: int
    problem: Problem
    detail: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        station_id: The chain imported into.
        applied: New events stored (and projected).
        duplicates: Events already held, byte for byte.
        gap_at: The first missing seq, if the batch skipped one.
        fork_at: The seq where the batch contradicts the chain held.
        rejected: Events refused (bad hash, signature or body); nothing after them is applied.
        head_seq: The last seq now held: what the receiver acknowledges.
    """

    station_id: str
    applied: int = 0
    duplicates: int = 0
    gap_at: int | None = None
    fork_at: int | None = None
    rejected: tuple[Rejection, ...] = ()
    head_seq: int = 0

    @property
    def ok(self) -> bool:
        """Whether every event was applied or already held."""
        return self.gap_at is None and self.fork_at is None and not self.rejected


def import_events(conn: Any, events: Iterable[Event], public_key: Ed25519PublicKey) -> ImportReport:
    """Apply ``events`` (all from one station) to the replica of that station's chain.

    Args:
        conn: The store's connection, outside any transaction.
        events: Events of a single station, in any order.
        public_key: That station's verification key.

    Returns:
        The report; problems are reported, never raised.

    Raises:
        ValueError: The batch mixes stations.
    """
    return import_batches(conn, [(events, public_key)])[0]


def import_batches(
    conn: Any, batches: Sequence[tuple[Iterable[Event], Ed25519PublicKey]]
) -> list[ImportReport]:
    """Apply several stations' batches in ONE transaction, each as :func:`import_events` would.

    A console receiving from hundreds of stations would otherwise pay one commit (an fsync)
    per station batch; grouping them makes the commit cost per drain of its queue instead.
    The batches are independent: a gap, fork or rejection in one stops only that one.
    Within the transaction the heads are read in one statement, each event is checked and
    projected in order, and the new events and heads are written at the end in one
    statement run each (``chain.insert_events``, ``chain.move_heads``).

    Args:
        conn: The store's connection, outside any transaction.
        batches: ``(events of one station, that station's key)`` pairs; two pairs may name
            the same station (applied in the given order).

    Returns:
        One report per batch, in the same order.

    Raises:
        ValueError: A batch mixes stations; nothing is applied.
    """
    sorted_batches = [(_single_station(events), key) for events, key in batches]
    reports: list[ImportReport] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        stations = [batch[0].station_id for batch, _key in sorted_batches if batch]
        work = _Transaction(conn, read_last_order(conn), read_heads(conn, stations))
        for batch, public_key in sorted_batches:
            reports.append(_import_one(work, batch, public_key))
        work.write()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return reports


def _single_station(events: Iterable[Event]) -> list[Event]:
    batch = sorted(events, key=lambda e: e.seq)
    if batch and any(e.station_id != batch[0].station_id for e in batch):
        raise ValueError("an import batch must hold the events of one station")
    return batch


class _Transaction:
    """What an import transaction has applied so far; events and heads are written last.

    Args:
        conn: The connection, inside the write transaction.
        order: The last local order applied in this database.
        heads: The stored head of every station the transaction may touch.
    """

    def __init__(self, conn: Any, order: int, heads: dict[str, ChainHead]) -> None:
        """Start from the stored state."""
        self.conn = conn
        self.order = order
        self.heads = heads
        self._read = {sid: head.seq for sid, head in heads.items()}
        self._last_order: dict[str, int] = {}
        self._events: dict[tuple[str, int], tuple[Event, int]] = {}

    def head(self, station_id: str) -> ChainHead:
        """Return the station's head, counting what this transaction applied."""
        head = self.heads.get(station_id)
        if head is None:  # not named when the transaction started (never, via import_batches)
            head = self.heads[station_id] = read_head(self.conn, station_id)
            self._read[station_id] = head.seq
        return head

    def held(self, station_id: str, seq: int) -> Event | None:
        """Return the event held at (station_id, seq), applied here or stored before."""
        pending = self._events.get((station_id, seq))
        return pending[0] if pending is not None else read_event(self.conn, station_id, seq)

    def apply(self, event: Event, checked: CheckedEvent) -> None:
        """Apply a checked event that continues its station's head; project it now."""
        self.order += 1
        self._events[(event.station_id, event.seq)] = (event, self.order)
        self._last_order[event.station_id] = self.order
        if checked.known is not None:
            at = projections.Applied(event.station_id, event.seq, event.wall_time)
            projections.apply(self.conn, checked.known, at, checked.body)
        self.heads[event.station_id] = ChainHead(event.station_id, event.seq, event.hash)

    def write(self) -> None:
        """Insert the applied events and move their stations' heads.

        Raises:
            RuntimeError: A head moved behind this transaction's back (nothing is kept).
        """
        insert_events(self.conn, list(self._events.values()))
        moves = [
            (self.heads[sid], order, self._read[sid]) for sid, order in self._last_order.items()
        ]
        if not move_heads(self.conn, moves):
            raise RuntimeError("chain head moved during import")


def _import_one(
    work: _Transaction, batch: list[Event], public_key: Ed25519PublicKey
) -> ImportReport:
    """Apply one station's sorted batch inside the caller's transaction."""
    if not batch:
        return ImportReport(station_id="")
    station_id = batch[0].station_id
    applied = duplicates = 0
    gap_at = fork_at = None
    rejected: list[Rejection] = []
    head = work.head(station_id)
    head_seq, head_hash = head.seq, head.hash
    for event in batch:
        if event.seq < 1:
            rejected.append(Rejection(event.seq, Problem.GAP, "seq must be 1 or more"))
            break
        if event.seq <= head_seq:
            held = work.held(station_id, event.seq)
            if held == event:
                duplicates += 1
                continue
            problem = check_event(event, public_key)
            if problem is not None:
                rejected.append(Rejection(event.seq, *problem))
            elif held is None:
                # Our own copy lost this seq: only verify() can say more.
                rejected.append(Rejection(event.seq, Problem.GAP, "held chain lacks it"))
            else:
                fork_at = event.seq
            break
        if event.seq > head_seq + 1:
            gap_at = head_seq + 1
            break
        checked = inspect_event(event, public_key)
        if not isinstance(checked, CheckedEvent):
            rejected.append(Rejection(event.seq, *checked))
            break
        if event.prev_hash != head_hash:
            # Validly signed yet not continuing our copy: the station wrote two histories.
            fork_at = event.seq
            break
        work.apply(event, checked)
        head_seq, head_hash = event.seq, event.hash
        applied += 1
    return ImportReport(
        station_id=station_id,
        applied=applied,
        duplicates=duplicates,
        gap_at=gap_at,
        fork_at=fork_at,
        rejected=tuple(rejected),
        head_seq=head_seq,
    )
