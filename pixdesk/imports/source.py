"""Open an import file within bounds: a plain file, or a zip holding exactly one XML file.

Import files come from outside (a USB key, a download from the school's administration
software) and are treated as hostile (DESIGN.md §10): sizes are counted on the bytes actually
read, never taken from headers alone, and zip entries are only read, never extracted.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO

from pixdesk.imports.errors import InvalidReason, invalid

ImportSource = str | os.PathLike[str] | bytes | IO[bytes]
"""A path, the file's content, or an open binary stream (left open)."""

_CHUNK = 1 << 20
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
ARCHIVE_MAGIC = (
    *ZIP_MAGIC,
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
)
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".cab", ".jar")
# What a damaged or hostile member can raise while zipfile inflates it.
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError)
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Bounds on what an import reads; the defaults fit the largest real schools tenfold.

    Attributes:
        max_bytes: Largest file read, counted after decompression (and for the zip itself).
        max_depth: Deepest XML element nesting (SIECLE needs 6).
        max_ratio: Largest uncompressed ÷ compressed size of a zip member (XML exports
            compress about 10–30:1; bombs, thousands to one).
        max_zip_entries: Most entries a zip may list.
        max_rows: Most CSV data lines.
    """

    max_bytes: int = 100 * 1024 * 1024
    max_depth: int = 16
    max_ratio: int = 100
    max_zip_entries: int = 16
    max_rows: int = 20_000


class BoundedReader:
    """A binary stream that refuses to yield more than a bound; lxml reads through it.

    Raises ImportRejectedError from ``read`` once the count of bytes actually produced exceeds
    ``max_bytes`` or, for a zip member, ``max_ratio`` times its compressed size.
    """

    def __init__(
        self,
        raw: IO[bytes],
        limits: ImportLimits,
        *,
        compressed_size: int | None = None,
    ) -> None:
        self._raw = raw
        self._limits = limits
        self._compressed_size = compressed_size
        self._buffer = b""
        self._count = 0

    def peek(self, size: int) -> bytes:
        """Return up to ``size`` next bytes without consuming them."""
        while len(self._buffer) < size:
            chunk = self._pull(size - len(self._buffer))
            if not chunk:
                break
            self._buffer += chunk
        return self._buffer[:size]

    def skip(self, size: int) -> None:
        """Consume ``size`` bytes already peeked (a byte-order mark)."""
        self._buffer = self._buffer[size:]

    def read(self, size: int | None = -1) -> bytes:
        """Return up to ``size`` bytes (everything left when ``size`` is negative)."""
        if size is None or size < 0:
            parts = [self._buffer]
            self._buffer = b""
            while chunk := self._pull(_CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        if self._buffer:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
            return data
        return self._pull(size)

    def _pull(self, size: int) -> bytes:
        try:
            chunk = self._raw.read(min(size, _CHUNK))
        except MEMBER_ERRORS as exc:
            if self._compressed_size is None:
                raise  # a plain file: a disk error is the environment's, not the file's
            raise invalid(InvalidReason.BROKEN_ZIP) from exc
        self._count += len(chunk)
        if self._count > self._limits.max_bytes:
            raise invalid(InvalidReason.TOO_BIG, limit=self._limits.max_bytes)
        compressed = self._compressed_size
        if compressed is not None and self._count > max(compressed, 1) * self._limits.max_ratio:
            raise invalid(InvalidReason.COMPRESSION_RATIO, limit=self._limits.max_ratio)
        return chunk


@contextmanager
def open_xml_payload(source: ImportSource, limits: ImportLimits) -> Iterator[BoundedReader]:
    """Yield a bounded stream over the XML file, unzipping it when ``source`` is a zip.

    Raises:
        ImportRejectedError: INVALID_FILE for anything that is neither XML nor a safe zip
            holding exactly one ``.xml`` file.
    """
    with ExitStack() as stack:
        raw = _seekable(stack.enter_context(_open_raw(source)), limits)
        start = raw.tell()
        head = raw.read(8)
        raw.seek(start)
        size = _checked_size(raw, limits)
        if head.startswith(ZIP_MAGIC):
            yield _open_member(stack, raw, size, limits)
        elif head.startswith(ARCHIVE_MAGIC):
            raise invalid(InvalidReason.NOT_XML_OR_ZIP)
        else:
            yield BoundedReader(raw, limits)


def read_plain_bytes(source: ImportSource, limits: ImportLimits) -> bytes:
    """Return the whole content of a non-archive file, refusing zips and oversized files."""
    with _open_raw(source) as raw:
        if raw.seekable():
            _checked_size(raw, limits)
        data = BoundedReader(raw, limits).read()
    if data.startswith(ZIP_MAGIC):
        raise invalid(InvalidReason.ZIP_NOT_ACCEPTED)
    return data


@contextmanager
def _open_raw(source: ImportSource) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source  # the caller's stream: the caller closes it


def _seekable(raw: IO[bytes], limits: ImportLimits) -> IO[bytes]:
    # zipfile needs to seek; a pipe is copied (within the bound) into memory first.
    if raw.seekable():
        return raw
    return io.BytesIO(BoundedReader(raw, limits).read())


def _checked_size(raw: IO[bytes], limits: ImportLimits) -> int:
    start = raw.tell()
    size = raw.seek(0, io.SEEK_END) - start
    raw.seek(start)
    if size > limits.max_bytes:
        raise invalid(InvalidReason.TOO_BIG, limit=limits.max_bytes)
    return size


def _open_member(
    stack: ExitStack, raw: IO[bytes], archive_size: int, limits: ImportLimits
) -> BoundedReader:
    try:
        archive = stack.enter_context(zipfile.ZipFile(raw))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise invalid(InvalidReason.BROKEN_ZIP) from exc
    info = _pick_xml_member(archive.infolist(), limits)
    try:
        member = stack.enter_context(archive.open(info))
    except (*MEMBER_ERRORS, NotImplementedError, RuntimeError) as exc:
        # NotImplementedError: an unknown compression method; RuntimeError: a password.
        raise invalid(InvalidReason.BROKEN_ZIP, name=info.filename) from exc
    # A member cannot hold more compressed bytes than the whole archive, whatever it declares.
    compressed_size = min(info.compress_size, archive_size)
    payload = BoundedReader(member, limits, compressed_size=compressed_size)
    if payload.peek(8).startswith(ARCHIVE_MAGIC):
        raise invalid(InvalidReason.NESTED_ARCHIVE, name=info.filename)
    return payload


def _pick_xml_member(infos: list[zipfile.ZipInfo], limits: ImportLimits) -> zipfile.ZipInfo:
    if len(infos) > limits.max_zip_entries:
        raise invalid(InvalidReason.ZIP_TOO_MANY_ENTRIES, count=len(infos))
    for info in infos:
        # Nothing is extracted, but a name climbing out of the folder says the file is hostile.
        if is_unsafe_member_name(info.filename):
            raise invalid(InvalidReason.ZIP_SLIP, name=info.filename)
    found: list[zipfile.ZipInfo] = []
    for info in infos:
        # macOS's Finder adds "__MACOSX/._name.xml" shadows to every zip it makes.
        if info.is_dir() or info.filename.startswith("__MACOSX/"):
            continue
        lowered = info.filename.lower()
        if lowered.endswith(ARCHIVE_SUFFIXES):
            raise invalid(InvalidReason.NESTED_ARCHIVE, name=info.filename)
        if lowered.endswith(".xml"):
            found.append(info)
    if not found:
        raise invalid(InvalidReason.ZIP_NO_XML)
    if len(found) > 1:
        raise invalid(InvalidReason.ZIP_SEVERAL_XML, names=", ".join(i.filename for i in found))
    info = found[0]
    if info.flag_bits & 0x1:
        raise invalid(InvalidReason.ENCRYPTED_ZIP, name=info.filename)
    # The headers can lie; BoundedReader checks the bytes actually inflated as well.
    if info.file_size > limits.max_bytes:
        raise invalid(InvalidReason.TOO_BIG, limit=limits.max_bytes)
    if info.file_size > max(info.compress_size, 1) * limits.max_ratio:
        raise invalid(InvalidReason.COMPRESSION_RATIO, limit=limits.max_ratio)
    return info


def is_unsafe_member_name(name: str) -> bool:
    """Tell whether a zip entry name is absolute or climbs out with ``..`` (zip slip)."""
    path = name.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path):
        return True
    return ".." in path.split("/")
