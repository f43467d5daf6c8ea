"""The console's replication worker: one thread owns the replica's database connection.

Every station connection hands its batch to this worker and awaits the report; the worker
takes everything queued at that moment and imports it in ONE transaction
(``Journal.import_batches``), so a room of hundreds of stations costs one commit (one fsync)
per drain rather than one per station. Each connection has at most one batch in flight
(stop-and-wait, docs/lab-protocol.md §8.1) and the queue is bounded, so memory is too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.store.chain import ChainHead
from pixdesk.store.events import Event
from pixdesk.store.replica import ImportReport

_log = logging.getLogger(__name__)


class ReplicaStore(Protocol):
    """The console's replica (a ``store.journal.Journal`` on a connection of its own)."""

    def head_of(self, station_id: str) -> ChainHead:
        """Return the last event held for a station."""
        ...

    def import_batches(
        self, batches: Sequence[tuple[Iterable[Event], Ed25519PublicKey]]
    ) -> list[ImportReport]:
        """Import several stations' batches in one transaction."""
        ...


@dataclass(slots=True)
class _Import:
    events: tuple[Event, ...]
    key: Ed25519PublicKey
    future: asyncio.Future[ImportReport] = field(repr=False)


@dataclass(slots=True)
class _Head:
    station_id: str
    future: asyncio.Future[int] = field(repr=False)


class ReplicaWriter:
    """Queue replica work for the one database thread, batching imports into one commit.

    Args:
        replica: The replica store; used only from this worker's thread from now on.
        max_per_commit: At most this many station batches in one transaction.
        max_queued: Bound of the queue (connections wait when it is full).
        commit_delay_s: How long to let more batches arrive before a commit that would
            otherwise hold a single one (group commit): at 200 stations sending one event a
            second, 20 ms turns ~200 commits a second into ~40 for ~6 ms more latency at the
            median; against 10 ms it saves ~2.5 % of a core (fewer commits and thread
            handoffs) with no worse p99 (bench/console_fanin.py, docs/drills.md).
    """

    def __init__(
        self,
        replica: ReplicaStore,
        *,
        max_per_commit: int = 256,
        max_queued: int = 4096,
        commit_delay_s: float = 0.02,
    ) -> None:
        """Prepare the worker (started by :meth:`start`)."""
        self._replica = replica
        self._max = max_per_commit
        self._delay = commit_delay_s
        self._queue: asyncio.Queue[_Import | _Head] = asyncio.Queue(max_queued)
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="pixdesk-replica")
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start draining the queue (on the running loop)."""
        self._task = asyncio.get_running_loop().create_task(self._drain(), name="replica-writer")

    async def close(self) -> None:
        """Stop after the current transaction; queued work fails with CancelledError."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        while not self._queue.empty():
            self._queue.get_nowait().future.cancel()
        self._executor.shutdown(wait=True)

    async def import_events(self, events: Sequence[Event], key: Ed25519PublicKey) -> ImportReport:
        """Import one station's batch and return the report once it is committed.

        Raises:
            StoreError: The replica could not be written (disk full…); nothing was applied.
        """
        future: asyncio.Future[ImportReport] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Import(tuple(events), key, future))
        return await future

    async def head_seq(self, station_id: str) -> int:
        """Return the last seq the replica holds for ``station_id`` (0 for none)."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Head(station_id, future))
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = [await self._queue.get()]
            if self._delay > 0 and self._queue.empty() and isinstance(jobs[0], _Import):
                await asyncio.sleep(self._delay)
            while len(jobs) < self._max and not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            imports = [job for job in jobs if isinstance(job, _Import)]
            heads = [job for job in jobs if isinstance(job, _Head)]
            try:
                reports, seqs = await loop.run_in_executor(
                    self._executor, self._work, imports, heads
                )
            except asyncio.CancelledError:
                for job in jobs:
                    job.future.cancel()
                raise
            except Exception as exc:  # noqa: BLE001 - handed to every waiting connection
                _log.warning("replica write failed: %s", exc)
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(exc)
                continue
            for job, report in zip(imports, reports, strict=True):
                if not job.future.done():
                    job.future.set_result(report)
            for head, seq in zip(heads, seqs, strict=True):
                if not head.future.done():
                    head.future.set_result(seq)

    def _work(
        self, imports: list[_Import], heads: list[_Head]
    ) -> tuple[list[ImportReport], list[int]]:
        # Runs on the worker thread. Imports first: a head asked in the same drain then
        # includes them, which is what a reconnecting station must be told.
        reports = (
            self._replica.import_batches([(job.events, job.key) for job in imports])
            if imports
            else []
        )
        seqs = [self._replica.head_of(job.station_id).seq for job in heads]
        return reports, seqs
