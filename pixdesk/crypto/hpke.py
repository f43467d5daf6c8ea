"""HPKE (RFC 9180) base mode, for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.

Single-shot only: :func:`seal` encrypts one message under a fresh ephemeral key and
:func:`open_sealed` decrypts it, both with sequence number 0, which is all a sealed file needs.
Built on ``cryptography``'s X25519, HMAC-SHA256, HKDF-Expand and AES-GCM; the labelled
extract/expand of RFC 9180 §4 and the key schedule of §5.1 are written out here so that they
can be checked step by step against the RFC's published test vectors
(``tests/crypto/test_hpke.py``). docs/bundle-format.md §3 gives every label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

KEM_ID: Final = 0x0020  # DHKEM(X25519, HKDF-SHA256)
KDF_ID: Final = 0x0001  # HKDF-SHA256
AEAD_ID: Final = 0x0002  # AES-256-GCM
MODE_BASE: Final = 0x00

N_SECRET: Final = 32  # KEM shared secret
N_ENC: Final = 32  # encapsulated key (the ephemeral X25519 public key)
N_SK: Final = 32
N_K: Final = 32  # AES-256 key
N_N: Final = 12  # GCM nonce
N_H: Final = 32  # SHA-256 output
N_T: Final = 16  # GCM tag

_VERSION_LABEL: Final = b"HPKE-v1"
KEM_SUITE_ID: Final = b"KEM" + KEM_ID.to_bytes(2, "big")
HPKE_SUITE_ID: Final = (
    b"HPKE" + KEM_ID.to_bytes(2, "big") + KDF_ID.to_bytes(2, "big") + AEAD_ID.to_bytes(2, "big")
)


class HpkeError(Exception):
    """The message cannot be opened: wrong key, altered bytes, or a malformed encapsulation.

    Deliberately one error: telling a wrong key from an altered byte would be an oracle.
    """


@dataclass(frozen=True, slots=True)
class KeySchedule:
    """The secrets of one HPKE context (exposed for known-answer tests only)."""

    shared_secret: bytes
    key: bytes
    base_nonce: bytes
    exporter_secret: bytes


def labeled_extract(salt: bytes, label: bytes, ikm: bytes, *, suite_id: bytes) -> bytes:
    """Return ``Extract(salt, "HPKE-v1" || suite_id || label || ikm)`` (RFC 9180 §4).

    Extract is HKDF-Extract with SHA-256, i.e. HMAC-SHA256 keyed by the salt; an empty salt
    means a string of 32 zero bytes (RFC 5869 §2.2).
    """
    mac = hmac.HMAC(salt or bytes(N_H), hashes.SHA256())
    mac.update(_VERSION_LABEL + suite_id + label + ikm)
    return mac.finalize()


def labeled_expand(prk: bytes, label: bytes, info: bytes, length: int, *, suite_id: bytes) -> bytes:
    """Return ``Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)``."""
    labeled_info = length.to_bytes(2, "big") + _VERSION_LABEL + suite_id + label + info
    return HKDFExpand(hashes.SHA256(), length, labeled_info).derive(prk)


def derive_key_pair(ikm: bytes) -> X25519PrivateKey:
    """Return the X25519 key pair DeriveKeyPair(ikm) gives (RFC 9180 §7.1.3).

    Used for test keys derived from fixed seeds; real keys come from :func:`generate_key`.
    """
    dkp_prk = labeled_extract(b"", b"dkp_prk", ikm, suite_id=KEM_SUITE_ID)
    sk = labeled_expand(dkp_prk, b"sk", b"", N_SK, suite_id=KEM_SUITE_ID)
    return X25519PrivateKey.from_private_bytes(sk)


def generate_key() -> X25519PrivateKey:
    """Return a new X25519 private key from the OS random source."""
    return X25519PrivateKey.generate()


def public_bytes(key: X25519PublicKey | X25519PrivateKey) -> bytes:
    """Return the 32 raw bytes of a public key (SerializePublicKey)."""
    if isinstance(key, X25519PrivateKey):
        key = key.public_key()
    return key.public_bytes_raw()


def _shared_secret(dh: bytes, enc: bytes, pk_rm: bytes) -> bytes:
    eae_prk = labeled_extract(b"", b"eae_prk", dh, suite_id=KEM_SUITE_ID)
    return labeled_expand(eae_prk, b"shared_secret", enc + pk_rm, N_SECRET, suite_id=KEM_SUITE_ID)


def _exchange(private: X25519PrivateKey, public: X25519PublicKey) -> bytes:
    try:
        # cryptography refuses an all-zero result (a small-order point), as RFC 9180 §7.1.4 asks.
        return private.exchange(public)
    except ValueError as exc:
        raise HpkeError("invalid encapsulated key") from exc


def key_schedule(shared_secret: bytes, info: bytes) -> KeySchedule:
    """Run KeySchedule(mode_base, shared_secret, info, psk="", psk_id="") of RFC 9180 §5.1."""
    s = HPKE_SUITE_ID
    psk_id_hash = labeled_extract(b"", b"psk_id_hash", b"", suite_id=s)
    info_hash = labeled_extract(b"", b"info_hash", info, suite_id=s)
    context = bytes([MODE_BASE]) + psk_id_hash + info_hash
    secret = labeled_extract(shared_secret, b"secret", b"", suite_id=s)
    return KeySchedule(
        shared_secret=shared_secret,
        key=labeled_expand(secret, b"key", context, N_K, suite_id=s),
        base_nonce=labeled_expand(secret, b"base_nonce", context, N_N, suite_id=s),
        exporter_secret=labeled_expand(secret, b"exp", context, N_H, suite_id=s),
    )


def setup_sender(
    recipient: X25519PublicKey, info: bytes, *, ephemeral: X25519PrivateKey | None = None
) -> tuple[bytes, KeySchedule]:
    """Encap to ``recipient`` and run the key schedule; return ``enc`` and the context secrets.

    Args:
        recipient: The recipient's public key (pkR).
        info: The application's context string.
        ephemeral: The ephemeral key; a fresh random one unless a known-answer test fixes it.
    """
    sk_e = ephemeral if ephemeral is not None else generate_key()
    enc = public_bytes(sk_e)
    pk_rm = public_bytes(recipient)
    shared = _shared_secret(_exchange(sk_e, recipient), enc, pk_rm)
    return enc, key_schedule(shared, info)


def setup_recipient(enc: bytes, recipient: X25519PrivateKey, info: bytes) -> KeySchedule:
    """Decap ``enc`` with the recipient's private key and run the key schedule.

    Raises:
        HpkeError: ``enc`` is not a usable X25519 public key.
    """
    if len(enc) != N_ENC:
        raise HpkeError("encapsulated key must be 32 bytes")
    try:
        pk_e = X25519PublicKey.from_public_bytes(enc)
    except ValueError as exc:
        raise HpkeError("invalid encapsulated key") from exc
    shared = _shared_secret(_exchange(recipient, pk_e), enc, public_bytes(recipient))
    return key_schedule(shared, info)


def seal(
    recipient: X25519PublicKey,
    info: bytes,
    aad: bytes,
    plaintext: bytes,
    *,
    ephemeral: X25519PrivateKey | None = None,
) -> tuple[bytes, bytes]:
    """Encrypt ``plaintext`` to ``recipient`` (single-shot base mode); return ``(enc, ct)``.

    ``ct`` is the AES-256-GCM ciphertext followed by its 16-byte tag, with the context's first
    nonce (sequence number 0: ``base_nonce`` itself).
    """
    enc, context = setup_sender(recipient, info, ephemeral=ephemeral)
    return enc, AESGCM(context.key).encrypt(context.base_nonce, plaintext, aad)


def open_sealed(
    enc: bytes, recipient: X25519PrivateKey, info: bytes, aad: bytes, ciphertext: bytes
) -> bytes:
    """Decrypt what :func:`seal` produced.

    Raises:
        HpkeError: wrong key, altered ``enc``, ``aad`` or ciphertext, or truncated input.
    """
    context = setup_recipient(enc, recipient, info)
    if len(ciphertext) < N_T:
        raise HpkeError("ciphertext shorter than its tag")
    try:
        return AESGCM(context.key).decrypt(context.base_nonce, ciphertext, aad)
    except InvalidTag as exc:
        raise HpkeError("authentication failed") from exc
