"""What the sync service reports: outbox entries, problems, runs (store-free values).

Kept apart from ``sync_service`` (which needs the store) so that referent mode can read and
show them while staying above the store (docs/decisions.md §23): the UI imports this module
and ``sync_messages``, and receives the :class:`~pixdesk.services.sync_service.SyncService`
built by the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pixdesk.sync.receipt import Receipt
from pixdesk.sync.states import OutboxState

__all__ = [
    "AttemptOutcome",
    "OutboxItem",
    "OutboxState",
    "Receipt",
    "SyncError",
    "SyncErrorCode",
    "SyncProblem",
    "SyncRun",
    "SyncStatus",
]


class SyncErrorCode(StrEnum):
    """Why a sync request of the user cannot be done."""

    NOT_CONFIGURED = "NOT_CONFIGURED"  # no platform URL or key in the machine config
    FILE_UNREADABLE = "FILE_UNREADABLE"
    NOT_A_BUNDLE = "NOT_A_BUNDLE"
    UNKNOWN_BUNDLE = "UNKNOWN_BUNDLE"  # not in the outbox
    NO_RECEIPT = "NO_RECEIPT"  # not delivered (yet)
    RECEIPT_INVALID = "RECEIPT_INVALID"  # the stored receipt no longer checks with the key
    NOT_FAILED = "NOT_FAILED"  # retry asked for an entry that is not failed


class SyncError(Exception):
    """An expected problem, with a code and named parameters for the translated sentence."""

    def __init__(self, code: SyncErrorCode, detail: str = "", **params: str) -> None:
        """Build the error."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.params = dict(params)


@dataclass(frozen=True, slots=True)
class SyncProblem:
    """Why an entry is not delivered (yet).

    Attributes:
        code: A receiver code (``CONFLICT``, ``DECRYPT_FAILED``…) or a client one
            (``NETWORK``, ``TIMEOUT``, ``RECEIPT_INVALID``…); ``services.sync_messages``
            turns it into a sentence.
        message: The detail (the receiver's English message, the exception's text).
        permanent: True for a failed entry (a person must act), False while retrying.
    """

    code: str
    message: str
    permanent: bool


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One bundle on its way, as the referent's screen and ``pixdesk sync status`` show it.

    Attributes:
        bundle_id: The upload's id (32 hex).
        file_name: The file that was enqueued.
        label: The caller's label (a session number), may be empty.
        size: Bytes.
        sha256: The sealed file's SHA-256.
        state: queued, sending, delivered or failed. An attempt that died with its process
            shows as queued with the problem ``INTERRUPTED`` once its lease is over.
        attempts: Attempts started.
        enqueued_at: When it entered the outbox.
        next_attempt_at: When it will be tried again (queued), else None.
        last_attempt_at: When the last attempt started.
        sent_bytes: What the receiver was last known to hold.
        problem: Why it is not delivered: always set for failed, set for queued after a
            failure, None otherwise.
        receipt: The platform's receipt once delivered.
        delivered_at: When the receipt was verified and stored.
    """

    bundle_id: str
    file_name: str
    label: str
    size: int
    sha256: str
    state: OutboxState
    attempts: int
    enqueued_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    sent_bytes: int
    problem: SyncProblem | None
    receipt: Receipt | None
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Every outbox entry, newest first, and whether a platform is configured."""

    configured: bool
    items: tuple[OutboxItem, ...]

    def count(self, state: OutboxState) -> int:
        """Return how many entries are in ``state``."""
        return sum(1 for item in self.items if item.state is state)

    @property
    def pending(self) -> int:
        """Return the entries still to deliver (queued or sending)."""
        return self.count(OutboxState.QUEUED) + self.count(OutboxState.SENDING)


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    """What one attempt did."""

    bundle_id: str
    state: OutboxState  # after the attempt
    problem: SyncProblem | None
    receipt: Receipt | None


@dataclass(frozen=True, slots=True)
class SyncRun:
    """The attempts of a run, in order (empty when nothing was due or nothing configured)."""

    configured: bool
    outcomes: tuple[AttemptOutcome, ...]
