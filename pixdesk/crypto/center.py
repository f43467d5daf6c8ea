"""The center (school) key: Ed25519, kept in a file encrypted under a passphrase.

The passphrase goes through Argon2id (memory-hard, so a stolen file resists guessing on
GPUs), then HKDF, and the key's 32-byte seed is sealed with AES-256-GCM. The Argon2id
parameters and salt are stored with it. File format: docs/crypto.md.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import (
    KEY_SIZE,
    CryptoError,
    KeyFormatError,
    KeyPurpose,
    b64u_decode,
    b64u_encode,
    derive_key,
    private_key_from_bytes,
    private_key_to_bytes,
    public_key_bytes,
    public_key_from_bytes,
)

FORMAT = "pixdesk-center-key"
VERSION = 1
ARGON2_VERSION = 19  # 0x13, the current (and final) version of the algorithm
SALT_SIZE = 16
NONCE_SIZE = 12
MIN_PASSPHRASE_LENGTH = 8
# Upper bounds when reading a file: a forged file must not make the referent PC allocate
# gigabytes or spin for minutes before the passphrase is even checked.
MAX_TIME_COST = 64
MAX_MEMORY_KIB = 1024 * 1024
MAX_PARALLELISM = 16


class CenterKeyErrorCode(StrEnum):
    """Why the center key could not be saved or opened."""

    # A wrong passphrase, or an altered encrypted part: AES-GCM cannot tell them apart.
    WRONG_PASSPHRASE = "WRONG_PASSPHRASE"  # noqa: S105 - a code, not a secret
    PASSPHRASE_TOO_SHORT = "PASSPHRASE_TOO_SHORT"  # noqa: S105 - a code, not a secret
    KDF_PARAMS_INVALID = "KDF_PARAMS_INVALID"
    MALFORMED = "MALFORMED"
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    IO_ERROR = "IO_ERROR"


class CenterKeyError(CryptoError):
    """An expected problem with the center key file."""

    code: CenterKeyErrorCode

    def __init__(self, code: CenterKeyErrorCode, detail: str = "", **params: str) -> None:
        """Build the error from its code, a detail for logs and named parameters."""
        super().__init__(code, detail, **params)


@dataclass(frozen=True, slots=True)
class Argon2Params:
    """Argon2id cost parameters (RFC 9106); the defaults follow its second recommendation.

    Attributes:
        time_cost: Number of passes over memory.
        memory_cost_kib: Memory in KiB (64 MiB by default).
        parallelism: Number of lanes.
    """

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 1

    def check(self) -> None:
        """Refuse parameters Argon2 rejects or that exceed the reading bounds.

        Raises:
            CenterKeyError: KDF_PARAMS_INVALID.
        """
        ok = (
            1 <= self.time_cost <= MAX_TIME_COST
            and 1 <= self.parallelism <= MAX_PARALLELISM
            and 8 * self.parallelism <= self.memory_cost_kib <= MAX_MEMORY_KIB
        )
        if not ok:
            raise CenterKeyError(CenterKeyErrorCode.KDF_PARAMS_INVALID)


@dataclass(frozen=True, slots=True)
class CenterKeyInfo:
    """What can be read from a center key file without its passphrase."""

    public_key: Ed25519PublicKey
    label: str
    params: Argon2Params


def encrypt_center_key(
    key: Ed25519PrivateKey, passphrase: str, *, params: Argon2Params | None = None, label: str = ""
) -> bytes:
    """Return the content of a center key file holding ``key`` encrypted under ``passphrase``.

    Args:
        key: The center's private key.
        passphrase: At least 8 characters; normalised to NFC first.
        params: Argon2id costs (tests pass cheap ones); the defaults otherwise.
        label: A name shown to people (the school), bound to the key by the encryption.

    Raises:
        CenterKeyError: PASSPHRASE_TOO_SHORT or KDF_PARAMS_INVALID.
    """
    params = params or Argon2Params()
    params.check()
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_LENGTH:
        raise CenterKeyError(CenterKeyErrorCode.PASSPHRASE_TOO_SHORT)
    salt = secrets.token_bytes(SALT_SIZE)
    nonce = secrets.token_bytes(NONCE_SIZE)
    public_key = b64u_encode(public_key_bytes(key))
    kdf = _kdf_doc(params, salt)
    wrap_key = _wrap_key(passphrase, params, salt)
    aad = _aad(public_key, label, kdf)
    ciphertext = AESGCM(wrap_key).encrypt(nonce, private_key_to_bytes(key), aad)
    doc = {
        "format": FORMAT,
        "v": VERSION,
        "label": label,
        "public_key": public_key,
        "kdf": kdf,
        "cipher": {"alg": "aes-256-gcm", "nonce": b64u_encode(nonce)},
        "ciphertext": b64u_encode(ciphertext),
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"


def read_center_key_info(data: bytes) -> CenterKeyInfo:
    """Read the public key, label and parameters of a center key file (no passphrase needed).

    Raises:
        CenterKeyError: MALFORMED, UNSUPPORTED_VERSION or KDF_PARAMS_INVALID.
    """
    return _parse(data).info


def decrypt_center_key(data: bytes, passphrase: str) -> Ed25519PrivateKey:
    """Open the content of a center key file with its passphrase.

    Raises:
        CenterKeyError: WRONG_PASSPHRASE, MALFORMED, UNSUPPORTED_VERSION or KDF_PARAMS_INVALID.
    """
    parsed = _parse(data)
    wrap_key = _wrap_key(passphrase, parsed.info.params, parsed.salt)
    try:
        seed = AESGCM(wrap_key).decrypt(parsed.nonce, parsed.ciphertext, parsed.aad)
    except InvalidTag:
        raise CenterKeyError(CenterKeyErrorCode.WRONG_PASSPHRASE) from None
    try:
        key = private_key_from_bytes(seed)
    except KeyFormatError as exc:
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, "seed length") from exc
    if public_key_bytes(key) != public_key_bytes(parsed.info.public_key):
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, "public key does not match")
    return key


def save_center_key(
    path: Path,
    key: Ed25519PrivateKey,
    passphrase: str,
    *,
    params: Argon2Params | None = None,
    label: str = "",
    overwrite: bool = False,
) -> None:
    """Write ``key`` encrypted to ``path`` atomically (0600).

    ``overwrite`` defaults to False: replacing a school's center key by mistake would
    orphan every certificate it issued; a passphrase change passes True.

    Raises:
        CenterKeyError: ALREADY_EXISTS, IO_ERROR, or an error of :func:`encrypt_center_key`.
    """
    data = encrypt_center_key(key, passphrase, params=params, label=label)
    try:
        write_file_atomically(path, data, mode=0o600, overwrite=overwrite)
    except FileExistsError:
        raise CenterKeyError(CenterKeyErrorCode.ALREADY_EXISTS, path=str(path)) from None
    except OSError as exc:
        raise _io_error(exc, path) from exc


def load_center_key(path: Path, passphrase: str) -> Ed25519PrivateKey:
    """Read and decrypt the center key file at ``path``.

    Raises:
        CenterKeyError: IO_ERROR, or an error of :func:`decrypt_center_key`.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _io_error(exc, path) from exc
    return decrypt_center_key(data, passphrase)


@dataclass(frozen=True, slots=True)
class _Parsed:
    info: CenterKeyInfo
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    aad: bytes


def _kdf_doc(params: Argon2Params, salt: bytes) -> dict[str, Any]:
    return {
        "alg": "argon2id",
        "version": ARGON2_VERSION,
        "time_cost": params.time_cost,
        "memory_cost_kib": params.memory_cost_kib,
        "parallelism": params.parallelism,
        "salt": b64u_encode(salt),
    }


def _aad(public_key: str, label: str, kdf: dict[str, Any]) -> bytes:
    # Binding the public key, label and KDF settings: a file whose visible parts were edited
    # (another school's public key shown with this key, say) fails to open.
    doc = {"purpose": "pixdesk/v1/center-key", "public_key": public_key, "label": label}
    return canonical_bytes({**doc, "kdf": kdf})


def _wrap_key(passphrase: str, params: Argon2Params, salt: bytes) -> bytes:
    # NFC: the same passphrase typed on macOS (often NFD) and Windows must give the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    stretched = hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_SIZE,
        type=Type.ID,
        version=ARGON2_VERSION,
    )
    return derive_key(bytes(stretched), KeyPurpose.CENTER_KEY_WRAP)


def _parse(data: bytes) -> _Parsed:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, "not JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, "not a center key file")
    if doc.get("v") != VERSION:
        raise CenterKeyError(CenterKeyErrorCode.UNSUPPORTED_VERSION, version=str(doc.get("v")))
    kdf, cipher = doc.get("kdf"), doc.get("cipher")
    try:
        if not isinstance(kdf, dict) or not isinstance(cipher, dict):
            raise TypeError("kdf/cipher")
        if kdf.get("alg") != "argon2id" or kdf.get("version") != ARGON2_VERSION:
            raise CenterKeyError(CenterKeyErrorCode.KDF_PARAMS_INVALID, "algorithm")
        if cipher.get("alg") != "aes-256-gcm":
            raise TypeError("cipher")
        params = Argon2Params(
            _int(kdf["time_cost"]), _int(kdf["memory_cost_kib"]), _int(kdf["parallelism"])
        )
        label, public_key = doc["label"], doc["public_key"]
        if not isinstance(label, str) or not isinstance(public_key, str):
            raise TypeError("label/public_key")
        salt, nonce = b64u_decode(kdf["salt"]), b64u_decode(cipher["nonce"])
        ciphertext = b64u_decode(doc["ciphertext"])
        public = public_key_from_bytes(b64u_decode(public_key))
    except (KeyError, TypeError, ValueError, KeyFormatError) as exc:
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, type(exc).__name__) from exc
    params.check()
    if len(salt) < SALT_SIZE or len(nonce) != NONCE_SIZE or len(ciphertext) != KEY_SIZE + 16:
        raise CenterKeyError(CenterKeyErrorCode.MALFORMED, "field sizes")
    aad = _aad(public_key, label, _kdf_doc(params, salt))
    return _Parsed(CenterKeyInfo(public, label, params), salt, nonce, ciphertext, aad)


def _int(value: object) -> int:
    # bool is an int in Python; a JSON true is not a cost.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("integer expected")
    return value


def _io_error(exc: OSError, path: Path) -> CenterKeyError:
    return CenterKeyError(CenterKeyErrorCode.IO_ERROR, exc.strerror or "", path=str(path))
