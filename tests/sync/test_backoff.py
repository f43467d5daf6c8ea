"""Backoff: exponential ceiling, full jitter from an injected RNG, bounded both ways."""

from __future__ import annotations

import random
import statistics
from datetime import timedelta

from pixdesk.sync.backoff import RetryPolicy

POLICY = RetryPolicy(
    base=timedelta(seconds=10), cap=timedelta(minutes=30), floor=timedelta(seconds=1)
)


def test_the_ceiling_doubles_then_stops_at_the_cap() -> None:
    ceilings = [POLICY.ceiling(n).total_seconds() for n in range(1, 12)]
    assert ceilings[:8] == [10, 20, 40, 80, 160, 320, 640, 1280]
    assert ceilings[8:] == [1800, 1800, 1800]
    assert POLICY.ceiling(10_000) == timedelta(minutes=30)  # no overflow, ever


def test_delays_are_jittered_within_the_ceiling_and_bounded() -> None:
    rng = random.Random(20261130)
    for failures in range(1, 40):
        delays = [POLICY.delay(failures, rng) for _ in range(50)]
        assert all(POLICY.floor <= d <= POLICY.ceiling(failures) for d in delays)
        assert len(set(delays)) > 40  # jittered: not one value


def test_delays_grow_with_failures() -> None:
    rng = random.Random(1)
    means = [
        statistics.mean(POLICY.delay(n, rng).total_seconds() for _ in range(400))
        for n in range(1, 9)
    ]
    assert means == sorted(means)
    assert means[0] < 8 < 600 < means[-1]  # around half of 10 s, half of 1280 s


def test_the_schedule_is_the_rng_s() -> None:
    first = [POLICY.delay(n, random.Random(5)) for n in range(1, 10)]
    again = [POLICY.delay(n, random.Random(5)) for n in range(1, 10)]
    other = [POLICY.delay(n, random.Random(6)) for n in range(1, 10)]
    assert first == again
    assert first != other


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    rng = random.Random(3)
    assert POLICY.delay(1, rng, at_least=timedelta(seconds=120)) == timedelta(seconds=120)
    assert POLICY.delay(1, rng, at_least=timedelta(hours=5)) == POLICY.cap
