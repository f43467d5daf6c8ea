"""Signing keys, fingerprints, HKDF and base64url, with known answers computed independently."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from pixdesk.crypto.keys import (
    CryptoError,
    KeyErrorCode,
    KeyFormatError,
    KeyPurpose,
    b64u_decode,
    b64u_encode,
    derive_key,
    fingerprint,
    generate_signing_key,
    key_id,
    private_key_from_bytes,
    private_key_to_bytes,
    public_key_bytes,
    public_key_from_bytes,
    sign,
    verify,
)

# RFC 8032 §7.1, TEST 1 (empty message).
RFC8032_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


def test_rfc8032_known_answer() -> None:
    key = private_key_from_bytes(RFC8032_SEED)
    assert public_key_bytes(key) == RFC8032_PUBLIC
    assert sign(key, b"") == RFC8032_SIGNATURE
    assert verify(public_key_from_bytes(RFC8032_PUBLIC), b"", RFC8032_SIGNATURE)


def test_sign_verify_round_trip_and_refusals() -> None:
    key, other = generate_signing_key(), generate_signing_key()
    signature = sign(key, b"message")
    assert verify(key.public_key(), b"message", signature)
    assert not verify(key.public_key(), b"messagE", signature)
    assert not verify(other.public_key(), b"message", signature)
    assert not verify(key.public_key(), b"message", signature[:-1])
    assert not verify(key.public_key(), b"message", bytes(64))


def test_private_key_serialisation_round_trip() -> None:
    key = generate_signing_key()
    raw = private_key_to_bytes(key)
    assert len(raw) == 32
    assert public_key_bytes(private_key_from_bytes(raw)) == public_key_bytes(key)


@pytest.mark.parametrize("raw", [b"", bytes(31), bytes(33)])
def test_malformed_key_bytes_raise_with_code(raw: bytes) -> None:
    with pytest.raises(KeyFormatError) as info:
        public_key_from_bytes(raw)
    assert info.value.code is KeyErrorCode.MALFORMED_KEY
    with pytest.raises(KeyFormatError):
        private_key_from_bytes(raw)


def test_public_key_bytes_accepts_every_form() -> None:
    key = generate_signing_key()
    raw = public_key_bytes(key)
    assert public_key_bytes(key.public_key()) == raw
    assert public_key_bytes(raw) == raw


def test_fingerprint_known_answer() -> None:
    # First 10 bytes of SHA-256(public key), base32, groups of 4: computed with hashlib alone.
    assert fingerprint(RFC8032_PUBLIC) == "EH7D-DX5B-KSRG-CYTL"
    assert key_id(RFC8032_PUBLIC) == (
        "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9"
    )


def test_fingerprint_matches_independent_computation() -> None:
    key = generate_signing_key()
    raw = key.public_key().public_bytes_raw()
    text = base64.b32encode(hashlib.sha256(raw).digest()[:10]).decode()
    expected = "-".join([text[0:4], text[4:8], text[8:12], text[12:16]])
    assert fingerprint(key) == fingerprint(key.public_key()) == fingerprint(raw) == expected
    assert key_id(key) == hashlib.sha256(raw).hexdigest()


def _hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def test_info_strings_are_the_documented_ones() -> None:
    assert {p.value for p in KeyPurpose} == {
        b"pixdesk/v1/db-key-wrap",
        b"pixdesk/v1/station-key-wrap",
        b"pixdesk/v1/center-key-wrap",
        b"pixdesk/v1/session-secrets-wrap",
        b"pixdesk/v1/station-x25519",
    }


@pytest.mark.parametrize("purpose", list(KeyPurpose))
@pytest.mark.parametrize("salt", [b"", bytes.fromhex("00112233445566778899aabbccddeeff")])
@pytest.mark.parametrize("length", [32, 48])
def test_hkdf_known_answer(purpose: KeyPurpose, salt: bytes, length: int) -> None:
    secret = bytes(range(32))
    expected = _hkdf_sha256(secret, salt, purpose.value, length)
    assert derive_key(secret, purpose, salt=salt, length=length) == expected


def test_hkdf_separates_purposes_and_refuses_short_secrets() -> None:
    secret = bytes(range(32))
    keys = {derive_key(secret, purpose) for purpose in KeyPurpose}
    assert len(keys) == len(KeyPurpose)
    with pytest.raises(ValueError):
        derive_key(bytes(16), KeyPurpose.DB_KEY_WRAP)


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xff\xfe", bytes(range(256))])
def test_b64u_round_trip(data: bytes) -> None:
    text = b64u_encode(data)
    assert "=" not in text
    assert b64u_decode(text) == data


@pytest.mark.parametrize("text", ["AA==", "A", "AB", "AA+A", "AA/A", "AA A", "AA\nA", "Zm9vé"])
def test_b64u_decode_is_strict(text: str) -> None:
    # "AB" has non-zero unused bits: it would decode to the same byte as "AA" if accepted.
    with pytest.raises(ValueError):
        b64u_decode(text)


def test_crypto_error_carries_code_and_params() -> None:
    error = CryptoError(KeyErrorCode.MALFORMED_KEY, "detail", path="/x")
    assert error.code is KeyErrorCode.MALFORMED_KEY
    assert error.params == {"path": "/x"}
    assert str(error) == "MALFORMED_KEY: detail"
