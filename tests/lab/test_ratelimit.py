"""The join rate limiter on its own, on a fake monotonic clock."""

from __future__ import annotations

from pixdesk.lab.ratelimit import JoinRateLimiter, RatePolicy

S = 1_000_000_000


class Ticks:
    def __init__(self) -> None:
        self.now = 10 * S

    def __call__(self) -> int:
        return self.now


def _limiter(**policy: int) -> tuple[JoinRateLimiter, Ticks]:
    ticks = Ticks()
    return JoinRateLimiter(RatePolicy(**policy), ticks), ticks


def test_failures_spread_over_more_than_a_minute_do_not_lock() -> None:
    limiter, ticks = _limiter()
    for _ in range(10):
        assert limiter.record_failure(["a"]) == 0
        ticks.now += 16 * S  # 4 failures in any minute, never 5
    assert limiter.retry_after_ns(["a"]) == 0


def test_lockouts_double_up_to_the_cap() -> None:
    limiter, ticks = _limiter(base_lockout_ns=30 * S, max_lockout_ns=100 * S)
    lockouts = []
    for _ in range(4):
        began = 0
        for _ in range(5):
            began = limiter.record_failure(["a"])
        lockouts.append(began)
        assert limiter.retry_after_ns(["a"]) == began
        ticks.now += began
        assert limiter.retry_after_ns(["a"]) == 0
    assert lockouts == [30 * S, 60 * S, 100 * S, 100 * S]


def test_a_success_or_a_long_quiet_forgives() -> None:
    limiter, ticks = _limiter()
    for _ in range(5):
        limiter.record_failure(["a", "b"])
    ticks.now += 30 * S
    limiter.record_success(["a"])
    for _ in range(5):
        limiter.record_failure(["a"])
    assert limiter.retry_after_ns(["a"]) == 30 * S  # back to the first lock-out length
    ticks.now += 59 * 60 * S
    for _ in range(5):
        limiter.record_failure(["b"])
    assert limiter.retry_after_ns(["b"]) == 60 * S  # 59 min after its lock-out: not forgiven
    ticks.now += 60 * S + 60 * 60 * S
    for _ in range(5):
        limiter.record_failure(["b"])
    assert limiter.retry_after_ns(["b"]) == 30 * S  # an hour quiet after it: forgiven


def test_any_locked_key_blocks_the_attempt() -> None:
    limiter, _ticks = _limiter()
    for _ in range(5):
        limiter.record_failure(["addr:10.0.0.9"])
    assert limiter.retry_after_ns(["addr:10.0.0.9", "station:new"]) == 30 * S
    assert limiter.retry_after_ns(["addr:10.0.0.8", "station:new"]) == 0


def test_memory_is_bounded() -> None:
    limiter, _ticks = _limiter(max_keys=100)
    for i in range(1000):
        limiter.record_failure([f"k{i}"])
    assert len(limiter._keys) == 100
