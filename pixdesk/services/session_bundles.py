"""Seal a finalised session of this PC's store into a bundle file, from referent mode.

The same steps as ``pixdesk bundle export`` (docs/bundle-format.md §10), cut so that the
referent's window can put each on the right thread: :meth:`SessionBundles.collect` reads the
store (the database worker), :meth:`SessionBundles.seal` and :meth:`SessionBundles.write` are
CPU and file work (the pool). The archive is verified before it is sealed, so no bundle the
platform would refuse is ever written.

The seal needs the platform's X25519 key, which the machine configuration does not carry yet
(its ``platform_public_key`` is the Ed25519 receipt key): the referent gives the platform's
public key file once, and it is kept as ``platform.pub`` in the data directory, checked
against the configured receipt key.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.atomicfile import fsync_directory, write_file_atomically
from pixdesk.bundle.envelope import seal_archive
from pixdesk.bundle.errors import BundleError
from pixdesk.bundle.from_store import ExportError, collect_session
from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformPublicKey, parse_platform_key, read_platform_key
from pixdesk.bundle.policy import BankResolver, VerifyPolicy
from pixdesk.bundle.rescoring import sample_banks
from pixdesk.bundle.verifier import verify_archive
from pixdesk.bundle.writer import build_bundle_archive
from pixdesk.crypto.keys import CryptoError
from pixdesk.domain.clock import Clock
from pixdesk.services.session_bundle_values import (
    BundleExportError,
    BundleExportErrorCode,
    ExportedBundle,
    ExportRecord,
    FinalisedSession,
)
from pixdesk.services.station_store import StationStore

__all__ = ["EXPORTS_FILENAME", "PLATFORM_KEY_FILENAME", "SessionBundles", "load_platform_key"]

_log = logging.getLogger(__name__)

PLATFORM_KEY_FILENAME: Final = "platform.pub"
EXPORTS_FILENAME: Final = "bundle-exports.json"
WRITE_BLOCK: Final = 256 * 1024

WriteProgress = Callable[[int, int], None]
"""Called with (bytes written, total) while a bundle is written."""

_Code = BundleExportErrorCode


def load_platform_key(
    data_dir: Path, sign_key: Ed25519PublicKey | None
) -> PlatformPublicKey | None:
    """Return the platform key kept in ``data_dir``, None if absent or not the configured one."""
    path = data_dir / PLATFORM_KEY_FILENAME
    try:
        key = read_platform_key(path)
    except FileNotFoundError:
        return None
    except (OSError, CryptoError) as exc:
        _log.warning("platform key %s unusable: %s", path, exc)
        return None
    public = key if isinstance(key, PlatformPublicKey) else key.public()
    if sign_key is not None and public.sign_key.public_bytes_raw() != sign_key.public_bytes_raw():
        _log.warning("platform key %s is not the configured platform's", path)
        return None
    return public


class SessionBundles:
    """The finalised sessions of this PC's store and their bundle files."""

    def __init__(
        self,
        store: StationStore,
        signing_key: Ed25519PrivateKey,
        *,
        clock: Clock,
        seal_key: PlatformPublicKey | None,
        sign_key: Ed25519PublicKey | None = None,
        banks: BankResolver | None = sample_banks,
    ) -> None:
        """Build the service.

        Args:
            store: This PC's store (the console's sessions and journals).
            signing_key: The key the manifest is signed with (this PC's installation key until
                the console keeps session keys, docs/bundle-format.md §10).
            clock: Wall time (the bundle's creation time, the export records).
            seal_key: The platform key bundles are sealed to, None until the referent gives it.
            sign_key: The configured platform's receipt key: a key file given must carry it.
            banks: Finds item banks, to score the results in the bundle.
        """
        self._store = store
        self._signing_key = signing_key
        self._clock = clock
        self._seal_key = seal_key
        self._sign_key = sign_key
        self._banks = banks

    @property
    def has_platform_key(self) -> bool:
        """Return whether bundles can be sealed (a platform key is known)."""
        return self._seal_key is not None

    def adopt_platform_key(self, path: Path) -> str:
        """Check a platform public key file, keep a copy in the data directory; return its label.

        Raises:
            BundleExportError: ``KEY_FILE_INVALID``, ``KEY_MISMATCH`` or ``WRITE_FAILED``.
        """
        try:
            data = path.read_bytes()
            key = parse_platform_key(data)
        except (OSError, CryptoError, ValueError) as exc:
            raise BundleExportError(_Code.KEY_FILE_INVALID, str(exc), path=str(path)) from exc
        public = key if isinstance(key, PlatformPublicKey) else key.public()
        mine = self._sign_key
        if mine is not None and public.sign_key.public_bytes_raw() != mine.public_bytes_raw():
            raise BundleExportError(_Code.KEY_MISMATCH, path=str(path))
        try:
            # Only the public half is kept, whatever file was given.
            target = self._store.data_dir / PLATFORM_KEY_FILENAME
            write_file_atomically(target, public.to_file(), mode=0o644)
        except OSError as exc:
            raise BundleExportError(_Code.WRITE_FAILED, error=str(exc)) from exc
        self._seal_key = public
        return public.label

    def finalised(self) -> tuple[FinalisedSession, ...]:
        """Return the finalised sessions, newest first, with their last export (store work)."""
        rows = self._store.db.conn.execute(
            "SELECT session_id, number, room, finalised_at FROM sessions"
            " WHERE finalised_at IS NOT NULL ORDER BY finalised_at DESC, number"
        ).fetchall()
        exports = self._read_exports()
        return tuple(
            FinalisedSession(
                session_id=session_id,
                number=number or "",
                room=room or "",
                finalised_at=_parse_time(finalised_at),
                export=exports.get(session_id),
            )
            for session_id, number, room, finalised_at in rows
        )

    def collect(self, number: str) -> BundleContents:
        """Read what the bundle of session ``number`` holds (store work).

        Raises:
            BundleExportError: ``NO_PLATFORM_KEY`` or ``NOT_EXPORTABLE``.
        """
        if self._seal_key is None:
            raise BundleExportError(_Code.NO_PLATFORM_KEY)
        try:
            return collect_session(
                self._store.db.conn,
                number,
                own_station_id=self._store.station_id,
                own_public_key=self._store.journal.public_key.public_bytes_raw(),
                banks=self._banks,
            )
        except ExportError as exc:
            raise BundleExportError(
                _Code.NOT_EXPORTABLE, str(exc), number=number, reason=exc.code.value
            ) from exc

    def seal(self, contents: BundleContents) -> bytes:
        """Build, verify and seal the bundle (CPU work, no store).

        Raises:
            BundleExportError: ``NO_PLATFORM_KEY`` or ``BUNDLE_REFUSED``.
        """
        if self._seal_key is None:
            raise BundleExportError(_Code.NO_PLATFORM_KEY)
        try:
            archive = build_bundle_archive(
                contents, Signers(self._signing_key), created=self._clock.now()
            )
            verify_archive(archive, VerifyPolicy(banks=self._banks))
            return seal_archive(archive, self._seal_key)
        except BundleError as exc:
            raise BundleExportError(_Code.BUNDLE_REFUSED, str(exc), reason=exc.code.value) from exc

    def write(
        self,
        sealed: bytes,
        folder: Path,
        *,
        session_id: str,
        number: str,
        progress: WriteProgress | None = None,
    ) -> ExportedBundle:
        """Write the sealed bundle into ``folder`` (a USB key…) atomically (file work, no store).

        The file is written beside its final name, synced, then renamed: a USB key pulled out
        mid-way leaves no half bundle under the final name.

        Raises:
            BundleExportError: ``WRITE_FAILED``.
        """
        stamp = self._clock.now().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        try:
            path = _free_name(folder, f"pixdesk-session-{_safe(number)}-{stamp}", ".pixbundle")
            _write_with_progress(path, sealed, progress)
        except OSError as exc:
            raise BundleExportError(_Code.WRITE_FAILED, str(exc), error=str(exc)) from exc
        _log.info("session %s bundle written to %s (%d bytes)", number, path, len(sealed))
        return ExportedBundle(session_id, number, path, len(sealed))

    def record_export(self, exported: ExportedBundle, bundle_id: str) -> ExportRecord:
        """Remember where a session's bundle went (a small JSON file next to the store)."""
        record = ExportRecord(str(exported.path), bundle_id, self._clock.now())
        exports = self._read_exports()
        exports[exported.session_id] = record
        body = {
            key: {
                "path": r.path,
                "bundle_id": r.bundle_id,
                "exported_at": r.exported_at.isoformat(),
            }
            for key, r in sorted(exports.items())
        }
        text = json.dumps(body, indent=1, sort_keys=True) + "\n"
        write_file_atomically(self._store.data_dir / EXPORTS_FILENAME, text.encode(), mode=0o600)
        return record

    def _read_exports(self) -> dict[str, ExportRecord]:
        path = self._store.data_dir / EXPORTS_FILENAME
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            return {
                key: ExportRecord(
                    str(value["path"]),
                    str(value["bundle_id"]),
                    datetime.fromisoformat(value["exported_at"]),
                )
                for key, value in body.items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # Only a memory of where files went: losing it must not stop the page.
            _log.warning("export records %s unreadable: %s", path, exc)
            return {}


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _safe(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in number) or "session"


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{stem}-{count}{suffix}"
    return path


def _write_with_progress(path: Path, data: bytes, progress: WriteProgress | None) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            total = len(data)
            for start in range(0, total, WRITE_BLOCK):
                handle.write(data[start : start + WRITE_BLOCK])
                if progress is not None:
                    progress(min(start + WRITE_BLOCK, total), total)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_directory(path.parent)
