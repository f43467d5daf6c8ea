"""Forge bundles the way an insider could: change files, then re-sign the manifest.

Whoever holds the session key (a compromised console) can make a manifest say anything; the
tests use this to show that the checks after the signature (certificates, journals, results)
do not rely on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pixdesk.bundle.archive import build_archive, read_archive
from pixdesk.bundle.layout import (
    MANIFEST,
    MANIFEST_COUNTERSIG,
    MANIFEST_COUNTERSIG_CONTEXT,
    MANIFEST_SIG,
    MANIFEST_SIG_CONTEXT,
)
from pixdesk.bundle.manifest import bundle_id_of, file_entries
from pixdesk.bundle.model import Signers
from pixdesk.crypto.canonical import canonical_bytes

_SIGNATURES = (MANIFEST, MANIFEST_SIG, MANIFEST_COUNTERSIG)


def files_of(archive: bytes) -> dict[str, bytes]:
    return dict(read_archive(archive))


def forge(
    files: Mapping[str, bytes],
    signers: Signers,
    edit: Callable[[dict[str, Any]], None] | None = None,
) -> bytes:
    """Rebuild the manifest's file list from ``files``, apply ``edit``, re-sign, re-archive."""
    content = {k: v for k, v in files.items() if k not in _SIGNATURES}
    manifest = json.loads(files[MANIFEST])
    entries = file_entries(content)
    manifest["files"] = [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in entries]
    manifest["bundle_id"] = bundle_id_of(entries)
    if edit is not None:
        edit(manifest)
    raw = canonical_bytes(manifest)
    out = {
        **content,
        MANIFEST: raw,
        MANIFEST_SIG: signers.session_key.sign(MANIFEST_SIG_CONTEXT + raw),
    }
    if signers.center_key is not None and MANIFEST_COUNTERSIG in files:
        out[MANIFEST_COUNTERSIG] = signers.center_key.sign(MANIFEST_COUNTERSIG_CONTEXT + raw)
    return build_archive(out)
