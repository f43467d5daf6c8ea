"""Accept a complete upload: ingest it, keep the file, write the rows, sign the receipt.

Order matters for "a refusal changes nothing": the bundle is opened, verified and re-scored
first, in memory; only a bundle that passed is written — the sealed file atomically into
``bundles/``, then its rows in one transaction. If that transaction fails the file is
removed again, so no file is ever without its row (a row without its file cannot happen: the
file is written first).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.certificates import format_utc
from pixdesk.crypto.keys import key_id
from pixdesk.sync.receipt import issue_receipt
from pixdesk.sync.receiver.database import Delivery, FlagRow, ReceiverDatabase, ResultRow
from pixdesk.sync.receiver.ingest import ingest, result_json
from pixdesk.sync.receiver.settings import ReceiverSettings
from pixdesk.sync.receiver.uploads import PendingUpload

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Accepted:
    """A stored bundle: its receipt token and how many differences re-scoring found."""

    receipt: str
    flags: int


@dataclass(frozen=True, slots=True)
class Refused:
    """An upload refused at completion: the protocol's error answer."""

    status: int
    code: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)


def accept(
    settings: ReceiverSettings,
    db: ReceiverDatabase,
    bundles_dir: Path,
    pending: PendingUpload,
    data: bytes,
) -> Accepted:
    """Verify and re-score ``data`` (the upload's bytes, SHA-256 checked), then store it.

    Raises:
        BundleError: the bundle is refused; nothing was written.
        OSError, sqlite3.Error: storing failed; nothing was kept.
    """
    ingested = ingest(data, settings.platform, settings.policy)
    manifest = ingested.manifest
    receipt = issue_receipt(
        settings.platform.sign_key,
        bundle_id=pending.bundle_id,
        sha256=pending.sha256,
        size=pending.size,
        received=settings.now(),
        content_id=manifest.bundle_id,
        session_id=manifest.session_id,
        session_number=manifest.session_number,
        candidates=len(ingested.outcomes),
        flags=len(ingested.flags),
    )
    name = f"{pending.bundle_id}.pixbundle"
    delivery = Delivery(
        bundle_id=pending.bundle_id,
        sha256=pending.sha256,
        size=pending.size,
        received=format_utc(receipt.received),
        content_id=manifest.bundle_id,
        session_id=manifest.session_id,
        session_number=manifest.session_number,
        degraded_trust=manifest.degraded_trust,
        session_key_id=key_id(manifest.session_key),
        center_key_id=None if manifest.center_key is None else key_id(manifest.center_key),
        file=name,
        receipt=receipt.token,
        duplicate_of=db.first_with_content(manifest.bundle_id),
    )
    results = [
        ResultRow(o.candidate_id, o.rescored, o.gap, result_json(o.client), result_json(o.platform))
        for o in ingested.outcomes
    ]
    flags = [
        FlagRow(f.candidate_id, f.field, f.client, f.platform, f.detail) for f in ingested.flags
    ]
    path = bundles_dir / name
    write_file_atomically(path, data, mode=0o600)
    try:
        db.store(delivery, results, flags)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if flags:
        _log.warning(
            "bundle %s (session %s): %d differences with the client's results",
            pending.bundle_id,
            manifest.session_number,
            len(flags),
        )
    return Accepted(receipt.token, len(flags))
