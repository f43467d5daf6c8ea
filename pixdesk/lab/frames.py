"""Frames: a 4-byte big-endian length, then that many bytes of canonical JSON (one object).

The reader bounds everything before allocating: a length above :data:`MAX_FRAME_SIZE` is
refused from the 4 header bytes alone, so a hostile peer cannot make the console buffer
gigabytes. A payload must be the canonical form (``pixdesk.crypto.canonical``) of the object
it parses to: this refuses floats, NaN, duplicate keys and padding, so that every message has
exactly one byte form and two implementations cannot read the same frame differently.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Mapping
from typing import Any

from pixdesk.crypto.canonical import CanonicalError, canonical_bytes, parse_canonical
from pixdesk.lab.codes import ErrorCode

MAX_FRAME_SIZE = 1024 * 1024
"""Largest payload accepted or sent, in bytes (the 4 header bytes not included)."""

_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """A peer broke the protocol; ``code`` goes back to it in an ``error`` message.

    Attributes:
        code: What was wrong.
        detail: A short English explanation (for logs and the peer; never secret).
        fatal: Whether the connection must be closed after reporting it.
        ref_id: The ``id`` of the message at fault, when it had one.
    """

    def __init__(
        self, code: ErrorCode, detail: str = "", *, fatal: bool = False, ref_id: int | None = None
    ) -> None:
        """Build the error."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.fatal = fatal
        self.ref_id = ref_id


class ConnectionClosed(Exception):
    """The peer closed the connection (cleanly or not) between or inside frames."""


def encode_frame(message: Mapping[str, Any]) -> bytes:
    """Return the frame carrying ``message``: length header then canonical JSON.

    Raises:
        ValueError: The message is not canonical-JSON-able (a float…) or too large; a bug in
            the sender, never the peer's fault.
    """
    try:
        payload = canonical_bytes(dict(message))
    except CanonicalError as exc:
        raise ValueError(f"message cannot be sent: {exc}") from exc
    if len(payload) > MAX_FRAME_SIZE:
        raise ValueError(f"message of {len(payload)} bytes exceeds the frame limit")
    return _HEADER.pack(len(payload)) + payload


async def read_frame(
    reader: asyncio.StreamReader, max_size: int = MAX_FRAME_SIZE
) -> dict[str, Any]:
    """Read one frame and return its object.

    Raises:
        ConnectionClosed: The stream ended (even in the middle of a frame).
        ProtocolError: ``FRAME_TOO_LARGE`` or ``MALFORMED_FRAME``, both fatal: after a bad
            length the stream cannot be trusted to be in step any more.
    """
    try:
        header = await reader.readexactly(_HEADER.size)
        (length,) = _HEADER.unpack(header)
        if length > max_size:
            raise ProtocolError(
                ErrorCode.FRAME_TOO_LARGE, f"{length} bytes > {max_size}", fatal=True
            )
        if length == 0:
            raise ProtocolError(ErrorCode.MALFORMED_FRAME, "empty frame", fatal=True)
        payload = await reader.readexactly(length)
    except asyncio.IncompleteReadError as exc:
        raise ConnectionClosed("stream ended") from exc
    except (ConnectionError, OSError) as exc:
        raise ConnectionClosed(str(exc)) from exc
    return decode_payload(payload)


def decode_payload(payload: bytes) -> dict[str, Any]:
    """Parse a frame payload: a canonical JSON object, or a fatal ``MALFORMED_FRAME``.

    ``parse_canonical`` refuses floats while parsing and compares the payload with the
    re-encoded value, which also refuses duplicate keys, padding and unsorted keys (every
    frame the hub reads goes through here).
    """
    try:
        value = parse_canonical(payload)
        if not isinstance(value, dict):
            raise ValueError("a frame carries a JSON object")
    except (ValueError, RecursionError) as exc:  # CanonicalError, UnicodeDecodeError too
        raise ProtocolError(ErrorCode.MALFORMED_FRAME, str(exc)[:200], fatal=True) from exc
    return value
