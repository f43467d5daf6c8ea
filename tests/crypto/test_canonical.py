"""Canonical JSON, the byte form that every signature in pixdesk covers."""

from __future__ import annotations

import pytest

from pixdesk.crypto.canonical import CanonicalError, canonical_bytes, parse_canonical


def test_sorted_keys_no_whitespace_utf8() -> None:
    value = {"b": [1, True, None], "a": {"é": "Zoé", "A": ""}}
    assert canonical_bytes(value) == '{"a":{"A":"","é":"Zoé"},"b":[1,true,null]}'.encode()


def test_keys_sorted_by_code_point_not_utf16() -> None:
    # U+FFFF sorts before U+1F600 by code point; UTF-16 ordering (RFC 8785) would swap them.
    value = {"\U0001f600": 1, "\uffff": 2, "a": 3, "Z": 4}
    assert canonical_bytes(value) == '{"Z":4,"a":3,"\uffff":2,"\U0001f600":1}'.encode()


def test_same_value_same_bytes_whatever_the_insertion_order() -> None:
    assert canonical_bytes({"x": 1, "y": 2}) == canonical_bytes({"y": 2, "x": 1})


def test_tuples_are_lists_and_escapes_are_minimal() -> None:
    assert canonical_bytes(("a", "\n", '"')) == b'["a","\\n","\\""]'


@pytest.mark.parametrize(
    "value", [1.5, float("nan"), {"a": [0.0]}, {1: "x"}, b"bytes", {"s": {1, 2}}]
)
def test_refused_values(value: object) -> None:
    with pytest.raises(CanonicalError):
        canonical_bytes(value)


def test_large_integers_are_exact() -> None:
    assert canonical_bytes({"n": 2**70}) == b'{"n":1180591620717411303424}'


@pytest.mark.parametrize(
    "value",
    [{}, {"b": [1, -2, 2**70, True, None], "a": {"é": '\u2028\x00"\\', "\U0001f600": ""}}, []],
)
def test_parse_canonical_reads_back_canonical_bytes(value: object) -> None:
    assert parse_canonical(canonical_bytes(value)) == value


@pytest.mark.parametrize(
    "data",
    [
        b'{"a":1,"a":2}',  # duplicate key
        b'{"b":1,"a":2}',  # key order
        b'{"a": 1}',  # spacing
        b' {"a":1}',
        b'{"a":"\\u00e9"}',  # escaped where canonical writes the character
        b'{"a":1.5}',
        b'{"a":1e3}',
        b'{"a":NaN}',
        b'{"a":-0}',
        '\ufeff{"a":1}'.encode(),  # byte order mark
        '{"a":1}'.encode("utf-16"),
        b'{"a":1}x',
    ],
)
def test_parse_canonical_refuses_every_other_form(data: bytes) -> None:
    with pytest.raises(ValueError):  # CanonicalError, JSONDecodeError, UnicodeError
        parse_canonical(data)
