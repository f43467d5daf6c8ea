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

from pixdesk.store.chain import read_event, read_head, read_last_order, write_event
from pixdesk.store.event_types import check_body
from pixdesk.store.events import Event, Problem, check_event


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
        order = read_last_order(conn)
        for batch, public_key in sorted_batches:
            report, order = _import_one(conn, batch, public_key, order)
            reports.append(report)
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


def _import_one(
    conn: Any, batch: list[Event], public_key: Ed25519PublicKey, order: int
) -> tuple[ImportReport, int]:
    """Apply one station's sorted batch inside the caller's transaction."""
    if not batch:
        return ImportReport(station_id=""), order
    station_id = batch[0].station_id
    applied = duplicates = 0
    gap_at = fork_at = None
    rejected: list[Rejection] = []
    head = read_head(conn, station_id)
    head_seq, head_hash = head.seq, head.hash
    for event in batch:
        if event.seq < 1:
            rejected.append(Rejection(event.seq, Problem.GAP, "seq must be 1 or more"))
            break
        if event.seq <= head_seq:
            held = read_event(conn, station_id, event.seq)
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
        problem = check_event(event, public_key)
        if problem is not None:
            rejected.append(Rejection(event.seq, *problem))
            break
        if event.prev_hash != head_hash:
            # Validly signed yet not continuing our copy: the station wrote two histories.
            fork_at = event.seq
            break
        body = event.body_dict()
        order += 1
        known = check_body(event.type, body)
        if not write_event(conn, event, known, body, head_seq=head_seq, order=order):
            raise RuntimeError("chain head moved during import")
        head_seq, head_hash = event.seq, event.hash
        applied += 1
    report = ImportReport(
        station_id=station_id,
        applied=applied,
        duplicates=duplicates,
        gap_at=gap_at,
        fork_at=fork_at,
        rejected=tuple(rejected),
        head_seq=head_seq,
    )
    return report, order
