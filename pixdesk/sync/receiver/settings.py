"""What a receiver is started with: its key, its directory, and every bound it enforces."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from pixdesk.bundle.layout import MAX_SEALED_BYTES
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import sample_banks
from pixdesk.sync.protocol import DEFAULT_CHUNK_BYTES, MIN_CHUNK_BYTES

_SIZE_RE: Final = re.compile(r"([0-9]{1,12})([KMG]?)(i?B)?", re.IGNORECASE)
_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
EXTRA_CHUNK_REQUESTS: Final = 256
"""Chunk requests allowed past the fewest an upload needs (resends after cuts)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def parse_size(text: str) -> int:
    """Parse ``123``, ``64K``, ``256M``, ``1G`` (binary units, optional ``B``/``iB``).

    Raises:
        ValueError: not a size.
    """
    match = _SIZE_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a size: {text!r}")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


@dataclass(frozen=True, slots=True)
class ReceiverSettings:
    """A receiver's configuration.

    Attributes:
        data_dir: Holds ``receiver.db``, ``bundles/`` (accepted files) and ``uploads/``
            (partial uploads, removed after ``upload_ttl`` without activity).
        platform: The platform's private keys: X25519 opens bundles, Ed25519 signs receipts.
        policy: Registered centers, revocation lists and the item banks re-scoring uses.
        max_size: Largest sealed bundle accepted (bytes).
        max_chunk: Largest request body of one chunk (bytes).
        min_chunk: Smallest chunk but the last (so a million one-byte PUTs cannot be sent).
        max_chunks: Chunk requests allowed per upload; None: the fewest the upload needs at
            ``min_chunk``, plus :data:`EXTRA_CHUNK_REQUESTS`.
        max_pending: Uploads in progress at once (each may hold up to ``max_size`` on disk).
        upload_ttl: How long an upload without activity is kept.
        rate_per_s: Requests per second allowed to one client address (sustained).
        rate_burst: Requests one client address may make at once.
        max_ingests: Bundles opened and verified at once (CPU-bound work).
        now: The wall clock of receipts.
        file_clock: The wall clock, in epoch seconds, that file times are compared with
            (upload expiry).
        monotonic: The monotonic clock, in seconds (rate limiting).
    """

    data_dir: Path
    platform: PlatformKeyPair
    policy: VerifyPolicy = field(default_factory=lambda: VerifyPolicy(banks=sample_banks))
    max_size: int = MAX_SEALED_BYTES
    max_chunk: int = DEFAULT_CHUNK_BYTES
    min_chunk: int = 64 * 1024
    max_chunks: int | None = None
    max_pending: int = 64
    upload_ttl: timedelta = timedelta(hours=24)
    rate_per_s: float = 20.0
    rate_burst: int = 200
    max_ingests: int = 2
    now: Callable[[], datetime] = _utc_now
    file_clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        """Refuse bounds that contradict each other."""
        if not 0 < self.max_size <= MAX_SEALED_BYTES:
            raise ValueError(f"max_size must be within 1..{MAX_SEALED_BYTES}")
        if not MIN_CHUNK_BYTES <= self.min_chunk <= self.max_chunk:
            raise ValueError(f"need {MIN_CHUNK_BYTES} <= min_chunk <= max_chunk")
        if self.rate_per_s <= 0 or self.rate_burst < 1 or self.max_pending < 1:
            raise ValueError("rate and pending bounds must be positive")

    def chunk_limit(self, size: int) -> int:
        """Return how many chunk requests an upload of ``size`` bytes may make."""
        if self.max_chunks is not None:
            return self.max_chunks
        return -(-size // self.min_chunk) + EXTRA_CHUNK_REQUESTS
