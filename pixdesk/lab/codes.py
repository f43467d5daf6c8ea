"""Every code the lab link puts on the wire or reports: one enum per question asked.

The values are the protocol's (docs/lab-protocol.md); the UI turns them into sentences.
"""

from __future__ import annotations

from enum import StrEnum

PROTOCOL_VERSION = 1


class ErrorCode(StrEnum):
    """Why a peer sent an ``error`` message (and, when fatal, closed the connection)."""

    # Frames and messages (docs/lab-protocol.md §2-3).
    MALFORMED_FRAME = "MALFORMED_FRAME"
    FRAME_TOO_LARGE = "FRAME_TOO_LARGE"
    UNKNOWN_TYPE = "UNKNOWN_TYPE"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    MISSING_FIELD = "MISSING_FIELD"
    BAD_VALUE = "BAD_VALUE"
    UNEXPECTED_MESSAGE = "UNEXPECTED_MESSAGE"
    TOO_MANY_ERRORS = "TOO_MANY_ERRORS"
    # Handshake.
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
    UNKNOWN_SESSION = "UNKNOWN_SESSION"
    BAD_STATION_ID = "BAD_STATION_ID"
    AUTH_FAILED = "AUTH_FAILED"
    # Replication.
    NOT_JOINED = "NOT_JOINED"
    FOREIGN_STATION_ID = "FOREIGN_STATION_ID"
    EVENT_REJECTED = "EVENT_REJECTED"
    FORK = "FORK"
    # Connection management.
    IDLE_TIMEOUT = "IDLE_TIMEOUT"
    REPLACED = "REPLACED"
    OVERLOADED = "OVERLOADED"
    SHUTTING_DOWN = "SHUTTING_DOWN"
    INTERNAL = "INTERNAL"


class JoinResult(StrEnum):
    """The answer to a join request (RULES.md §3, plus the link's own refusals)."""

    MATCHED = "MATCHED"
    NO_MATCH = "NO_MATCH"
    SEVERAL_MATCHES = "SEVERAL_MATCHES"
    WRONG_CODE = "WRONG_CODE"
    SESSION_CLOSED = "SESSION_CLOSED"
    RATE_LIMITED = "RATE_LIMITED"


class CommandStatus(StrEnum):
    """What became of a command sent to a station."""

    ACCEPTED = "ACCEPTED"  # verified and carried out by the station
    REJECTED = "REJECTED"  # verified, but the station's state forbids it (see ``reason``)
    DUPLICATE = "DUPLICATE"  # this command id was already handled; not carried out again
    BAD_SIGNATURE = "BAD_SIGNATURE"  # not signed by the session key the station trusts
    UNTRUSTED = "UNTRUSTED"  # the station has no key to check it with (not joined yet)
    WRONG_STATION = "WRONG_STATION"
    WRONG_SESSION = "WRONG_SESSION"
    EXPIRED = "EXPIRED"  # issued too long ago (or in the future) by the console's clock
    MALFORMED = "MALFORMED"
    # Never sent by a station: the hub's own outcomes.
    NOT_CONNECTED = "NOT_CONNECTED"
    TIMEOUT = "TIMEOUT"

    @property
    def is_security_problem(self) -> bool:
        """Tell whether the station refused the command as possibly forged or replayed."""
        return self in _SECURITY_STATUSES


_SECURITY_STATUSES = frozenset(
    {
        CommandStatus.BAD_SIGNATURE,
        CommandStatus.UNTRUSTED,
        CommandStatus.WRONG_STATION,
        CommandStatus.WRONG_SESSION,
        CommandStatus.EXPIRED,
        CommandStatus.MALFORMED,
    }
)


class LinkProblem(StrEnum):
    """Why a station is not (or no longer) connected; shown by the learner UI."""

    CONNECT_FAILED = "CONNECT_FAILED"  # no route, refused, TLS handshake failed
    NO_CONSOLE_FOUND = "NO_CONSOLE_FOUND"
    TLS_FINGERPRINT_MISMATCH = "TLS_FINGERPRINT_MISMATCH"
    UNTRUSTED_SESSION = "UNTRUSTED_SESSION"  # session certificate missing or not valid
    PIN_MISMATCH = "PIN_MISMATCH"  # not the console this station pinned for the session
    BAD_HUB_SIGNATURE = "BAD_HUB_SIGNATURE"
    WRONG_SESSION = "WRONG_SESSION"
    HUB_REFUSED = "HUB_REFUSED"  # the hub sent a fatal error (its code is in the detail)
    PROTOCOL = "PROTOCOL"  # the hub broke the protocol
    TIMEOUT = "TIMEOUT"  # no answer in time (heartbeat, handshake, ack)
    CLOSED = "CLOSED"  # the connection ended
    LOCAL_STORE = "LOCAL_STORE"  # this station's own store could not be read
    INTERNAL = "INTERNAL"  # a bug; logged


class SecurityIssue(StrEnum):
    """What a security report is about (on the hub's side or the station's)."""

    # Reported by the hub.
    BAD_STATION_ID = "BAD_STATION_ID"  # a station id that its key does not derive to
    AUTH_FAILED = "AUTH_FAILED"  # challenge signature did not verify
    FOREIGN_EVENTS = "FOREIGN_EVENTS"  # events in another station's name
    EVENT_REJECTED = "EVENT_REJECTED"  # bad hash, signature or body
    FORK = "FORK"  # the station sent two histories
    JOIN_LOCKED_OUT = "JOIN_LOCKED_OUT"  # too many failed joins: a lock-out began
    PROTOCOL_ABUSE = "PROTOCOL_ABUSE"  # oversized frames, repeated protocol errors
    COMMAND_REFUSED = "COMMAND_REFUSED"  # a station refused a command as forged/replayed
    # Reported by a station.
    BAD_COMMAND = "BAD_COMMAND"  # a command that failed verification
    TLS_FINGERPRINT_MISMATCH = "TLS_FINGERPRINT_MISMATCH"
    UNTRUSTED_SESSION = "UNTRUSTED_SESSION"
    PIN_MISMATCH = "PIN_MISMATCH"
    BAD_HUB_SIGNATURE = "BAD_HUB_SIGNATURE"
