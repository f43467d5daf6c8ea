"""Open the encrypted SQLCipher database, check it, migrate it, wrap it in sqlite-utils.

The database is encrypted with a random raw 256-bit key (``PRAGMA key = "x'…'"``, so SQLCipher
runs no key derivation). Opening never creates anything over an existing file that fails to
open: a wrong key, a plain SQLite file, random bytes or a truncated file all leave the file
exactly as it was and raise a :class:`~pixdesk.store.errors.StoreError`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlite_utils import Database

from pixdesk.store.errors import StoreError, StoreErrorCode, from_sqlite
from pixdesk.store.migrations import MIGRATIONS, Migration, apply_migrations

_log = logging.getLogger(__name__)

KEY_SIZE = 32
_PLAIN_SQLITE_MAGIC = b"SQLite format 3\x00"
# Every valid SQLite page size is a multiple of 512, so an encrypted file of any other length
# cannot be a database (whatever the key).
_MIN_PAGE = 512
DEFAULT_BUSY_TIMEOUT_S = 5.0
CIPHER_SETTINGS: tuple[str, ...] = (
    # SQLCipher 4 defaults (AES-256-CBC, 4096-byte pages, per-page HMAC) except the HMAC:
    # SHA-256 instead of SHA-512, three times faster per page on CPUs with SHA extensions,
    # and per-page cryptography is much of an answer's commit cost. Page integrity is just as
    # well protected. Issued AFTER the key: before it, SQLCipher silently ignores them.
    "PRAGMA cipher_hmac_algorithm = HMAC_SHA256",
)
LEGACY_CIPHER_SETTINGS: tuple[str, ...] = ()
"""The settings of stores written by earlier builds: SQLCipher 4's defaults throughout
(HMAC-SHA512), because those builds issued :data:`CIPHER_SETTINGS` before the key, where
SQLCipher ignores them. Such a store still opens (decisions.md, entry 9); it keeps them."""
_HMAC_ALGORITHMS = frozenset({"HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512"})


def open_database(
    path: Path,
    key: bytes,
    *,
    create: bool = True,
    migrations: Sequence[Migration] = MIGRATIONS,
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
) -> Database:
    """Open (or create) the store at ``path``, migrated to the current schema.

    Args:
        path: The database file.
        key: The raw 32-byte database key. It never appears in logs or messages.
        create: Whether a missing file may be created.
        migrations: The migration list (tests pass a longer one); its length is the version
            this code knows.
        busy_timeout_s: How long to wait for another connection's lock before ``LOCKED``.

    Returns:
        A sqlite-utils ``Database`` over a SQLCipher connection in WAL mode with
        ``synchronous=FULL`` and foreign keys on. The driver never opens transactions
        implicitly (``isolation_level=None``): writers use explicit ``BEGIN``/``COMMIT``.

    Raises:
        StoreError: ``WRONG_KEY``, ``NOT_A_DATABASE``, ``CORRUPT``, ``TOO_NEW``,
            ``DISK_FULL``, ``LOCKED``, ``NOT_FOUND``, ``MIGRATION_FAILED``…
    """
    # isinstance: a key store that failed may hand over None; that is a missing key, not a bug.
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_SIZE:
        raise StoreError(
            StoreErrorCode.WRONG_KEY, "database key missing or not 256 bits", {"path": str(path)}
        )
    path = path.resolve()
    existing = path.exists() and path.stat().st_size > 0
    if not existing and not create:
        raise StoreError(StoreErrorCode.NOT_FOUND, f"no database at {path}", {"path": str(path)})
    if existing:
        _check_file_shape(path)
    conn, version, table_count = _open_keyed(
        path, key, existing=existing, busy_timeout_s=busy_timeout_s
    )
    try:
        known = len(migrations)
        if version > known:
            raise StoreError(
                StoreErrorCode.TOO_NEW,
                f"database schema version {version} is newer than this pixdesk supports "
                f"(version {known}): update pixdesk to open {path}",
                {"path": str(path), "found": version, "supported": known},
            )
        _set_pragmas(conn, path)
        if version < known:
            if version > 0 or table_count > 0:
                backup = path.with_name(f"{path.name}.bak-v{version}")
                backup_database(conn, backup, key)
                _log.info("backup of schema v%d taken before migrating: %s", version, backup)
            apply_migrations(conn, migrations, path=path)
        return Database(conn, execute_plugins=False)
    except BaseException:
        conn.close()
        raise


def backup_database(conn: Any, target: Path, key: bytes) -> None:
    """Copy the open database to ``target``, encrypted with the same key, atomically.

    Args:
        conn: An open, keyed sqlcipher3 connection (the source).
        target: The backup file; replaced only once the copy is complete and synced.
        key: The raw database key (the backup keeps it, so restoring needs nothing new).

    Raises:
        StoreError: On any I/O problem (disk full…); ``target`` is then left as it was.
    """
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        # The source's own settings (a legacy store's backup stays legacy): SQLCipher copies
        # pages only between databases with the same page layout.
        (algorithm,) = conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()
        if algorithm not in _HMAC_ALGORITHMS:
            raise RuntimeError(f"unexpected SQLCipher HMAC algorithm {algorithm!r}")
        dst = sqlcipher3.connect(str(tmp), isolation_level=None)
        try:
            dst.execute(_key_pragma(key))
            dst.execute(f"PRAGMA cipher_hmac_algorithm = {algorithm}")
            conn.backup(dst)
        finally:
            dst.close()
        _fsync_file(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except sqlcipher3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise from_sqlite(exc, target) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            StoreErrorCode.IO_ERROR, f"backup failed ({target}): {exc.strerror}"
        ) from exc


def _key_pragma(key: bytes) -> str:
    # The raw-key form: SQLCipher uses these 32 bytes as the encryption key with no KDF.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _open_keyed(
    path: Path, key: bytes, *, existing: bool, busy_timeout_s: float
) -> tuple[Any, int, int]:
    """Connect and prove the key; return the connection, its user_version and table count.

    An existing file that the current settings cannot read is tried once more with
    :data:`LEGACY_CIPHER_SETTINGS`; if that fails too, the second error is raised (a wrong
    key gives ``WRONG_KEY`` either way). Reading never changes the file.
    """
    conn = _connect(
        path, key, create=not existing, busy_timeout_s=busy_timeout_s, settings=CIPHER_SETTINGS
    )
    try:
        return conn, *_read_header(conn, path)
    except StoreError as exc:
        conn.close()
        if not existing or exc.code is not StoreErrorCode.WRONG_KEY:
            raise
    except BaseException:
        conn.close()
        raise
    conn = _connect(
        path, key, create=False, busy_timeout_s=busy_timeout_s, settings=LEGACY_CIPHER_SETTINGS
    )
    try:
        version, tables = _read_header(conn, path)
    except BaseException:
        conn.close()
        raise
    _log.info("store %s uses the legacy cipher settings (HMAC-SHA512 pages)", path)
    return conn, version, tables


def _check_file_shape(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that cannot be a SQLCipher database."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_PLAIN_SQLITE_MAGIC))
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(
            StoreErrorCode.IO_ERROR, f"cannot read {path}: {exc.strerror}", {"path": str(path)}
        ) from exc
    if head == _PLAIN_SQLITE_MAGIC:
        raise StoreError(
            StoreErrorCode.WRONG_KEY,
            f"{path} is a plain (unencrypted) SQLite file, not a pixdesk store",
            {"path": str(path)},
        )
    if size % _MIN_PAGE:
        raise StoreError(
            StoreErrorCode.NOT_A_DATABASE,
            f"{path} is not a database (size {size} is not a whole number of pages; "
            "truncated or overwritten)",
            {"path": str(path), "size": size},
        )


def _connect(
    path: Path, key: bytes, *, create: bool, busy_timeout_s: float, settings: Sequence[str]
) -> Any:
    # mode=rw never creates a file, so a path that vanished between the checks and here
    # fails instead of silently becoming a new empty database.
    uri = f"{path.as_uri()}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlcipher3.connect(
            uri,
            uri=True,
            isolation_level=None,
            timeout=busy_timeout_s,
            # The single database worker owns the connection; it may be created elsewhere.
            check_same_thread=False,
        )
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc, path) from exc
    try:
        # Refuse to go on if this driver is not really SQLCipher: we would write in clear.
        if not conn.execute("PRAGMA cipher_version").fetchone():
            raise RuntimeError("sqlcipher3 is not linked against SQLCipher")
        conn.execute(_key_pragma(key))
        # SQLCipher does not record its settings in the file: every connection to a pixdesk
        # database (backups included) must use the same ones, after the key and before the
        # first read.
        for sql in settings:
            conn.execute(sql)
    except sqlcipher3.Error as exc:
        conn.close()
        raise from_sqlite(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _read_header(conn: Any, path: Path) -> tuple[int, int]:
    """Prove the key by reading the schema, then return (user_version, table count)."""
    try:
        (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc, path) from exc
    return int(version), int(tables)


def _set_pragmas(conn: Any, path: Path) -> None:
    try:
        (mode,) = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL in WAL mode: the WAL is fsynced at every commit, so a returned commit survives
        # a power cut (NORMAL would only protect against a process crash).
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc, path) from exc
    if str(mode).lower() != "wal":
        # Still durable (rollback journal + FULL), only slower; e.g. some network shares.
        _log.warning("WAL unavailable for %s, journal mode is %s", path, mode)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    # A rename is durable only once the directory entry is; Windows has no directory fsync.
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
