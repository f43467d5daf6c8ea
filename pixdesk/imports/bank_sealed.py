"""Seal a signed bank folder into one ``.pxbank`` file, and open one in memory (item-banks §9).

Sealing reads the folder (bounded, as ``verify_bank`` does), verifies it fully against the
trusted platform keys, lays its files out as a deterministic archive and encrypts that under
the bank key (``crypto.sealed_bank``). Opening decrypts in memory and verifies the archive's
files exactly as a folder is verified (signature, every size and hash, schema, self-grading):
no byte of the bank is written to disk. The archive::

    count        4 bytes, big-endian: the number of files
    then, per file, sorted by path (byte order), no path twice:
      name_len   2 bytes, big-endian, 1..200
      name       ASCII path: bank.json, signature.json or attachments/<safe name>
      size       4 bytes, big-endian
      data       size bytes

and nothing after the last file.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.sealed_bank import (
    MAX_ARCHIVE_BYTES,
    BankKey,
    SealedBankError,
    SealedBankErrorCode,
    SealedBankHeader,
    open_archive,
    seal_archive,
)
from pixdesk.imports.bank_format import ATTACHMENTS_DIR, BankLimits
from pixdesk.imports.bank_problems import BankRejectedError
from pixdesk.imports.bank_verify import LoadedBank, read_bank_folder, verify_bank_files

MAX_NAME_BYTES: Final = 200
_COUNT = struct.Struct(">I")
_NAME = struct.Struct(">H")
_SIZE = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class OpenedBank:
    """A sealed bank opened and verified in memory.

    Attributes:
        header: The sealed file's header.
        loaded: The verified bank and its signer.
        attachments: Attachment name → content (what a station shows, from memory).
    """

    header: SealedBankHeader
    loaded: LoadedBank
    attachments: Mapping[str, bytes] = field(repr=False)


def bank_archive(files: Mapping[str, bytes]) -> bytes:
    """Return the deterministic archive of a bank's files (path → content).

    Raises:
        SealedBankError: ``TOO_BIG`` or ``MALFORMED`` (a name the reader would refuse).
    """
    parts = [_COUNT.pack(len(files))]
    for name, data in sorted(files.items(), key=lambda entry: entry[0].encode("ascii")):
        raw = name.encode("ascii")
        if not 0 < len(raw) <= MAX_NAME_BYTES:
            raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive name")
        parts += [_NAME.pack(len(raw)), raw, _SIZE.pack(len(data)), data]
    archive = b"".join(parts)
    if len(archive) > MAX_ARCHIVE_BYTES:
        raise SealedBankError(SealedBankErrorCode.TOO_BIG, f"{len(archive)} bytes")
    return archive


def read_archive(archive: bytes, limits: BankLimits | None = None) -> Mapping[str, bytes]:
    """Parse an archive strictly (sorted, no duplicate, bounded, nothing left over).

    Raises:
        SealedBankError: ``MALFORMED``.
    """
    limits = limits or BankLimits()
    most = limits.max_attachments + 2
    if len(archive) < _COUNT.size:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive count")
    (count,) = _COUNT.unpack_from(archive)
    if count > most:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, f"{count} files")
    files: dict[str, bytes] = {}
    position, previous = _COUNT.size, b""
    for _ in range(count):
        name_len = _unpack(_NAME, archive, position)
        position += _NAME.size
        raw = archive[position : position + name_len]
        if not 0 < name_len <= MAX_NAME_BYTES or len(raw) != name_len or raw <= previous:
            raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive name or order")
        try:
            name = raw.decode("ascii")
        except UnicodeDecodeError:
            raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive name") from None
        position += name_len
        size = _unpack(_SIZE, archive, position)
        position += _SIZE.size
        if size > max(limits.max_bank_bytes, limits.max_attachment_bytes):
            raise SealedBankError(SealedBankErrorCode.MALFORMED, f"{name}: {size} bytes")
        data = archive[position : position + size]
        if len(data) != size:
            raise SealedBankError(SealedBankErrorCode.MALFORMED, f"{name}: truncated")
        files[name] = data
        position += size
        previous = raw
    if position != len(archive):
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "bytes after the last file")
    return MappingProxyType(files)


def seal_bank_folder(
    folder: Path,
    key: BankKey,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits | None = None,
) -> bytes:
    """Verify a bank folder and return its sealed file under ``key``.

    Raises:
        BankRejectedError: The folder is not a sound bank (every problem listed).
        SealedBankError: ``key`` names another bank than ``bank.json``, or ``TOO_BIG``.
        OSError: A file cannot be read.
    """
    files, problems = read_bank_folder(folder, limits)
    if problems:
        raise BankRejectedError(problems)
    verification = verify_bank_files(files, trusted_platform_keys, limits)
    if not verification.ok or verification.bank is None:
        raise BankRejectedError(verification.problems)
    header = verification.bank.header
    if header.bank_id != key.bank_id:
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "the key is for another bank")
    return seal_archive(bank_archive(files), key, version=header.version)


def open_sealed_bank(
    data: bytes,
    key: bytes,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits | None = None,
) -> OpenedBank:
    """Decrypt a sealed bank in memory and verify it as a folder is verified.

    Raises:
        SealedBankError: Not a sealed bank, cut, altered, or a wrong key; or an archive or
            header that does not fit its bank (``MALFORMED``).
        BankRejectedError: The bank inside has a problem (untrusted signer…).
    """
    header, archive = open_archive(data, key)
    files = read_archive(archive, limits)
    verification = verify_bank_files(files, trusted_platform_keys, limits)
    if not verification.ok or verification.bank is None or verification.signer is None:
        raise BankRejectedError(verification.problems)
    bank = verification.bank
    if (bank.header.bank_id, bank.header.version) != (header.bank_id, header.version):
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "header names another bank")
    prefix = f"{ATTACHMENTS_DIR}/"
    attachments = {n[len(prefix) :]: d for n, d in files.items() if n.startswith(prefix)}
    return OpenedBank(header, LoadedBank(bank, verification.signer), MappingProxyType(attachments))


def _unpack(layout: struct.Struct, data: bytes, position: int) -> int:
    if position + layout.size > len(data):
        raise SealedBankError(SealedBankErrorCode.MALFORMED, "archive truncated")
    (value,) = layout.unpack_from(data, position)
    return int(value)
