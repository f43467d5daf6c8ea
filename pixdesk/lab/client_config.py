"""The values of the station client: settings, the event source, commands, backoff, time."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.codes import JoinResult, LinkProblem
from pixdesk.lab.commands import SignedCommand
from pixdesk.lab.hub_config import epoch_ms, from_epoch_ms
from pixdesk.lab.messages import CandidateInfo
from pixdesk.store.events import Event


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Timings and sizes of the station client (defaults suit a school LAN).

    Attributes:
        backoff_initial_s: First reconnection delay (before jitter).
        backoff_max_s: Longest reconnection delay (before jitter).
        connect_timeout_s: TCP + TLS + hello exchange.
        heartbeat_interval_s: How often the station asks for console time.
        idle_timeout_s: A hub silent this long (no heartbeat reply) is considered gone.
        ack_timeout_s: How long a batch may wait for its ack.
        request_timeout_s: How long a join waits for its result.
        command_timeout_s: How long the command handler may take.
        max_batch_events: Events per ``events`` message.
        max_batch_bytes: Approximate bytes per ``events`` message (below the frame limit).
        poll_interval_s: Look for new events this often even without a notification.
    """

    backoff_initial_s: float = 0.5
    backoff_max_s: float = 10.0
    connect_timeout_s: float = 10.0
    heartbeat_interval_s: float = 5.0
    idle_timeout_s: float = 15.0
    ack_timeout_s: float = 30.0
    request_timeout_s: float = 10.0
    command_timeout_s: float = 10.0
    max_batch_events: int = 256
    max_batch_bytes: int = 512 * 1024
    poll_interval_s: float = 1.0


class EventSource(Protocol):
    """The station's own journal, read by seq (a ``store.journal.Journal``)."""

    @property
    def station_id(self) -> str:
        """This station's id."""
        ...

    def export_after(self, station_id: str, seq: int, limit: int | None = None) -> list[Event]:
        """Return the events after ``seq``, in order."""
        ...


@dataclass(frozen=True, slots=True)
class CommandReply:
    """What the learner logic answers to a verified command.

    Attributes:
        accepted: Carried out (and journaled) — or refused by the station's rules.
        reason: The domain code of a refusal.
    """

    accepted: bool
    reason: str | None = None


CommandHandler = Callable[[SignedCommand], Awaitable[CommandReply]]
"""Called on the lab thread for each verified, first-seen command; it must journal what it
does before answering (run the database work in its own worker and await it)."""

AddressResolver = Callable[[], Awaitable[ConsoleAddress | None]]
"""Finds the console (discovery); None when nothing was found this time."""


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    """The hub's answer to a join, as the learner UI uses it."""

    result: JoinResult
    candidate: CandidateInfo | None = None
    retry_after_ms: int | None = None


class LinkFailure(Exception):
    """A connection attempt or a connection failed; ``problem`` says why."""

    def __init__(self, problem: LinkProblem, detail: str = "") -> None:
        """Build the failure."""
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


class NotConnected(Exception):
    """The station is not connected to its console right now (a join must wait)."""


class Backoff:
    """Exponential reconnection delays with jitter: base × 2^n capped, then × [0.5, 1).

    Jitter spreads the reconnections of a whole room after the console restarts, so twenty
    (or a thousand) stations do not all knock at the same instant.
    """

    def __init__(self, initial_s: float, max_s: float, rng: random.Random) -> None:
        """Start at the first delay."""
        self._initial, self._max, self._rng = initial_s, max_s, rng
        self._attempt = 0

    def next_delay(self) -> float:
        """Return the next delay in seconds and move on."""
        base = min(self._max, self._initial * float(2 ** min(self._attempt, 30)))
        self._attempt += 1
        return base * (0.5 + self._rng.random() / 2)

    def reset(self) -> None:
        """Start again from the first delay (after a successful connection)."""
        self._attempt = 0


class ConsoleTime:
    """The station's estimate of the console's clock, anchored on its monotonic clock.

    Each sample is the console time in a reply, taken as the time at the middle of the
    round trip (error at most half the round trip). The offset to the station's wall clock is
    kept for display; the estimate itself follows the monotonic clock, so changing the
    station's clock changes nothing (DESIGN.md §6: stations never change their clock).
    """

    def __init__(self) -> None:
        """Start with no sample."""
        self.offset_ms: int | None = None
        self.round_trip_ms: int | None = None
        self._anchor: tuple[int, int] | None = None  # (monotonic ns, console ms)

    def sample(
        self, *, console_ms: int, sent_mono_ns: int, received_mono_ns: int, wall: datetime
    ) -> None:
        """Take a reply received at ``received_mono_ns`` (wall clock ``wall``) for a request
        sent at ``sent_mono_ns``."""
        half_ns = max(0, received_mono_ns - sent_mono_ns) // 2
        self.round_trip_ms = 2 * half_ns // 1_000_000
        self._anchor = (received_mono_ns - half_ns, console_ms)
        self.offset_ms = console_ms - (epoch_ms(wall) - half_ns // 1_000_000)

    def now_ms(self, mono_ns: int) -> int | None:
        """Return the estimated console time at ``mono_ns`` (ms since the epoch)."""
        if self._anchor is None:
            return None
        anchor_mono, anchor_console = self._anchor
        return anchor_console + (mono_ns - anchor_mono) // 1_000_000

    def now(self, mono_ns: int) -> datetime | None:
        """Return the estimated console time at ``mono_ns`` as an aware datetime."""
        value = self.now_ms(mono_ns)
        return None if value is None else from_epoch_ms(value)


class Waiters:
    """Coroutines waiting for a condition on the client's state, woken when it changes."""

    def __init__(self) -> None:
        """Start with no waiter."""
        self._waiting: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Return once ``condition()`` holds (checked now and at each :meth:`check`)."""
        if condition():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (condition, future)
        self._waiting.append(entry)
        try:
            await future
        finally:
            self._waiting.remove(entry)

    def check(self) -> None:
        """Wake the waiters whose condition now holds."""
        for condition, future in self._waiting:
            if not future.done() and condition():
                future.set_result(None)
