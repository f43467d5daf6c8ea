"""Fixed names and bounds of bundle format v1 (docs/bundle-format.md §2 and §4)."""

from __future__ import annotations

import re
from typing import Final

FORMAT: Final = "pixdesk-bundle"
VERSION: Final = 1

MAGIC: Final = b"PIXDESK-BUNDLE\x00v1"
HPKE_INFO: Final = b"pixdesk bundle v1"
MANIFEST_SIG_CONTEXT: Final = b"pixdesk bundle v1 manifest signature\x00"
MANIFEST_COUNTERSIG_CONTEXT: Final = b"pixdesk bundle v1 manifest countersignature\x00"

MAX_ARCHIVE_BYTES: Final = 256 * 1024 * 1024
"""The archive inside the seal; the sealed file may exceed it only by its header and tag."""
MAX_HEADER_BYTES: Final = 1024
MAX_SEALED_BYTES: Final = MAX_ARCHIVE_BYTES + 4096
MAX_ENTRIES: Final = 4096
MAX_ENTRY_BYTES: Final = 64 * 1024 * 1024
MAX_NAME_LENGTH: Final = 160

MANIFEST: Final = "manifest.json"
MANIFEST_SIG: Final = "manifest.sig"
MANIFEST_COUNTERSIG: Final = "manifest.countersig"
SESSION: Final = "session/session.json"
RESULTS: Final = "results/results.json"
SESSION_CERT: Final = "certificates/session.cert"
REVOCATION_LIST: Final = "certificates/revocation.list"

STATION_ID_RE: Final = re.compile(r"[0-9a-f]{16}")
# Lowercase ASCII segments that never start with a dot: no "..", no hidden files, no drive
# letters or backslashes, and no two names that differ only by case (Windows, macOS).
SAFE_NAME_RE: Final = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")


def journal_path(station_id: str) -> str:
    """Return the archive path of a station's journal."""
    return f"journals/{station_id}.jsonl"


def station_cert_path(station_id: str) -> str:
    """Return the archive path of a station's certificate."""
    return f"certificates/stations/{station_id}.cert"
