"""The item bank a station draws its questions from, and the attachments it opens.

The bank is verified (platform signature, every file's size and hash) when it is loaded; an
attachment is read again from the bank folder when the pupil opens it and checked against
the hash the signed bank gives, so a file swapped on the lab PC afterwards is never shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.platform_keys import read_public_key_file
from pixdesk.domain.items import Item
from pixdesk.imports.bank_format import ATTACHMENTS_DIR, Attachment, ItemContent
from pixdesk.imports.bank_verify import load_bank

RESOURCES: Final = Path(__file__).resolve().parents[2] / "resources"
DEMO_BANK_DIR: Final = RESOURCES / "banks" / "demo"
DEMO_PLATFORM_KEY: Final = RESOURCES / "keys" / "demo-platform.pub"


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
    """

    bank_id: str
    version: str
    items: tuple[Item, ...]
    contents: Mapping[str, ItemContent] = field(repr=False)
    folder: Path | None = None

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
        if not wanted or self.folder is None:
            raise AttachmentError(f"{item_id}: no attachment {name!r}")
        attachment = wanted[0]
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
