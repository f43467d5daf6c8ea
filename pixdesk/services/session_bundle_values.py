"""What the session bundle export reports to referent mode (store-free values).

Kept apart from ``session_bundles`` (which reads the store) so that the referent's screens can
build and show them while staying above the store (docs/decisions.md §23).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

__all__ = [
    "BundleExportError",
    "BundleExportErrorCode",
    "ExportRecord",
    "ExportedBundle",
    "FinalisedSession",
]


class BundleExportErrorCode(StrEnum):
    """Why a session's bundle cannot be written."""

    NO_PLATFORM_KEY = "NO_PLATFORM_KEY"  # no platform key file on this PC yet
    KEY_FILE_INVALID = "KEY_FILE_INVALID"  # the file chosen is not a platform public key
    KEY_MISMATCH = "KEY_MISMATCH"  # its signing key is not the configured platform's
    NOT_EXPORTABLE = "NOT_EXPORTABLE"  # the store lacks what the bundle needs (``reason``)
    BUNDLE_REFUSED = "BUNDLE_REFUSED"  # the bundle would not verify (``reason``)
    WRITE_FAILED = "WRITE_FAILED"  # the folder or USB key cannot be written (``error``)


class BundleExportError(Exception):
    """An expected problem, with a code and named parameters for the translated sentence."""

    def __init__(self, code: BundleExportErrorCode, detail: str = "", **params: str) -> None:
        """Build the error."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.params = dict(params)


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """The last bundle this PC wrote for a session.

    Attributes:
        path: Where it was written (a folder, a USB key).
        bundle_id: Its id in the outbox (the sealed file's, docs/sync-protocol.md §2).
        exported_at: When.
    """

    path: str
    bundle_id: str
    exported_at: datetime


@dataclass(frozen=True, slots=True)
class FinalisedSession:
    """A session this PC's store holds as finalised, and its last export if any."""

    session_id: str
    number: str
    room: str
    finalised_at: datetime | None
    export: ExportRecord | None


@dataclass(frozen=True, slots=True)
class ExportedBundle:
    """A bundle written to a folder, not yet in the outbox."""

    session_id: str
    number: str
    path: Path
    size: int
