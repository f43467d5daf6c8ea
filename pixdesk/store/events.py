"""The journal event: its fields, the bytes that are hashed, and the checks every copy passes.

Hash (see docs/journal.md): SHA-256 of ``canonical_bytes`` of the JSON object

    {"body": <body object>, "mono_ns": <int>, "prev_hash": <64 hex>, "seq": <int>,
     "station_id": <str>, "type": <str>, "wall_time": <str>}

Signature: Ed25519 by the station key over the 32 raw bytes of that hash.

The body is stored, sent and hashed as its canonical bytes, never re-serialised: because
``"body"`` is the smallest key, the hashed document is exactly ``{"body":`` + body bytes + ``,``
+ the canonical form of the other six fields without its opening brace.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.canonical import CanonicalError, canonical_bytes, parse_canonical
from pixdesk.store.event_types import EventType, InvalidEventError, check_body

ZERO_HASH = "0" * 64
"""The ``prev_hash`` of every chain's first event (seq 1)."""

_BODY_OPEN = b'{"body":'
_FIXED_FIELDS = (
    b'{"body":%s,"mono_ns":%d,"prev_hash":"%s","seq":%d,"station_id":%s,"type":%s,"wall_time":"%s"}'
)
_ALL_FIELDS = (
    b'{"body":%s,"mono_ns":%d,"prev_hash":%s,"seq":%d,"station_id":%s,"type":%s,"wall_time":%s}'
)
# What json.dumps(ensure_ascii=False) writes for a str (the C encoder when available).
_json_string: Callable[[str], str] = json.encoder.encode_basestring


class Problem(enum.StrEnum):
    """Why an event, or a chain, does not check out."""

    GAP = "gap"
    BROKEN_LINK = "broken_link"
    BAD_HASH = "bad_hash"
    BAD_SIGNATURE = "bad_signature"
    BAD_BODY = "bad_body"
    HEAD_MISMATCH = "head_mismatch"


@dataclass(frozen=True, slots=True)
class Event:
    """One journal event, exactly as stored and signed.

    Attributes:
        station_id: The station whose journal this is.
        seq: Position in that journal, from 1, without gaps.
        prev_hash: Hex hash of event ``seq - 1`` (:data:`ZERO_HASH` for seq 1).
        hash: Hex SHA-256 of the canonical document (module docstring).
        mono_ns: The station's monotonic clock, nanoseconds.
        wall_time: The station's wall clock, UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
        type: The event type (see ``event_types.EventType``).
        body: The canonical JSON bytes of the body object.
        signature: Ed25519 signature (64 bytes) of the raw hash.
    """

    station_id: str
    seq: int
    prev_hash: str
    hash: str
    mono_ns: int
    wall_time: str
    type: str
    body: bytes
    signature: bytes

    def body_dict(self) -> dict[str, Any]:
        """Return the decoded body."""
        value = json.loads(self.body)
        if not isinstance(value, dict):
            raise InvalidEventError("event body is not a JSON object")
        return value

    def to_wire(self) -> dict[str, Any]:
        """Return a JSON-ready dict (body as its exact text, signature in hex)."""
        return {
            "station_id": self.station_id,
            "seq": self.seq,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "mono_ns": self.mono_ns,
            "wall_time": self.wall_time,
            "type": self.type,
            "body": self.body.decode("utf-8"),
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from :meth:`to_wire` output (checks happen on import)."""
        return cls(
            station_id=str(data["station_id"]),
            seq=int(data["seq"]),
            prev_hash=str(data["prev_hash"]),
            hash=str(data["hash"]),
            mono_ns=int(data["mono_ns"]),
            wall_time=str(data["wall_time"]),
            type=str(data["type"]),
            body=str(data["body"]).encode("utf-8"),
            signature=bytes.fromhex(str(data["signature"])),
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Event:
        """Build an event from a row of ``SELECT`` :data:`EVENT_COLUMNS`.

        A row altered behind pixdesk's back may hold a value of another SQL type; text and
        blobs are converted so that the checks report it instead of crashing.
        """
        station_id, seq, prev_hash, hash_, mono_ns, wall_time, type_, body, signature = row
        return cls(
            station_id=station_id,
            seq=seq,
            prev_hash=prev_hash,
            hash=hash_,
            mono_ns=mono_ns,
            wall_time=wall_time,
            type=type_,
            body=body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body,
            signature=signature.encode("utf-8") if isinstance(signature, str) else signature,
        )


EVENT_COLUMNS = "station_id, seq, prev_hash, hash, mono_ns, wall_time, type, body, signature"


def format_wall_time(moment: datetime) -> str:
    """Return ``moment`` as the journal's UTC text form (microseconds, ``Z``).

    Raises:
        ValueError: ``moment`` is naive (its zone would be a guess).
    """
    if moment.tzinfo is None:
        raise ValueError("wall_time must be timezone-aware")
    # isoformat ends in "+00:00" once in UTC; it is twice as fast as strftime (hot path).
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def hash_input(
    *,
    station_id: str,
    seq: int,
    prev_hash: str,
    event_type: str,
    body: bytes,
    mono_ns: int,
    wall_time: str,
) -> bytes:
    """Return the bytes that are hashed: the canonical document of the module docstring."""
    if (
        type(seq) is int
        and type(mono_ns) is int
        and type(body) is bytes
        and type(station_id) is str
        and type(prev_hash) is str
        and type(event_type) is str
        and type(wall_time) is str
    ):
        # The usual case (every event a console imports): the same bytes as below, formatted
        # directly, without canonical_bytes' type walk (tested against it).
        return _ALL_FIELDS % (
            body,
            mono_ns,
            _json_string(prev_hash).encode("utf-8"),
            seq,
            _json_string(station_id).encode("utf-8"),
            _json_string(event_type).encode("utf-8"),
            _json_string(wall_time).encode("utf-8"),
        )
    rest = canonical_bytes(
        {
            "mono_ns": mono_ns,
            "prev_hash": prev_hash,
            "seq": seq,
            "station_id": station_id,
            "type": event_type,
            "wall_time": wall_time,
        }
    )
    return b"".join((_BODY_OPEN, body, b",", rest[1:]))


class ChainEncoder:
    """Build one station's hash input faster than :func:`hash_input`, for appends only.

    Appends know their field types (ints, hex hashes, the journal's own time format), so the
    six fixed fields are formatted directly around pieces precomputed with
    ``canonical_bytes``; the result is byte-for-byte that of :func:`hash_input` (tested).
    Anything read back from a database or a peer goes through :func:`hash_input`.

    Args:
        station_id: The station whose events this encoder builds.
    """

    __slots__ = ("_station", "_types")

    def __init__(self, station_id: str) -> None:
        self._station = canonical_bytes(station_id)
        self._types: dict[str, bytes] = {}

    def hash_input(
        self,
        *,
        seq: int,
        prev_hash: str,
        event_type: str,
        body: bytes,
        mono_ns: int,
        wall_time: str,
    ) -> bytes:
        """Return the same bytes as :func:`hash_input` for this station.

        Args:
            seq: The event's seq.
            prev_hash: The previous hash, as produced by ``hexdigest`` (ASCII hex).
            event_type: The event type.
            body: The canonical body bytes.
            mono_ns: The monotonic time.
            wall_time: The wall time, as produced by :func:`format_wall_time` (ASCII).

        Raises:
            TypeError: ``seq`` or ``mono_ns`` is not an int (bool included).
        """
        if type(seq) is not int or type(mono_ns) is not int:
            raise TypeError("seq and mono_ns must be int")
        encoded_type = self._types.get(event_type)
        if encoded_type is None:
            encoded_type = self._types[event_type] = canonical_bytes(event_type)
        # json.dumps writes an int exactly as %d does; hex and the time format need no escape.
        return _FIXED_FIELDS % (
            body,
            mono_ns,
            prev_hash.encode("ascii"),
            seq,
            self._station,
            encoded_type,
            wall_time.encode("ascii"),
        )


def event_digest(event: Event) -> bytes:
    """Return the SHA-256 of the event's fields (what its ``hash`` must be, raw)."""
    return hashlib.sha256(
        hash_input(
            station_id=event.station_id,
            seq=event.seq,
            prev_hash=event.prev_hash,
            event_type=event.type,
            body=event.body,
            mono_ns=event.mono_ns,
            wall_time=event.wall_time,
        )
    ).digest()


@dataclass(frozen=True, slots=True)
class CheckedEvent:
    """An event that checked out on its own, with what the checks decoded.

    Attributes:
        body: The decoded body (parsed once, for the projections too).
        known: Its type, if this version knows it (unknown types are kept, not projected).
    """

    body: dict[str, Any]
    known: EventType | None


def inspect_event(event: Event, public_key: Ed25519PublicKey) -> CheckedEvent | tuple[Problem, str]:
    """Check one event on its own: hash, signature, body. Links are the caller's job.

    Returns:
        The decoded body and type if the event is sound, else the problem and a short
        reason.
    """
    try:
        digest = event_digest(event)
    except (CanonicalError, TypeError, ValueError, AttributeError):
        return Problem.BAD_HASH, "fields of the wrong type"
    if not isinstance(event.hash, str) or digest.hex() != event.hash:
        return Problem.BAD_HASH, "hash does not match the fields"
    try:
        public_key.verify(event.signature, digest)
    except (InvalidSignature, TypeError, ValueError):
        return Problem.BAD_SIGNATURE, "signature does not verify"
    try:
        body = parse_canonical(event.body)
        if not isinstance(body, dict):
            return Problem.BAD_BODY, "event body is not a JSON object"
        known = check_body(event.type, body)
    except CanonicalError as exc:
        return Problem.BAD_BODY, f"body: {exc}"
    # JSONDecodeError, UnicodeDecodeError, InvalidEventError; a body nested too deep.
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        return Problem.BAD_BODY, str(exc)[:200]
    return CheckedEvent(body, known)


def check_event(event: Event, public_key: Ed25519PublicKey) -> tuple[Problem, str] | None:
    """Check one event on its own: hash, signature, body. Links are the caller's job.

    Returns:
        ``None`` if the event is sound, else the problem and a short reason.
    """
    outcome = inspect_event(event, public_key)
    return None if isinstance(outcome, CheckedEvent) else outcome
