"""Install a verified bank folder under ``<data_dir>/banks/<bank_id>-<version>/``, atomically.

The files are copied into a temporary folder next to the destination, each one fsynced, then
the folder is renamed into place (and the parent fsynced): a reader, or a power cut, sees no
bank or the whole bank. A bank already installed under that name is left alone: identical
files make the install a no-op, different ones are refused (:class:`BankConflictError`).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from pixdesk.atomicfile import fsync_directory
from pixdesk.imports.bank_format import ATTACHMENTS_DIR, BANK_FILE, SIGNATURE_FILE

BANKS_DIR = "banks"
_FILE_MODE = 0o644


class InstallOutcome(StrEnum):
    """What :func:`install_bank_files` did."""

    INSTALLED = "installed"
    ALREADY_PRESENT = "already_present"


class BankConflictError(Exception):
    """Another bank with the same id and version is already installed."""


def bank_folder_files(folder: Path) -> dict[str, bytes]:
    """Return the files of a (verified) bank folder by relative path."""
    files = {name: (folder / name).read_bytes() for name in (BANK_FILE, SIGNATURE_FILE)}
    attachments = folder / ATTACHMENTS_DIR
    if attachments.is_dir():
        for path in sorted(attachments.iterdir()):
            files[f"{ATTACHMENTS_DIR}/{path.name}"] = path.read_bytes()
    return files


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, _FILE_MODE)


def install_bank_files(
    banks_dir: Path, name: str, files: Mapping[str, bytes]
) -> tuple[InstallOutcome, Path]:
    """Install ``files`` (relative path → bytes) as the bank folder ``banks_dir/name``.

    Raises:
        BankConflictError: ``banks_dir/name`` exists with other content.
        OSError: the data directory cannot be written.
    """
    destination = banks_dir / name
    if destination.exists():
        if bank_folder_files(destination) == dict(files):
            return InstallOutcome.ALREADY_PRESENT, destination
        raise BankConflictError(name)
    banks_dir.mkdir(parents=True, exist_ok=True)
    temporary = banks_dir / f".{name}.{secrets.token_hex(6)}.tmp"
    temporary.mkdir(mode=0o755)
    try:
        (temporary / ATTACHMENTS_DIR).mkdir(mode=0o755)
        for relative, data in files.items():
            _write_synced(temporary / relative, data)
        fsync_directory(temporary / ATTACHMENTS_DIR)
        fsync_directory(temporary)
        os.rename(temporary, destination)  # fails if another process installed it meanwhile
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    fsync_directory(banks_dir)
    return InstallOutcome.INSTALLED, destination
