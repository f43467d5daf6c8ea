"""Item bank format v1: names, bounds, decimal numbers, the signed manifest, loaded values.

A bank is a folder (a zip later) holding ``bank.json``, ``signature.json`` and an
``attachments/`` folder; docs/item-banks.md describes every field. This module has what the
reader, the verifier and the writer share; no file is read here.

Numbers: canonical JSON has no floats (docs/decisions.md §2), so difficulty, discriminant and
capacity bounds are **decimal strings** such as ``"-1.2345"``: an optional minus sign, digits,
a point, 1 to 6 decimals. Every implementation reads them the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from pixdesk.domain.items import Item
from pixdesk.domain.scoring import ScoringConfig

FORMAT: Final = "pixdesk-bank"
FORMAT_VERSION: Final = 1
MANIFEST_FORMAT: Final = "pixdesk-bank-manifest"
SIGNATURE_FORMAT: Final = "pixdesk-bank-signature"
SIGNATURE_ALGORITHM: Final = "Ed25519"

BANK_FILE: Final = "bank.json"
SIGNATURE_FILE: Final = "signature.json"
ATTACHMENTS_DIR: Final = "attachments"

SOURCE_LANGUAGE: Final = "fr"
LANGUAGES: Final = ("fr", "en")

MEDIA_TYPES: Final = {
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""The attachment types a bank may carry, by file extension (lowercase)."""

IMAGE_MEDIA_TYPES: Final = frozenset({"image/png"})


@dataclass(frozen=True, slots=True)
class BankLimits:
    """Bounds checked before anything is parsed (a bank comes from outside).

    Attributes:
        max_bank_bytes: Largest ``bank.json``.
        max_signature_bytes: Largest ``signature.json``.
        max_attachment_bytes: Largest attachment.
        max_attachments: Most attachments.
        max_total_bytes: Largest sum of every file.
        max_items: Most items in ``bank.json``.
    """

    max_bank_bytes: int = 16 * 1024 * 1024
    max_signature_bytes: int = 64 * 1024
    max_attachment_bytes: int = 8 * 1024 * 1024
    max_attachments: int = 512
    max_total_bytes: int = 128 * 1024 * 1024
    max_items: int = 20_000


# A portable, inert file name: no separator, no leading dot, nothing a shell or Windows
# would read specially. Checked on every name before it is joined to a path.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_MAX_NAME_LENGTH = 100
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]{1,6}")
DECIMAL_PLACES: Final = 4  # what the writer produces; the reader accepts 1 to 6


def is_safe_name(name: str) -> bool:
    """Tell whether an attachment name is safe to join to the bank's folder.

    Safe: 1 to 100 ASCII letters, digits, ``_`` and ``-``, in dot-separated parts (no empty
    part, so no ``..``), not starting with a dot, not a Windows device name (``CON``, ``NUL.txt``).
    """
    if len(name) > _MAX_NAME_LENGTH or not _SAFE_NAME.fullmatch(name):
        return False
    return name.split(".", 1)[0].lower() not in _WINDOWS_DEVICES


def parse_decimal(text: object) -> float | None:
    """Read a decimal string of the format (``"-1.2345"``); None when it is not one."""
    if not isinstance(text, str) or not _DECIMAL.fullmatch(text):
        return None
    return float(Decimal(text))


def format_decimal(value: float, places: int = DECIMAL_PLACES) -> str:
    """Write ``value`` as a decimal string with ``places`` decimals (rounded half-even)."""
    quantum = Decimal(1).scaleb(-places)
    text = str(Decimal(repr(value)).quantize(quantum))
    return "0." + "0" * places if text == "-0." + "0" * places else text


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def file_entry(name: str, data: bytes) -> dict[str, Any]:
    """Return the manifest entry of one file: name, SHA-256, size."""
    return {"name": name, "sha256": sha256_hex(data), "size": len(data)}


def build_manifest(
    bank_json: bytes, attachments: Mapping[str, bytes], signer_key_id: str, signer_fpr: str
) -> dict[str, Any]:
    """Return the manifest that the platform key signs (in canonical JSON).

    Args:
        bank_json: The exact bytes of ``bank.json``.
        attachments: Every attachment, by name.
        signer_key_id: The signer's key id (hex SHA-256 of its raw public key).
        signer_fpr: The signer's human fingerprint.
    """
    return {
        "format": MANIFEST_FORMAT,
        "format_version": FORMAT_VERSION,
        "bank": file_entry(BANK_FILE, bank_json),
        "attachments": [file_entry(name, attachments[name]) for name in sorted(attachments)],
        "signer": {"key_id": signer_key_id, "fingerprint": signer_fpr},
    }


@dataclass(frozen=True, slots=True)
class Text:
    """A text in French, with its English version when the bank has one."""

    fr: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """Return the text in ``lang``, falling back on French."""
        return self.en if lang == "en" and self.en is not None else self.fr


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposal of a QCU or QCM item, by key, in display order."""

    key: str
    text: Text


@dataclass(frozen=True, slots=True)
class AnswerField:
    """One input of a QROC-type item: its name (as in the solution) and its visible label."""

    name: str
    label: Text


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file of the bank an item refers to, as the item describes it."""

    name: str
    media_type: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Image:
    """The picture shown with an item's stem, with the text a screen reader reads instead."""

    file: Attachment
    alt: Text


@dataclass(frozen=True, slots=True)
class ItemContent:
    """Everything a station shows for an item; the domain :class:`Item` has none of it."""

    item_id: str
    stem: Text
    feedback: Text
    proposals: tuple[Proposal, ...] = ()
    fields: tuple[AnswerField, ...] = ()
    image: Image | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class BankHeader:
    """What identifies a bank."""

    bank_id: str
    version: str
    title: Text
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedBank:
    """A bank read from ``bank.json``: engine items, their presentation, the scoring."""

    header: BankHeader
    items: tuple[Item, ...]
    contents: Mapping[str, ItemContent] = field(hash=False)
    scoring: ScoringConfig

    def content(self, item_id: str) -> ItemContent:
        """Return the presentation of one item (KeyError if unknown)."""
        return self.contents[item_id]


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signed a bank, as ``signature.json`` claims it (trusted once verified)."""

    key_id: str
    fingerprint: str
    is_demo: bool
