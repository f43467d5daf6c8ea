"""The console hub: a TLS server that carries one or several rooms' stations.

One asyncio task per connection, no thread per connection; one database thread for the
replica (``ReplicaWriter``). Everything here runs on the lab thread: call the methods from it
(``LabThread.submit`` / ``LabThread.call`` from the UI).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from pixdesk.crypto.certificates import CertificateError, decode_signed
from pixdesk.domain.clock import Clock
from pixdesk.lab.channel import Channel
from pixdesk.lab.codes import CommandStatus, ErrorCode, SecurityIssue
from pixdesk.lab.commands import UNKNOWN_COMMAND_ID, Command, new_command_id, sign_command
from pixdesk.lab.frames import ConnectionClosed, ProtocolError
from pixdesk.lab.hub_config import CommandOutcome, HubSession, HubSettings, epoch_ms
from pixdesk.lab.hub_connection import StationConnection
from pixdesk.lab.hub_joins import JoinDesk
from pixdesk.lab.join import candidate_info
from pixdesk.lab.messages import CommandMessage, CommandResult, JoinReply, JoinRequest, Side
from pixdesk.lab.observers import (
    EventsImported,
    HubObserver,
    NullHubObserver,
    SecurityReport,
    StationInfo,
    notify,
)
from pixdesk.lab.replica_writer import ReplicaStore, ReplicaWriter
from pixdesk.lab.tls import ConsoleTlsIdentity, server_context
from pixdesk.lab.wire import MAX_COMMAND_TOKEN

_log = logging.getLogger(__name__)


class Hub:
    """Serve stations: authenticate them, answer joins, replicate journals, send commands.

    Args:
        tls: The console's TLS identity (its fingerprint is what session certificates pin).
        replica: The console's replica journal, on a database connection used by nothing
            else (the hub's database thread owns it).
        clock: The console's clock: authoritative time for the room.
        observer: Told about connections, imports, joins and security reports.
        settings: Limits and timings.
    """

    def __init__(
        self,
        *,
        tls: ConsoleTlsIdentity,
        replica: ReplicaStore,
        clock: Clock,
        observer: HubObserver | None = None,
        settings: HubSettings | None = None,
    ) -> None:
        """Prepare the hub (nothing listens before :meth:`start`)."""
        self.settings = settings or HubSettings()
        self.tls_sha256 = tls.sha256
        self._tls = tls
        self._clock = clock
        self._observer: HubObserver = observer or NullHubObserver()
        self.replica = ReplicaWriter(replica)
        self._joins = JoinDesk(self.settings.rate_policy, clock.monotonic_ns, self.report)
        self._sessions: dict[str, HubSession] = {}
        self._admitted: dict[str, set[str]] = {}
        self._stations: dict[str, StationConnection] = {}
        self._open: set[asyncio.Task[None]] = set()  # connections and their goodbyes
        self._server: asyncio.Server | None = None

    # ---------------------------------------------------------------- lifecycle

    async def start(self, host: str = "0.0.0.0", port: int = 0) -> tuple[str, int]:  # noqa: S104 - the lab LAN
        """Listen on ``host:port`` (0: any free port) and return the address bound."""
        self.replica.start()
        self._server = await asyncio.start_server(
            self._accept,
            host,
            port,
            ssl=server_context(self._tls),
            ssl_handshake_timeout=self.settings.handshake_timeout_s,
            backlog=1024,
        )
        bound = self._server.sockets[0].getsockname()
        return str(bound[0]), int(bound[1])

    async def close(self, *, graceful: bool = True) -> None:
        """Stop listening, close every connection, stop the database thread.

        Args:
            graceful: Tell each station the hub is shutting down; False drops the
                connections without a word, as a crash or a pulled cable would (drills).
        """
        if self._server is not None:
            self._server.close()
        connections = list(self._stations.values())
        if graceful:
            shutting_down = ProtocolError(ErrorCode.SHUTTING_DOWN, fatal=True)
            goodbyes = [c.channel.fail(shutting_down) for c in connections]
            await asyncio.gather(*goodbyes, return_exceptions=True)
        else:
            for connection in connections:
                connection.channel.abort()
        for task in list(self._open):
            task.cancel()
        await asyncio.gather(*self._open, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        await self.replica.close()

    # ---------------------------------------------------------------- sessions

    def add_session(self, session: HubSession) -> None:
        """Serve ``session`` (or replace its settings: candidates, closed flag…)."""
        self._sessions[session.number] = session
        self._admitted.setdefault(session.number, set()).update(session.admitted_stations)

    def close_session(self, number: str) -> None:
        """Refuse new joins to a session (finalised); replication goes on."""
        session = self._sessions.get(number)
        if session is not None:
            self._sessions[number] = replace(session, closed=True)

    def session(self, number: str) -> HubSession | None:
        """Return the session with this number, if the hub serves it."""
        return self._sessions.get(number)

    def is_admitted(self, number: str, station_id: str) -> bool:
        """Tell whether a station joined a session (its events are replicated)."""
        return station_id in self._admitted.get(number, ())

    def connected_stations(self) -> list[StationInfo]:
        """Return the stations connected and authenticated now (the console's room view)."""
        return [connection.info() for connection in self._stations.values()]

    def console_time_ms(self) -> int:
        """Return the console's time, ms since the Unix epoch: the room's reference."""
        return epoch_ms(self._clock.now())

    # ---------------------------------------------------------------- commands

    async def send_command(
        self, station_id: str, command: Command, *, command_id: str | None = None
    ) -> CommandOutcome:
        """Sign ``command`` with the session key and deliver it; return the station's answer.

        Args:
            station_id: The station (it must be connected).
            command: What to do.
            command_id: Pass the id of an earlier attempt to retry it: a station that
                carried it out answers DUPLICATE instead of doing it twice.

        Returns:
            The outcome; NOT_CONNECTED or TIMEOUT when the station could not answer.
        """
        connection = self._stations.get(station_id)
        session = self._sessions.get(connection.session_number) if connection else None
        if connection is None or session is None:
            return CommandOutcome(CommandStatus.NOT_CONNECTED)
        issued = self.console_time_ms()
        token = sign_command(
            session.session_key,
            command,
            session_number=session.number,
            station_id=station_id,
            issued_at_ms=issued,
            command_id=command_id or new_command_id(),
        )
        return await self.deliver(station_id, token, issued_at_ms=issued)

    async def deliver(
        self, station_id: str, token: str, *, issued_at_ms: int = 0
    ) -> CommandOutcome:
        """Deliver an already signed command token as it is, and wait for the answer.

        For re-delivering a journaled command unchanged; :meth:`send_command` is the way to
        issue one.
        """
        connection = self._stations.get(station_id)
        if connection is None:
            return CommandOutcome(CommandStatus.NOT_CONNECTED, token=token)
        try:
            raw_id = decode_signed(token, MAX_COMMAND_TOKEN).fields.get("command_id")
        except CertificateError:
            raw_id = None
        # The station answers about an unreadable token under the all-zero id.
        command_id = raw_id if isinstance(raw_id, str) and raw_id else UNKNOWN_COMMAND_ID
        if len(connection.pending) >= self.settings.max_pending_commands:
            return CommandOutcome(CommandStatus.TIMEOUT, command_id, "too many pending", token)
        future: asyncio.Future[CommandResult] = asyncio.get_running_loop().create_future()
        connection.pending[command_id] = future
        try:
            await connection.channel.send(CommandMessage(token))
            async with asyncio.timeout(self.settings.command_timeout_s):
                result = await future
        except ConnectionClosed:
            return CommandOutcome(
                CommandStatus.NOT_CONNECTED, command_id, None, token, issued_at_ms
            )
        except TimeoutError:
            return CommandOutcome(CommandStatus.TIMEOUT, command_id, None, token, issued_at_ms)
        finally:
            connection.pending.pop(command_id, None)
        return CommandOutcome(result.status, command_id, result.reason, token, issued_at_ms)

    def command_answered(self, connection: StationConnection, result: CommandResult) -> None:
        """Resolve the pending command a station answered (and report refusals)."""
        if result.status.is_security_problem:
            detail = f"command {result.command_id[:8]}: {result.status.value}"
            self.report(
                SecurityReport(
                    SecurityIssue.COMMAND_REFUSED, connection.station_id, connection.peer, detail
                )
            )
        future = connection.pending.get(result.command_id)
        if future is not None and not future.done():
            future.set_result(result)

    # ---------------------------------------------------------------- joins

    async def handle_join(self, connection: StationConnection, request: JoinRequest) -> JoinReply:
        """Answer a join request (``hub_joins.JoinDesk``); admit the station on MATCHED."""
        session = self._sessions[connection.session_number]
        attempt = self._joins.decide(
            request,
            session,
            station_id=connection.station_id,
            peer=connection.peer,
            peer_host=connection.channel.peer_host,
        )
        candidate = None
        if attempt.candidate is not None:
            self._admitted.setdefault(session.number, set()).add(connection.station_id)
            if connection.acked_seq is None:
                connection.acked_seq = await self.replica.head_seq(connection.station_id)
            cid = attempt.candidate.candidate_id
            test_station = session.test_stations.get(cid, connection.station_id)
            candidate = candidate_info(
                attempt.candidate,
                session.profiles.get(cid),
                started_elsewhere=test_station != connection.station_id,
            )
        notify(lambda: self._observer.join_attempted(attempt))
        acked = connection.acked_seq if candidate is not None else None
        return JoinReply(request.id, attempt.result, candidate, attempt.retry_after_ms, acked)

    # ---------------------------------------------------------------- connections

    def register(self, connection: StationConnection) -> None:
        """Make ``connection`` the station's current one (an older one is dropped)."""
        old = self._stations.get(connection.station_id)
        self._stations[connection.station_id] = connection
        if old is not None and old is not connection:
            # A half-open connection (a LAN cut the console did not notice) is replaced.
            old.close_reason = ErrorCode.REPLACED.value
            replaced = ProtocolError(ErrorCode.REPLACED, fatal=True)
            task = asyncio.get_running_loop().create_task(old.channel.fail(replaced))
            self._open.add(task)
            task.add_done_callback(self._open.discard)
        info = connection.info()
        notify(lambda: self._observer.station_connected(info))

    def unregister(self, connection: StationConnection) -> None:
        """Forget a connection that ended."""
        if not connection.registered or self._stations.get(connection.station_id) is not connection:
            return  # never authenticated, or replaced by a newer connection of the station
        del self._stations[connection.station_id]
        station, reason = connection.station_id, connection.close_reason
        notify(lambda: self._observer.station_disconnected(station, reason))

    def report(self, report: SecurityReport) -> None:
        """Log a security report and tell the observer."""
        _log.warning(
            "security: %s %s %s %s", report.issue, report.station_id, report.peer, report.detail
        )
        notify(lambda: self._observer.security_reported(report))

    def imported(self, batch: EventsImported) -> None:
        """Tell the observer about newly replicated events."""
        notify(lambda: self._observer.events_imported(batch))

    def replica_failed(self, error: Exception) -> None:
        """Tell the observer the replica could not be written (disk full…)."""
        _log.error("replica write failed: %s", error)
        detail = str(error)[:200]
        notify(lambda: self._observer.replica_failed(detail))

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        channel = Channel(
            reader, writer, receiver=Side.HUB, write_timeout_s=self.settings.write_timeout_s
        )
        if len(self._open) >= self.settings.max_connections:
            await channel.fail(ProtocolError(ErrorCode.OVERLOADED, fatal=True))
            return
        # A task of the hub's own, not the server's callback task: the hub can then cancel
        # it on close without asyncio (3.11) logging the cancellation as an error.
        task = asyncio.get_running_loop().create_task(StationConnection(self, channel).run())
        self._open.add(task)
        task.add_done_callback(self._open.discard)
