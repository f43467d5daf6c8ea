"""The sealed item bank file (``.pxbank``) and its content key (docs/item-banks.md §9).

A sealed bank is one file: a small header anyone can read (which bank, which version, how
big), then the AES-256-GCM ciphertext of the bank's archive under a random 256-bit **bank
key**, with every byte before the ciphertext as associated data. Without the key nothing of
the items can be read; a changed header byte, a changed ciphertext byte, a cut file or a
wrong key is refused before anything is used. Byte layout::

    magic        8 bytes   b"PXBANK" 0x00 0x01
    header_len   4 bytes   big-endian, 1..4096
    header       header_len bytes of canonical JSON (docs/crypto.md §3)
    ciphertext   archive_size + 16 bytes (the GCM tag last)

The header carries a **key check** (HMAC-SHA256 of a fixed label under the key, 16 bytes):
it tells a wrong key from an altered file, and commits the file to its key (GCM alone does
not). This module knows nothing of what the archive holds (``imports.bank_sealed`` does).
The key travels in a key file (:func:`key_file_bytes`) or HPKE-sealed to a station
(``crypto.station_kem``); it never appears in a journal in clear.
"""

from __future__ import annotations

import hmac as std_hmac
import json
import re
import secrets
import struct
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import CryptoError, b64u_decode, b64u_encode

MAGIC: Final = b"PXBANK\x00\x01"
FORMAT: Final = "pixdesk-sealed-bank"
FORMAT_VERSION: Final = 1
AEAD: Final = "AES-256-GCM"
KEY_SIZE: Final = 32
NONCE_SIZE: Final = 12
TAG_SIZE: Final = 16
KEY_CHECK_SIZE: Final = 16
KEY_CHECK_LABEL: Final = b"pixdesk/v1/sealed-bank/key-check"
MAX_HEADER_BYTES: Final = 4096
MAX_ARCHIVE_BYTES: Final = 160 * 1024 * 1024
"""A bank holds at most 128 MiB of files (``BankLimits``); the archive adds names and sizes."""
KEY_FILE_FORMAT: Final = "pixdesk-bank-key"
MAX_KEY_FILE_BYTES: Final = 1024

_PREFIX = struct.Struct(">8sI")
_HEADER_FIELDS: Final = frozenset(
    {"format", "format_version", "bank_id", "version", "aead", "archive_size", "nonce"}
    | {"key_check"}
)
_BANK_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")


class SealedBankErrorCode(StrEnum):
    """Why a sealed bank (or its key file) cannot be used."""

    NOT_SEALED = "NOT_SEALED"  # not a sealed bank file (magic)
    MALFORMED = "MALFORMED"  # header unreadable, fields wrong, bytes after the ciphertext
    UNSUPPORTED = "UNSUPPORTED"  # a newer format version
    TOO_BIG = "TOO_BIG"
    TRUNCATED = "TRUNCATED"  # fewer bytes than the header announces
    WRONG_KEY = "WRONG_KEY"  # the key check does not match: another bank's key
    TAMPERED = "TAMPERED"  # the key fits but the header or ciphertext was altered
    BAD_KEY_FILE = "BAD_KEY_FILE"


class SealedBankError(CryptoError):
    """A sealed bank that must not be used; nothing of it was used."""

    def __init__(self, code: SealedBankErrorCode, detail: str = "") -> None:
        """Build the error (never with secret material in ``detail``)."""
        super().__init__(code, detail)


@dataclass(frozen=True, slots=True)
class SealedBankHeader:
    """What a sealed bank says about itself, readable without the key (authenticated by it).

    Attributes:
        bank_id: The bank's id (``bank.json``'s, checked when opened).
        version: The bank's version.
        archive_size: Bytes of the archive once opened.
        nonce: The GCM nonce.
        key_check: The key's check value (:func:`key_check`).
        prefix: The exact bytes before the ciphertext (the associated data).
    """

    bank_id: str
    version: str
    archive_size: int
    nonce: bytes = field(repr=False)
    key_check: bytes = field(repr=False)
    prefix: bytes = field(repr=False)

    @property
    def sealed_size(self) -> int:
        """Return the size the whole file must have."""
        return len(self.prefix) + self.archive_size + TAG_SIZE


@dataclass(frozen=True, slots=True)
class BankKey:
    """A bank's content key and the bank it opens (never logged: ``repr`` hides the key)."""

    bank_id: str
    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        """Refuse a key of the wrong size or a bank id of the wrong form."""
        if len(self.key) != KEY_SIZE or not _BANK_ID.fullmatch(self.bank_id):
            raise SealedBankError(SealedBankErrorCode.BAD_KEY_FILE, "bank key")


def generate_bank_key(bank_id: str) -> BankKey:
    """Return a fresh random bank key (OS random source)."""
    return BankKey(bank_id, secrets.token_bytes(KEY_SIZE))


def key_check(key: bytes) -> bytes:
    """Return ``HMAC-SHA256(key, "pixdesk/v1/sealed-bank/key-check")[:16]``."""
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(KEY_CHECK_LABEL)
    return mac.finalize()[:KEY_CHECK_SIZE]


def seal_archive(
    archive: bytes, key: BankKey, *, version: str, nonce: bytes | None = None
) -> bytes:
    """Return the sealed bank file of ``archive`` under ``key``.

    Args:
        archive: The bank's archive (``imports.bank_sealed.bank_archive``).
        key: The bank key; its ``bank_id`` goes into the header.
        version: The bank's version, for the header.
        nonce: The GCM nonce (random unless a known-answer test fixes it).

    Raises:
        SealedBankError: ``TOO_BIG``, or ``MALFORMED`` for a header that would be refused.
    """
    if len(archive) > MAX_ARCHIVE_BYTES:
        raise SealedBankError(SealedBankErrorCode.TOO_BIG, f"{len(archive)} bytes")
    nonce = nonce if nonce is not None else secrets.token_bytes(NONCE_SIZE)
    header = canonical_bytes(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "bank_id": key.bank_id,
            "version": version,
            "aead": AEAD,
            "archive_size": len(archive),
            "nonce": b64u_encode(nonce),
            "key_check": b64u_encode(key_check(key.key)),
        }
    )
    prefix = _PREFIX.pack(MAGIC, len(header)) + header
    parsed = parse_header(prefix)  # never write what a reader would refuse
    return prefix + AESGCM(key.key).encrypt(parsed.nonce, archive, prefix)


def parse_header(data: bytes) -> SealedBankHeader:
    """Read the header at the start of ``data`` (the rest, if any, is not looked at).

    Raises:
        SealedBankError: ``NOT_SEALED``, ``TRUNCATED``, ``MALFORMED``, ``UNSUPPORTED``,
            ``TOO_BIG``.
    """
    start = data[: len(MAGIC)]
    if not start or not MAGIC.startswith(start):
        raise SealedBankError(SealedBankErrorCode.NOT_SEALED, "magic")
    if len(data) < _PREFIX.size:
        raise SealedBankError(SealedBankErrorCode.TRUNCATED, "shorter than its prefix")
    _magic, length = _PREFIX.unpack_from(data)
    if not 0 < length <= MAX_HEADER_BYTES:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "header length")
    raw = data[_PREFIX.size : _PREFIX.size + length]
    if len(raw) != length:
        raise SealedBankError(SealedBankErrorCode.TRUNCATED, "header")
    doc = _header_doc(raw)
    return SealedBankHeader(
        bank_id=doc["bank_id"],
        version=doc["version"],
        archive_size=doc["archive_size"],
        nonce=_b64(doc["nonce"], NONCE_SIZE, "nonce"),
        key_check=_b64(doc["key_check"], KEY_CHECK_SIZE, "key_check"),
        prefix=data[: _PREFIX.size + length],
    )


def read_header_file(path: Path) -> SealedBankHeader:
    """Read the header of a sealed bank file without the key (no more than its first 4 KiB).

    Raises:
        OSError: The file cannot be read.
        SealedBankError: as :func:`parse_header`.
    """
    with path.open("rb") as handle:
        return parse_header(handle.read(_PREFIX.size + MAX_HEADER_BYTES))


def open_archive(data: bytes, key: bytes) -> tuple[SealedBankHeader, bytes]:
    """Check and decrypt a whole sealed bank file; return its header and archive.

    Order: header, then the exact size (``TRUNCATED`` / ``MALFORMED`` for bytes after the
    ciphertext), then the key check (``WRONG_KEY``), then GCM (``TAMPERED``).

    Raises:
        SealedBankError: see above; nothing is returned of a refused file.
    """
    header = parse_header(data)
    if len(data) < header.sealed_size:
        raise SealedBankError(SealedBankErrorCode.TRUNCATED, f"{len(data)} bytes")
    if len(data) > header.sealed_size:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "bytes after the ciphertext")
    if len(key) != KEY_SIZE or not std_hmac.compare_digest(key_check(key), header.key_check):
        raise SealedBankError(SealedBankErrorCode.WRONG_KEY)
    try:
        archive = AESGCM(key).decrypt(header.nonce, data[len(header.prefix) :], header.prefix)
    except InvalidTag as exc:
        raise SealedBankError(SealedBankErrorCode.TAMPERED, "authentication failed") from exc
    return header, archive


def key_file_bytes(key: BankKey) -> bytes:
    """Return the content of a bank key file: one line of canonical JSON.

    ``{"bank_id": …, "format": "pixdesk-bank-key", "format_version": 1, "key": b64u(32)}``
    """
    doc = {
        "format": KEY_FILE_FORMAT,
        "format_version": FORMAT_VERSION,
        "bank_id": key.bank_id,
        "key": b64u_encode(key.key),
    }
    return canonical_bytes(doc) + b"\n"


def parse_key_file(data: bytes) -> BankKey:
    """Read a bank key file.

    Raises:
        SealedBankError: ``BAD_KEY_FILE`` (never quoting the file: it is a secret).
    """
    if len(data) > MAX_KEY_FILE_BYTES:
        raise SealedBankError(SealedBankErrorCode.BAD_KEY_FILE, "too big")
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or set(doc) != {"format", "format_version", "bank_id", "key"}:
            raise ValueError("fields")
        if doc["format"] != KEY_FILE_FORMAT or doc["format_version"] != FORMAT_VERSION:
            raise ValueError("format")
        if not isinstance(doc["bank_id"], str) or not isinstance(doc["key"], str):
            raise ValueError("types")
        return BankKey(doc["bank_id"], b64u_decode(doc["key"]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SealedBankError(SealedBankErrorCode.BAD_KEY_FILE, "unreadable") from exc


def read_key_file(path: Path) -> BankKey:
    """Read a bank key file from disk.

    Raises:
        OSError: The file cannot be read.
        SealedBankError: ``BAD_KEY_FILE``.
    """
    with path.open("rb") as handle:
        return parse_key_file(handle.read(MAX_KEY_FILE_BYTES + 1))


def _header_doc(raw: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "header JSON") from exc
    if not isinstance(doc, dict) or canonical_bytes(doc) != raw:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "header not canonical")
    if doc.get("format") != FORMAT:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "format")
    if doc.get("format_version") != FORMAT_VERSION:
        raise SealedBankError(SealedBankErrorCode.UNSUPPORTED, str(doc.get("format_version")))
    if set(doc) != _HEADER_FIELDS or doc["aead"] != AEAD:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "header fields")
    bank_id, version, size = doc["bank_id"], doc["version"], doc["archive_size"]
    if not isinstance(bank_id, str) or not _BANK_ID.fullmatch(bank_id):
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "bank_id")
    if not isinstance(version, str) or not 0 < len(version) <= 32 or not version.isprintable():
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "version")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive_size")
    if size > MAX_ARCHIVE_BYTES:
        raise SealedBankError(SealedBankErrorCode.TOO_BIG, f"{size} bytes")
    return doc


def _b64(value: object, size: int, name: str) -> bytes:
    try:
        raw = b64u_decode(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != size:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, name)
    return raw
