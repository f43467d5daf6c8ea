"""Check at start that the data directory keeps what is written to it.

Two lab set-ups lose answers silently: a data directory pixdesk cannot write (a locked-down
profile), and a "frozen image" PC whose disk is restored at every reboot, or whose profile
lives in memory (tmpfs, an overlay over a read-only image). The first is found by writing,
fsyncing and reading back a probe file; the second, on Linux, from the mount table. Windows
restore tools (Deep Freeze, UWF) cannot be seen from here: docs/admin-guide.md tells IT staff
to exclude the data directory from them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from pixdesk.store.paths import ensure_data_dir

__all__ = ["DataDirProblem", "DataDirStatus", "Mount", "check_data_dir", "mount_of"]

MOUNTS_FILE: Final = Path("/proc/mounts")
# File systems whose content does not survive a reboot, or sits over a throwaway layer.
VOLATILE_FILESYSTEMS: Final = frozenset({"tmpfs", "ramfs", "overlay", "aufs", "unionfs"})
_PROBE_PREFIX: Final = ".pixdesk-probe-"


class DataDirProblem(StrEnum):
    """Why the data directory is not fit."""

    NOT_WRITABLE = "not_writable"  # cannot create, write or fsync the probe
    READ_BACK_DIFFERS = "read_back_differs"  # the probe came back different
    VOLATILE = "volatile"  # writable, but lost at reboot (a warning, not a failure)


@dataclass(frozen=True, slots=True)
class Mount:
    """One line of the mount table."""

    point: Path
    filesystem: str


@dataclass(frozen=True, slots=True)
class DataDirStatus:
    """The outcome of :func:`check_data_dir`.

    Attributes:
        path: The directory checked.
        problem: The worst problem found, or ``None``.
        detail: The OS message of a failure, for the person reading the report.
        mount: The mount the directory is on (Linux only).
    """

    path: Path
    problem: DataDirProblem | None = None
    detail: str = ""
    mount: Mount | None = None

    @property
    def usable(self) -> bool:
        """Whether pixdesk can store answers there (a volatile directory is usable, at risk)."""
        return self.problem in (None, DataDirProblem.VOLATILE)


def check_data_dir(path: Path, *, mounts_file: Path = MOUNTS_FILE) -> DataDirStatus:
    """Create ``path`` if needed, then write, fsync, read back and delete a probe file in it.

    Args:
        path: The data directory.
        mounts_file: The mount table (``/proc/mounts``); ignored where it does not exist.

    Returns:
        The status; problems are reported, never raised.
    """
    probe = path / f"{_PROBE_PREFIX}{secrets.token_hex(6)}"
    payload = secrets.token_bytes(64)
    try:
        ensure_data_dir(path)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
        try:
            os.write(fd, payload)
            os.fsync(fd)  # a directory that accepts writes but fails fsync cannot keep answers
        finally:
            os.close(fd)
        read_back = probe.read_bytes()
    except OSError as exc:
        return DataDirStatus(path, DataDirProblem.NOT_WRITABLE, exc.strerror or str(exc))
    finally:
        _remove(probe)
    if read_back != payload:
        return DataDirStatus(path, DataDirProblem.READ_BACK_DIFFERS)
    mount = mount_of(path, _read_mounts(mounts_file))
    if mount is not None and mount.filesystem in VOLATILE_FILESYSTEMS:
        return DataDirStatus(path, DataDirProblem.VOLATILE, mount.filesystem, mount)
    return DataDirStatus(path, mount=mount)


def mount_of(path: Path, mounts_text: str) -> Mount | None:
    """Return the mount holding ``path``: the longest mount point that contains it.

    Args:
        path: An existing path.
        mounts_text: The content of ``/proc/mounts`` (empty where there is none).
    """
    target = path.resolve()
    best: Mount | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = Path(_unescape(parts[1]))
        inside = target == point or point in target.parents
        if inside and (best is None or len(point.parts) >= len(best.point.parts)):
            best = Mount(point, parts[2])  # ">=": a later mount on the same point hides earlier
    return best


def _unescape(field: str) -> str:
    # The kernel writes space, tab, newline and backslash in mount points as octal escapes.
    for code in ("040", "011", "012", "134"):
        field = field.replace(f"\\{code}", chr(int(code, 8)))
    return field


def _read_mounts(mounts_file: Path) -> str:
    try:
        return mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""  # not Linux: no mount table to read


def _remove(probe: Path) -> None:
    # An undeletable probe changes nothing to the verdict; it is tiny and hidden.
    with contextlib.suppress(OSError):
        probe.unlink(missing_ok=True)
