"""What the supervisor console refuses, as codes the UI turns into French sentences."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pixdesk.domain.errors import FieldProblem


class ConsoleErrorCode(StrEnum):
    """Why a console operation was refused (nothing was sent nor journaled)."""

    # Opening a session.
    NO_CENTER_KEY = "NO_CENTER_KEY"  # this PC has no provisioned center key to check a pack
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 - a code, not a secret
    PACK_REFUSED = "PACK_REFUSED"  # the pack does not verify (``params["pack_code"]``)
    SESSION_CERT_INVALID = "SESSION_CERT_INVALID"  # expired, not yet valid (``cert_code``)
    SESSION_FILE_DAMAGED = "SESSION_FILE_DAMAGED"  # the console's own copy cannot be read
    UNKNOWN_SESSION = "UNKNOWN_SESSION"  # no such session on this PC
    INVALID_SESSION = "INVALID_SESSION"  # creating here: see ``problems`` and ``lines``
    IO_ERROR = "IO_ERROR"
    # Running the room.
    PORT_IN_USE = "PORT_IN_USE"  # another program (or console) listens on the port
    NETWORK_ERROR = "NETWORK_ERROR"
    UNKNOWN_CANDIDATE = "UNKNOWN_CANDIDATE"
    NO_STATION = "NO_STATION"  # the candidate has not joined from a station yet
    NOT_AVAILABLE = "NOT_AVAILABLE"  # the action does not fit the candidate's state
    UNKNOWN_ALERT = "UNKNOWN_ALERT"
    UNKNOWN_CREDIT = "UNKNOWN_CREDIT"
    INVALID_INCIDENT = "INVALID_INCIDENT"  # see ``params["errors"]``
    INVALID_TIME = "INVALID_TIME"  # minutes out of 1..240
    SESSION_FINALISED = "SESSION_FINALISED"
    HANDOVER_UNAVAILABLE = "HANDOVER_UNAVAILABLE"  # the test's first station sent too little


class ConsoleError(Exception):
    """A refused console operation.

    Attributes:
        code: Why.
        params: Named values for the message.
        problems: Invalid fields of a session created on the console.
        lines: Invalid candidate lines, ``(line number, code)`` (codes of ``LineCode``).
    """

    def __init__(
        self,
        code: ConsoleErrorCode,
        params: Mapping[str, object] | None = None,
        *,
        problems: tuple[FieldProblem, ...] = (),
        lines: tuple[tuple[int, str], ...] = (),
    ) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        self.problems = problems
        self.lines = lines
        super().__init__(code.value, self.params, problems, lines)
