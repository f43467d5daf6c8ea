"""The values a console hands the hub: sessions, settings; and what a command returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.certificates import Certificate
from pixdesk.domain.candidate import Candidate
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.ratelimit import RatePolicy

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class HubSession:
    """One session (one room) the hub serves.

    Attributes:
        number: The session number (digits), as stations ask for it.
        room: The room, shown on stations and advertised.
        access_code: The session's access code (join step 2).
        candidates: The enrolled candidates.
        session_key: The session key: signs hellos and commands.
        session_cert: The center-issued certificate of the session key (None in degraded
            mode); it must pin the hub's TLS certificate.
        admitted_stations: Stations that joined this session before (a console restarting
            passes those its replica knows), whose events are accepted without a new join.
        closed: Finalised: joins get SESSION_CLOSED (replication goes on).
        profiles: Positioning profiles by candidate id, sent with the join result.
        test_stations: The station whose journal holds each running test, by candidate id
            (the console keeps it current): a candidate joining another station hears
            ``started_elsewhere`` (their test will be handed over, docs/lab-protocol.md §7.7).
    """

    number: str
    room: str
    access_code: str
    candidates: tuple[Candidate, ...]
    session_key: Ed25519PrivateKey = field(repr=False)
    session_cert: Certificate | None = None
    admitted_stations: frozenset[str] = frozenset()
    closed: bool = False
    profiles: Mapping[str, PositioningProfile] = field(default_factory=dict)
    test_stations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HubSettings:
    """Limits and timings of the hub (the defaults suit a school LAN).

    Attributes:
        max_connections: Connections open at once (five rooms and spare).
        handshake_timeout_s: Time for TLS plus the hello exchange.
        idle_timeout_s: A station silent this long is dropped (it heartbeats every 5 s).
        write_timeout_s: A station that stops reading this long is dropped.
        command_timeout_s: How long :meth:`Hub.send_command` waits for the result.
        max_pending_commands: Unanswered commands per station.
        rate_policy: The join rate limit.
    """

    max_connections: int = 2000
    handshake_timeout_s: float = 10.0
    idle_timeout_s: float = 30.0
    write_timeout_s: float = 10.0
    command_timeout_s: float = 10.0
    max_pending_commands: int = 64
    rate_policy: RatePolicy = field(default_factory=RatePolicy)


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """What became of a command sent to a station.

    Attributes:
        status: The station's answer, or NOT_CONNECTED / TIMEOUT from the hub.
        command_id: The command's id ("" when it was never signed).
        reason: The station's reason for a REJECTED (a domain code), if any.
        token: The signed command (journal it: its signature stays checkable).
        issued_at_ms: The console time it was signed at.
    """

    status: CommandStatus
    command_id: str = ""
    reason: str | None = None
    token: str = ""
    issued_at_ms: int = 0


def epoch_ms(moment: datetime) -> int:
    """Return an aware datetime as integer milliseconds since the Unix epoch."""
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(value: int) -> datetime:
    """Return the aware UTC datetime of integer milliseconds since the Unix epoch."""
    return _EPOCH + timedelta(milliseconds=value)
