"""Secrets sealed under a short password: Argon2id, then HKDF, then AES-256-GCM.

The session pack carries the session key (and the console's TLS key) this way, sealed under
the invigilator password, so that whoever copies the pack file still needs the password to
command the room (docs/session-pack.md §5). The pattern is the center key file's
(``crypto.center``): the password is stretched by Argon2id (memory-hard, so guessing costs
memory on every try), HKDF derives a key for this one purpose, AES-GCM seals the bytes and
binds an *associated data* block, so a sealed part moved into another document fails to open.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pixdesk.crypto.center import ARGON2_VERSION, Argon2Params, CenterKeyError
from pixdesk.crypto.keys import (
    KEY_SIZE,
    CryptoError,
    KeyPurpose,
    b64u_decode,
    b64u_encode,
    derive_key,
)

SALT_SIZE = 16
NONCE_SIZE = 12
TAG_SIZE = 16
MAX_PLAINTEXT = 64 * 1024
_FIELDS = frozenset({"kdf", "cipher", "ciphertext"})
_KDF_FIELDS = frozenset({"alg", "version", "time_cost", "memory_cost_kib", "parallelism", "salt"})


class SealErrorCode(StrEnum):
    """Why a sealed part could not be opened."""

    # A wrong password, or an altered sealed part: AES-GCM cannot tell them apart.
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 - a code, not a secret
    MALFORMED = "MALFORMED"


class SealError(CryptoError):
    """A sealed part that cannot be opened."""

    code: SealErrorCode

    def __init__(self, code: SealErrorCode, detail: str = "") -> None:
        """Build the error from its code and a detail for logs."""
        super().__init__(code, detail)


@dataclass(frozen=True, slots=True)
class Sealed:
    """A sealed secret as stored: the KDF settings, the nonce and the ciphertext."""

    params: Argon2Params
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    def to_doc(self) -> dict[str, Any]:
        """Return the JSON form (integers and base64url strings: canonical-JSON safe)."""
        return {
            "kdf": {
                "alg": "argon2id",
                "version": ARGON2_VERSION,
                "time_cost": self.params.time_cost,
                "memory_cost_kib": self.params.memory_cost_kib,
                "parallelism": self.params.parallelism,
                "salt": b64u_encode(self.salt),
            },
            "cipher": {"alg": "aes-256-gcm", "nonce": b64u_encode(self.nonce)},
            "ciphertext": b64u_encode(self.ciphertext),
        }

    @classmethod
    def from_doc(cls, doc: object) -> Sealed:
        """Read the JSON form, refusing anything :meth:`to_doc` would not write.

        Raises:
            SealError: MALFORMED.
        """
        try:
            if not isinstance(doc, dict) or set(doc) != _FIELDS:
                raise ValueError("fields")
            kdf, cipher = doc["kdf"], doc["cipher"]
            if not isinstance(kdf, dict) or set(kdf) != _KDF_FIELDS:
                raise ValueError("kdf")
            if kdf["alg"] != "argon2id" or kdf["version"] != ARGON2_VERSION:
                raise ValueError("kdf algorithm")
            if not isinstance(cipher, dict) or set(cipher) != {"alg", "nonce"}:
                raise ValueError("cipher")
            if cipher["alg"] != "aes-256-gcm":
                raise ValueError("cipher algorithm")
            costs = (kdf["time_cost"], kdf["memory_cost_kib"], kdf["parallelism"])
            if not all(isinstance(c, int) and not isinstance(c, bool) for c in costs):
                raise ValueError("costs")
            params = Argon2Params(*costs)
            params.check()
            salt, nonce = b64u_decode(kdf["salt"]), b64u_decode(cipher["nonce"])
            ciphertext = b64u_decode(doc["ciphertext"])
        except (CenterKeyError, TypeError, ValueError) as exc:
            raise SealError(SealErrorCode.MALFORMED, str(exc)) from exc
        too_long = len(ciphertext) > MAX_PLAINTEXT + TAG_SIZE
        if len(salt) != SALT_SIZE or len(nonce) != NONCE_SIZE or too_long:
            raise SealError(SealErrorCode.MALFORMED, "sizes")
        if len(ciphertext) < TAG_SIZE:
            raise SealError(SealErrorCode.MALFORMED, "ciphertext")
        return cls(params, salt, nonce, ciphertext)


def seal_with_password(
    plaintext: bytes, password: str, *, aad: bytes, params: Argon2Params | None = None
) -> Sealed:
    """Seal ``plaintext`` under ``password``, binding ``aad`` (which is not stored).

    Args:
        plaintext: The secret, at most 64 KiB.
        password: What a person will type; normalised to NFC first.
        aad: Associated data the opener must present again (what the secret belongs to).
        params: Argon2id costs (tests pass cheap ones); RFC 9106's second recommendation
            otherwise.

    Raises:
        CenterKeyError: ``KDF_PARAMS_INVALID`` for costs out of bounds.
    """
    if len(plaintext) > MAX_PLAINTEXT:
        raise ValueError("plaintext too long")
    params = params or Argon2Params()
    params.check()
    salt, nonce = secrets.token_bytes(SALT_SIZE), secrets.token_bytes(NONCE_SIZE)
    ciphertext = AESGCM(_wrap_key(password, params, salt)).encrypt(nonce, plaintext, aad)
    return Sealed(params, salt, nonce, ciphertext)


def open_with_password(sealed: Sealed, password: str, *, aad: bytes) -> bytes:
    """Open a sealed secret.

    Raises:
        SealError: WRONG_PASSWORD (or an altered ciphertext, or another ``aad``).
    """
    key = _wrap_key(password, sealed.params, sealed.salt)
    try:
        return AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except InvalidTag:
        raise SealError(SealErrorCode.WRONG_PASSWORD) from None


def _wrap_key(password: str, params: Argon2Params, salt: bytes) -> bytes:
    # NFC: the same password typed on macOS (often NFD) and Windows must give the same key.
    stretched = hash_secret_raw(
        secret=unicodedata.normalize("NFC", password).encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_SIZE,
        type=Type.ID,
        version=ARGON2_VERSION,
    )
    return derive_key(bytes(stretched), KeyPurpose.SESSION_SECRETS_WRAP)
