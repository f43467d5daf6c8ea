"""The platform key pair (Ed25519 to sign, X25519 to receive sealed bundles) and its files.

DESIGN §5: the platform signs item banks, session packs and upload receipts with its Ed25519
key, and bundles are sealed to its X25519 key. The two are independent keys, so that neither
use can weaken the other. Files (docs/bundle-format.md §9):

* public (shipped in the machine config): canonical JSON ``{"format":
  "pixdesk-platform-public-key", "label", "seal_key", "sign_key", "v": 1}`` and a newline;
* private (the receiver only; mode 0600, never overwritten): ``{"format":
  "pixdesk-platform-private-key", "label", "seal_key", "seal_private", "sign_key",
  "sign_seed", "v": 1}`` and a newline; the public halves are checked against the private ones.

Keys are unpadded base64url of their 32 raw bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto import hpke
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import (
    CryptoError,
    b64u_decode,
    b64u_encode,
    fingerprint,
    key_id,
    private_key_from_bytes,
    public_key_from_bytes,
)

PUBLIC_FORMAT: Final = "pixdesk-platform-public-key"
PRIVATE_FORMAT: Final = "pixdesk-platform-private-key"
VERSION: Final = 1
MAX_FILE_BYTES: Final = 4096


class PlatformKeyErrorCode(StrEnum):
    """Why a platform key file cannot be used."""

    MALFORMED = "MALFORMED"
    NOT_PRIVATE = "NOT_PRIVATE"
    MISMATCH = "MISMATCH"


class PlatformKeyError(CryptoError):
    """A platform key file that is not one, or whose halves do not belong together."""

    def __init__(self, code: PlatformKeyErrorCode, detail: str = "") -> None:
        """Build the error from its code and a detail for logs."""
        super().__init__(code, detail)


def seal_key_id(key: X25519PublicKey | X25519PrivateKey) -> str:
    """Return the identifier of a sealing key: lowercase hex SHA-256 of its 32 raw bytes."""
    return hashlib.sha256(hpke.public_bytes(key)).hexdigest()


@dataclass(frozen=True, slots=True)
class PlatformPublicKey:
    """What pixdesk installations know of the platform."""

    label: str
    sign_key: Ed25519PublicKey
    seal_key: X25519PublicKey

    @property
    def seal_key_id(self) -> str:
        """Return the id a sealed bundle names as its recipient."""
        return seal_key_id(self.seal_key)

    @property
    def fingerprint(self) -> str:
        """Return the human fingerprint of the signing key."""
        return fingerprint(self.sign_key)

    def to_file(self) -> bytes:
        """Return the bytes of the public key file."""
        return canonical_bytes(_public_fields(self)) + b"\n"


@dataclass(frozen=True, slots=True)
class PlatformKeyPair:
    """The platform's private keys (the receiver's secret)."""

    label: str
    sign_key: Ed25519PrivateKey
    seal_key: X25519PrivateKey

    def public(self) -> PlatformPublicKey:
        """Return the public halves."""
        return PlatformPublicKey(self.label, self.sign_key.public_key(), self.seal_key.public_key())

    def to_file(self) -> bytes:
        """Return the bytes of the private key file (keep it secret)."""
        fields = _public_fields(self.public())
        fields.update(
            format=PRIVATE_FORMAT,
            sign_seed=b64u_encode(self.sign_key.private_bytes_raw()),
            seal_private=b64u_encode(self.seal_key.private_bytes_raw()),
        )
        return canonical_bytes(fields) + b"\n"


def generate_platform_key(label: str) -> PlatformKeyPair:
    """Return a new platform key pair from the OS random source."""
    return PlatformKeyPair(label, Ed25519PrivateKey.generate(), hpke.generate_key())


def derive_test_platform_key(seed_text: str, label: str = "TEST platform") -> PlatformKeyPair:
    """Return a platform key pair derived from a public sentence: for tests and examples ONLY.

    Ed25519 seed = SHA-256(seed_text + "/sign"); X25519 = HPKE DeriveKeyPair(SHA-256(seed_text
    + "/seal")). Anyone who knows the sentence holds the keys.
    """
    sign_seed = hashlib.sha256(f"{seed_text}/sign".encode()).digest()
    seal_ikm = hashlib.sha256(f"{seed_text}/seal".encode()).digest()
    return PlatformKeyPair(label, private_key_from_bytes(sign_seed), hpke.derive_key_pair(seal_ikm))


def parse_platform_key(data: bytes) -> PlatformPublicKey | PlatformKeyPair:
    """Parse a public or private platform key file.

    Raises:
        PlatformKeyError: ``MALFORMED`` or ``MISMATCH``.
    """
    fields = _load(data)
    try:
        label = _str(fields, "label")
        sign_key = public_key_from_bytes(b64u_decode(_str(fields, "sign_key")))
        seal_key = X25519PublicKey.from_public_bytes(_raw32(fields, "seal_key"))
        if fields["format"] == PUBLIC_FORMAT:
            if set(fields) != {"format", "v", "label", "sign_key", "seal_key"}:
                raise ValueError("unexpected fields")
            return PlatformPublicKey(label, sign_key, seal_key)
        if set(fields) != {
            "format",
            "v",
            "label",
            "sign_key",
            "seal_key",
            "sign_seed",
            "seal_private",
        }:
            raise ValueError("unexpected fields")
        pair = PlatformKeyPair(
            label,
            private_key_from_bytes(_raw32(fields, "sign_seed")),
            X25519PrivateKey.from_private_bytes(_raw32(fields, "seal_private")),
        )
    except (ValueError, KeyError, CryptoError) as exc:
        raise PlatformKeyError(PlatformKeyErrorCode.MALFORMED, str(exc)) from exc
    public = pair.public()
    if key_id(public.sign_key) != key_id(sign_key) or public.seal_key_id != seal_key_id(seal_key):
        raise PlatformKeyError(PlatformKeyErrorCode.MISMATCH, "public halves do not match")
    return pair


def read_platform_key(path: Path) -> PlatformPublicKey | PlatformKeyPair:
    """Read a platform key file (public or private).

    Raises:
        PlatformKeyError: the file is not a platform key.
        OSError: it cannot be read.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise PlatformKeyError(PlatformKeyErrorCode.MALFORMED, "file too big")
    return parse_platform_key(data)


def read_platform_private_key(path: Path) -> PlatformKeyPair:
    """Read a private platform key file.

    Raises:
        PlatformKeyError: ``NOT_PRIVATE`` for a public key file, or a format problem.
        OSError: the file cannot be read.
    """
    key = read_platform_key(path)
    if not isinstance(key, PlatformKeyPair):
        raise PlatformKeyError(PlatformKeyErrorCode.NOT_PRIVATE, str(path))
    return key


def write_platform_private_key(path: Path, pair: PlatformKeyPair) -> None:
    """Write the private key file (0600, atomically, never over an existing file).

    Raises:
        FileExistsError: ``path`` exists.
        OSError: the write failed.
    """
    write_file_atomically(path, pair.to_file(), mode=0o600, overwrite=False)


def _public_fields(key: PlatformPublicKey) -> dict[str, Any]:
    return {
        "format": PUBLIC_FORMAT,
        "v": VERSION,
        "label": key.label,
        "sign_key": b64u_encode(key.sign_key.public_bytes_raw()),
        "seal_key": b64u_encode(hpke.public_bytes(key.seal_key)),
    }


def _load(data: bytes) -> dict[str, Any]:
    try:
        fields = json.loads(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise PlatformKeyError(PlatformKeyErrorCode.MALFORMED, "not JSON") from exc
    if (
        not isinstance(fields, dict)
        or fields.get("format") not in (PUBLIC_FORMAT, PRIVATE_FORMAT)
        or fields.get("v") != VERSION
    ):
        raise PlatformKeyError(PlatformKeyErrorCode.MALFORMED, "not a platform key file")
    return fields


def _str(fields: dict[str, Any], name: str) -> str:
    value = fields[name]
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value


def _raw32(fields: dict[str, Any], name: str) -> bytes:
    raw = b64u_decode(_str(fields, name))
    if len(raw) != hpke.N_SK:
        raise ValueError(f"{name} must be 32 bytes")
    return raw
