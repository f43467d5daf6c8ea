"""One station's connection on the hub: handshake, then the message loop.

Messages are handled one at a time in arrival order; a batch of events is acknowledged
before the next message is read, which is the protocol's flow control (stop-and-wait).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.keys import KeyFormatError, public_key_from_bytes
from pixdesk.lab.channel import Channel
from pixdesk.lab.codes import PROTOCOL_VERSION, ErrorCode, SecurityIssue
from pixdesk.lab.frames import ConnectionClosed, ProtocolError
from pixdesk.lab.handshake import (
    check_signature,
    hub_hello_payload,
    station_auth_payload,
    station_id_for,
)
from pixdesk.lab.messages import (
    NONCE_SIZE,
    Ack,
    CommandResult,
    ErrorMessage,
    EventBatch,
    Heartbeat,
    HeartbeatReply,
    HubHello,
    HubWelcome,
    JoinRequest,
    Message,
    Resend,
    StationAuth,
    StationHello,
)
from pixdesk.lab.observers import EventsImported, SecurityReport, StationInfo
from pixdesk.store.errors import StoreError

if TYPE_CHECKING:
    from pixdesk.lab.hub import Hub

_log = logging.getLogger(__name__)


class StationConnection:
    """Serve one station from its hello to its last frame.

    Args:
        hub: The hub (sessions, replica, commands, observer).
        channel: The TLS stream, wrapped.
    """

    def __init__(self, hub: Hub, channel: Channel) -> None:
        """Wrap the stream; nothing is read yet."""
        self.hub = hub
        self.channel = channel
        self.station_id = ""
        self.session_number = ""
        self.station_key: Ed25519PublicKey | None = None
        self.station_key_bytes = b""
        self.acked_seq: int | None = None
        self.pending: dict[str, asyncio.Future[CommandResult]] = {}
        self.registered = False
        self.close_reason = "closed"

    @property
    def peer(self) -> str:
        """Return the station's address."""
        return self.channel.peer

    def info(self) -> StationInfo:
        """Return what the UI shows about this connection."""
        return StationInfo(
            self.station_id, self.session_number, self.peer, self.station_key_bytes, self.acked_seq
        )

    async def run(self) -> None:
        """Handshake, then handle messages until the connection ends."""
        try:
            async with asyncio.timeout(self.hub.settings.handshake_timeout_s):
                await self._handshake()
            self.hub.register(self)
            self.registered = True
            async with asyncio.timeout(None) as scope:
                idle = IdleTimer(scope, self.hub.settings.idle_timeout_s)
                try:
                    while True:
                        message = await self.channel.receive()
                        idle.busy()
                        await self._dispatch(message)
                        idle.waiting()
                finally:
                    idle.cancel()
        except ProtocolError as exc:
            self.close_reason = exc.code.value
            await self.channel.fail(exc)
        except TimeoutError:
            self.close_reason = ErrorCode.IDLE_TIMEOUT.value
            await self.channel.fail(ProtocolError(ErrorCode.IDLE_TIMEOUT, fatal=True))
        except ConnectionClosed:
            self.close_reason = "closed"
        except Exception:  # noqa: BLE001 - a bug must cost one connection, not the hub
            _log.exception("station connection %s failed", self.station_id or self.peer)
            self.close_reason = ErrorCode.INTERNAL.value
            await self.channel.fail(ProtocolError(ErrorCode.INTERNAL, fatal=True))
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionClosed(self.close_reason))
            await self.channel.close()
            self.hub.unregister(self)

    async def _handshake(self) -> None:
        hello = await self.channel.receive(strict=True)
        if not isinstance(hello, StationHello):
            raise ProtocolError(ErrorCode.UNEXPECTED_MESSAGE, "station.hello first", fatal=True)
        if hello.protocol != PROTOCOL_VERSION:
            raise ProtocolError(
                ErrorCode.UNSUPPORTED_VERSION, f"this hub speaks {PROTOCOL_VERSION}", fatal=True
            )
        session = self.hub.session(hello.session_number)
        if session is None:
            raise ProtocolError(ErrorCode.UNKNOWN_SESSION, hello.session_number, fatal=True)
        try:
            station_key = public_key_from_bytes(hello.station_key)
        except KeyFormatError as exc:
            raise ProtocolError(ErrorCode.BAD_VALUE, "station_key", fatal=True) from exc
        if station_id_for(hello.station_key) != hello.station_id:
            self.hub.report(
                SecurityReport(SecurityIssue.BAD_STATION_ID, hello.station_id, self.peer)
            )
            raise ProtocolError(ErrorCode.BAD_STATION_ID, fatal=True)
        challenge = secrets.token_bytes(NONCE_SIZE)
        console_time = self.hub.console_time_ms()
        tls_sha256 = self.hub.tls_sha256
        payload = hub_hello_payload(
            nonce=hello.nonce,
            challenge=challenge,
            station_id=hello.station_id,
            session_number=session.number,
            room=session.room,
            console_time_ms=console_time,
            tls_sha256=tls_sha256,
        )
        await self.channel.send(
            HubHello(
                protocol=PROTOCOL_VERSION,
                session_number=session.number,
                room=session.room,
                console_time_ms=console_time,
                challenge=challenge,
                session_key=session.session_key.public_key().public_bytes_raw(),
                session_cert=None
                if session.session_cert is None
                else session.session_cert.encode(),
                tls_sha256=tls_sha256,
                signature=session.session_key.sign(payload),
            )
        )
        auth = await self.channel.receive(strict=True)
        if not isinstance(auth, StationAuth):
            raise ProtocolError(ErrorCode.UNEXPECTED_MESSAGE, "station.auth expected", fatal=True)
        expected = station_auth_payload(
            nonce=hello.nonce,
            challenge=challenge,
            station_id=hello.station_id,
            session_number=session.number,
            tls_sha256=tls_sha256,
        )
        if not check_signature(station_key, expected, auth.signature):
            self.hub.report(SecurityReport(SecurityIssue.AUTH_FAILED, hello.station_id, self.peer))
            raise ProtocolError(ErrorCode.AUTH_FAILED, fatal=True)
        self.station_id = hello.station_id
        self.session_number = session.number
        self.station_key = station_key
        self.station_key_bytes = hello.station_key
        if self.hub.is_admitted(session.number, self.station_id):
            self.acked_seq = await self.hub.replica.head_seq(self.station_id)
        await self.channel.send(HubWelcome(self.hub.console_time_ms(), self.acked_seq))

    async def _dispatch(self, message: Message) -> None:
        if isinstance(message, Heartbeat):
            await self.channel.send(HeartbeatReply(message.id, self.hub.console_time_ms()))
        elif isinstance(message, EventBatch):
            await self._events(message)
        elif isinstance(message, JoinRequest):
            await self.channel.send(await self.hub.handle_join(self, message))
        elif isinstance(message, CommandResult):
            self.hub.command_answered(self, message)
        elif isinstance(message, ErrorMessage):
            _log.info("station %s reports %s: %s", self.station_id, message.code, message.detail)
            if message.fatal:
                raise ConnectionClosed(f"station error {message.code}")
        else:
            await self.channel.report(
                ProtocolError(ErrorCode.UNEXPECTED_MESSAGE, f"{message.TYPE} after the handshake")
            )

    async def _events(self, batch: EventBatch) -> None:
        if self.acked_seq is None or self.station_key is None:
            await self.channel.report(ProtocolError(ErrorCode.NOT_JOINED, "join first"))
            return
        foreign = {e.station_id for e in batch.events if e.station_id != self.station_id}
        if foreign:
            # The key given to the import below is this station's: events in another
            # station's name could never verify, but they must not even be tried.
            detail = f"events in the name of {sorted(foreign)[0][:16]}"
            self.hub.report(
                SecurityReport(SecurityIssue.FOREIGN_EVENTS, self.station_id, self.peer, detail)
            )
            raise ProtocolError(ErrorCode.FOREIGN_STATION_ID, detail, fatal=True)
        try:
            report = await self.hub.replica.import_events(batch.events, self.station_key)
        except StoreError as exc:
            self.hub.replica_failed(exc)
            raise ProtocolError(ErrorCode.INTERNAL, "console storage problem", fatal=True) from exc
        self.acked_seq = report.head_seq
        if report.applied:
            first = report.head_seq - report.applied + 1
            seen: dict[int, str] = {}
            for event in batch.events:
                if first <= event.seq <= report.head_seq:
                    seen[event.seq] = event.type
            types = tuple(seen[seq] for seq in sorted(seen))
            self.hub.imported(
                EventsImported(self.station_id, self.session_number, first, report.head_seq, types)
            )
        if report.rejected or report.fork_at is not None:
            await self.channel.send(Ack(report.head_seq))
            if report.fork_at is not None:
                issue, code, detail = SecurityIssue.FORK, ErrorCode.FORK, f"seq {report.fork_at}"
            else:
                first_bad = report.rejected[0]
                issue, code = SecurityIssue.EVENT_REJECTED, ErrorCode.EVENT_REJECTED
                detail = f"seq {first_bad.seq}: {first_bad.problem.value}"
            self.hub.report(SecurityReport(issue, self.station_id, self.peer, detail))
            raise ProtocolError(code, detail, fatal=True)
        if report.gap_at is not None:
            await self.channel.send(Resend(report.head_seq))
        else:
            await self.channel.send(Ack(report.head_seq))


class IdleTimer:
    """A connection's idle timeout, with one timer per idle period rather than per message.

    Arming ``asyncio.timeout`` around each read costs a timer pushed on the loop's heap and
    cancelled per message; with hundreds of stations the heap fills with cancelled timers.
    Here one timer per connection is re-armed only when it fires: it expires the enclosing
    ``scope`` (which then raises ``TimeoutError``) only if the connection has been waiting
    for a message, without one, for ``idle_s`` — the time spent handling a message does not
    count, as before.

    Args:
        scope: An ``asyncio.timeout(None)`` entered around the read loop.
        idle_s: How long a connection may send nothing.
    """

    def __init__(self, scope: asyncio.Timeout, idle_s: float) -> None:
        """Start waiting for the first message now."""
        self._scope = scope
        self._idle_s = idle_s
        self._loop = asyncio.get_running_loop()
        self._waiting = True
        self._deadline = self._loop.time() + idle_s
        self._handle = self._loop.call_at(self._deadline, self._check)

    def busy(self) -> None:
        """A message arrived: handling it is not idleness."""
        self._waiting = False

    def waiting(self) -> None:
        """Waiting for the next message from now on."""
        self._waiting = True
        self._deadline = self._loop.time() + self._idle_s

    def cancel(self) -> None:
        """Stop the timer (the read loop ended)."""
        self._handle.cancel()

    def _check(self) -> None:
        now = self._loop.time()
        if self._waiting and now >= self._deadline:
            self._scope.reschedule(now)  # expire: the read is cancelled, TimeoutError follows
        else:
            when = self._deadline if self._waiting else now + self._idle_s
            self._handle = self._loop.call_at(when, self._check)
