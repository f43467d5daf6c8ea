"""Verify an item bank folder, then load it (docs/item-banks.md §4).

In order: the files are there and within bounds, with safe names; ``signature.json`` is
well-formed, its signer is one of the **trusted** platform keys and its signature holds; every
file has the signed size and SHA-256, none is missing and none is extra; ``bank.json`` follows
the schema; every item's solution passes its own grading. Every step that can run does, so one
verification lists every problem at once; a bank is usable only with no problem at all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.keys import key_id
from pixdesk.imports.bank_format import (
    ATTACHMENTS_DIR,
    BANK_FILE,
    SIGNATURE_FILE,
    BankLimits,
    ParsedBank,
    Signer,
    is_safe_name,
    sha256_hex,
)
from pixdesk.imports.bank_grading import self_grading_failures
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode, BankRejectedError
from pixdesk.imports.bank_schema import parse_bank
from pixdesk.imports.bank_signature import SignedManifest, read_signature

_P = BankProblemCode


@dataclass(frozen=True, slots=True)
class BankVerification:
    """The outcome of :func:`verify_bank`.

    Attributes:
        problems: Every problem found, in verification order; empty when the bank is usable.
        bank: The bank read from ``bank.json`` when it follows the schema (even if another
            step failed, so that a review can still show it); use it only when ``ok``.
        signer: Who ``signature.json`` says signed the bank, when it is readable.
    """

    problems: tuple[BankProblem, ...]
    bank: ParsedBank | None = field(default=None, repr=False)
    signer: Signer | None = None

    @property
    def ok(self) -> bool:
        """Return whether the bank passed every check."""
        return not self.problems and self.bank is not None


@dataclass(frozen=True, slots=True)
class LoadedBank:
    """A verified bank and who signed it."""

    bank: ParsedBank
    signer: Signer


@dataclass(slots=True)
class _Folder:
    """The bytes read from a bank folder, and what was wrong with its layout."""

    bank_json: bytes | None = None
    signature_json: bytes | None = None
    attachments: dict[str, bytes] = field(default_factory=dict)
    problems: list[BankProblem] = field(default_factory=list)


def verify_bank(
    path: Path,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits | None = None,
) -> BankVerification:
    """Check a bank folder against the trusted platform keys; never raises for a bad bank.

    Args:
        path: The bank folder (holding ``bank.json``).
        trusted_platform_keys: The platform public keys whose signature is accepted.
        limits: Size bounds (the defaults when None).

    Returns:
        Every problem found, the bank when ``bank.json`` is sound, the claimed signer.
    """
    limits = limits or BankLimits()
    return _verify(_read_folder(path, limits), trusted_platform_keys, limits)


def verify_bank_files(
    files: Mapping[str, bytes],
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits | None = None,
) -> BankVerification:
    """Check a bank held in memory (a sealed bank's archive) exactly as :func:`verify_bank`.

    Args:
        files: Path in the bank folder → content: ``bank.json``, ``signature.json``,
            ``attachments/<name>``; any other path is an ``EXTRA_FILE``.
        trusted_platform_keys: The platform public keys whose signature is accepted.
        limits: Size bounds (the defaults when None).
    """
    limits = limits or BankLimits()
    return _verify(_memory_folder(files, limits), trusted_platform_keys, limits)


def _verify(
    folder: _Folder,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits,
) -> BankVerification:
    problems = list(folder.problems)
    if folder.signature_json is None or folder.bank_json is None:
        return BankVerification(tuple(problems))
    trusted = {key_id(key) for key in trusted_platform_keys}
    manifest, signature_problems = read_signature(folder.signature_json, trusted)
    problems += signature_problems
    if manifest is not None:
        problems += _compare_files(manifest, folder)
    # Extra files are reported once, as such; the schema sees only what the signature names.
    signed = folder.attachments
    if manifest is not None:
        signed = {n: d for n, d in folder.attachments.items() if n in manifest.attachments}
    bank, schema_problems = parse_bank(folder.bank_json, signed, limits)
    problems += schema_problems
    if bank is not None:
        for item in bank.items:
            problems += [
                BankProblem(_P.SELF_GRADING_FAILED, item.id, detail=failed)
                for failed in self_grading_failures(item)
            ]
    signer = manifest.signer if manifest is not None else None
    return BankVerification(tuple(problems), bank, signer)


def load_bank(
    path: Path,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes],
    limits: BankLimits | None = None,
) -> LoadedBank:
    """Verify a bank and return it.

    Raises:
        BankRejectedError: the bank has at least one problem (all are listed).
    """
    result = verify_bank(path, trusted_platform_keys, limits)
    if not result.ok or result.bank is None or result.signer is None:
        raise BankRejectedError(result.problems)
    return LoadedBank(result.bank, result.signer)


def read_bank_folder(
    path: Path, limits: BankLimits | None = None
) -> tuple[dict[str, bytes], tuple[BankProblem, ...]]:
    """Read a bank folder's files into memory (bounded, links never followed), unverified.

    Returns:
        Path in the folder → content (the form :func:`verify_bank_files` takes), and the
        layout problems found (the files with a problem are left out).
    """
    folder = _read_folder(path, limits or BankLimits())
    files = {f"{ATTACHMENTS_DIR}/{name}": data for name, data in folder.attachments.items()}
    if folder.bank_json is not None:
        files[BANK_FILE] = folder.bank_json
    if folder.signature_json is not None:
        files[SIGNATURE_FILE] = folder.signature_json
    return files, tuple(folder.problems)


def _read_bounded(path: Path, limit: int) -> bytes | None:
    """Return the file's bytes, or None when it holds more than ``limit`` bytes."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _entries(directory: Path) -> list[tuple[str, os.stat_result]]:
    """Return every entry of ``directory`` with its own status (links are not followed)."""
    with os.scandir(directory) as scan:
        return sorted((entry.name, entry.stat(follow_symlinks=False)) for entry in scan)


def _read_folder(path: Path, limits: BankLimits) -> _Folder:
    folder = _Folder()
    report = folder.problems.append
    if not path.exists():
        report(BankProblem(_P.NOT_FOUND, name=str(path)))
        return folder
    if not path.is_dir():
        report(BankProblem(_P.NOT_A_BANK, name=str(path)))
        return folder
    entries = dict(_entries(path))
    for name, status in entries.items():
        if name in (BANK_FILE, SIGNATURE_FILE):
            continue  # anything but a regular file is reported missing below
        if name != ATTACHMENTS_DIR or not stat.S_ISDIR(status.st_mode):
            report(BankProblem(_P.EXTRA_FILE, name=name))
    for name, limit in ((BANK_FILE, limits.max_bank_bytes), (SIGNATURE_FILE, None)):
        if name not in entries or not stat.S_ISREG(entries[name].st_mode):
            report(BankProblem(_P.FILE_MISSING, name=name))
            continue
        data = _read_bounded(path / name, limit or limits.max_signature_bytes)
        if data is None:
            report(BankProblem(_P.FILE_TOO_BIG, name=name))
        elif name == BANK_FILE:
            folder.bank_json = data
        else:
            folder.signature_json = data
    attachments = entries.get(ATTACHMENTS_DIR)
    if attachments is not None and stat.S_ISDIR(attachments.st_mode):
        _read_attachments(path / ATTACHMENTS_DIR, limits, folder)
    return folder


def _memory_folder(files: Mapping[str, bytes], limits: BankLimits) -> _Folder:
    """Sort in-memory files as :func:`_read_folder` sorts a folder's, with the same checks."""
    folder = _Folder()
    report = folder.problems.append
    prefix = f"{ATTACHMENTS_DIR}/"
    attachments = sorted((n[len(prefix) :], d) for n, d in files.items() if n.startswith(prefix))
    for name in sorted(files):
        if name not in (BANK_FILE, SIGNATURE_FILE) and not name.startswith(prefix):
            report(BankProblem(_P.EXTRA_FILE, name=name))
    for name, limit in ((BANK_FILE, limits.max_bank_bytes), (SIGNATURE_FILE, None)):
        data = files.get(name)
        if data is None:
            report(BankProblem(_P.FILE_MISSING, name=name))
        elif len(data) > (limit or limits.max_signature_bytes):
            report(BankProblem(_P.FILE_TOO_BIG, name=name))
        elif name == BANK_FILE:
            folder.bank_json = data
        else:
            folder.signature_json = data
    if len(attachments) > limits.max_attachments:
        report(BankProblem(_P.TOO_MANY_FILES, name=ATTACHMENTS_DIR, detail=str(len(attachments))))
        return folder
    total = len(folder.bank_json or b"")
    for name, data in attachments:
        where = f"{prefix}{name}"
        if not is_safe_name(name):
            report(BankProblem(_P.UNSAFE_NAME, name=where))
            continue
        total += len(data)
        if len(data) > limits.max_attachment_bytes or total > limits.max_total_bytes:
            report(BankProblem(_P.FILE_TOO_BIG, name=where))
            return folder
        folder.attachments[name] = data
    return folder


def _read_attachments(directory: Path, limits: BankLimits, folder: _Folder) -> None:
    report = folder.problems.append
    entries = _entries(directory)
    if len(entries) > limits.max_attachments:
        report(BankProblem(_P.TOO_MANY_FILES, name=ATTACHMENTS_DIR, detail=str(len(entries))))
        return
    total = len(folder.bank_json or b"")
    for name, status in entries:
        where = f"{ATTACHMENTS_DIR}/{name}"
        if not is_safe_name(name):
            report(BankProblem(_P.UNSAFE_NAME, name=where))
        elif not stat.S_ISREG(status.st_mode):
            report(BankProblem(_P.EXTRA_FILE, name=where))
        else:
            data = _read_bounded(directory / name, limits.max_attachment_bytes)
            total += len(data or b"")
            if data is None or total > limits.max_total_bytes:
                report(BankProblem(_P.FILE_TOO_BIG, name=where))
                return
            folder.attachments[name] = data


def _compare_files(manifest: SignedManifest, folder: _Folder) -> list[BankProblem]:
    """Compare every file with its signed size and hash; name the missing and extra ones."""
    problems = []
    present: Mapping[str, bytes | None] = {
        BANK_FILE: folder.bank_json,
        **{f"{ATTACHMENTS_DIR}/{name}": data for name, data in folder.attachments.items()},
    }
    signed = {
        BANK_FILE: manifest.bank,
        **{f"{ATTACHMENTS_DIR}/{name}": entry for name, entry in manifest.attachments.items()},
    }
    for name, (size, digest) in signed.items():
        data = present.get(name)
        if data is None:
            if name != BANK_FILE:
                problems.append(BankProblem(_P.FILE_MISSING, name=name))
        elif len(data) != size:
            problems.append(BankProblem(_P.SIZE_MISMATCH, name=name))
        elif sha256_hex(data) != digest:
            problems.append(BankProblem(_P.HASH_MISMATCH, name=name))
    for name in present:
        if name not in signed:
            problems.append(BankProblem(_P.EXTRA_FILE, name=name))
    return problems
