"""Slow, salted hashes of short secrets a machine must check but must not hold in clear.

The invigilator password travels in the session pack only as such a hash (the console checks
what the invigilator types); offline resume codes use the same scheme (DESIGN.md §5). The hash
is Argon2id (RFC 9106, version 0x13) with the center key's parameter type and bounds, over the
secret's UTF-8 bytes after NFC normalisation. Document form: docs/session-pack.md §4.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from pixdesk.crypto.center import ARGON2_VERSION, Argon2Params, CenterKeyError
from pixdesk.crypto.keys import b64u_decode, b64u_encode

ALGORITHM = "argon2id"
SALT_SIZE = 16
HASH_SIZE = 32
_FIELDS = frozenset(
    {"alg", "version", "time_cost", "memory_cost_kib", "parallelism", "salt", "hash"}
)


class SecretHashFormatError(ValueError):
    """A hash document that is not one this module writes (fields, sizes, parameters)."""


@dataclass(frozen=True, slots=True)
class SecretHash:
    """An Argon2id hash of a secret, with everything needed to check a guess."""

    params: Argon2Params
    salt: bytes
    digest: bytes

    def to_doc(self) -> dict[str, Any]:
        """Return the JSON form (integers and base64url strings only: canonical-JSON safe)."""
        return {
            "alg": ALGORITHM,
            "version": ARGON2_VERSION,
            "time_cost": self.params.time_cost,
            "memory_cost_kib": self.params.memory_cost_kib,
            "parallelism": self.params.parallelism,
            "salt": b64u_encode(self.salt),
            "hash": b64u_encode(self.digest),
        }

    @classmethod
    def from_doc(cls, doc: object) -> SecretHash:
        """Read the JSON form, refusing anything this module would not have written.

        Raises:
            SecretHashFormatError: Unknown or missing fields, another algorithm, parameters
                out of bounds, a salt or hash of the wrong size.
        """
        if not isinstance(doc, dict) or set(doc) != _FIELDS:
            raise SecretHashFormatError("fields")
        if doc["alg"] != ALGORITHM or doc["version"] != ARGON2_VERSION:
            raise SecretHashFormatError("algorithm")
        costs = (doc["time_cost"], doc["memory_cost_kib"], doc["parallelism"])
        if not all(isinstance(cost, int) and not isinstance(cost, bool) for cost in costs):
            raise SecretHashFormatError("parameters")
        params = Argon2Params(*costs)
        try:
            params.check()
            salt, digest = b64u_decode(doc["salt"]), b64u_decode(doc["hash"])
        except (CenterKeyError, TypeError, ValueError) as exc:
            raise SecretHashFormatError("parameters or encoding") from exc
        if len(salt) != SALT_SIZE or len(digest) != HASH_SIZE:
            raise SecretHashFormatError("sizes")
        return cls(params, salt, digest)


def hash_secret(
    secret: str, *, params: Argon2Params | None = None, salt: bytes | None = None
) -> SecretHash:
    """Hash ``secret`` with a fresh random salt (or ``salt``, for known-answer tests).

    Args:
        secret: What a person will type.
        params: Argon2id costs; the RFC 9106 second recommendation (64 MiB) by default.
        salt: 16 bytes; drawn from the OS when None.

    Raises:
        CenterKeyError: ``KDF_PARAMS_INVALID`` for parameters out of bounds.
    """
    params = params or Argon2Params()
    params.check()
    salt = salt if salt is not None else secrets.token_bytes(SALT_SIZE)
    if len(salt) != SALT_SIZE:
        raise ValueError(f"salt must be {SALT_SIZE} bytes")
    return SecretHash(params, salt, _digest(secret, params, salt))


def verify_secret(guess: str, hashed: SecretHash) -> bool:
    """Tell whether ``guess`` is the hashed secret (constant-time comparison)."""
    return hmac.compare_digest(_digest(guess, hashed.params, hashed.salt), hashed.digest)


def _digest(secret: str, params: Argon2Params, salt: bytes) -> bytes:
    return bytes(
        hash_secret_raw(
            secret=unicodedata.normalize("NFC", secret).encode("utf-8"),
            salt=salt,
            time_cost=params.time_cost,
            memory_cost=params.memory_cost_kib,
            parallelism=params.parallelism,
            hash_len=HASH_SIZE,
            type=Type.ID,
            version=ARGON2_VERSION,
        )
    )
