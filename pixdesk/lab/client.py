"""The station client: keeps a station connected to its console and its journal replicated.

The outbox is the journal itself: the client ships events by seq from the last one the hub
acknowledged, after every (re)connection too, so nothing the station journaled can be lost by
the link; appends go to the local store whether or not the console is reachable. Commands are
checked (session-key signature, addressee, session, freshness, replay) before the learner
logic sees them. Runs on the lab thread; ``notify_appended`` and ``state`` are thread-safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.clock import Clock
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_commands import CommandGate
from pixdesk.lab.client_config import (
    AddressResolver,
    Backoff,
    ClientSettings,
    CommandHandler,
    ConsoleTime,
    EventSource,
    JoinOutcome,
    LinkFailure,
    NotConnected,
    Waiters,
)
from pixdesk.lab.client_connection import ClientConnection
from pixdesk.lab.codes import JoinResult, LinkProblem
from pixdesk.lab.frames import ConnectionClosed
from pixdesk.lab.handshake import station_id_for
from pixdesk.lab.messages import JoinReply, JoinRequest
from pixdesk.lab.observers import (
    LinkState,
    NullStationObserver,
    SecurityReport,
    StationObserver,
    notify,
)
from pixdesk.lab.trust import StationTrust, TrustedConsole
from pixdesk.store.events import Event

_log = logging.getLogger(__name__)


class StationClient:
    """Connect a station to its console and keep it connected.

    Args:
        source: The station's journal, on a database connection of its own (read only
            here, from the client's own thread).
        signing_key: The station key (proves the station's identity at each connection).
        trust: Provisioned center key, or pins (degraded mode).
        session_number: The session to join.
        address: The console's address, or a resolver (discovery) asked at each attempt.
        clock: The station's clock (wall and monotonic); never changed by the client.
        handler: The learner logic that carries out verified commands.
        observer: Told about the link's state and security reports.
        settings: Timings and sizes.
        rng: Randomness for the reconnection jitter.
    """

    def __init__(
        self,
        *,
        source: EventSource,
        signing_key: Ed25519PrivateKey,
        trust: StationTrust,
        session_number: str,
        address: ConsoleAddress | AddressResolver,
        clock: Clock,
        handler: CommandHandler | None = None,
        observer: StationObserver | None = None,
        settings: ClientSettings | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """Prepare the client (nothing connects before :meth:`start`)."""
        self.station_id = station_id_for(signing_key)
        if source.station_id != self.station_id:
            raise ValueError("the journal does not belong to this station key")
        self.station_key_bytes = signing_key.public_key().public_bytes_raw()
        self.trust = trust
        self.session_number = session_number
        self.clock = clock
        self.settings = settings or ClientSettings()
        self.time = ConsoleTime()
        self.state = LinkState()
        self._key = signing_key
        self._source = source
        self._address = address
        self._observer: StationObserver = observer or NullStationObserver()
        self._backoff = Backoff(
            self.settings.backoff_initial_s,
            self.settings.backoff_max_s,
            rng or random.Random(),  # noqa: S311 - jitter, not a secret
        )
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="pixdesk-outbox")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._connection: ClientConnection | None = None
        self._wake = asyncio.Event()
        self._beat = asyncio.Event()
        self._waiters = Waiters()
        self._time_samples = 0
        self._joins: dict[int, asyncio.Future[JoinReply]] = {}
        self._next_id = 0
        self._closing = False
        self.gate = CommandGate(
            trust=trust,
            session_number=session_number,
            station_id=self.station_id,
            handler=handler,
            timeout_s=self.settings.command_timeout_s,
            report=self.report,
        )

    # ---------------------------------------------------------------- public API

    def start(self) -> None:
        """Start connecting (on the lab loop); reconnects until :meth:`close`."""
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self._run(), name=f"station-{self.station_id}")

    async def close(self) -> None:
        """Disconnect and stop."""
        self._closing = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=True)

    def notify_appended(self) -> None:
        """Tell the client the journal grew (thread-safe; call after each append)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    def console_now(self) -> datetime | None:
        """Return the estimated console time (None before the first exchange)."""
        return self.time.now(self.clock.monotonic_ns())

    async def join(
        self, *, first_name: str, birth_name: str, birth_date: date | str, access_code: str
    ) -> JoinOutcome:
        """Send what the candidate typed and return the hub's answer.

        Raises:
            NotConnected: No console connection right now, or it ended before the answer.
        """
        connection = self._connection
        if connection is None or not connection.welcomed or connection.console is None:
            raise NotConnected
        self._next_id += 1
        request_id = self._next_id
        future: asyncio.Future[JoinReply] = asyncio.get_running_loop().create_future()
        self._joins[request_id] = future
        birth = birth_date.isoformat() if isinstance(birth_date, date) else birth_date
        request = JoinRequest(
            request_id, self.session_number, first_name, birth_name, birth, access_code
        )
        try:
            await connection.send(request)
            async with asyncio.timeout(self.settings.request_timeout_s):
                reply = await future
        except (ConnectionClosed, LinkFailure, TimeoutError) as exc:
            raise NotConnected from exc
        finally:
            self._joins.pop(request_id, None)
        if reply.result is JoinResult.MATCHED:
            console = self.trust.pin(connection.console)
            connection.console = console
            self._set_state(joined=True, acked_seq=reply.acked_seq, console=console)
            self._wake.set()
        return JoinOutcome(reply.result, reply.candidate, reply.retry_after_ms)

    async def measure_time(self) -> int:
        """Ask the console for its time now; return the offset to this station's clock, ms.

        Raises:
            NotConnected: No answer within the request timeout.
        """
        seen = self._time_samples
        self._beat.set()
        try:
            async with asyncio.timeout(self.settings.request_timeout_s):
                await self._waiters.wait_until(lambda: self._time_samples > seen)
        except TimeoutError as exc:
            raise NotConnected from exc
        offset = self.time.offset_ms
        if offset is None:
            raise NotConnected
        return offset

    async def wait_acked(self, seq: int) -> None:
        """Wait until the console acknowledged every event up to ``seq`` (bound it yourself)."""
        await self._waiters.wait_until(
            lambda: self.state.acked_seq is not None and self.state.acked_seq >= seq
        )

    # ---------------------------------------------------------------- the loop

    async def _run(self) -> None:
        while True:
            address = await self._resolve()
            if address is None:
                self._set_state(connected=False, problem=LinkProblem.NO_CONSOLE_FOUND, detail="")
            else:
                connection = ClientConnection(self, address)
                self._connection = connection
                try:
                    await connection.run()
                    failure = LinkFailure(LinkProblem.CLOSED)
                except LinkFailure as exc:
                    failure = exc
                except Exception:  # noqa: BLE001 - a bug must not stop the reconnections
                    _log.exception("station link failed")
                    failure = LinkFailure(LinkProblem.INTERNAL)
                finally:
                    self._connection = None
                    for future in self._joins.values():
                        if not future.done():
                            future.set_exception(NotConnected())
                if connection.welcomed:
                    self._backoff.reset()
                _log.info("station %s link: %s", self.station_id, failure)
                self._set_state(connected=False, problem=failure.problem, detail=failure.detail)
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                if self._closing:
                    # close() cancelled this task while the connection was failing: its
                    # TaskGroup then raised the failure and swallowed the cancellation. Stop
                    # as asked rather than reconnect forever (and hang close()).
                    raise asyncio.CancelledError
                # Not a close(): the connection's TaskGroup cancelled this task when a child
                # failed and (CPython 3.11) left the request counted. Reconnect as usual.
                while task.uncancel():
                    pass
            await asyncio.sleep(self._backoff.next_delay())

    async def _resolve(self) -> ConsoleAddress | None:
        if isinstance(self._address, ConsoleAddress):
            return self._address
        try:
            return await self._address()
        except OSError as exc:
            _log.info("console discovery failed: %s", exc)
            return None

    # ---------------------------------------------------------------- called by the connection

    def connected(
        self, connection: ClientConnection, console: TrustedConsole, acked: int | None
    ) -> None:
        """Record an authenticated connection (``acked`` None: the hub wants a join first)."""
        self._set_state(
            connected=True,
            console=console,
            joined=acked is not None,
            acked_seq=acked if acked is not None else self.state.acked_seq,
            offset_ms=self.time.offset_ms,
            problem=None,
            detail="",
        )
        self._wake.set()

    def sign(self, payload: bytes) -> bytes:
        """Sign a handshake payload with the station key."""
        return self._key.sign(payload)

    def report(self, report: SecurityReport) -> None:
        """Log a security report and tell the observer."""
        _log.warning("security: %s %s", report.issue, report.detail)
        notify(lambda: self._observer.security_reported(report))

    def time_updated(self) -> None:
        """A heartbeat reply brought console time."""
        self._time_samples += 1
        self._set_state(offset_ms=self.time.offset_ms)
        self._waiters.check()

    def acknowledged(self, seq: int) -> None:
        """The hub holds everything up to ``seq`` (or wants everything after it again)."""
        self._set_state(acked_seq=seq)

    def join_answered(self, reply: JoinReply) -> None:
        """Resolve the join waiting for this reply."""
        future = self._joins.get(reply.id)
        if future is not None and not future.done():
            future.set_result(reply)

    def request_failed(self, ref_id: int | None, code: str) -> None:
        """The hub refused a request (by its id) with a protocol error."""
        future = self._joins.get(ref_id) if ref_id is not None else None
        if future is not None and not future.done():
            future.set_exception(LinkFailure(LinkProblem.HUB_REFUSED, code))

    def more_work(self) -> None:
        """Make the shipper look for events again at once."""
        self._wake.set()

    async def wait_for_work(self) -> None:
        """Wait for a notification, or the poll interval."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.settings.poll_interval_s):
                await self._wake.wait()
        self._wake.clear()

    async def wait_heartbeat(self, interval: float) -> None:
        """Wait for the heartbeat interval, or a request for a heartbeat now."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval):
                await self._beat.wait()
        self._beat.clear()

    async def read_events(self, after: int, limit: int) -> list[Event]:
        """Read the journal after ``after`` on the client's own thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, self._source.export_after, self.station_id, after, limit
        )

    def _set_state(self, **changes: Any) -> None:
        state = replace(self.state, **changes)
        if state == self.state:
            return
        self.state = state
        notify(lambda: self._observer.link_changed(state))
        self._waiters.check()
