"""The only fakes pixdesk's tests use: the clock (randomness is a seeded random.Random)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock that moves only when told to; wall and monotonic time can diverge."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        self._mono = 1_000_000_000

    def now(self) -> datetime:
        return self._wall

    def monotonic_ns(self) -> int:
        return self._mono

    def advance(self, delta: timedelta) -> None:
        """Let ``delta`` pass: both clocks move."""
        self._wall += delta
        self._mono += int(delta.total_seconds() * 1_000_000_000)

    def jump_wall(self, delta: timedelta) -> None:
        """Change the PC's clock without time passing (the monotonic clock does not move)."""
        self._wall += delta
