"""The deterministic zip inside a bundle: one byte layout, written and read strictly.

The writer stores every file uncompressed, sorted by name, with fixed times and permissions
and no extra fields, so the same files always give the same bytes, on any machine (deflate
output depends on the zlib build). The reader accepts exactly that layout and nothing else: it
parses, checks the bounds and names, then rebuilds the archive from what it read and refuses
any difference. Any changed byte of the archive is therefore refused here or, for file
content, by its CRC-32, and later by the manifest's SHA-256 (docs/bundle-format.md §4).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import (
    MAX_ARCHIVE_BYTES,
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    MAX_NAME_LENGTH,
    SAFE_NAME_RE,
)

_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_END_SIG = 0x06054B50
_VERSION_NEEDED = 20  # 2.0: plain stored files
_MADE_BY = (3 << 8) | _VERSION_NEEDED  # host 3 = Unix, so the mode below is meaningful
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest DOS date
_EXTERNAL_ATTR = 0o100644 << 16  # regular file, rw-r--r--
_METHOD_STORED = 0

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_END = struct.Struct("<IHHHHIIH")  # 22 bytes


def check_name(name: str) -> None:
    """Refuse a path that is unsafe or not portable.

    Raises:
        BundleError: ``ZIP_UNSAFE_NAME``.
    """
    if len(name) > MAX_NAME_LENGTH or not SAFE_NAME_RE.fullmatch(name):
        raise BundleError(BundleErrorCode.ZIP_UNSAFE_NAME, repr(name)[:80], name=name[:80])


def build_archive(files: Mapping[str, bytes]) -> bytes:
    """Return the canonical archive of ``files`` (path → content).

    Raises:
        BundleError: ``ZIP_UNSAFE_NAME`` or ``ZIP_LIMITS`` for what a reader would refuse.
    """
    for name in files:
        check_name(name)
    return _layout(sorted(files.items()))


def _layout(entries: Iterable[tuple[str, bytes]]) -> bytes:
    local: list[bytes] = []
    central: list[bytes] = []
    offset = count = 0
    for name, data in entries:
        raw = name.encode("ascii")
        crc = zlib.crc32(data)
        size = len(data)
        header = _LOCAL.pack(
            _LOCAL_SIG,
            _VERSION_NEEDED,
            0,
            _METHOD_STORED,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            size,
            size,
            len(raw),
            0,
        )
        central.append(
            _CENTRAL.pack(
                _CENTRAL_SIG,
                _MADE_BY,
                _VERSION_NEEDED,
                0,
                _METHOD_STORED,
                _DOS_TIME,
                _DOS_DATE,
                crc,
                size,
                size,
                len(raw),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
            + raw
        )
        local += (header, raw, data)
        offset += len(header) + len(raw) + size
        count += 1
    if count > MAX_ENTRIES or offset > MAX_ARCHIVE_BYTES:
        raise BundleError(BundleErrorCode.ZIP_LIMITS, "too many or too large files")
    directory = b"".join(central)
    end = _END.pack(_END_SIG, 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def read_archive(data: bytes) -> Mapping[str, bytes]:
    """Parse a canonical archive and return its files (path → content).

    Raises:
        BundleError: ``ZIP_MALFORMED``, ``ZIP_UNSAFE_NAME``, ``ZIP_DUPLICATE``,
            ``ZIP_LIMITS`` (too many or too large entries: zip bombs end here, before any
            byte is inflated) or ``ZIP_UNSUPPORTED`` (compression, encryption, zip64…).
    """
    if len(data) > MAX_ARCHIVE_BYTES:
        raise BundleError(BundleErrorCode.ZIP_LIMITS, "archive too large")
    if len(data) < _END.size:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "too short")
    # No archive comment: the end record is exactly the last 22 bytes.
    sig, disk, cd_disk, on_disk, total, cd_size, cd_offset, comment = _END.unpack_from(
        data, len(data) - _END.size
    )
    if sig != _END_SIG or disk or cd_disk or comment or on_disk != total:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "end of central directory")
    if total > MAX_ENTRIES:
        raise BundleError(BundleErrorCode.ZIP_LIMITS, f"{total} entries")
    if cd_offset + cd_size != len(data) - _END.size:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "central directory position")
    entries = _read_central(data, cd_offset, total)
    files: dict[str, bytes] = {}
    position = 0
    for name, crc, size, offset in entries:
        if offset != position:
            raise BundleError(BundleErrorCode.ZIP_MALFORMED, "local header position", name=name)
        content = _read_local(data, offset, name, crc, size)
        files[name] = content
        position = offset + _LOCAL.size + len(name) + size
    if position != cd_offset:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "data before the central directory")
    names = list(files)
    if names != sorted(names):
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "entries not sorted by name")
    # Belt and braces: any byte the checks above did not look at must be what the writer
    # would have put there.
    if _layout(files.items()) != data:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "not the canonical layout")
    return MappingProxyType(files)


def _read_central(data: bytes, cd_offset: int, total: int) -> list[tuple[str, int, int, int]]:
    entries: list[tuple[str, int, int, int]] = []
    seen: set[str] = set()
    position = cd_offset
    declared = 0
    for _ in range(total):
        if position + _CENTRAL.size > len(data):
            raise BundleError(BundleErrorCode.ZIP_MALFORMED, "central directory truncated")
        (
            sig,
            made_by,
            needed,
            flags,
            method,
            mtime,
            mdate,
            crc,
            csize,
            usize,
            name_len,
            extra_len,
            comment_len,
            disk,
            internal,
            external,
            offset,
        ) = _CENTRAL.unpack_from(data, position)
        if sig != _CENTRAL_SIG:
            raise BundleError(BundleErrorCode.ZIP_MALFORMED, "central header signature")
        raw = data[position + _CENTRAL.size : position + _CENTRAL.size + name_len]
        name = _decode_name(raw, name_len)
        if name in seen:
            raise BundleError(BundleErrorCode.ZIP_DUPLICATE, name, name=name)
        seen.add(name)
        declared += usize
        if usize > MAX_ENTRY_BYTES or declared > MAX_ARCHIVE_BYTES or csize > MAX_ENTRY_BYTES:
            raise BundleError(BundleErrorCode.ZIP_LIMITS, f"{name}: {usize} bytes", name=name)
        if method != _METHOD_STORED or flags or needed != _VERSION_NEEDED or csize != usize:
            detail = f"{name}: method {method}, flags {flags}"
            raise BundleError(BundleErrorCode.ZIP_UNSUPPORTED, detail, name=name)
        if (made_by, mtime, mdate, extra_len, comment_len, disk, internal, external) != (
            _MADE_BY,
            _DOS_TIME,
            _DOS_DATE,
            0,
            0,
            0,
            0,
            _EXTERNAL_ATTR,
        ):
            raise BundleError(BundleErrorCode.ZIP_MALFORMED, f"{name}: header fields", name=name)
        entries.append((name, crc, usize, offset))
        position += _CENTRAL.size + name_len
    if position != len(data) - _END.size:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "central directory size")
    return entries


def _decode_name(raw: bytes, expected_length: int) -> str:
    if len(raw) != expected_length:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "name truncated")
    try:
        name = raw.decode("ascii")
    except UnicodeDecodeError:
        raise BundleError(BundleErrorCode.ZIP_UNSAFE_NAME, "non-ASCII name") from None
    check_name(name)
    return name


def _read_local(data: bytes, offset: int, name: str, crc: int, size: int) -> bytes:
    if offset + _LOCAL.size > len(data):
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, "local header truncated", name=name)
    fields = _LOCAL.unpack_from(data, offset)
    expected = (
        _LOCAL_SIG,
        _VERSION_NEEDED,
        0,
        _METHOD_STORED,
        _DOS_TIME,
        _DOS_DATE,
        crc,
        size,
        size,
        len(name),
        0,
    )
    start = offset + _LOCAL.size
    if fields != expected or data[start : start + len(name)] != name.encode("ascii"):
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, f"{name}: local header", name=name)
    content = data[start + len(name) : start + len(name) + size]
    if len(content) != size or zlib.crc32(content) != crc:
        raise BundleError(BundleErrorCode.ZIP_MALFORMED, f"{name}: CRC-32", name=name)
    return content
