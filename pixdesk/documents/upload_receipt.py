"""The platform's upload receipt as a document model (rendered by :mod:`render_receipt`).

Plain values: the sync service turns the sync layer's receipt into this, so the documents
layer needs nothing from ``pixdesk.sync``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class UploadReceiptDocument:
    """A verified upload receipt, with what the referent knows of the file.

    Attributes:
        session_number: The session the bundle holds (as the platform read it).
        session_id: Its id.
        bundle_id: The upload's id.
        sha256: The sealed file's SHA-256.
        size: Its size in bytes.
        received: When the platform stored it (aware).
        platform_url: Where it was sent.
        platform_fingerprint: The fingerprint of the key that signed the receipt.
        file_name: The file that was sent.
        candidates: Candidates whose results the platform recomputed.
        flags: Differences the platform found with the results computed here.
        token: The signed receipt, as received.
    """

    session_number: str
    session_id: str
    bundle_id: str
    sha256: str
    size: int
    received: datetime
    platform_url: str
    platform_fingerprint: str
    file_name: str
    candidates: int
    flags: int
    token: str
