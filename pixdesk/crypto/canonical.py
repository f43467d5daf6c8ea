"""Canonical JSON: the one byte form that is hashed and signed everywhere in pixdesk.

Rules (documented in docs/formats.md): UTF-8, keys sorted by code point, no insignificant
whitespace, non-ASCII characters written as themselves, no NaN/Infinity. Floats are refused:
signed payloads carry integers and strings only, so that two implementations can never disagree
on how a number is printed.
"""

from __future__ import annotations

import json
from typing import Any


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
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
