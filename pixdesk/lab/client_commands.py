"""A station's gate for commands: check each one, refuse and report, run the first-seen."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable

from pixdesk.lab.client_config import CommandHandler
from pixdesk.lab.codes import CommandStatus, SecurityIssue
from pixdesk.lab.commands import UNKNOWN_COMMAND_ID, CommandRefused, verify_command
from pixdesk.lab.observers import SecurityReport
from pixdesk.lab.trust import StationTrust, TrustedConsole

_log = logging.getLogger(__name__)

SEEN_COMMANDS = 4096
"""Command ids remembered against replays (a retry answers DUPLICATE)."""


class CommandGate:
    """Verify commands (docs/lab-protocol.md §7.3) and hand the good ones to the learner logic.

    Args:
        trust: Which session key a command must be signed with.
        session_number: This station's session.
        station_id: This station.
        handler: The learner logic (None: every verified command is REJECTED).
        timeout_s: How long the handler may take.
        report: Where security reports go.
    """

    def __init__(
        self,
        *,
        trust: StationTrust,
        session_number: str,
        station_id: str,
        handler: CommandHandler | None,
        timeout_s: float,
        report: Callable[[SecurityReport], None],
    ) -> None:
        """Start with no command seen."""
        self._trust = trust
        self._session = session_number
        self._station = station_id
        self._handler = handler
        self._timeout = timeout_s
        self._report = report
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def handle(
        self, token: str, console: TrustedConsole | None, console_now_ms: int
    ) -> tuple[str, CommandStatus, str | None]:
        """Check one token and run it if it is good and new.

        Args:
            token: The command token received.
            console: The console trusted on the connection it came by.
            console_now_ms: The station's estimate of console time.

        Returns:
            ``(command id, status, reason)`` for the ``command.result``.
        """
        try:
            command = verify_command(
                token,
                session_key=self._trust.command_key(console),
                session_number=self._session,
                station_id=self._station,
                console_now_ms=console_now_ms,
            )
        except CommandRefused as refused:
            detail = f"{refused.status.value} {refused.detail}".strip()
            self._report(SecurityReport(SecurityIssue.BAD_COMMAND, self._station, "", detail))
            return refused.command_id or UNKNOWN_COMMAND_ID, refused.status, None
        if command.command_id in self._seen:
            return command.command_id, CommandStatus.DUPLICATE, None
        # Marked before running: a retry arriving meanwhile must not run it twice.
        self._seen[command.command_id] = None
        while len(self._seen) > SEEN_COMMANDS:
            self._seen.popitem(last=False)
        if self._handler is None:
            return command.command_id, CommandStatus.REJECTED, "NO_HANDLER"
        try:
            async with asyncio.timeout(self._timeout):
                reply = await self._handler(command)
        except TimeoutError:
            return command.command_id, CommandStatus.REJECTED, "HANDLER_TIMEOUT"
        except Exception:  # noqa: BLE001 - reported to the console, logged for the developer
            _log.exception("command handler failed on %s", command.kind)
            return command.command_id, CommandStatus.REJECTED, "HANDLER_ERROR"
        status = CommandStatus.ACCEPTED if reply.accepted else CommandStatus.REJECTED
        reason = None if reply.reason is None else reply.reason[:64]
        return command.command_id, status, reason
