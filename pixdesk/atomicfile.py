"""Write a file so that readers, and a power cut, see the old content or the new, never half.

:func:`write_file_atomically` never writes into the final file. It goes through four steps:

1. **Temp file**: the data goes to a new, uniquely named file in the *same directory* (opened
   ``O_EXCL`` with the final mode, then ``fchmod`` so the umask changes nothing), because a
   rename is only atomic within one filesystem.
2. **fsync** of the temp file, so its bytes are on disk before any name points to them;
   otherwise a crash could leave the final name on an empty or partial file.
3. **Rename or link**: ``os.replace`` swaps the final name over to the new file in one step
   (``overwrite``); without ``overwrite`` a hard link is made instead, which fails if the name
   exists, so a racing writer can never replace a file that must stay (a key, a secret).
4. **Directory fsync**, so the new name itself survives a power cut (POSIX only: Windows
   cannot open a directory, and NTFS journals the rename).

The standard library only, and nothing from pixdesk, so that every layer (keys, config,
bundles, PDFs) can use it.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

__all__ = ["fsync_directory", "write_file_atomically"]


def write_file_atomically(
    path: Path, data: bytes, *, mode: int = 0o600, overwrite: bool = True
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Args:
        path: The final file; its directory must exist.
        data: The whole new content.
        mode: The permission bits of the new file, whatever the umask (0600 by default: most
            of what pixdesk writes is private).
        overwrite: Replace an existing ``path``; when False, an existing ``path`` is an error
            and is never replaced, even by a writer racing this one.

    Raises:
        FileExistsError: ``overwrite`` is False and ``path`` exists.
        OSError: the write failed; ``path`` is unchanged and no temp file is left.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)  # the umask must not widen or narrow it
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_no_clobber(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Flush ``directory``'s entries to disk, making a rename or link in it durable.

    Does nothing outside POSIX: Windows cannot open a directory for fsync, and NTFS journals
    the rename itself.
    """
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish_no_clobber(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links (FAT on a USB key): a check then a rename, which
        # leaves only a narrow race between two first runs.
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(tmp, path)
