"""One connection of a station to its console: handshake, then three tasks.

The reader dispatches what the hub sends; the shipper sends the journal by seq, one batch
in flight at a time; the heartbeat asks for console time every few seconds. The first of them
to fail ends the connection, and the client reconnects.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import TYPE_CHECKING, TypeVar

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.channel import Channel
from pixdesk.lab.client_config import LinkFailure
from pixdesk.lab.codes import PROTOCOL_VERSION, ErrorCode, LinkProblem, SecurityIssue
from pixdesk.lab.frames import MAX_FRAME_SIZE, ConnectionClosed, ProtocolError
from pixdesk.lab.handshake import station_auth_payload
from pixdesk.lab.messages import (
    NONCE_SIZE,
    Ack,
    CommandMessage,
    CommandResult,
    ErrorMessage,
    EventBatch,
    Heartbeat,
    HeartbeatReply,
    HubHello,
    HubWelcome,
    JoinReply,
    Message,
    Resend,
    Side,
    StationAuth,
    StationHello,
)
from pixdesk.lab.observers import SecurityReport
from pixdesk.lab.tls import TlsError, client_context, peer_certificate_sha256
from pixdesk.lab.trust import TrustedConsole, TrustError
from pixdesk.store.errors import StoreError
from pixdesk.store.events import Event

if TYPE_CHECKING:
    from pixdesk.lab.client import StationClient

_log = logging.getLogger(__name__)

_TRUST_ISSUES = {
    LinkProblem.TLS_FINGERPRINT_MISMATCH: SecurityIssue.TLS_FINGERPRINT_MISMATCH,
    LinkProblem.UNTRUSTED_SESSION: SecurityIssue.UNTRUSTED_SESSION,
    LinkProblem.PIN_MISMATCH: SecurityIssue.PIN_MISMATCH,
    LinkProblem.BAD_HUB_SIGNATURE: SecurityIssue.BAD_HUB_SIGNATURE,
}
_FRAME_MARGIN = 4096
_M = TypeVar("_M", HubHello, HubWelcome)


class ClientConnection:
    """A station's connection, from TCP connect to its end.

    Args:
        client: The client (trust, keys, journal, state).
        address: Where the console is.
    """

    def __init__(self, client: StationClient, address: ConsoleAddress) -> None:
        """Prepare; nothing is opened yet."""
        self.client = client
        self.address = address
        self.channel: Channel | None = None
        self.console: TrustedConsole | None = None
        self.welcomed = False
        self._batch_reply: asyncio.Future[Ack | Resend] | None = None
        self._heartbeats: dict[int, int] = {}
        # Per connection: a command is answered on the connection it came by, or not at all.
        self._commands: asyncio.Queue[str] = asyncio.Queue(64)

    async def run(self) -> None:
        """Connect, authenticate, then serve until the connection ends.

        Raises:
            LinkFailure: Why it ended (or never began).
        """
        settings = self.client.settings
        try:
            async with asyncio.timeout(settings.connect_timeout_s):
                channel = await self._open()
                self.channel = channel
                await self._handshake(channel)
            self.welcomed = True
            async with asyncio.TaskGroup() as group:
                group.create_task(self._read(channel))
                group.create_task(self._ship(channel))
                group.create_task(self._heartbeat(channel))
                group.create_task(self._run_commands(channel))
        except Exception as exc:
            cause = _most_telling(exc)
            if cause is None:
                raise
            if isinstance(cause, ProtocolError) and self.channel is not None:
                await self.channel.fail(cause)
            raise _as_failure(cause) from None
        finally:
            if self.channel is not None:
                await self.channel.close()

    async def _open(self) -> Channel:
        try:
            reader, writer = await asyncio.open_connection(self.address.host, self.address.port)
        except (OSError, ValueError) as exc:
            raise LinkFailure(LinkProblem.CONNECT_FAILED, str(exc)[:200]) from exc
        tcp = writer.transport
        try:
            await writer.start_tls(client_context())
        except BaseException as exc:
            # TCP first, TLS on it, so that this side owns the socket: cancelled just after the
            # handshake, open_connection(ssl=...) starts TLS's shutdown and keeps the socket
            # open until the hub answers, leaked if the loop stops first (decisions.md §43).
            tcp.abort()
            if isinstance(exc, OSError | ValueError):  # ssl.SSLError is an OSError
                raise LinkFailure(LinkProblem.CONNECT_FAILED, str(exc)[:200]) from exc
            raise
        return Channel(
            reader,
            writer,
            receiver=Side.STATION,
            write_timeout_s=self.client.settings.ack_timeout_s,
        )

    async def _handshake(self, channel: Channel) -> None:
        client = self.client
        try:
            peer_sha256 = peer_certificate_sha256(channel.ssl_object)
        except TlsError as exc:
            raise LinkFailure(LinkProblem.CONNECT_FAILED, str(exc)) from exc
        nonce = secrets.token_bytes(NONCE_SIZE)
        sent = client.clock.monotonic_ns()
        await channel.send(
            StationHello(
                PROTOCOL_VERSION,
                client.station_id,
                client.station_key_bytes,
                client.session_number,
                nonce,
            )
        )
        hello = _expect(await channel.receive(strict=True), HubHello)
        client.time.sample(
            console_ms=hello.console_time_ms,
            sent_mono_ns=sent,
            received_mono_ns=client.clock.monotonic_ns(),
            wall=client.clock.now(),
        )
        try:
            console = client.trust.check_hub(
                hello,
                peer_tls_sha256=peer_sha256,
                nonce=nonce,
                station_id=client.station_id,
                session=client.session_number,
            )
        except TrustError as exc:
            issue = _TRUST_ISSUES.get(exc.problem)
            if issue is not None:
                client.report(SecurityReport(issue, client.station_id, "", exc.detail))
            raise LinkFailure(exc.problem, exc.detail) from exc
        payload = station_auth_payload(
            nonce=nonce,
            challenge=hello.challenge,
            station_id=client.station_id,
            session_number=client.session_number,
            tls_sha256=peer_sha256,
        )
        await channel.send(StationAuth(client.sign(payload)))
        welcome = _expect(await channel.receive(strict=True), HubWelcome)
        self.console = console
        client.connected(self, console, welcome.acked_seq)

    async def _read(self, channel: Channel) -> None:
        while True:
            async with asyncio.timeout(self.client.settings.idle_timeout_s):
                message = await channel.receive()
            self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        client = self.client
        if isinstance(message, Ack | Resend):
            reply = self._batch_reply
            if reply is not None and not reply.done():
                reply.set_result(message)
        elif isinstance(message, HeartbeatReply):
            sent = self._heartbeats.pop(message.id, None)
            if sent is not None:
                client.time.sample(
                    console_ms=message.console_time_ms,
                    sent_mono_ns=sent,
                    received_mono_ns=client.clock.monotonic_ns(),
                    wall=client.clock.now(),
                )
                client.time_updated()
        elif isinstance(message, JoinReply):
            client.join_answered(message)
        elif isinstance(message, CommandMessage):
            try:
                self._commands.put_nowait(message.token)
            except asyncio.QueueFull:
                _log.warning("command queue full: command dropped (the console will time out)")
        elif isinstance(message, ErrorMessage):
            _log.info("hub reports %s: %s", message.code, message.detail)
            client.request_failed(message.ref_id, message.code)
            # NOT_JOINED answers a batch: the hub and this station disagree on the join;
            # reconnecting makes the welcome say again which one is right.
            if message.fatal or message.code == ErrorCode.NOT_JOINED:
                raise LinkFailure(LinkProblem.HUB_REFUSED, message.code)
        else:
            raise ProtocolError(ErrorCode.UNEXPECTED_MESSAGE, f"{message.TYPE} now", fatal=True)

    async def send(self, message: Message) -> None:
        """Send a message on this connection (joins, command results)."""
        if self.channel is None:
            raise ConnectionClosed("not open")
        await self.channel.send(message)

    async def _ship(self, channel: Channel) -> None:
        client = self.client
        settings = client.settings
        while True:
            await client.wait_for_work()
            acked = client.state.acked_seq
            if acked is None or not client.state.joined:
                continue
            try:
                events = await client.read_events(acked, settings.max_batch_events)
            except StoreError as exc:
                raise LinkFailure(LinkProblem.LOCAL_STORE, exc.code.value) from exc
            if not events:
                continue
            batch = _fit(events, min(settings.max_batch_bytes, MAX_FRAME_SIZE - _FRAME_MARGIN))
            if not batch:
                raise LinkFailure(LinkProblem.PROTOCOL, f"event {events[0].seq} is too large")
            reply_future: asyncio.Future[Ack | Resend] = asyncio.get_running_loop().create_future()
            self._batch_reply = reply_future
            await channel.send(EventBatch(tuple(batch)))
            async with asyncio.timeout(settings.ack_timeout_s):
                reply = await reply_future
            self._batch_reply = None
            client.acknowledged(reply.seq if isinstance(reply, Ack) else reply.after_seq)
            client.more_work()  # there may be more to send at once

    async def _heartbeat(self, channel: Channel) -> None:
        counter = 0
        while True:
            await self.client.wait_heartbeat(self.client.settings.heartbeat_interval_s)
            counter += 1
            self._heartbeats = {counter: self.client.clock.monotonic_ns()}
            await channel.send(Heartbeat(counter))

    async def _run_commands(self, channel: Channel) -> None:
        # One at a time, in arrival order (docs/lab-protocol.md §7.3).
        client = self.client
        while True:
            token = await self._commands.get()
            now_ms = client.time.now_ms(client.clock.monotonic_ns()) or 0
            command_id, status, reason = await client.gate.handle(token, self.console, now_ms)
            await channel.send(CommandResult(command_id, status, reason))


_KNOWN = (LinkFailure, ProtocolError, TimeoutError, ConnectionClosed)  # most telling first


def _most_telling(exc: BaseException) -> BaseException | None:
    """Return the exception that best says why a connection ended (tasks fail together)."""
    leaves = list(_leaves(exc))
    for kind in _KNOWN:
        for leaf in leaves:
            if isinstance(leaf, kind):
                return leaf
    return None


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


def _as_failure(cause: BaseException) -> LinkFailure:
    if isinstance(cause, LinkFailure):
        return cause
    if isinstance(cause, ProtocolError):
        return LinkFailure(LinkProblem.PROTOCOL, str(cause))
    if isinstance(cause, TimeoutError):
        return LinkFailure(LinkProblem.TIMEOUT)
    return LinkFailure(LinkProblem.CLOSED, str(cause))


def _expect(message: Message, kind: type[_M]) -> _M:
    if isinstance(message, ErrorMessage):
        raise LinkFailure(LinkProblem.HUB_REFUSED, message.code)
    if not isinstance(message, kind):
        raise LinkFailure(LinkProblem.PROTOCOL, f"expected {kind.TYPE}, got {message.TYPE}")
    return message


def _fit(events: list[Event], max_bytes: int) -> list[Event]:
    """Return the longest prefix of ``events`` whose wire forms fit in ``max_bytes``."""
    total, kept = 0, []
    for event in events:
        total += len(canonical_bytes(event.to_wire())) + 1
        if total > max_bytes:
            break
        kept.append(event)
    return kept
