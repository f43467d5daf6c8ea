"""The item bank a station draws its questions from, and the attachments it opens.

The bank is verified (platform signature, every file's size and hash) when it is loaded; an
attachment is read again from the bank folder when the pupil opens it and checked against
the hash the signed bank gives, so a file swapped on the lab PC afterwards is never shown.

A **sealed** bank (``.pxbank``, docs/item-banks.md §9) is a :class:`SealedStationBank` until
its key arrives: only its header (id, version) is known, and no item can be read. Opened with
the key, it becomes a :class:`StationBank` held in memory (attachments included): nothing of
it is written to disk but the attachment a pupil opens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.platform_keys import read_public_key_file
from pixdesk.crypto.sealed_bank import (
    BankKey,
    SealedBankError,
    SealedBankErrorCode,
    SealedBankHeader,
    generate_bank_key,
    read_header_file,
)
from pixdesk.domain.items import Item
from pixdesk.imports.bank_format import ATTACHMENTS_DIR, Attachment, ItemContent
from pixdesk.imports.bank_sealed import open_sealed_bank, seal_bank_folder
from pixdesk.imports.bank_verify import load_bank

RESOURCES: Final = Path(__file__).resolve().parents[2] / "resources"
DEMO_BANK_DIR: Final = RESOURCES / "banks" / "demo"
DEMO_PLATFORM_KEY: Final = RESOURCES / "keys" / "demo-platform.pub"
DEMO_BANK_ID: Final = "pixdesk-demo"


class AttachmentError(Exception):
    """An attachment cannot be opened: unknown to the item, missing, or changed on disk."""


@dataclass(frozen=True, slots=True)
class StationBank:
    """A verified bank: what the engine draws from and what the screens show.

    Attributes:
        bank_id: The bank's id, journaled with each test start (re-scoring finds it by id).
        version: The bank's version.
        items: The engine's items.
        contents: What each item shows, by item id.
        folder: Where attachments are read from (None: a bank without files).
        files: Attachments held in memory, by name (an opened sealed bank); when set,
            attachments are read from here, never from ``folder``.
    """

    bank_id: str
    version: str
    items: tuple[Item, ...]
    contents: Mapping[str, ItemContent] = field(repr=False)
    folder: Path | None = None
    files: Mapping[str, bytes] | None = field(default=None, repr=False)

    def item(self, item_id: str) -> Item:
        """Return an item by id (KeyError if unknown)."""
        return self._by_id()[item_id]

    def content(self, item_id: str) -> ItemContent:
        """Return what an item shows (KeyError if unknown)."""
        return self.contents[item_id]

    def attachment(self, item_id: str, name: str) -> tuple[Attachment, bytes]:
        """Read one attachment of an item, checked against the signed hash (disk I/O).

        Raises:
            AttachmentError: The item has no such attachment, or the file is missing or
                differs from the signed one.
        """
        content = self.contents.get(item_id)
        wanted = [a for a in (content.attachments if content else ()) if a.name == name]
        if not wanted or (self.folder is None and self.files is None):
            raise AttachmentError(f"{item_id}: no attachment {name!r}")
        attachment = wanted[0]
        if self.files is not None:
            data = self.files.get(attachment.name, b"")
        else:
            assert self.folder is not None
            try:
                data = (self.folder / ATTACHMENTS_DIR / attachment.name).read_bytes()
            except OSError as exc:
                raise AttachmentError(f"{name}: {exc.strerror or exc}") from exc
        if len(data) != attachment.size or hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise AttachmentError(f"{name}: differs from the signed bank")
        return attachment, data

    def _by_id(self) -> Mapping[str, Item]:
        return {item.id: item for item in self.items}


def load_station_bank(
    folder: Path, trusted_platform_keys: Iterable[Ed25519PublicKey | bytes]
) -> StationBank:
    """Verify and load a bank folder.

    Raises:
        BankRejectedError: The bank has a problem (all are listed).
    """
    loaded = load_bank(folder, trusted_platform_keys)
    bank = loaded.bank
    return StationBank(
        bank.header.bank_id, bank.header.version, bank.items, dict(bank.contents), folder
    )


def load_demo_bank() -> StationBank:
    """Load the demo bank shipped with pixdesk (signed by the demo platform key)."""
    return load_station_bank(DEMO_BANK_DIR, [read_public_key_file(DEMO_PLATFORM_KEY)])


@dataclass(frozen=True, slots=True)
class SealedStationBank:
    """A sealed bank on this PC, not opened: its header only (docs/item-banks.md §9).

    Attributes:
        path: The ``.pxbank`` file.
        header: Its header, read without the key (bank id and version, for screens and
            diagnostics; authenticated only once opened).
        trusted_platform_keys: The keys whose signature the bank inside must carry.
    """

    path: Path
    header: SealedBankHeader
    trusted_platform_keys: tuple[Ed25519PublicKey | bytes, ...] = field(repr=False)

    @property
    def bank_id(self) -> str:
        """Return the bank id the header gives."""
        return self.header.bank_id

    @property
    def version(self) -> str:
        """Return the version the header gives."""
        return self.header.version

    def locked(self) -> StationBank:
        """Return the bank as a station holds it before the key: no item, no content."""
        return StationBank(self.bank_id, self.version, (), {})

    def open(self, key: bytes) -> StationBank:
        """Read the file, decrypt and verify it in memory (disk read; ~0.1 s for the demo).

        Raises:
            OSError: The file cannot be read.
            SealedBankError: Cut, altered, a wrong key, or another bank than the header said
                when this object was made.
            BankRejectedError: The bank inside has a problem.
        """
        with self.path.open("rb") as handle:
            data = handle.read(self.header.sealed_size + 1)
        opened = open_sealed_bank(data, key, self.trusted_platform_keys)
        if opened.header.prefix != self.header.prefix:
            raise SealedBankError(SealedBankErrorCode.MALFORMED, "the file changed")
        bank = opened.loaded.bank
        return StationBank(
            bank.header.bank_id,
            bank.header.version,
            bank.items,
            dict(bank.contents),
            files=opened.attachments,
        )


def load_sealed_station_bank(
    path: Path, trusted_platform_keys: Iterable[Ed25519PublicKey | bytes]
) -> SealedStationBank:
    """Read a sealed bank's header (no key needed; nothing of the items is read).

    Raises:
        OSError: The file cannot be read.
        SealedBankError: Not a sealed bank, or its header is malformed.
    """
    return SealedStationBank(path, read_header_file(path), tuple(trusted_platform_keys))


def seal_demo_bank(directory: Path) -> tuple[SealedStationBank, BankKey]:
    """Seal the demo bank into ``directory`` under a fresh random key (``pixdesk demo``).

    Returns:
        The sealed bank as a station holds it, and its key (for the demo's console only).
    """
    trusted = (read_public_key_file(DEMO_PLATFORM_KEY),)
    key = generate_bank_key(DEMO_BANK_ID)
    path = directory / f"{DEMO_BANK_ID}.pxbank"
    write_file_atomically(path, seal_bank_folder(DEMO_BANK_DIR, key, trusted))
    return load_sealed_station_bank(path, trusted), key


AnyStationBank = StationBank | SealedStationBank
"""What a station is configured with: a plaintext bank, or a sealed one."""
