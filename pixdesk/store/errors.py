"""The store's error family: expected environment problems, each with a code.

The UI turns a code into a translated, actionable sentence; the message carried here is for
logs and developers. No message ever contains key material or SQL text (a ``PRAGMA key``
statement would carry the key).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

# SQLite primary result codes (the low byte of an extended code), see sqlite.org/rescode.html.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class StoreErrorCode(enum.StrEnum):
    """What went wrong, as a stable code the UI can translate."""

    WRONG_KEY = "wrong_key"
    NOT_A_DATABASE = "not_a_database"
    CORRUPT = "corrupt"
    TOO_NEW = "too_new"
    DISK_FULL = "disk_full"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    NOT_FOUND = "not_found"
    IO_ERROR = "io_error"
    MIGRATION_FAILED = "migration_failed"
    CONFLICT = "conflict"


class StoreError(Exception):
    """An expected problem with the local store (wrong key, disk full, newer schema…).

    Attributes:
        code: The stable code of the problem.
        params: Named values the UI may put in its message (paths, versions); never secrets.
    """

    def __init__(
        self, code: StoreErrorCode, message: str, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, object] = MappingProxyType(dict(params or {}))

    def __str__(self) -> str:
        return f"[{self.code.value}] {self.args[0]}"


def from_sqlite(exc: BaseException, path: Path | None = None) -> StoreError:
    """Map an sqlite3/sqlcipher3 exception to a :class:`StoreError`.

    Args:
        exc: The exception raised by the driver.
        path: The database file concerned, named in the message and params.

    Returns:
        The matching store error; the caller raises it ``from exc``.
    """
    raw = getattr(exc, "sqlite_errorcode", None)
    primary = raw & 0xFF if isinstance(raw, int) else None
    text = str(exc)
    where = f" ({path})" if path is not None else ""
    params: dict[str, object] = {"path": str(path)} if path is not None else {}
    # The driver's message is safe to keep: SQLite error strings never echo statement text.
    if primary == _SQLITE_FULL or "disk is full" in text:
        return StoreError(StoreErrorCode.DISK_FULL, f"disk full{where}: {text}", params)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return StoreError(StoreErrorCode.LOCKED, f"database locked{where}: {text}", params)
    if primary == _SQLITE_NOTADB or "not a database" in text:
        return StoreError(
            StoreErrorCode.WRONG_KEY, f"wrong key or not a pixdesk database{where}", params
        )
    if primary == _SQLITE_CORRUPT or "malformed" in text:
        return StoreError(StoreErrorCode.CORRUPT, f"database corrupt{where}: {text}", params)
    if primary == _SQLITE_READONLY:
        return StoreError(StoreErrorCode.READ_ONLY, f"database read-only{where}: {text}", params)
    if primary == _SQLITE_CANTOPEN:
        return StoreError(StoreErrorCode.NOT_FOUND, f"cannot open database{where}: {text}", params)
    return StoreError(StoreErrorCode.IO_ERROR, f"database error{where}: {text}", params)
