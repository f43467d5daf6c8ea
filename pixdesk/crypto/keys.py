"""Ed25519 signing keys, key fingerprints and per-purpose key derivation (HKDF-SHA256).

Everything above this module takes and returns plain ``bytes`` or ``cryptography`` key objects;
the formats are described in docs/crypto.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from enum import Enum, StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_SIZE = 32
SIGNATURE_SIZE = 64
FINGERPRINT_BYTES = 10  # 80 bits: 16 base32 characters, enough to compare by eye or aloud

_B64U_RE = re.compile(r"[A-Za-z0-9_-]*")


class CryptoError(Exception):
    """Base of every expected crypto problem: carries a code (an enum) and parameters.

    The message is English, for logs; the UI turns ``code`` and ``params`` into a translated
    sentence. No secret is ever placed in a message or a parameter.
    """

    def __init__(self, code: StrEnum, detail: str = "", **params: str) -> None:
        """Build the error from its code, an optional detail and named parameters."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.params = dict(params)


class KeyErrorCode(StrEnum):
    """Why a key could not be read."""

    MALFORMED_KEY = "MALFORMED_KEY"


class KeyFormatError(CryptoError):
    """Key bytes that are not a valid Ed25519 key."""

    def __init__(self, detail: str = "") -> None:
        """Build the error with an optional detail."""
        super().__init__(KeyErrorCode.MALFORMED_KEY, detail)


class KeyPurpose(Enum):
    """HKDF ``info`` strings: one per use, so that no derived key ever serves two purposes.

    Versioned (``v1``) so that a future scheme derives unrelated keys from the same secret.
    """

    DB_KEY_WRAP = b"pixdesk/v1/db-key-wrap"
    STATION_KEY_WRAP = b"pixdesk/v1/station-key-wrap"
    CENTER_KEY_WRAP = b"pixdesk/v1/center-key-wrap"
    SESSION_SECRETS_WRAP = b"pixdesk/v1/session-secrets-wrap"
    STATION_X25519 = b"pixdesk/v1/station-x25519"


PublicKeyLike = Ed25519PublicKey | Ed25519PrivateKey | bytes


def generate_signing_key() -> Ed25519PrivateKey:
    """Generate a new Ed25519 private key from the OS random source."""
    return Ed25519PrivateKey.generate()


def sign(private_key: Ed25519PrivateKey, message: bytes) -> bytes:
    """Return the 64-byte Ed25519 signature of ``message``."""
    return private_key.sign(message)


def verify(public_key: Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    """Return True when ``signature`` is a valid signature of ``message`` by ``public_key``."""
    if len(signature) != SIGNATURE_SIZE:
        return False
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def public_key_bytes(key: PublicKeyLike) -> bytes:
    """Return the 32 raw bytes of a public key (given the key, its private half or raw bytes)."""
    if isinstance(key, bytes):
        return public_key_bytes(public_key_from_bytes(key))
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    return key.public_bytes_raw()


def public_key_from_bytes(raw: bytes) -> Ed25519PublicKey:
    """Load a public key from its 32 raw bytes.

    Raises:
        KeyFormatError: ``raw`` is not a 32-byte Ed25519 public key.
    """
    if len(raw) != KEY_SIZE:
        raise KeyFormatError(f"public key must be {KEY_SIZE} bytes")
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise KeyFormatError("invalid Ed25519 public key") from exc


def private_key_to_bytes(key: Ed25519PrivateKey) -> bytes:
    """Return the 32-byte seed of a private key, the form pixdesk stores (always encrypted)."""
    return key.private_bytes_raw()


def private_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    """Load a private key from its 32-byte seed.

    Raises:
        KeyFormatError: ``raw`` is not 32 bytes.
    """
    if len(raw) != KEY_SIZE:
        raise KeyFormatError(f"private key must be {KEY_SIZE} bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_id(key: PublicKeyLike) -> str:
    """Return the machine identifier of a public key: lowercase hex SHA-256 of its raw bytes.

    Used wherever a program compares keys (``issuer_fpr``, revocation lists): full length, so
    that no one can craft a second key with the same identifier.
    """
    return hashlib.sha256(public_key_bytes(key)).hexdigest()


def fingerprint(key: PublicKeyLike) -> str:
    """Return the short human fingerprint of a public key, e.g. ``"MFRG-GZDF-MZTW-Q2LK"``.

    The first 10 bytes of SHA-256 of the raw public key, in RFC 4648 base32 (its alphabet
    has no 0/O or 1/I pairs to confuse), in four groups of four joined by ``-``. For people
    comparing screens; programs compare :func:`key_id`.
    """
    digest = hashlib.sha256(public_key_bytes(key)).digest()[:FINGERPRINT_BYTES]
    text = base64.b32encode(digest).decode("ascii")  # 80 bits -> exactly 16 chars, no padding
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def derive_key(
    secret: bytes, purpose: KeyPurpose, *, salt: bytes = b"", length: int = KEY_SIZE
) -> bytes:
    """Derive a key for one purpose from a high-entropy secret with HKDF-SHA256 (RFC 5869).

    Args:
        secret: The input keying material (at least 32 random bytes).
        purpose: Selects the ``info`` string, which separates the derived keys by use.
        salt: Binds the derived key to a context (e.g. the installation id); empty means the
            RFC's default of 32 zero bytes.
        length: Number of bytes to derive.
    """
    if len(secret) < KEY_SIZE:
        raise ValueError("HKDF input secret must be at least 32 bytes")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=purpose.value)
    return hkdf.derive(secret)


def b64u_encode(data: bytes) -> str:
    """Encode bytes as base64url without padding (RFC 4648 §5)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: str) -> bytes:
    """Decode unpadded base64url strictly.

    The standard decoder skips foreign characters and ignores stray low bits, so two
    different texts could decode to the same bytes; here only the one canonical encoding of
    a byte string is accepted, which makes every change of an encoded byte visible.

    Raises:
        ValueError: ``text`` is not the canonical unpadded base64url encoding of any bytes.
    """
    if not _B64U_RE.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not unpadded base64url") from exc
    if b64u_encode(data) != text:
        raise ValueError("non-canonical base64url")
    return data
