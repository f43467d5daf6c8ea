"""Open a QTI content package (a zip) within bounds, and read its files without extracting.

The zip is hostile until proven otherwise (DESIGN.md §10): before any file is read, every
entry name is checked (absolute or climbing out with ``..``: zip slip), archives inside the
archive are refused, encrypted entries too; then every file is read through a bounded reader
counting the bytes actually inflated, against a size and a compression-ratio bound (zip bomb).
Nothing is ever written to disk.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import IO
from urllib.parse import unquote

from pixdesk.imports.errors import InvalidReason, invalid
from pixdesk.imports.qti_model import QtiLimits
from pixdesk.imports.source import (
    ARCHIVE_MAGIC,
    ARCHIVE_SUFFIXES,
    MEMBER_ERRORS,
    ZIP_MAGIC,
    BoundedReader,
    ImportLimits,
    ImportSource,
    is_unsafe_member_name,
)

MANIFEST = "imsmanifest.xml"


class NotAZipError(Exception):
    """The package is not a zip at all (a lone XML file, a PDF…)."""


class QtiPackage:
    """The files of an opened package, read one at a time within the bounds."""

    def __init__(self, archive: zipfile.ZipFile, archive_size: int, limits: QtiLimits) -> None:
        self._archive = archive
        self._archive_size = archive_size
        self._limits = limits
        self._total = 0
        self._infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}

    def has(self, name: str) -> bool:
        """Tell whether the package holds a file of that exact name."""
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Return a file's bytes.

        Raises:
            KeyError: No such file.
            ImportRejectedError: ``INVALID_FILE``: too big, a compression ratio of a bomb,
                damaged, or an archive inside the archive.
        """
        info = self._infos[name]
        limits = self._limits
        if info.file_size > limits.max_file_bytes:
            raise invalid(InvalidReason.TOO_BIG, name=name, limit=limits.max_file_bytes)
        if info.file_size > max(info.compress_size, 1) * limits.max_ratio:
            raise invalid(InvalidReason.COMPRESSION_RATIO, name=name, limit=limits.max_ratio)
        bounds = ImportLimits(max_bytes=limits.max_file_bytes, max_ratio=limits.max_ratio)
        try:
            with self._archive.open(info) as member:
                # The headers can lie: count what is inflated, against the archive's real size.
                compressed = min(info.compress_size, self._archive_size)
                data = BoundedReader(member, bounds, compressed_size=compressed).read()
        except (*MEMBER_ERRORS, NotImplementedError, RuntimeError) as exc:
            raise invalid(InvalidReason.BROKEN_ZIP, name=name) from exc
        if data.startswith(ARCHIVE_MAGIC):
            raise invalid(InvalidReason.NESTED_ARCHIVE, name=name)
        self._total += len(data)
        if self._total > limits.max_total_bytes:
            raise invalid(InvalidReason.TOO_BIG, limit=limits.max_total_bytes)
        return data


@contextmanager
def open_package(source: ImportSource, limits: QtiLimits) -> Iterator[QtiPackage]:
    """Open a package and check every entry before yielding it.

    Raises:
        NotAZipError: The file does not start like a zip.
        ImportRejectedError: ``INVALID_FILE``: too big, damaged, too many entries, zip slip,
            nested or encrypted entries.
        OSError: The file cannot be opened or read.
    """
    with ExitStack() as stack:
        raw = stack.enter_context(_open(source, limits))
        start = raw.tell()
        size = raw.seek(0, io.SEEK_END) - start
        raw.seek(start)
        if size > limits.max_package_bytes:
            raise invalid(InvalidReason.TOO_BIG, limit=limits.max_package_bytes)
        if not raw.read(4).startswith(ZIP_MAGIC):
            raise NotAZipError
        raw.seek(start)
        try:
            archive = stack.enter_context(zipfile.ZipFile(raw))
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise invalid(InvalidReason.BROKEN_ZIP) from exc
        _check_entries(archive.infolist(), limits)
        yield QtiPackage(archive, size, limits)


def resolve_href(href: str, base: str = "") -> str | None:
    """Return the package path an ``href`` names (URL-decoded, normalised), or None if unsafe.

    Args:
        href: As written in the manifest (``items/q%201.xml``, ``./q1.xml``).
        base: The folder the manifest's ``xml:base`` adds, if any.
    """
    path = unquote(posixpath.join(base, href.strip())).replace("\\", "/")
    if not path or is_unsafe_member_name(path) or "://" in path or path.startswith("#"):
        return None
    normal = posixpath.normpath(path)
    return None if normal.startswith("..") or normal == "." else normal


def _check_entries(infos: list[zipfile.ZipInfo], limits: QtiLimits) -> None:
    if len(infos) > limits.max_entries:
        raise invalid(InvalidReason.ZIP_TOO_MANY_ENTRIES, count=len(infos))
    seen: set[str] = set()
    for info in infos:
        if is_unsafe_member_name(info.filename):
            raise invalid(InvalidReason.ZIP_SLIP, name=info.filename)
        if info.filename in seen:
            # Two entries of one name: which one a tool extracts differs; refuse the doubt.
            raise invalid(InvalidReason.BROKEN_ZIP, name=info.filename)
        seen.add(info.filename)
        if info.filename.lower().endswith(ARCHIVE_SUFFIXES):
            raise invalid(InvalidReason.NESTED_ARCHIVE, name=info.filename)
        if info.flag_bits & 0x1:
            raise invalid(InvalidReason.ENCRYPTED_ZIP, name=info.filename)


@contextmanager
def _open(source: ImportSource, limits: QtiLimits) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            yield handle
    elif source.seekable():
        yield source  # the caller's stream: the caller closes it
    else:
        bounds = ImportLimits(max_bytes=limits.max_package_bytes)
        yield io.BytesIO(BoundedReader(source, bounds).read())  # a pipe, copied within bounds
