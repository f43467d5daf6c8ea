"""The messages of lab protocol version 1: one frozen dataclass per type.

Their wire schemas, and the functions that check and write them, are in ``wire.py``;
docs/lab-protocol.md §4 is the same table for other implementations: keep the three in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.lab.codes import CommandStatus, JoinResult
from pixdesk.store.events import Event

MAX_EVENTS_PER_BATCH = 512
NONCE_SIZE = 32


class MessageType(StrEnum):
    """The ``type`` of a message."""

    STATION_HELLO = "station.hello"
    HUB_HELLO = "hub.hello"
    STATION_AUTH = "station.auth"
    HUB_WELCOME = "hub.welcome"
    JOIN_REQUEST = "join.request"
    JOIN_RESULT = "join.result"
    EVENTS = "events"
    ACK = "ack"
    RESEND = "resend"
    HEARTBEAT = "heartbeat"
    HEARTBEAT_REPLY = "heartbeat.reply"
    COMMAND = "command"
    COMMAND_RESULT = "command.result"
    ERROR = "error"


class Side(StrEnum):
    """Who receives a message."""

    HUB = "hub"
    STATION = "station"


@dataclass(frozen=True, slots=True)
class StationHello:
    """Station → hub, first frame: who I am, which session I want, a fresh nonce."""

    TYPE: ClassVar[MessageType] = MessageType.STATION_HELLO
    protocol: int
    station_id: str
    station_key: bytes
    session_number: str
    nonce: bytes


@dataclass(frozen=True, slots=True)
class HubHello:
    """Hub → station: the session, console time, a challenge, and the session key's proof."""

    TYPE: ClassVar[MessageType] = MessageType.HUB_HELLO
    protocol: int
    session_number: str
    room: str
    console_time_ms: int
    challenge: bytes
    session_key: bytes
    session_cert: str | None
    tls_sha256: str
    signature: bytes


@dataclass(frozen=True, slots=True)
class StationAuth:
    """Station → hub: the station key's signature over the challenge."""

    TYPE: ClassVar[MessageType] = MessageType.STATION_AUTH
    signature: bytes


@dataclass(frozen=True, slots=True)
class HubWelcome:
    """Hub → station: authenticated; ``acked_seq`` is null until the station has joined."""

    TYPE: ClassVar[MessageType] = MessageType.HUB_WELCOME
    console_time_ms: int
    acked_seq: int | None


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """Station → hub: what the candidate typed at join steps 1 and 2."""

    TYPE: ClassVar[MessageType] = MessageType.JOIN_REQUEST
    id: int
    session_number: str
    first_name: str
    birth_name: str
    birth_date: str
    access_code: str


@dataclass(frozen=True, slots=True)
class CandidateInfo:
    """What a station learns about the candidate who joined.

    ``positioning_profile`` is the candidate's positioning profile when the session pack
    gives one (the station then runs engine v2 if it is certifiable). ``started_elsewhere``
    says their test is under way on another station (their PC died): it will be handed over
    and resume here, so the pupil is told it will go on, not that instructions will come.
    """

    candidate_id: str
    first_name: str
    birth_name: str
    birth_date: str
    extra_time_percent: str
    accessibility_adjustment: bool
    positioning_profile: PositioningProfile | None = None
    started_elsewhere: bool = False


@dataclass(frozen=True, slots=True)
class JoinReply:
    """Hub → station: the join result (``candidate`` and ``acked_seq`` only when MATCHED)."""

    TYPE: ClassVar[MessageType] = MessageType.JOIN_RESULT
    id: int
    result: JoinResult
    candidate: CandidateInfo | None
    retry_after_ms: int | None
    acked_seq: int | None


@dataclass(frozen=True, slots=True)
class EventBatch:
    """Station → hub: consecutive events of the station's own journal."""

    TYPE: ClassVar[MessageType] = MessageType.EVENTS
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Ack:
    """Hub → station: the replica holds every event up to ``seq``."""

    TYPE: ClassVar[MessageType] = MessageType.ACK
    seq: int


@dataclass(frozen=True, slots=True)
class Resend:
    """Hub → station: a gap; send again every event after ``after_seq``."""

    TYPE: ClassVar[MessageType] = MessageType.RESEND
    after_seq: int


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """Station → hub: are you there? (answered at once)."""

    TYPE: ClassVar[MessageType] = MessageType.HEARTBEAT
    id: int


@dataclass(frozen=True, slots=True)
class HeartbeatReply:
    """Hub → station: the answer, with the console's clock."""

    TYPE: ClassVar[MessageType] = MessageType.HEARTBEAT_REPLY
    id: int
    console_time_ms: int


@dataclass(frozen=True, slots=True)
class CommandMessage:
    """Hub → station: a command signed by the session key (a transport token)."""

    TYPE: ClassVar[MessageType] = MessageType.COMMAND
    token: str


@dataclass(frozen=True, slots=True)
class CommandResult:
    """Station → hub: what became of a command."""

    TYPE: ClassVar[MessageType] = MessageType.COMMAND_RESULT
    command_id: str
    status: CommandStatus
    reason: str | None


@dataclass(frozen=True, slots=True)
class ErrorMessage:
    """Either way: a protocol error; when ``fatal`` the sender closes the connection."""

    TYPE: ClassVar[MessageType] = MessageType.ERROR
    code: str
    detail: str
    ref_id: int | None
    fatal: bool


Message = (
    StationHello
    | HubHello
    | StationAuth
    | HubWelcome
    | JoinRequest
    | JoinReply
    | EventBatch
    | Ack
    | Resend
    | Heartbeat
    | HeartbeatReply
    | CommandMessage
    | CommandResult
    | ErrorMessage
)
