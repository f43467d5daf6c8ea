"""The outbox states and their transitions (store-free: the referent UI reads them too)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class OutboxState(StrEnum):
    """Where a bundle is on its way to the platform."""

    QUEUED = "queued"  # waiting for its next attempt (``next_attempt_at``)
    SENDING = "sending"  # an attempt holds it until ``next_attempt_at`` (its lease)
    DELIVERED = "delivered"  # the platform's receipt is verified and stored
    FAILED = "failed"  # refused for good; ``last_error_*`` says why; only a person retries


_S = OutboxState
TRANSITIONS: Final[Mapping[OutboxState, frozenset[OutboxState]]] = MappingProxyType(
    {
        _S.QUEUED: frozenset({_S.SENDING}),
        # SENDING → SENDING: a lease that ran out (the process died) is taken again.
        _S.SENDING: frozenset({_S.SENDING, _S.QUEUED, _S.DELIVERED, _S.FAILED}),
        _S.FAILED: frozenset({_S.QUEUED}),
        _S.DELIVERED: frozenset(),
    }
)
