"""The sealed bank file and the bank key sealed to a station: round trips and every refusal."""

from __future__ import annotations

import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.hpke import HpkeError
from pixdesk.crypto.sealed_bank import (
    MAGIC,
    BankKey,
    SealedBankError,
    SealedBankErrorCode,
    generate_bank_key,
    key_file_bytes,
    open_archive,
    parse_header,
    parse_key_file,
    seal_archive,
)
from pixdesk.crypto.station_kem import (
    bank_key_aad,
    kem_public_text,
    open_bank_key,
    seal_bank_key,
    station_kem_key,
)

_E = SealedBankErrorCode
ARCHIVE = b"\x00\x00\x00\x01" + b"the bank's files, whatever they are" * 50


def _sealed(key: BankKey | None = None) -> tuple[bytes, BankKey]:
    key = key or generate_bank_key("pixdesk-demo")
    return seal_archive(ARCHIVE, key, version="2026.1"), key


def _code(data: bytes, key: bytes) -> SealedBankErrorCode:
    with pytest.raises(SealedBankError) as caught:
        open_archive(data, key)
    assert isinstance(caught.value.code, SealedBankErrorCode)
    return caught.value.code


def test_round_trip_and_header_readable_without_the_key() -> None:
    data, key = _sealed()
    header = parse_header(data[:4200])
    assert (header.bank_id, header.version, header.archive_size) == (
        "pixdesk-demo",
        "2026.1",
        len(ARCHIVE),
    )
    opened_header, archive = open_archive(data, key.key)
    assert archive == ARCHIVE
    assert opened_header == header
    assert ARCHIVE[4:40] not in data  # encrypted, not stored


def test_two_seals_of_the_same_archive_differ_and_each_opens_only_with_its_key() -> None:
    first, key1 = _sealed()
    second, key2 = _sealed()
    assert first != second
    assert _code(first, key2.key) is _E.WRONG_KEY
    assert _code(second, key1.key) is _E.WRONG_KEY
    assert _code(first, b"\x00" * 31) is _E.WRONG_KEY


def test_every_changed_byte_is_refused() -> None:
    data, key = _sealed()
    prefix = len(parse_header(data).prefix)
    codes = set()
    for position in range(len(data)):
        changed = bytearray(data)
        changed[position] ^= 0x01
        code = _code(bytes(changed), key.key)
        codes.add(code)
        if position >= prefix:
            assert code is _E.TAMPERED, position
    assert _E.TAMPERED in codes
    assert _E.NOT_SEALED in codes
    assert _E.MALFORMED in codes


def test_a_header_rewritten_in_canonical_form_is_still_refused() -> None:
    """Changing the version in the header keeps it well-formed: the tag must catch it."""
    data, key = _sealed()
    header = parse_header(data)
    raw = header.prefix[12:].replace(b'"version":"2026.1"', b'"version":"2026.2"')
    forged = MAGIC + struct.pack(">I", len(raw)) + raw + data[len(header.prefix) :]
    assert parse_header(forged).version == "2026.2"
    assert _code(forged, key.key) is _E.TAMPERED


def test_truncated_or_extended_files_are_refused() -> None:
    data, key = _sealed()
    prefix = len(parse_header(data).prefix)
    for cut in (1, 8, 11, prefix - 1, prefix, prefix + 10, len(data) - 1):
        assert _code(data[:cut], key.key) is _E.TRUNCATED, cut
    assert _code(data + b"\x00", key.key) is _E.MALFORMED
    assert _code(b"", key.key) is _E.NOT_SEALED
    assert _code(b"PK\x03\x04not a sealed bank", key.key) is _E.NOT_SEALED


def test_a_newer_format_is_unsupported() -> None:
    data, _key = _sealed()
    header = parse_header(data)
    raw = header.prefix[12:].replace(b'"format_version":1', b'"format_version":2')
    with pytest.raises(SealedBankError) as caught:
        parse_header(MAGIC + struct.pack(">I", len(raw)) + raw)
    assert caught.value.code is _E.UNSUPPORTED


def test_key_file_round_trip_and_refusals() -> None:
    key = generate_bank_key("pixdesk-demo")
    text = key_file_bytes(key)
    assert parse_key_file(text) == key
    assert "key=" not in repr(key) or key.key.hex() not in repr(key)
    for bad in (b"", b"{}", text.replace(b"pixdesk-bank-key", b"other"), b"x" * 5000):
        with pytest.raises(SealedBankError) as caught:
            parse_key_file(bad)
        assert caught.value.code is _E.BAD_KEY_FILE
    with pytest.raises(SealedBankError):
        BankKey("pixdesk-demo", b"short")


def test_station_kem_key_is_derived_deterministically_and_opens_only_its_own() -> None:
    signing = Ed25519PrivateKey.generate()
    kem = station_kem_key(signing)
    assert kem_public_text(kem) == kem_public_text(station_kem_key(signing))
    other = station_kem_key(Ed25519PrivateKey.generate())
    assert kem_public_text(kem) != kem_public_text(other)
    key = generate_bank_key("pixdesk-demo").key
    aad = bank_key_aad(
        session_number="123456", station_id="st-1", candidate_id="cand-1", bank_id="pixdesk-demo"
    )
    sealed = seal_bank_key(kem.public_key(), key, aad)
    assert len(sealed) == 107
    assert open_bank_key(sealed, kem, aad) == key
    with pytest.raises(HpkeError):
        open_bank_key(sealed, other, aad)
    wrong = bank_key_aad(
        session_number="123456", station_id="st-1", candidate_id="cand-2", bank_id="pixdesk-demo"
    )
    with pytest.raises(HpkeError):
        open_bank_key(sealed, kem, wrong)
    with pytest.raises(HpkeError):
        open_bank_key(sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1], kem, aad)
