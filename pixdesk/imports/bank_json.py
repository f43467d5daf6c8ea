"""Strict JSON decoding for bank files and typed field access that collects problems.

``bank.json`` and ``signature.json`` come from outside: duplicate keys, ``NaN`` and floats are
refused (a float is kept as :class:`FloatLiteral` so that the schema names the field that
holds it), and every field read through :class:`FieldReader` reports what is wrong instead of
raising, so that one pass lists every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from pixdesk.imports.bank_format import LANGUAGES, SOURCE_LANGUAGE, Text
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode

T = TypeVar("T")
MAX_TEXT_LENGTH = 10_000


class JsonRefusedError(ValueError):
    """The bytes are not strict JSON (broken syntax, duplicate key, not UTF-8, NaN…)."""


@dataclass(frozen=True, slots=True)
class FloatLiteral:
    """A JSON number with a fraction or exponent, kept as written and never used as a value."""

    text: str


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonRefusedError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise JsonRefusedError(f"{name} is not allowed")


def load_strict_json(data: bytes) -> Any:
    """Decode UTF-8 JSON strictly.

    Raises:
        JsonRefusedError: the bytes are not UTF-8 JSON, or hold a duplicate key or NaN/Infinity.
    """
    try:
        text = data.decode("utf-8")
        return json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=FloatLiteral,
        )
    except JsonRefusedError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise JsonRefusedError(str(exc)) from exc


class FieldReader:
    """Reads typed fields out of decoded JSON, recording a problem for each bad one."""

    def __init__(self) -> None:
        """Start with no problem."""
        self.problems: list[BankProblem] = []

    def report(
        self, code: BankProblemCode, item: str = "", name: str = "", detail: str = ""
    ) -> None:
        """Record one problem."""
        self.problems.append(BankProblem(code, item, name, detail))

    def obj(
        self,
        value: object,
        item: str,
        where: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> dict[str, Any] | None:
        """Return ``value`` as an object having every ``required`` key and no unknown one."""
        if not isinstance(value, dict):
            self.report(BankProblemCode.FIELD_INVALID, item, where, "object")
            return None
        prefix = f"{where}." if where else ""
        for key in required:
            if key not in value:
                self.report(BankProblemCode.FIELD_MISSING, item, prefix + key)
        for key in value:
            if key not in required and key not in optional:
                self.report(BankProblemCode.FIELD_UNKNOWN, item, prefix + key)
        return value

    def typed(
        self,
        value: object,
        kind: type[T],
        item: str,
        where: str,
        check: Callable[[T], object] | None = None,
        detail: str = "",
    ) -> T | None:
        """Return ``value`` if it has type ``kind`` (a bool is no int) and passes ``check``."""
        if (
            not isinstance(value, kind)
            or (kind is int and isinstance(value, bool))
            or (check is not None and not check(value))
        ):
            self.report(BankProblemCode.FIELD_INVALID, item, where, detail or kind.__name__)
            return None
        return value

    def string_list(self, value: object, item: str, where: str) -> list[str] | None:
        """Return ``value`` as a list of non-empty strings."""
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.report(BankProblemCode.FIELD_INVALID, item, where, "list of strings")
            return None
        return list(value)

    def text(self, value: object, item: str, where: str, languages: Collection[str]) -> Text | None:
        """Return a :class:`Text`: ``{"fr": …}`` with an optional ``"en"`` the bank declares."""
        known = [lang for lang in LANGUAGES if lang in languages and lang != SOURCE_LANGUAGE]
        found = self.obj(value, item, where, [SOURCE_LANGUAGE], known)
        if found is None:
            return None
        texts: dict[str, str] = {}
        for lang in (SOURCE_LANGUAGE, *known):
            if lang in found:
                text = self.typed(
                    found[lang],
                    str,
                    item,
                    f"{where}.{lang}",
                    lambda s: bool(s.strip()) and len(s) <= MAX_TEXT_LENGTH,
                    "non-empty text",
                )
                if text is not None:
                    texts[lang] = text
        if SOURCE_LANGUAGE not in texts:
            return None
        return Text(texts[SOURCE_LANGUAGE], texts.get("en"))
