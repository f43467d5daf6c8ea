"""Lab protocol version 1 on the wire: each message type's schema, checked on receipt.

Every frame carries one JSON object with a ``type`` string and exactly the fields of that
type, all present (``null`` where a field allows it); anything else is refused with a code
(docs/lab-protocol.md §3-4).
"""

from __future__ import annotations

import re
from typing import Any

from pixdesk.domain.legacy_profile_doc import profile_doc, profile_from_doc
from pixdesk.lab.codes import CommandStatus, ErrorCode, JoinResult
from pixdesk.lab.frames import MAX_FRAME_SIZE, ProtocolError
from pixdesk.lab.messages import (
    MAX_EVENTS_PER_BATCH,
    NONCE_SIZE,
    Ack,
    CandidateInfo,
    CommandMessage,
    CommandResult,
    ErrorMessage,
    EventBatch,
    Heartbeat,
    HeartbeatReply,
    HubHello,
    HubWelcome,
    JoinReply,
    JoinRequest,
    Message,
    MessageType,
    Resend,
    Side,
    StationAuth,
    StationHello,
)
from pixdesk.lab.schema import (
    HEX64,
    MAX_INT,
    Bool,
    Bytes,
    Codec,
    Custom,
    Enum,
    Int,
    ListOf,
    Nullable,
    RecordError,
    Str,
    decode_record,
    encode_record,
    record,
)
from pixdesk.store.events import Event

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_STATION_ID = re.compile(r"[0-9a-f]{16}")
_SESSION_NUMBER = re.compile(r"[0-9]{1,12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"[0-9]{1,4}(\.[0-9]{1,12})?")
_ERROR_CODE = re.compile(r"[A-Z_]{1,64}")

MAX_EVENT_BODY = 256 * 1024
"""Largest event body on the wire, in characters (docs/lab-protocol.md §12)."""
MAX_COMMAND_TOKEN = MAX_FRAME_SIZE - 1024
"""Largest command token: a ``handover`` carries a whole test's events (§7.2); the frame's
own 1 MiB bound stays the real limit."""

_EVENT_SCHEMA: dict[str, Codec[Any]] = {
    "station_id": Str(64, 1),
    "seq": Int(1),
    "prev_hash": Str(64, 64, HEX64),
    "hash": Str(64, 64, HEX64),
    "mono_ns": Int(0),
    "wall_time": Str(40, 1),
    "type": Str(64, 1),
    "body": Str(MAX_EVENT_BODY, 2),
    "signature": Str(128, 128, _HEX128),
}


_EVENT_FIELDS = frozenset(_EVENT_SCHEMA)


def _decode_event(value: Any) -> Event:
    if not isinstance(value, dict):
        raise ValueError("an event must be an object")
    event = _plain_event(value)
    if event is not None:
        return event
    try:
        return Event.from_wire(decode_record(value, _EVENT_SCHEMA, skip=frozenset()))
    except RecordError as exc:
        raise ValueError(str(exc)) from exc


def _plain_event(value: dict[str, Any]) -> Event | None:
    """Return the event if every field passes ``_EVENT_SCHEMA``'s checks, else None.

    The same checks inlined, for the hub's hot path (every event received comes through
    here); anything they do not accept goes to the schema's own decoder, which names the
    first problem (tests/lab/test_hot_path.py compares the two).
    """
    if value.keys() != _EVENT_FIELDS:
        return None
    station_id, seq, mono_ns = value["station_id"], value["seq"], value["mono_ns"]
    prev_hash, hash_, signature = value["prev_hash"], value["hash"], value["signature"]
    wall_time, type_, body = value["wall_time"], value["type"], value["body"]
    if not (
        type(station_id) is str
        and 1 <= len(station_id) <= 64
        and type(seq) is int
        and 1 <= seq <= MAX_INT
        and type(mono_ns) is int
        and 0 <= mono_ns <= MAX_INT
        and type(prev_hash) is str
        and HEX64.fullmatch(prev_hash)
        and type(hash_) is str
        and HEX64.fullmatch(hash_)
        and type(signature) is str
        and _HEX128.fullmatch(signature)
        and type(wall_time) is str
        and 1 <= len(wall_time) <= 40
        and type(type_) is str
        and 1 <= len(type_) <= 64
        and type(body) is str
        and 2 <= len(body) <= MAX_EVENT_BODY
    ):
        return None
    return Event(
        station_id,
        seq,
        prev_hash,
        hash_,
        mono_ns,
        wall_time,
        type_,
        body.encode("utf-8"),
        bytes.fromhex(signature),
    )


_EVENT = Custom(_decode_event, Event.to_wire)
WIRE_EVENT = _EVENT
"""The codec of one journal event in its wire form (also inside a ``handover`` command)."""
_ID = Int(0)
_TIME_MS = Int(0)
_SEQ = Int(0)
_SESSION = Str(12, 1, _SESSION_NUMBER)
_NAME = Str(100, 0)
_SIGNATURE = Bytes(64)
_CANDIDATE_RECORD = record(
    CandidateInfo,
    {
        "candidate_id": Str(64, 1),
        "first_name": _NAME,
        "birth_name": _NAME,
        "birth_date": Str(10, 10, _DATE),
        "extra_time_percent": Str(17, 1, _DECIMAL),
        "accessibility_adjustment": Bool(),
        "positioning_profile": Nullable(Custom(profile_from_doc, profile_doc)),
        "started_elsewhere": Bool(),
    },
)
_ELSEWHERE = "started_elsewhere"


def _decode_candidate(value: Any) -> CandidateInfo:
    """Read a ``candidate`` object; ``started_elsewhere`` absent (an older hub) is false."""
    if isinstance(value, dict) and _ELSEWHERE not in value:
        value = {**value, _ELSEWHERE: False}
    return _CANDIDATE_RECORD.decode(value)


def _encode_candidate(info: CandidateInfo) -> Any:
    """Write a ``candidate`` object; ``started_elsewhere`` only when true (older stations
    refuse unknown fields, and only a candidate whose PC died needs it)."""
    doc = _CANDIDATE_RECORD.encode(info)
    if not info.started_elsewhere:
        del doc[_ELSEWHERE]
    return doc


_CANDIDATE = Custom(_decode_candidate, _encode_candidate)

_TO_HUB, _TO_STATION, _BOTH = frozenset({Side.HUB}), frozenset({Side.STATION}), frozenset(Side)

_SCHEMAS: dict[MessageType, tuple[type[Any], dict[str, Codec[Any]], frozenset[Side]]] = {
    MessageType.STATION_HELLO: (
        StationHello,
        {
            "protocol": Int(1, 1000),
            "station_id": Str(16, 16, _STATION_ID),
            "station_key": Bytes(32),
            "session_number": _SESSION,
            "nonce": Bytes(NONCE_SIZE),
        },
        _TO_HUB,
    ),
    MessageType.HUB_HELLO: (
        HubHello,
        {
            "protocol": Int(1, 1000),
            "session_number": _SESSION,
            "room": Str(100),
            "console_time_ms": _TIME_MS,
            "challenge": Bytes(NONCE_SIZE),
            "session_key": Bytes(32),
            "session_cert": Nullable(Str(64 * 1024, 1)),
            "tls_sha256": Str(64, 64, HEX64),
            "signature": _SIGNATURE,
        },
        _TO_STATION,
    ),
    MessageType.STATION_AUTH: (StationAuth, {"signature": _SIGNATURE}, _TO_HUB),
    MessageType.HUB_WELCOME: (
        HubWelcome,
        {"console_time_ms": _TIME_MS, "acked_seq": Nullable(_SEQ)},
        _TO_STATION,
    ),
    MessageType.JOIN_REQUEST: (
        JoinRequest,
        {
            "id": _ID,
            "session_number": Str(20),
            "first_name": _NAME,
            "birth_name": _NAME,
            "birth_date": Str(10),
            "access_code": Str(20),
        },
        _TO_HUB,
    ),
    MessageType.JOIN_RESULT: (
        JoinReply,
        {
            "id": _ID,
            "result": Enum(JoinResult),
            "candidate": Nullable(_CANDIDATE),
            "retry_after_ms": Nullable(Int(0)),
            "acked_seq": Nullable(_SEQ),
        },
        _TO_STATION,
    ),
    MessageType.EVENTS: (
        EventBatch,
        {"events": ListOf(_EVENT, MAX_EVENTS_PER_BATCH, 1)},
        _TO_HUB,
    ),
    MessageType.ACK: (Ack, {"seq": _SEQ}, _TO_STATION),
    MessageType.RESEND: (Resend, {"after_seq": _SEQ}, _TO_STATION),
    MessageType.HEARTBEAT: (Heartbeat, {"id": _ID}, _TO_HUB),
    MessageType.HEARTBEAT_REPLY: (
        HeartbeatReply,
        {"id": _ID, "console_time_ms": _TIME_MS},
        _TO_STATION,
    ),
    MessageType.COMMAND: (CommandMessage, {"token": Str(MAX_COMMAND_TOKEN, 3)}, _TO_STATION),
    MessageType.COMMAND_RESULT: (
        CommandResult,
        {
            "command_id": Str(32, 32, _HEX32),
            "status": Enum(CommandStatus),
            "reason": Nullable(Str(64)),
        },
        _TO_HUB,
    ),
    MessageType.ERROR: (
        ErrorMessage,
        {
            "code": Str(64, 1, _ERROR_CODE),
            "detail": Str(500),
            "ref_id": Nullable(_ID),
            "fatal": Bool(),
        },
        _BOTH,
    ),
}

_TYPE_FIELD = frozenset({"type"})
_RECORD_ERRORS = {
    "unknown": ErrorCode.UNKNOWN_FIELD,
    "missing": ErrorCode.MISSING_FIELD,
    "bad": ErrorCode.BAD_VALUE,
}


def encode_message(message: Message) -> dict[str, Any]:
    """Return the JSON object of ``message`` (``type`` plus its fields)."""
    _cls, schema, _sides = _SCHEMAS[message.TYPE]
    return {"type": message.TYPE.value, **encode_record(message, schema)}


def decode_message(data: dict[str, Any], *, receiver: Side) -> Message:
    """Check a received object and return its message.

    Args:
        data: The frame's object.
        receiver: Who received it (a type sent the wrong way is ``UNEXPECTED_MESSAGE``).

    Raises:
        ProtocolError: ``UNKNOWN_TYPE``, ``UNEXPECTED_MESSAGE``, ``UNKNOWN_FIELD``,
            ``MISSING_FIELD`` or ``BAD_VALUE`` (not fatal by themselves), with the
            message's ``id`` when it carried a valid one.
    """
    raw_id = data.get("id")
    ref_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
    type_name = data.get("type")
    try:
        message_type = MessageType(type_name) if isinstance(type_name, str) else None
    except ValueError:
        message_type = None
    if message_type is None:
        detail = f"type {str(type_name)[:40]!r}"
        raise ProtocolError(ErrorCode.UNKNOWN_TYPE, detail, ref_id=ref_id)
    cls, schema, sides = _SCHEMAS[message_type]
    if receiver not in sides:
        raise ProtocolError(
            ErrorCode.UNEXPECTED_MESSAGE, f"{message_type} is not for the {receiver}", ref_id=ref_id
        )
    try:
        values = decode_record(data, schema, skip=_TYPE_FIELD)
    except RecordError as exc:
        raise ProtocolError(_RECORD_ERRORS[exc.kind], str(exc)[:200], ref_id=ref_id) from exc
    message: Message = cls(**values)
    return message
