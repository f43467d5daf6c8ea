"""Rate limiting of join attempts, so that the access code cannot be brute-forced.

Each failed join (wrong code, unknown person, several matches) counts against two keys: the
peer's address and the station id. A key that collects ``max_failures`` failures within
``window`` is locked out for ``base_lockout``, doubled at each new lock-out of the same key
(capped at ``max_lockout``); a successful join, or ``forgive_after`` without any failure after
the end of its last lock-out, clears its history. While any key of an attempt is locked, the
hub answers RATE_LIMITED without looking at the attempt (docs/lab-protocol.md §6).

Why both keys: a station id is free to make (a new key pair), an address is not on a switched
school LAN; the station key alone would stop nothing, the address alone would punish a whole
NAT. Time is monotonic (injected), so changing a PC's clock changes nothing.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_NS_PER_S = 1_000_000_000


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """The numbers of the join rate limit (defaults: 5 failures a minute, 30 s doubling)."""

    max_failures: int = 5
    window_ns: int = 60 * _NS_PER_S
    base_lockout_ns: int = 30 * _NS_PER_S
    max_lockout_ns: int = 15 * 60 * _NS_PER_S
    forgive_after_ns: int = 60 * 60 * _NS_PER_S
    max_keys: int = 20_000  # memory bound: the least recently seen keys are forgotten first


@dataclass(slots=True)
class _KeyState:
    failures: deque[int] = field(default_factory=deque)
    lockouts: int = 0
    locked_until: int = 0
    last_failure: int = 0


class JoinRateLimiter:
    """Count failed joins per key and lock keys out.

    Args:
        policy: The numbers.
        monotonic_ns: The clock (``Clock.monotonic_ns``).
    """

    def __init__(self, policy: RatePolicy, monotonic_ns: Callable[[], int]) -> None:
        """Start with no history."""
        self.policy = policy
        self._now = monotonic_ns
        self._keys: OrderedDict[str, _KeyState] = OrderedDict()

    def retry_after_ns(self, keys: Iterable[str]) -> int:
        """Return how long until every key may try again (0: allowed now)."""
        now = self._now()
        wait = 0
        for key in keys:
            state = self._keys.get(key)
            if state is not None:
                wait = max(wait, state.locked_until - now)
        return wait

    def record_failure(self, keys: Iterable[str]) -> int:
        """Count one failure against each key.

        Returns:
            The lock-out that began, in ns (0 when none did); the longest if several.
        """
        now = self._now()
        began = 0
        for key in keys:
            state = self._state(key, now)
            state.last_failure = now
            window_start = now - self.policy.window_ns
            while state.failures and state.failures[0] <= window_start:
                state.failures.popleft()
            state.failures.append(now)
            if len(state.failures) >= self.policy.max_failures:
                lockout = min(
                    self.policy.base_lockout_ns << min(state.lockouts, 32),
                    self.policy.max_lockout_ns,
                )
                state.lockouts += 1
                state.locked_until = now + lockout
                state.failures.clear()
                began = max(began, lockout)
        return began

    def record_success(self, keys: Iterable[str]) -> None:
        """Clear the history of each key (the person had the code)."""
        for key in keys:
            self._keys.pop(key, None)

    def _state(self, key: str, now: int) -> _KeyState:
        state = self._keys.get(key)
        # Quiet is counted from the end of the last lock-out: waiting out a lock-out must not
        # also wipe the history, or the lock-outs would never grow.
        if state is not None:
            since = now - max(state.last_failure, state.locked_until)
            if since >= self.policy.forgive_after_ns:
                state = None
        if state is None:
            state = _KeyState()
            self._keys[key] = state
            while len(self._keys) > self.policy.max_keys:
                self._keys.popitem(last=False)
        self._keys.move_to_end(key)
        return state
