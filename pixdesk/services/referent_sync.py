"""What referent mode's "Envoi" page drives, built once by the composition root (``app.py``).

The outbox (:class:`SyncService`), the bundle export (:class:`SessionBundles`) and the
printing of receipts, over this PC's store; the UI names these types under ``TYPE_CHECKING``
only and calls them through its task runner (docs/decisions.md §23).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.atomicfile import write_file_atomically
from pixdesk.documents.render_receipt import render_upload_receipt
from pixdesk.documents.upload_receipt import UploadReceiptDocument
from pixdesk.domain.clock import Clock
from pixdesk.services.config import MachineConfig
from pixdesk.services.session_bundle_values import BundleExportError, BundleExportErrorCode
from pixdesk.services.session_bundles import SessionBundles, load_platform_key
from pixdesk.services.station_store import StationStore
from pixdesk.services.sync_service import ClientFactory, SyncService, platform_endpoint

__all__ = ["ReferentSync", "build_referent_sync", "write_receipt_pdf"]


@dataclass(frozen=True, slots=True)
class ReferentSync:
    """The services of the "Envoi" page.

    Attributes:
        outbox: The outbox and the deliveries to the platform.
        bundles: The finalised sessions and their bundle files.
        platform_url: The configured platform, None when there is none.
        write_receipt: Renders a receipt to PDF into a folder; returns the file (pool work).
    """

    outbox: SyncService
    bundles: SessionBundles
    platform_url: str | None
    write_receipt: Callable[[UploadReceiptDocument, Path], Path]


def write_receipt_pdf(document: UploadReceiptDocument, folder: Path) -> Path:
    """Render the receipt and write it into ``folder`` (never over an existing file).

    Raises:
        BundleExportError: ``WRITE_FAILED``.
    """
    pdf = render_upload_receipt(document)
    stem = f"recu-session-{document.session_number}-{document.bundle_id[:8]}"
    path = folder / f"{stem}.pdf"
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{stem}-{count}.pdf"
    try:
        write_file_atomically(path, pdf, mode=0o644, overwrite=False)
    except OSError as exc:
        raise BundleExportError(
            BundleExportErrorCode.WRITE_FAILED, str(exc), error=str(exc)
        ) from exc
    return path


def build_referent_sync(
    store: StationStore,
    config: MachineConfig,
    signing_key: Ed25519PrivateKey,
    *,
    clock: Clock,
    rng: random.Random,
    client_factory: ClientFactory | None = None,
) -> ReferentSync:
    """Build the page's services over an open store and the machine configuration.

    Args:
        store: This PC's store.
        config: ``platform_url`` and ``platform_public_key`` say where bundles go.
        signing_key: This PC's installation key (signs the bundles' manifests).
        clock: Wall time.
        rng: The backoff's jitter.
        client_factory: The HTTP client (tests only).
    """
    endpoint = platform_endpoint(config.platform_url, config.platform_public_key)
    sign_key = endpoint.sign_key if endpoint is not None else None
    outbox = SyncService(
        store.db,
        store.data_dir,
        endpoint=endpoint,
        clock=clock,
        rng=rng,
        client_factory=client_factory,
    )
    bundles = SessionBundles(
        store,
        signing_key,
        clock=clock,
        seal_key=load_platform_key(store.data_dir, sign_key),
        sign_key=sign_key,
    )
    url = endpoint.url if endpoint is not None else None
    return ReferentSync(outbox, bundles, url, write_receipt_pdf)
