"""The manifest: what the bundle holds, signed by the session key (docs/bundle-format.md §5).

The manifest is canonical JSON. Its signature covers a fixed context string followed by the
manifest's exact bytes (never a re-serialisation), so a signature made by the session key
for anything else (a command to a station, a certificate) can never pass for a manifest one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.bundle.archive import check_name
from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import (
    FORMAT,
    MANIFEST,
    MANIFEST_COUNTERSIG,
    MANIFEST_SIG,
    STATION_ID_RE,
    VERSION,
    journal_path,
)
from pixdesk.bundle.wire import WireError, loads_canonical
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import format_utc, parse_utc
from pixdesk.crypto.keys import (
    CryptoError,
    b64u_decode,
    b64u_encode,
    fingerprint,
    key_id,
    public_key_from_bytes,
)

_HEX64 = re.compile(r"[0-9a-f]{64}")
_BUNDLE_ID = re.compile(r"[0-9a-f]{32}")
_KEYS = frozenset(
    {
        "format",
        "v",
        "bundle_id",
        "session_id",
        "session_number",
        "session_time",
        "created",
        "degraded_trust",
        "countersigned",
        "signers",
        "files",
        "journals",
    }
)
_JOURNAL_KEYS = frozenset(
    {"station_id", "public_key", "first_seq", "last_seq", "count", "head_hash"}
)
_SIGNATURE_FILES = frozenset({MANIFEST, MANIFEST_SIG, MANIFEST_COUNTERSIG})


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file of the archive as the manifest lists it."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A station's journal as the manifest describes it."""

    station_id: str
    public_key: bytes
    first_seq: int
    last_seq: int
    count: int
    head_hash: str

    @property
    def path(self) -> str:
        """Return the journal's archive path."""
        return journal_path(self.station_id)


@dataclass(frozen=True, slots=True)
class Manifest:
    """A parsed manifest; ``raw`` holds the exact bytes that are signed."""

    raw: bytes
    bundle_id: str
    session_id: str
    session_number: str
    session_time: datetime
    created: datetime
    degraded_trust: bool
    countersigned: bool
    session_key: bytes
    center_key: bytes | None
    files: tuple[FileEntry, ...]
    journals: tuple[JournalEntry, ...]

    def session_public_key(self) -> Ed25519PublicKey:
        """Return the key that must have signed the manifest."""
        return public_key_from_bytes(self.session_key)


def bundle_id_of(files: Sequence[FileEntry]) -> str:
    """Return the bundle id: the first 16 bytes, in hex, of SHA-256 of the canonical file list.

    The same content always gets the same id, so uploading it twice is idempotent.
    """
    listing = canonical_bytes([_file_fields(entry) for entry in files])
    return hashlib.sha256(listing).hexdigest()[:32]


def file_entries(files: Mapping[str, bytes]) -> tuple[FileEntry, ...]:
    """Return the manifest entries of ``files``, sorted by path."""
    return tuple(
        FileEntry(path, len(data), hashlib.sha256(data).hexdigest())
        for path, data in sorted(files.items())
    )


def build_manifest(
    *,
    files: tuple[FileEntry, ...],
    journals: tuple[JournalEntry, ...],
    session_id: str,
    session_number: str,
    session_time: datetime,
    created: datetime,
    session_key: Ed25519PublicKey,
    center_key: Ed25519PublicKey | None,
    countersigned: bool,
) -> bytes:
    """Return the canonical bytes of a manifest."""
    return canonical_bytes(
        {
            "format": FORMAT,
            "v": VERSION,
            "bundle_id": bundle_id_of(files),
            "session_id": session_id,
            "session_number": session_number,
            "session_time": format_utc(session_time),
            "created": format_utc(created),
            "degraded_trust": center_key is None,
            "countersigned": countersigned,
            "signers": {
                "session": _signer(session_key),
                "center": None if center_key is None else _signer(center_key),
            },
            "files": [_file_fields(entry) for entry in files],
            "journals": [
                {
                    "station_id": j.station_id,
                    "public_key": b64u_encode(j.public_key),
                    "first_seq": j.first_seq,
                    "last_seq": j.last_seq,
                    "count": j.count,
                    "head_hash": j.head_hash,
                }
                for j in sorted(journals, key=lambda j: j.station_id)
            ],
        }
    )


def parse_manifest(raw: bytes) -> Manifest:
    """Parse and check a manifest's structure (its signature is checked elsewhere).

    Raises:
        BundleError: ``UNSUPPORTED_VERSION`` or ``MANIFEST_MALFORMED``.
    """
    try:
        data = loads_canonical(raw)
    except WireError as exc:
        raise BundleError(BundleErrorCode.MANIFEST_MALFORMED, str(exc)) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError(BundleErrorCode.MANIFEST_MALFORMED, "not a bundle manifest")
    if data.get("v") != VERSION or type(data.get("v")) is not int:
        raise BundleError(BundleErrorCode.UNSUPPORTED_VERSION, str(data.get("v")))
    try:
        return _manifest(raw, data)
    except (KeyError, TypeError, ValueError, CryptoError) as exc:
        # CertificateError (times) and KeyFormatError are CryptoErrors.
        raise BundleError(BundleErrorCode.MANIFEST_MALFORMED, str(exc)) from exc


def _manifest(raw: bytes, data: dict[str, Any]) -> Manifest:
    if set(data) != _KEYS:
        raise ValueError("fields")
    files = tuple(_file_entry(item) for item in _list(data["files"]))
    paths = [entry.path for entry in files]
    if paths != sorted(set(paths)) or _SIGNATURE_FILES.intersection(paths):
        raise ValueError("files must be sorted, unique, and not the manifest or its signatures")
    if data["bundle_id"] != bundle_id_of(files) or not _BUNDLE_ID.fullmatch(data["bundle_id"]):
        raise ValueError("bundle_id is not derived from the file list")
    journals = tuple(_journal_entry(item) for item in _list(data["journals"]))
    ids = [j.station_id for j in journals]
    if ids != sorted(set(ids)):
        raise ValueError("journals must be sorted by station, without duplicates")
    journal_files = {p for p in paths if p.startswith("journals/")}
    if journal_files != {j.path for j in journals}:
        raise ValueError("journal files and journal entries differ")
    signers = data["signers"]
    if not isinstance(signers, dict) or set(signers) != {"session", "center"}:
        raise ValueError("signers")
    session_key = _signer_key(signers["session"])
    center_key = None if signers["center"] is None else _signer_key(signers["center"])
    degraded, countersigned = data["degraded_trust"], data["countersigned"]
    if not isinstance(degraded, bool) or not isinstance(countersigned, bool):
        raise ValueError("flags")
    if degraded != (center_key is None) or (countersigned and center_key is None):
        raise ValueError("degraded_trust and countersigned must agree with the center signer")
    return Manifest(
        raw=raw,
        bundle_id=data["bundle_id"],
        session_id=_str(data["session_id"]),
        session_number=_str(data["session_number"]),
        session_time=parse_utc(data["session_time"]),
        created=parse_utc(data["created"]),
        degraded_trust=degraded,
        countersigned=countersigned,
        session_key=session_key,
        center_key=center_key,
        files=files,
        journals=journals,
    )


def _signer(key: Ed25519PublicKey) -> dict[str, str]:
    return {
        "key": b64u_encode(key.public_bytes_raw()),
        "key_id": key_id(key),
        "fingerprint": fingerprint(key),
    }


def _signer_key(data: Any) -> bytes:
    if not isinstance(data, dict) or set(data) != {"key", "key_id", "fingerprint"}:
        raise ValueError("signer fields")
    raw = b64u_decode(_str(data["key"]))
    public_key_from_bytes(raw)
    if data["key_id"] != key_id(raw) or data["fingerprint"] != fingerprint(raw):
        raise ValueError("signer key_id or fingerprint does not match its key")
    return raw


def _file_fields(entry: FileEntry) -> dict[str, Any]:
    return {"path": entry.path, "size": entry.size, "sha256": entry.sha256}


def _file_entry(item: Any) -> FileEntry:
    if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
        raise ValueError("file entry fields")
    path, size, digest = _str(item["path"]), item["size"], _str(item["sha256"])
    check_name(path)
    if not _is_count(size) or not _HEX64.fullmatch(digest):
        raise ValueError(f"file entry {path}")
    return FileEntry(path, size, digest)


def _journal_entry(item: Any) -> JournalEntry:
    if not isinstance(item, dict) or set(item) != _JOURNAL_KEYS:
        raise ValueError("journal entry fields")
    station_id, head = _str(item["station_id"]), _str(item["head_hash"])
    first, last, count = item["first_seq"], item["last_seq"], item["count"]
    if not STATION_ID_RE.fullmatch(station_id) or not _HEX64.fullmatch(head):
        raise ValueError("journal station_id or head_hash")
    if not all(_is_count(v) for v in (first, last, count)) or not 1 <= first <= last:
        raise ValueError(f"journal {station_id}: seqs")
    if count != last - first + 1:
        raise ValueError(f"journal {station_id}: count")
    raw = b64u_decode(_str(item["public_key"]))
    public_key_from_bytes(raw)
    return JournalEntry(station_id, raw, first, last, count, head)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a non-empty string")
    return value


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0
