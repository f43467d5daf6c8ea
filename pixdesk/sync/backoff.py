"""When to try a delivery again: exponential backoff with full jitter, bounded.

After the n-th failed attempt the next one waits a uniform draw in ``[0, min(cap, base ×
2^(n−1))]`` ("full jitter"): the ceiling doubles with each failure, and the draw spreads the
schools that lost the same connection at the same time over the whole window instead of
bringing them back together. The wait is never below ``floor`` (a receiver that just refused
gets a breath), never below what the receiver asked for (``Retry-After``), and never above
``cap``: transient failures are retried forever, at least every ``cap``, so a PC that stays
on finds the platform again without anyone restarting anything (Kolibri's lesson).

The RNG is injected: tests pass a seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

_MAX_DOUBLINGS = 40  # 2^40 × base is far past any cap; bounds the float


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long to wait between attempts, and how long one attempt may hold an entry.

    Attributes:
        base: The first ceiling (after the first failure).
        cap: The largest wait, whatever the number of failures or ``Retry-After``.
        floor: The smallest wait.
        lease: How long an entry stays "sending" without news before another run may take it
            (a process that died mid-upload leaves it so).
    """

    base: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(minutes=30)
    floor: timedelta = timedelta(seconds=1)
    lease: timedelta = timedelta(minutes=15)

    def ceiling(self, failures: int) -> timedelta:
        """Return the upper bound of the wait after ``failures`` consecutive failures (≥ 1)."""
        doublings = min(max(failures, 1) - 1, _MAX_DOUBLINGS)
        return min(self.cap, self.base * (1 << doublings))

    def delay(
        self, failures: int, rng: random.Random, *, at_least: timedelta = timedelta(0)
    ) -> timedelta:
        """Return the wait before the next attempt.

        Args:
            failures: Consecutive failed attempts so far (≥ 1).
            rng: The jitter's source.
            at_least: What the receiver asked for (``Retry-After``), honoured up to ``cap``.
        """
        drawn = timedelta(seconds=rng.uniform(0.0, self.ceiling(failures).total_seconds()))
        return min(self.cap, max(drawn, self.floor, at_least))
