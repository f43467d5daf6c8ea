"""The clock, injected everywhere time matters (tests pass a fake one)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Wall time (aware, UTC) for records, monotonic time for durations."""

    def now(self) -> datetime:
        """Return the current wall time, timezone-aware (UTC)."""
        ...

    def monotonic_ns(self) -> int:
        """Return a monotonic counter in nanoseconds, unaffected by wall-clock changes."""
        ...
