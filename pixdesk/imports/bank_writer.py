"""Write a signed bank folder (the platform side; pixdesk uses it for the demo bank and tests).

``bank.json`` is written as indented UTF-8 JSON (readable in a diff); it is hashed as stored,
so its layout is free, but its values must fit canonical JSON (no float). Every file is
written atomically; attachments the new bank does not have are removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.imports.bank_format import ATTACHMENTS_DIR, BANK_FILE, SIGNATURE_FILE, is_safe_name
from pixdesk.imports.bank_signature import signature_document

_PUBLIC_FILE_MODE = 0o644  # a bank is public data, readable by every account of the PC


def bank_json_bytes(document: Mapping[str, Any]) -> bytes:
    """Return the bytes of ``bank.json`` for ``document``.

    Raises:
        CanonicalError: the document holds a float or another value canonical JSON refuses.
    """
    canonical_bytes(document)  # refuses floats before anything is written
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def bank_files(
    document: Mapping[str, Any], attachments: Mapping[str, bytes], private_key: Ed25519PrivateKey
) -> dict[str, bytes]:
    """Return every file of the bank by relative path (``attachments/…`` for attachments)."""
    for name in attachments:
        if not is_safe_name(name):
            raise ValueError(f"unsafe attachment name: {name!r}")
    bank = bank_json_bytes(document)
    signature = signature_document(bank, attachments, private_key)
    files = {BANK_FILE: bank, SIGNATURE_FILE: (json.dumps(signature, indent=1) + "\n").encode()}
    files.update({f"{ATTACHMENTS_DIR}/{name}": data for name, data in attachments.items()})
    return files


def write_bank(
    directory: Path,
    document: Mapping[str, Any],
    attachments: Mapping[str, bytes],
    private_key: Ed25519PrivateKey,
) -> None:
    """Write a signed bank into ``directory`` (created if needed).

    Args:
        directory: The bank folder.
        document: The content of ``bank.json``.
        attachments: The attachment files by name.
        private_key: The platform key that signs the manifest.
    """
    files = bank_files(document, attachments, private_key)
    folder = directory / ATTACHMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if f"{ATTACHMENTS_DIR}/{stale.name}" not in files and stale.is_file():
            stale.unlink()
    # The signature last: a reader never sees a new signature over old files.
    for relative in sorted(files, key=lambda name: name == SIGNATURE_FILE):
        write_file_atomically(directory / relative, files[relative], mode=_PUBLIC_FILE_MODE)
