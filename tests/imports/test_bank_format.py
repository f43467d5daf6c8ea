"""Bank format helpers: decimal numbers, safe names, key files, the writer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pixdesk.crypto.canonical import CanonicalError
from pixdesk.crypto.keys import KeyFormatError, fingerprint, public_key_bytes
from pixdesk.crypto.platform_keys import (
    DEMO_PLATFORM_SEED_TEXT,
    demo_platform_private_key,
    format_public_key_file,
    is_demo_platform_key,
    read_public_key_file,
)
from pixdesk.imports.bank_format import format_decimal, is_safe_name, parse_decimal
from pixdesk.imports.bank_writer import bank_files, bank_json_bytes
from tests.imports.bank_samples import ATTACHMENTS, TEST_KEY, sample_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5", 1.5), ("-0.25", -0.25), ("0.0", 0.0), ("12.123456", 12.123456)],
)
def test_decimal_strings_are_read(text: str, value: float) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize(
    "text", ["1", "1.", ".5", "01.5", "1,5", "1e3", "+1.5", "1.1234567", " 1.5", "nan", 1.5, None]
)
def test_other_numbers_are_refused(text: object) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.23456, "1.2346"), (-0.00001, "0.0000"), (2.0, "2.0000"), (-3.5, "-3.5000")],
)
def test_decimals_are_written_with_four_places(value: float, text: str) -> None:
    assert format_decimal(value) == text
    assert parse_decimal(text) is not None


@pytest.mark.parametrize("name", ["notes.csv", "journal-poste.txt", "a_b.tar.gz", "X1"])
def test_safe_names(name: str) -> None:
    assert is_safe_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "../x.txt",
        "a/b.txt",
        "a\\b.txt",
        ".cache",
        "a..b",
        "x.",
        "",
        "nul.txt",
        "COM1",
        "é.txt",
        "a b.txt",
        "x" * 101,
        "C:x.txt",
    ],
)
def test_unsafe_names(name: str) -> None:
    assert not is_safe_name(name)


def test_the_demo_key_is_derived_from_the_published_sentence() -> None:
    seed = hashlib.sha256(DEMO_PLATFORM_SEED_TEXT.encode()).digest()
    assert demo_platform_private_key().private_bytes_raw() == seed
    assert is_demo_platform_key(demo_platform_private_key().public_key())
    assert not is_demo_platform_key(TEST_KEY.public_key())


def test_the_shipped_demo_public_key_is_the_derived_one() -> None:
    shipped = read_public_key_file(ROOT / "resources" / "keys" / "demo-platform.pub")
    assert public_key_bytes(shipped) == public_key_bytes(demo_platform_private_key())


def test_public_key_files_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cle.pub"
    path.write_text(format_public_key_file(TEST_KEY, "clé d'essai\nsur deux lignes"), "utf-8")
    assert fingerprint(read_public_key_file(path)) == fingerprint(TEST_KEY)
    assert "sur deux lignes" in path.read_text("utf-8")


@pytest.mark.parametrize("content", ["# rien\n", "AAAA\n", "AAAA\nBBBB\n", "é" * 5000])
def test_bad_public_key_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "cle.pub"
    path.write_text(content, "utf-8")
    with pytest.raises(KeyFormatError):
        read_public_key_file(path)


def test_the_writer_refuses_floats_and_unsafe_names() -> None:
    document = sample_document()
    document["items"][0]["difficulty"] = -2.5
    with pytest.raises(CanonicalError):
        bank_json_bytes(document)
    with pytest.raises(ValueError, match="unsafe"):
        bank_files(sample_document(), {"../x.csv": b""}, TEST_KEY)


def test_writing_is_deterministic() -> None:
    first = bank_files(sample_document(), ATTACHMENTS, TEST_KEY)
    assert first == bank_files(sample_document(), ATTACHMENTS, TEST_KEY)
    assert set(first) == {
        "bank.json",
        "signature.json",
        "attachments/notes.csv",
        "attachments/graphique.png",
    }
