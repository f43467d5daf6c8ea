"""Canonical JSON: the one byte form that is hashed and signed everywhere in pixdesk.

Rules (documented in docs/formats.md): UTF-8, keys sorted by code point, no insignificant
whitespace, non-ASCII characters written as themselves, no NaN/Infinity. Floats are refused:
signed payloads carry integers and strings only, so that two implementations can never disagree
on how a number is printed.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn


class CanonicalError(ValueError):
    """The value cannot be put in canonical form (float, non-string key, unknown type)."""


def _check(value: Any) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise CanonicalError("floats are not allowed in canonical JSON")
    if isinstance(value, list | tuple):
        for v in value:
            _check(v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise CanonicalError(f"non-string key: {k!r}")
            _check(v)
        return
    raise CanonicalError(f"type not allowed in canonical JSON: {type(value).__name__}")


def canonical_bytes(value: Any) -> bytes:
    """Return the canonical UTF-8 JSON encoding of ``value``."""
    _check(value)
    return _ENCODER.encode(value).encode("utf-8")


def parse_canonical(data: bytes) -> Any:
    """Parse ``data``, which must be exactly the canonical form of the value it holds.

    Floats, NaN and infinities are refused while parsing; anything else that is not
    canonical (spacing, key order, escapes, duplicate keys, a byte order mark) makes the
    re-encoded form differ from ``data``. The parsed value holds only the types that
    ``canonical_bytes`` accepts, so it is re-encoded without its type walk: this is the
    receiving side's check, run on every event a console imports.

    Raises:
        ValueError: Not UTF-8, not JSON (``JSONDecodeError``), or not canonical
            (:class:`CanonicalError`).
        RecursionError: Nested deeper than the interpreter's recursion limit.
    """
    value = _DECODER.decode(data.decode("utf-8"))
    if _ENCODER.encode(value).encode("utf-8") != data:
        raise CanonicalError("not in canonical form")
    return value


def _refuse_number(text: str) -> NoReturn:
    raise CanonicalError(f"numbers must be integers, got {text[:20]}")


# One encoder and one decoder for every call: json.dumps/loads with options build new ones
# each time, which costs as much as encoding a small object.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
_DECODER = json.JSONDecoder(parse_float=_refuse_number, parse_constant=_refuse_number)
