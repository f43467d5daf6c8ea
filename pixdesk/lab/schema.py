"""Field codecs: how each message field is checked on receipt and written on sending.

A codec turns a JSON value into a Python value, or raises :class:`FieldError`; and back.
Every bound (string length, integer range, byte length, list size) is explicit here, so the
protocol document can state it and a peer cannot make the receiver hold more than it allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pixdesk.crypto.keys import b64u_decode, b64u_encode

_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)

MAX_INT = 2**63 - 1  # every integer fits a signed 64-bit field in other languages
HEX64 = re.compile(r"[0-9a-f]{64}")


class FieldError(ValueError):
    """A field value that its codec refuses."""


class Codec(Generic[_T]):
    """Check and convert one field."""

    def decode(self, value: Any) -> _T:
        """Return the Python value of a received JSON value, or raise :class:`FieldError`."""
        raise NotImplementedError

    def encode(self, value: _T) -> Any:
        """Return the JSON value to send."""
        return value


@dataclass(frozen=True, slots=True)
class Str(Codec[str]):
    """A string of ``min_len`` to ``max_len`` characters, optionally matching ``pattern``."""

    max_len: int = 200
    min_len: int = 0
    pattern: re.Pattern[str] | None = None

    def decode(self, value: Any) -> str:
        """Check the type, length and pattern."""
        if not isinstance(value, str):
            raise FieldError("must be a string")
        if not self.min_len <= len(value) <= self.max_len:
            raise FieldError(f"length must be {self.min_len}..{self.max_len}")
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise FieldError("bad format")
        return value


@dataclass(frozen=True, slots=True)
class Int(Codec[int]):
    """An integer (never a boolean) in ``[minimum, maximum]``."""

    minimum: int = 0
    maximum: int = MAX_INT

    def decode(self, value: Any) -> int:
        """Check the type and range."""
        if not isinstance(value, int) or isinstance(value, bool):
            raise FieldError("must be an integer")
        if not self.minimum <= value <= self.maximum:
            raise FieldError(f"must be in {self.minimum}..{self.maximum}")
        return value


@dataclass(frozen=True, slots=True)
class Bool(Codec[bool]):
    """``true`` or ``false``."""

    def decode(self, value: Any) -> bool:
        """Check the type."""
        if not isinstance(value, bool):
            raise FieldError("must be a boolean")
        return value


@dataclass(frozen=True, slots=True)
class Bytes(Codec[bytes]):
    """Bytes of exactly ``size`` length, as unpadded base64url (decoded strictly)."""

    size: int

    def decode(self, value: Any) -> bytes:
        """Check the text and the decoded length."""
        if not isinstance(value, str) or len(value) > 2 * self.size + 4:
            raise FieldError("must be base64url text")
        try:
            raw = b64u_decode(value)
        except ValueError as exc:
            raise FieldError(str(exc)) from exc
        if len(raw) != self.size:
            raise FieldError(f"must be {self.size} bytes")
        return raw

    def encode(self, value: bytes) -> Any:
        """Return unpadded base64url."""
        return b64u_encode(value)


@dataclass(frozen=True, slots=True)
class Enum(Codec[_E]):
    """One value of a string enum."""

    cls: type[_E]

    def decode(self, value: Any) -> _E:
        """Check membership."""
        if not isinstance(value, str):
            raise FieldError("must be a string")
        try:
            return self.cls(value)
        except ValueError:
            raise FieldError(f"unknown value {value[:40]!r}") from None

    def encode(self, value: _E) -> Any:
        """Return the enum's string."""
        return value.value


@dataclass(frozen=True, slots=True)
class Nullable(Codec[_T | None]):
    """``null`` or a value of ``inner``; the field must still be present."""

    inner: Codec[_T]

    def decode(self, value: Any) -> _T | None:
        """Accept null."""
        return None if value is None else self.inner.decode(value)

    def encode(self, value: _T | None) -> Any:
        """Write null for None."""
        return None if value is None else self.inner.encode(value)


@dataclass(frozen=True, slots=True)
class ListOf(Codec[tuple[_T, ...]]):
    """An array of ``min_len`` to ``max_len`` items of ``item``."""

    item: Codec[_T]
    max_len: int
    min_len: int = 0

    def decode(self, value: Any) -> tuple[_T, ...]:
        """Check the size, then each item (the first bad one names its index)."""
        if not isinstance(value, list):
            raise FieldError("must be an array")
        if not self.min_len <= len(value) <= self.max_len:
            raise FieldError(f"must hold {self.min_len}..{self.max_len} items")
        decoded = []
        for index, element in enumerate(value):
            try:
                decoded.append(self.item.decode(element))
            except FieldError as exc:
                raise FieldError(f"[{index}]: {exc}") from exc
        return tuple(decoded)

    def encode(self, value: tuple[_T, ...]) -> Any:
        """Encode each item."""
        return [self.item.encode(v) for v in value]


@dataclass(frozen=True, slots=True)
class Custom(Codec[_T]):
    """A codec made of two functions (for values with their own wire form)."""

    decoder: Callable[[Any], _T]
    encoder: Callable[[_T], Any]

    def decode(self, value: Any) -> _T:
        """Delegate to ``decoder``; its ValueError/TypeError/KeyError become FieldError."""
        try:
            return self.decoder(value)
        except FieldError:
            raise
        except (ValueError, TypeError, KeyError) as exc:
            raise FieldError(str(exc)[:200]) from exc

    def encode(self, value: _T) -> Any:
        """Delegate to ``encoder``."""
        return self.encoder(value)


class RecordError(ValueError):
    """An object whose fields do not match its schema.

    Attributes:
        kind: ``"unknown"``, ``"missing"`` or ``"bad"``.
        field: The field concerned.
    """

    def __init__(self, kind: str, field: str, detail: str = "") -> None:
        """Build the error."""
        super().__init__(f"{kind} field {field!r}{': ' + detail if detail else ''}")
        self.kind = kind
        self.field = field


def decode_record(
    data: Mapping[str, Any], schema: Mapping[str, Codec[Any]], *, skip: frozenset[str]
) -> dict[str, Any]:
    """Check an object against ``schema`` (every field required, no other one allowed).

    Args:
        data: The received object.
        schema: Field name to codec.
        skip: Names present in ``data`` that are not fields (the ``type`` tag).

    Raises:
        RecordError: The first unknown, missing or refused field.
    """
    for name in data:
        if name not in schema and name not in skip:
            raise RecordError("unknown", name)
    values = {}
    for name, codec in schema.items():
        if name not in data:
            raise RecordError("missing", name)
        try:
            values[name] = codec.decode(data[name])
        except FieldError as exc:
            raise RecordError("bad", name, str(exc)) from exc
    return values


def encode_record(value: Any, schema: Mapping[str, Codec[Any]]) -> dict[str, Any]:
    """Return the JSON object of a dataclass ``value`` whose fields are ``schema``'s."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:  # dataclasses.fields() is slow enough to matter per message sent
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    return {name: schema[name].encode(getattr(value, name)) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record(cls: type[_T], schema: Mapping[str, Codec[Any]]) -> Custom[_T]:
    """Return a codec for a nested object read into the dataclass ``cls``."""
    names = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    if names != set(schema):
        raise TypeError(f"schema of {cls.__name__} does not match its fields")

    def decode(value: Any) -> _T:
        if not isinstance(value, dict):
            raise FieldError("must be an object")
        try:
            return cls(**decode_record(value, schema, skip=frozenset()))
        except RecordError as exc:
            raise FieldError(str(exc)) from exc

    return Custom(decode, lambda v: encode_record(v, schema))
