"""The station's append-only, hash-chained, signed journal, and the replicas it keeps.

One ``Journal`` per connection, used by the single worker that owns it. The chain head is
cached in memory, so an append reads only ``PRAGMA data_version`` (no I/O) to learn whether
another connection wrote meanwhile; and the head only moves from the seq this writer believes
in, so two writers can never fork a chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlite_utils import Database

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.store import chain, projections, replica
from pixdesk.store.errors import StoreError, StoreErrorCode, from_sqlite
from pixdesk.store.event_types import EventType, InvalidEventError, check_body
from pixdesk.store.events import EVENT_COLUMNS, ChainEncoder, Event, format_wall_time
from pixdesk.store.replica import ImportReport
from pixdesk.store.verify import VerifyResult, verify_chain

_T = TypeVar("_T")


class Journal:
    """Append to this station's chain; verify, export and import chains.

    Args:
        db: The open store (``database.open_database``).
        station_id: This station's identifier.
        signing_key: This station's Ed25519 key; every appended event is signed with it.
    """

    def __init__(self, db: Database, station_id: str, signing_key: Ed25519PrivateKey) -> None:
        self._conn: Any = db.conn
        self.station_id = station_id
        self._key = signing_key
        self.public_key: Ed25519PublicKey = signing_key.public_key()
        self._encoder = ChainEncoder(station_id)
        self._head = chain.ChainHead(station_id, 0, "")
        self._order = 0
        self._data_version = -1
        self._guard(self._refresh)

    @property
    def head(self) -> chain.ChainHead:
        """The last event of this station's chain (seq 0 before the first)."""
        return self._head

    def head_of(self, station_id: str) -> chain.ChainHead:
        """Return the last event held for ``station_id`` (what to acknowledge to it)."""
        return self._guard(lambda: chain.read_head(self._conn, station_id))

    def append(
        self,
        type: EventType | str,
        body: Mapping[str, Any],
        *,
        mono_ns: int,
        wall_time: datetime,
    ) -> Event:
        """Append one event and return it once it is durable.

        The event row, its projections and the chain head are written in one transaction;
        with WAL and ``synchronous=FULL`` the commit has been fsynced when this returns, so
        the caller may tell the candidate the answer is saved.

        Args:
            type: The event type.
            body: The body; must match the fields of ``type`` (``event_types.FIELDS``).
            mono_ns: The station's monotonic clock.
            wall_time: The station's wall clock (timezone-aware).

        Returns:
            The stored event.

        Raises:
            InvalidEventError: Unknown type, or a body that does not match it.
            StoreError: ``DISK_FULL``, ``LOCKED``, ``CONFLICT``…; nothing was stored.
        """
        known = check_body(str(type), body)
        if known is None:
            raise InvalidEventError(f"unknown event type {type!r}")
        body_bytes = canonical_bytes(body)
        wall = format_wall_time(wall_time)
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Cheap (no I/O): changes only if another connection committed meanwhile, in
                # which case the cached head and order are reloaded under the write lock.
                (version,) = conn.execute("PRAGMA data_version").fetchone()
                if version != self._data_version:
                    self._refresh()
                event = self._seal(known.value, body_bytes, mono_ns, wall)
                order = self._order + 1
                if not chain.write_event(
                    conn, event, known, body, head_seq=self._head.seq, order=order
                ):
                    raise StoreError(
                        StoreErrorCode.CONFLICT, "another writer moved this station's chain"
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlcipher3.Error as exc:
            self._refresh_after_failure()
            raise from_sqlite(exc) from exc
        except StoreError:
            self._refresh_after_failure()
            raise
        self._head = chain.ChainHead(self.station_id, event.seq, event.hash)
        self._order = order
        return event

    def _seal(self, event_type: str, body: bytes, mono_ns: int, wall_time: str) -> Event:
        """Chain and sign the next event of this station (nothing is written)."""
        head = self._head
        seq = head.seq + 1
        digest = hashlib.sha256(
            self._encoder.hash_input(
                seq=seq,
                prev_hash=head.hash,
                event_type=event_type,
                body=body,
                mono_ns=mono_ns,
                wall_time=wall_time,
            )
        ).digest()
        # Sign the 32-byte hash, not the document: the hash already commits to every field.
        signature = self._key.sign(digest)
        return Event(
            self.station_id,
            seq,
            head.hash,
            digest.hex(),
            mono_ns,
            wall_time,
            event_type,
            body,
            signature,
        )

    def verify(
        self, station_id: str | None = None, public_key: Ed25519PublicKey | None = None
    ) -> VerifyResult:
        """Walk a chain and report the first problem (see ``verify.verify_chain``).

        Args:
            station_id: The chain to check; this station's by default.
            public_key: Its key; required for another station's chain.
        """
        station = station_id or self.station_id
        if public_key is None:
            if station != self.station_id:
                raise ValueError("verifying another station's chain needs its public key")
            public_key = self.public_key
        key = public_key
        return self._guard(lambda: verify_chain(self._conn, station, key))

    def export_after(self, station_id: str, seq: int, limit: int | None = None) -> list[Event]:
        """Return the events of ``station_id`` after ``seq``, in order (what a peer lacks).

        Args:
            station_id: The chain (this station's own or a replica).
            seq: The last seq the peer acknowledged (0 for everything).
            limit: At most this many events, for paged sending.
        """
        rows = self._guard(
            lambda: self._conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE station_id = ? AND seq > ?"  # noqa: S608
                " ORDER BY seq LIMIT ?",
                (station_id, seq, -1 if limit is None else limit),
            ).fetchall()
        )
        return [Event.from_row(tuple(row)) for row in rows]

    def import_events(self, events: Iterable[Event], public_key: Ed25519PublicKey) -> ImportReport:
        """Add another station's events to its replica (see ``replica.import_events``).

        Args:
            events: Events of one station (this station's own, when restoring its journal
                from the console's replica).
            public_key: That station's verification key.
        """
        report = self._guard(lambda: replica.import_events(self._conn, events, public_key))
        # Our own commits do not change data_version: refresh the caches explicitly.
        self._guard(self._refresh)
        return report

    def import_batches(
        self, batches: Sequence[tuple[Iterable[Event], Ed25519PublicKey]]
    ) -> list[ImportReport]:
        """Import several stations' batches in one transaction (see ``replica.import_batches``).

        Args:
            batches: ``(events of one station, that station's key)`` pairs.

        Returns:
            One report per batch, in order.
        """
        reports = self._guard(lambda: replica.import_batches(self._conn, batches))
        # Our own commits do not change data_version. The local order moved: rather than
        # scanning the chain heads for it after every drain of the console's queue, mark the
        # cache stale; the next append reloads it under its write lock.
        self._data_version = -1
        self._head = self._guard(lambda: chain.read_head(self._conn, self.station_id))
        return reports

    def rebuild_projections(self) -> int:
        """Rebuild every projection from the events (see ``projections.rebuild``)."""
        return self._guard(lambda: projections.rebuild(self._conn))

    def _refresh(self) -> None:
        (self._data_version,) = self._conn.execute("PRAGMA data_version").fetchone()
        self._head = chain.read_head(self._conn, self.station_id)
        self._order = chain.read_last_order(self._conn)

    def _refresh_after_failure(self) -> None:
        # After a failed commit the truth is on disk. If even reading fails, the next append
        # sees a changed data_version or fails on the (station_id, seq) key: never a fork.
        try:
            self._refresh()
        except sqlcipher3.Error:
            self._data_version = -1

    @staticmethod
    def _guard(call: Callable[[], _T]) -> _T:
        try:
            return call()
        except sqlcipher3.Error as exc:
            raise from_sqlite(exc) from exc
