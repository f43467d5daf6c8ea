"""Send sealed session bundles to the platform and keep its receipts (DESIGN.md §7).

Qt-free and synchronous; the referent screens call it through the task runner, and
``pixdesk sync`` calls it directly. The outbox lives in the store (``sync_outbox``) and the
bundles as files in the data directory (``outbox/<bundle_id>.pixbundle``), so a queue
survives restarts and a USB key can be unplugged once a bundle is enqueued.

Never silent (STYLE.md, Kolibri's lesson): every entry is always in one of four states, and
one that is not delivered says why (:class:`SyncProblem`); every failure is also logged.
Transient failures are retried forever with a bounded backoff, permanent ones wait for a
person (:meth:`SyncService.retry`).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from sqlite_utils import Database

from pixdesk.atomicfile import write_file_atomically
from pixdesk.bundle.envelope import read_bundle_file, read_header
from pixdesk.bundle.errors import BundleError
from pixdesk.crypto.keys import b64u_decode, fingerprint, public_key_from_bytes
from pixdesk.documents.upload_receipt import UploadReceiptDocument
from pixdesk.domain.clock import Clock
from pixdesk.services.sync_values import (
    AttemptOutcome,
    OutboxItem,
    SyncError,
    SyncErrorCode,
    SyncProblem,
    SyncRun,
    SyncStatus,
)
from pixdesk.sync import outbox
from pixdesk.sync.backoff import RetryPolicy
from pixdesk.sync.client import DeliveryError, PlatformEndpoint, Upload, UploadClient
from pixdesk.sync.outbox import OutboxEntry
from pixdesk.sync.protocol import ClientCode, bundle_id_of_file
from pixdesk.sync.receipt import Receipt, ReceiptError, parse_receipt, verify_receipt
from pixdesk.sync.states import OutboxState

__all__ = [
    "AttemptOutcome",
    "Claim",
    "Delivery",
    "OutboxItem",
    "OutboxState",
    "PlatformEndpoint",
    "RetryPolicy",
    "SyncError",
    "SyncErrorCode",
    "SyncProblem",
    "SyncRun",
    "SyncService",
    "SyncStatus",
    "platform_endpoint",
]

_log = logging.getLogger(__name__)

OUTBOX_DIR: Final = "outbox"
BUNDLE_SUFFIX: Final = ".pixbundle"
MAX_PASSES: Final = 16
_HASH_BLOCK: Final = 1024 * 1024

ProgressCallback = Callable[[str, int, int], None]
"""Called with (bundle id, bytes the receiver holds, total) while a bundle is sent."""
ClientFactory = Callable[[PlatformEndpoint], UploadClient]


def platform_endpoint(url: str | None, public_key: str | None) -> PlatformEndpoint | None:
    """Return the platform the machine configuration names, None unless both keys are set.

    Args:
        url: ``platform_url``.
        public_key: ``platform_public_key``, the Ed25519 key that signs receipts (unpadded
            base64url, already validated by the configuration).

    Raises:
        KeyFormatError, ValueError: ``public_key`` is not a key.
    """
    if not url or not public_key:
        return None
    return PlatformEndpoint(url, public_key_from_bytes(b64u_decode(public_key)))


@dataclass(frozen=True, slots=True)
class Claim:
    """An entry claimed for an attempt (it shows as "sending" until recorded)."""

    entry: OutboxEntry


@dataclass(frozen=True, slots=True)
class Delivery:
    """What sending one claimed entry gave: a receipt, or the error (and a bug, if one)."""

    entry: OutboxEntry
    receipt: Receipt | None = None
    error: DeliveryError | None = None
    bug: Exception | None = None


class SyncService:
    """The outbox of this PC and the deliveries to the platform."""

    def __init__(
        self,
        db: Database,
        data_dir: Path,
        *,
        endpoint: PlatformEndpoint | None,
        clock: Clock,
        rng: random.Random,
        policy: RetryPolicy | None = None,
        client_factory: ClientFactory | None = None,
    ) -> None:
        """Build the service.

        Args:
            db: The store (its ``sync_outbox`` table).
            data_dir: The data directory (the outbox's files go in ``outbox/``).
            endpoint: The platform (URL and receipt key), None when not configured: bundles
                can still be enqueued, nothing is sent.
            clock: Wall time, for schedules and records.
            rng: The backoff's jitter.
            policy: Backoff bounds and the attempt lease.
            client_factory: Makes the HTTP client (tests inject one with a faulty transport).
        """
        self._conn = db.conn
        self._data_dir = data_dir
        self._endpoint = endpoint
        self._clock = clock
        self._rng = rng
        self._policy = policy or RetryPolicy()
        self._client_factory: ClientFactory = client_factory or UploadClient

    @property
    def configured(self) -> bool:
        """Return whether a platform is configured (else nothing is ever sent)."""
        return self._endpoint is not None

    def enqueue(self, bundle_path: Path, *, label: str = "") -> OutboxItem:
        """Copy a sealed bundle into the outbox and queue it, due now.

        Enqueuing the same file again changes nothing and returns its entry (a delivered one
        keeps its receipt).

        Raises:
            SyncError: ``FILE_UNREADABLE`` or ``NOT_A_BUNDLE``.
        """
        try:
            data = read_bundle_file(bundle_path)
            read_header(data)
        except OSError as exc:
            raise SyncError(SyncErrorCode.FILE_UNREADABLE, str(exc), path=str(bundle_path)) from exc
        except BundleError as exc:
            raise SyncError(
                SyncErrorCode.NOT_A_BUNDLE, str(exc), path=str(bundle_path), reason=exc.code.value
            ) from exc
        sha256 = hashlib.sha256(data).hexdigest()
        bundle_id = bundle_id_of_file(sha256)
        existing = outbox.get(self._conn, bundle_id)
        if existing is not None:
            if existing.state is not OutboxState.DELIVERED and not self._copy_intact(existing):
                # Lost or damaged since: the file given is the same bundle, keep it again.
                outbox.set_stored_path(self._conn, bundle_id, self._write_copy(bundle_id, data))
            return self.item(bundle_id)
        stored = self._write_copy(bundle_id, data)
        now = self._clock.now()
        entry = OutboxEntry(
            bundle_id=bundle_id,
            file_name=bundle_path.name,
            stored_path=stored,
            sha256=sha256,
            size=len(data),
            label=label,
            state=OutboxState.QUEUED,
            attempts=0,
            failures=0,
            enqueued_at=now,
            next_attempt_at=now,
            last_attempt_at=None,
            sent_bytes=0,
            last_error_code=None,
            last_error_message=None,
            receipt=None,
            delivered_at=None,
        )
        outbox.insert(self._conn, entry)
        _log.info("bundle %s enqueued (%s, %d bytes)", bundle_id, bundle_path.name, len(data))
        return self.item(bundle_id)

    def run_once(
        self,
        now: datetime | None = None,
        *,
        force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> SyncRun:
        """Make one attempt for every entry due at ``now`` (the clock's time by default).

        Args:
            now: The time the schedule is read at and the outcomes are recorded at.
            force: Also try queued entries whose next attempt is later (a person asked).
            progress: Called as chunks are acknowledged.
        """
        if self._endpoint is None:
            return SyncRun(False, ())
        start = now or self._clock.now()
        due = outbox.due(self._conn, start, force=force)
        if not due:
            return SyncRun(True, ())
        outcomes = []
        with self._client_factory(self._endpoint) as client:
            for bundle_id in due:
                outcome = self._attempt(client, bundle_id, now, force=force, progress=progress)
                if outcome is not None:
                    outcomes.append(outcome)
        return SyncRun(True, tuple(outcomes))

    def run_until_idle(
        self, *, force: bool = False, progress: ProgressCallback | None = None
    ) -> SyncRun:
        """Run passes until nothing is due: every entry delivered, failed, or waiting.

        A transient failure schedules the entry later, so it ends the run for that entry:
        this never sleeps. ``force`` applies to the first pass only.
        """
        outcomes: list[AttemptOutcome] = []
        configured = self.configured
        for number in range(MAX_PASSES):
            run = self.run_once(force=force and number == 0, progress=progress)
            configured = run.configured
            if not run.outcomes:
                break
            outcomes += run.outcomes
        return SyncRun(configured, tuple(outcomes))

    def status(self, now: datetime | None = None) -> SyncStatus:
        """Return every outbox entry, newest first."""
        moment = now or self._clock.now()
        items = tuple(self._item(entry, moment) for entry in outbox.all_entries(self._conn))
        return SyncStatus(self.configured, items)

    def item(self, bundle_id: str) -> OutboxItem:
        """Return one entry.

        Raises:
            SyncError: ``UNKNOWN_BUNDLE``.
        """
        entry = outbox.get(self._conn, bundle_id)
        if entry is None:
            raise SyncError(SyncErrorCode.UNKNOWN_BUNDLE, bundle_id=bundle_id)
        return self._item(entry, self._clock.now())

    def receipt(self, bundle_id: str) -> Receipt:
        """Return a delivered bundle's receipt, checked again with the configured key.

        Raises:
            SyncError: ``UNKNOWN_BUNDLE``, ``NO_RECEIPT`` or ``RECEIPT_INVALID``.
        """
        entry = outbox.get(self._conn, bundle_id)
        if entry is None:
            raise SyncError(SyncErrorCode.UNKNOWN_BUNDLE, bundle_id=bundle_id)
        if entry.receipt is None:
            raise SyncError(SyncErrorCode.NO_RECEIPT, bundle_id=bundle_id, state=entry.state)
        if self._endpoint is None:
            return _stored_receipt(entry.receipt)
        try:
            return verify_receipt(
                entry.receipt,
                self._endpoint.sign_key,
                bundle_id=entry.bundle_id,
                sha256=entry.sha256,
                size=entry.size,
            )
        except ReceiptError as exc:
            raise SyncError(SyncErrorCode.RECEIPT_INVALID, str(exc), bundle_id=bundle_id) from exc

    def receipt_document(self, bundle_id: str) -> UploadReceiptDocument:
        """Return the printable receipt (render it with ``documents.upload_receipt``).

        Raises:
            SyncError: as :meth:`receipt`, and ``NOT_CONFIGURED`` (the key to show).
        """
        receipt = self.receipt(bundle_id)
        if self._endpoint is None:
            raise SyncError(SyncErrorCode.NOT_CONFIGURED)
        entry = outbox.get(self._conn, bundle_id)
        assert entry is not None  # receipt() found it
        return UploadReceiptDocument(
            session_number=receipt.session_number,
            session_id=receipt.session_id,
            bundle_id=receipt.bundle_id,
            sha256=receipt.sha256,
            size=receipt.size,
            received=receipt.received,
            platform_url=self._endpoint.url,
            platform_fingerprint=fingerprint(self._endpoint.sign_key),
            file_name=entry.file_name,
            candidates=receipt.candidates,
            flags=receipt.flags,
            token=receipt.token,
        )

    def retry(self, bundle_id: str) -> OutboxItem:
        """Queue a failed entry again, due now, its backoff reset (a person fixed something).

        Raises:
            SyncError: ``UNKNOWN_BUNDLE`` or ``NOT_FAILED``.
        """
        entry = outbox.get(self._conn, bundle_id)
        if entry is None:
            raise SyncError(SyncErrorCode.UNKNOWN_BUNDLE, bundle_id=bundle_id)
        if not outbox.requeue(self._conn, bundle_id, self._clock.now()):
            raise SyncError(SyncErrorCode.NOT_FAILED, bundle_id=bundle_id, state=entry.state)
        return self.item(bundle_id)

    # --- a run in three steps, for callers that keep the store and the network apart ------

    def claim_due(self, *, force: bool = False, now: datetime | None = None) -> tuple[Claim, ...]:
        """Start an attempt for every entry due: each becomes "sending" (store work only).

        With :meth:`deliver_claims` (network only, no store) and :meth:`record_deliveries`
        (store only), the referent's window runs :meth:`run_once` without holding its one
        database worker for the length of an upload. Nothing is claimed when no platform is
        configured.
        """
        if self._endpoint is None:
            return ()
        started = now or self._clock.now()
        claims = []
        for bundle_id in outbox.due(self._conn, started, force=force):
            entry = outbox.claim(
                self._conn, bundle_id, started, started + self._policy.lease, force=force
            )
            if entry is not None:  # else another process took it, or it is no longer due
                claims.append(Claim(entry))
        return tuple(claims)

    def deliver_claims(
        self, claims: tuple[Claim, ...], progress: ProgressCallback | None = None
    ) -> tuple[Delivery, ...]:
        """Send the claimed bundles (files and network; never touches the store)."""
        if self._endpoint is None or not claims:
            return ()
        with self._client_factory(self._endpoint) as client:
            return tuple(self._deliver(client, claim.entry, progress) for claim in claims)

    def record_deliveries(
        self, deliveries: tuple[Delivery, ...], now: datetime | None = None
    ) -> SyncRun:
        """Record what the deliveries did (store only); a bug met on the way is raised last.

        Raises:
            Exception: the first unexpected error of a delivery, once every outcome is kept.
        """
        outcomes = []
        bug: BaseException | None = None
        for delivery in deliveries:
            outcomes.append(self._record(delivery, now))
            if delivery.bug is not None and bug is None:
                bug = delivery.bug
        if bug is not None:
            raise bug
        return SyncRun(self.configured, tuple(outcomes))

    # --- one attempt ------------------------------------------------------------------------

    def _attempt(
        self,
        client: UploadClient,
        bundle_id: str,
        now: datetime | None,
        *,
        force: bool,
        progress: ProgressCallback | None,
    ) -> AttemptOutcome | None:
        started = now or self._clock.now()
        entry = outbox.claim(
            self._conn, bundle_id, started, started + self._policy.lease, force=force
        )
        if entry is None:
            return None  # another process took it, or it is no longer due
        delivery = self._deliver(client, entry, progress)
        outcome = self._record(delivery, now)
        if delivery.bug is not None:
            raise delivery.bug
        return outcome

    def _deliver(
        self, client: UploadClient, entry: OutboxEntry, progress: ProgressCallback | None
    ) -> Delivery:
        bundle_id = entry.bundle_id
        try:
            path = self._checked_copy(entry)
            upload = Upload(entry.bundle_id, entry.sha256, entry.size, path)

            def report(sent: int, total: int) -> None:
                if progress is not None:
                    progress(bundle_id, sent, total)

            return Delivery(entry, receipt=client.deliver(upload, report))
        except DeliveryError as exc:
            return Delivery(entry, error=exc)
        except Exception as exc:  # noqa: BLE001 - kept, recorded, then raised
            # A bug: recorded so the entry never sits in "sending" unexplained, then raised
            # to be seen (crash dialog, the CLI's traceback).
            failure = DeliveryError("INTERNAL", repr(exc), permanent=False)
            return Delivery(entry, error=failure, bug=exc)

    def _record(self, delivery: Delivery, now: datetime | None) -> AttemptOutcome:
        entry = delivery.entry
        if delivery.receipt is None:
            error = delivery.error or DeliveryError("INTERNAL", "no outcome", permanent=False)
            return self._record_failure(entry, error, now)
        receipt = delivery.receipt
        finished = now or self._clock.now()
        outbox.record_delivered(self._conn, entry.bundle_id, receipt.token, finished)
        self._remove_copy(entry)
        _log.info(
            "bundle %s delivered, receipt of %s", entry.bundle_id, receipt.received.isoformat()
        )
        return AttemptOutcome(entry.bundle_id, OutboxState.DELIVERED, None, receipt)

    def _record_failure(
        self, entry: OutboxEntry, exc: DeliveryError, now: datetime | None
    ) -> AttemptOutcome:
        finished = now or self._clock.now()
        problem = SyncProblem(exc.code, exc.message, exc.permanent)
        if exc.permanent:
            outbox.record_failed(
                self._conn,
                entry.bundle_id,
                code=exc.code,
                message=exc.message,
                sent_bytes=exc.sent_bytes,
            )
            _log.warning("bundle %s refused for good: %s", entry.bundle_id, exc)
            return AttemptOutcome(entry.bundle_id, OutboxState.FAILED, problem, None)
        retry_after = _seconds(exc.retry_after)
        delay = self._policy.delay(entry.failures + 1, self._rng, at_least=retry_after)
        outbox.record_retry(
            self._conn,
            entry.bundle_id,
            code=exc.code,
            message=exc.message,
            next_attempt_at=finished + delay,
            sent_bytes=exc.sent_bytes,
        )
        _log.warning(
            "bundle %s not sent (%s), next attempt in %.0f s",
            entry.bundle_id,
            exc,
            delay.total_seconds(),
        )
        return AttemptOutcome(entry.bundle_id, OutboxState.QUEUED, problem, None)

    # --- the outbox's files -----------------------------------------------------------------

    def _write_copy(self, bundle_id: str, data: bytes) -> str:
        directory = self._data_dir / OUTBOX_DIR
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        relative = f"{OUTBOX_DIR}/{bundle_id}{BUNDLE_SUFFIX}"
        write_file_atomically(self._data_dir / relative, data, mode=0o600)
        return relative

    def _copy_intact(self, entry: OutboxEntry) -> bool:
        try:
            self._checked_copy(entry)
        except DeliveryError:
            return False
        return True

    def _checked_copy(self, entry: OutboxEntry) -> Path:
        """Return the outbox's copy of the bundle if it still has its SHA-256.

        Raises:
            DeliveryError: ``FILE_MISSING`` or ``FILE_CHANGED`` (permanent).
        """
        if entry.stored_path is None:
            raise DeliveryError(ClientCode.FILE_MISSING, "no stored copy", permanent=True)
        path = self._data_dir / entry.stored_path
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while block := handle.read(_HASH_BLOCK):
                    digest.update(block)
        except OSError as exc:
            raise DeliveryError(ClientCode.FILE_MISSING, str(exc), permanent=True) from exc
        if digest.hexdigest() != entry.sha256:
            raise DeliveryError(ClientCode.FILE_CHANGED, str(path), permanent=True)
        return path

    def _remove_copy(self, entry: OutboxEntry) -> None:
        # The receipt proves the platform holds the bundle; keeping every copy would grow
        # the data directory forever. A failed removal only costs disk, so it is logged.
        if entry.stored_path is None:
            return
        try:
            (self._data_dir / entry.stored_path).unlink(missing_ok=True)
        except OSError as exc:
            _log.warning("outbox copy of %s not removed: %s", entry.bundle_id, exc)

    def _item(self, entry: OutboxEntry, now: datetime) -> OutboxItem:
        state, problem = entry.state, _problem(entry)
        lease_over = entry.next_attempt_at is not None and entry.next_attempt_at <= now
        if state is OutboxState.SENDING and lease_over:
            state = OutboxState.QUEUED
            problem = SyncProblem(ClientCode.INTERRUPTED, "the last attempt never finished", False)
        return OutboxItem(
            bundle_id=entry.bundle_id,
            file_name=entry.file_name,
            label=entry.label,
            size=entry.size,
            sha256=entry.sha256,
            state=state,
            attempts=entry.attempts,
            enqueued_at=entry.enqueued_at,
            next_attempt_at=entry.next_attempt_at if state is OutboxState.QUEUED else None,
            last_attempt_at=entry.last_attempt_at,
            sent_bytes=entry.sent_bytes,
            problem=problem,
            receipt=None if entry.receipt is None else _stored_receipt(entry.receipt),
            delivered_at=entry.delivered_at,
        )


def _problem(entry: OutboxEntry) -> SyncProblem | None:
    if entry.state is OutboxState.DELIVERED or entry.last_error_code is None:
        return None
    permanent = entry.state is OutboxState.FAILED
    return SyncProblem(entry.last_error_code, entry.last_error_message or "", permanent)


def _stored_receipt(token: str) -> Receipt:
    """Parse a receipt that was verified before it was stored."""
    return parse_receipt(token)


def _seconds(value: float | None) -> timedelta:
    return timedelta(seconds=value or 0.0)
