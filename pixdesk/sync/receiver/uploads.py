"""Partial uploads: one data file and one small JSON description per bundle id, in ``uploads/``.

Nothing about an upload in progress is in the database: a bad or abandoned upload leaves no
row anywhere, only these two files, which are removed when the upload completes, is refused,
or has seen no activity for the receiver's TTL (:meth:`UploadArea.collect_garbage`).

The data file only ever grows at its end, and each chunk is fsynced before the receiver
answers, so the offset it reports (the file's size) is what a crash would leave: a client
resuming from it never leaves a hole. Callers serialise operations on one bundle id.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pixdesk.atomicfile import write_file_atomically
from pixdesk.sync.protocol import BUNDLE_ID_RE, SHA256_RE

_PART: Final = ".part"
_META: Final = ".json"


class OffsetMismatch(Exception):
    """A chunk that does not start where the upload is; ``offset`` is where it is."""

    def __init__(self, offset: int) -> None:
        """Record the upload's real offset."""
        super().__init__(f"upload is at {offset}")
        self.offset = offset


@dataclass(frozen=True, slots=True)
class PendingUpload:
    """An upload in progress."""

    bundle_id: str
    sha256: str
    size: int
    offset: int  # bytes received and synced
    last_activity: float  # epoch seconds


class UploadArea:
    """The ``uploads/`` directory of a receiver."""

    def __init__(self, directory: Path) -> None:
        """Use (and create, 0700) ``directory``."""
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._dir = directory
        self._requests: dict[str, int] = {}

    def get(self, bundle_id: str) -> PendingUpload | None:
        """Return the upload of ``bundle_id``, or None (never created, finished, or removed)."""
        meta, part = self._paths(bundle_id)
        try:
            fields = json.loads(meta.read_bytes())
            stat = part.stat()
        except (OSError, ValueError):
            return None
        sha256, size = fields.get("sha256"), fields.get("size")
        if not isinstance(sha256, str) or not SHA256_RE.fullmatch(sha256) or type(size) is not int:
            return None
        return PendingUpload(bundle_id, sha256, size, stat.st_size, stat.st_mtime)

    def create(self, bundle_id: str, sha256: str, size: int) -> PendingUpload:
        """Start an empty upload (replacing any remains of one with this id)."""
        meta, part = self._paths(bundle_id)
        part.unlink(missing_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        os.close(fd)
        body = json.dumps({"sha256": sha256, "size": size}, sort_keys=True).encode()
        write_file_atomically(meta, body)
        self._requests[bundle_id] = 0
        upload = self.get(bundle_id)
        assert upload is not None  # just written
        return upload

    def count_request(self, bundle_id: str) -> int:
        """Count one more chunk request for the upload and return the count.

        Counted in memory: after a restart an upload gets its allowance again, which bounds
        what one process lifetime can be made to do, the point of the limit.
        """
        count = self._requests.get(bundle_id, 0) + 1
        self._requests[bundle_id] = count
        return count

    def append(self, bundle_id: str, offset: int, data: bytes) -> int:
        """Write ``data`` at the end of the upload, which must be ``offset``; return the new end.

        Raises:
            OffsetMismatch: the upload is elsewhere.
            FileNotFoundError: the upload is gone.
        """
        _, part = self._paths(bundle_id)
        with part.open("r+b") as handle:
            end = handle.seek(0, os.SEEK_END)
            if end != offset:
                raise OffsetMismatch(end)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            return handle.tell()

    def read(self, bundle_id: str) -> bytes:
        """Return the bytes received."""
        _, part = self._paths(bundle_id)
        return part.read_bytes()

    def discard(self, bundle_id: str) -> None:
        """Remove an upload's files (done, refused, or expired)."""
        meta, part = self._paths(bundle_id)
        part.unlink(missing_ok=True)
        meta.unlink(missing_ok=True)
        self._requests.pop(bundle_id, None)

    def pending_count(self) -> int:
        """Return the number of uploads in progress."""
        return sum(1 for _ in self._dir.glob(f"*{_META}"))

    def collect_garbage(self, now: float, ttl_s: float) -> int:
        """Remove uploads without activity for ``ttl_s`` seconds at ``now`` (epoch); count them.

        Files that are not an upload's (a temp file left by a crash) go too, once as old.
        """
        removed = 0
        for path in list(self._dir.iterdir()):
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:
                continue
            bundle_id = path.name.split(".")[0]
            if BUNDLE_ID_RE.fullmatch(bundle_id) and path.suffix in (_PART, _META):
                upload = self.get(bundle_id)
                if upload is not None:
                    age = now - upload.last_activity
                if age > ttl_s:
                    self.discard(bundle_id)
                    removed += 1
            elif age > ttl_s:
                path.unlink(missing_ok=True)
        return removed

    def _paths(self, bundle_id: str) -> tuple[Path, Path]:
        if not BUNDLE_ID_RE.fullmatch(bundle_id):
            raise ValueError("not a bundle id")  # callers validate; never a path from outside
        return self._dir / f"{bundle_id}{_META}", self._dir / f"{bundle_id}{_PART}"
