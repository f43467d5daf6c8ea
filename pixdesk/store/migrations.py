"""Numbered schema migrations; the schema version lives in ``PRAGMA user_version``.

``MIGRATIONS[v]`` takes a database from version ``v`` to ``v + 1``; a fresh file is version
0 and the current version is ``len(MIGRATIONS)``. Every pending step runs in ONE transaction
with the new ``user_version``, so a crash or a failing step leaves the database exactly at its
old version (the caller has also taken a backup first, see ``database.open_database``).

A step is either a tuple of single SQL statements or a function of the raw connection. Steps
must not commit, and must not use ``executescript`` (it commits). Never edit a released step:
add a new one. The projection tables are the exception to "frozen SQL": they are rebuilt from
the journal, so a step that changes them simply calls ``projections.rebuild``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from pixdesk.store import projections
from pixdesk.store.errors import StoreError, StoreErrorCode, from_sqlite
from pixdesk.store.outbox_schema import OUTBOX_TABLES
from pixdesk.store.pins_schema import PIN_TABLES
from pixdesk.store.referent_schema import REFERENT_TABLES

Migration = Callable[[Any], None] | tuple[str, ...]

_V1_JOURNAL: tuple[str, ...] = (
    # The journal of this station and the replicas of the others, keyed by (station_id, seq).
    # WITHOUT ROWID: the key is the only B-tree, so an append changes one page of this table
    # instead of two (each page written costs an encryption and an HMAC).
    # ``local_order`` is the order in which this database applied its events; rebuilding the
    # projections replays them in that order, so a rebuild reproduces the incremental result.
    """
    CREATE TABLE events (
        station_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        mono_ns INTEGER NOT NULL,
        wall_time TEXT NOT NULL,
        type TEXT NOT NULL,
        body BLOB NOT NULL,
        signature BLOB NOT NULL,
        local_order INTEGER NOT NULL,
        PRIMARY KEY (station_id, seq)
    ) WITHOUT ROWID
    """,
    # Append-only: guards against a bug, not an attacker (who is caught by verify()).
    """
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END
    """,
    """
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END
    """,
    # The last event of every station's chain, written in the same transaction as the events;
    # it lets verify() notice a deleted tail and replicas acknowledge what they hold.
    # ``last_order`` is that event's local_order: max(last_order) is the next order to use,
    # read from this small table instead of scanning the journal.
    """
    CREATE TABLE chain_heads (
        station_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        last_order INTEGER NOT NULL
    ) WITHOUT ROWID
    """,
)


def _v1(conn: Any) -> None:
    for sql in _V1_JOURNAL:
        conn.execute(sql)
    projections.create_tables(conn)


MIGRATIONS: tuple[Migration, ...] = (
    _v1,
    REFERENT_TABLES,  # roster learners, imports log, planned sessions, enrolments
    OUTBOX_TABLES,  # sync outbox: sealed bundles on their way to the platform, receipts
    PIN_TABLES,  # consoles a learner station pinned in degraded mode (was console-pins.json)
)
SCHEMA_VERSION = len(MIGRATIONS)


def apply_migrations(conn: Any, migrations: Sequence[Migration], *, path: Path) -> int:
    """Bring the database to version ``len(migrations)`` in one transaction.

    Args:
        conn: A keyed sqlcipher3 connection with ``isolation_level=None``.
        migrations: The steps, ``migrations[v]`` going from version ``v`` to ``v + 1``.
        path: The database file, for messages.

    Returns:
        The version the database was at before (read under the write lock).

    Raises:
        StoreError: ``TOO_NEW`` if another process moved the database past this code,
            ``MIGRATION_FAILED`` if a step fails, or the mapped SQLite error.
    """
    target = len(migrations)
    try:
        # IMMEDIATE takes the write lock before reading the version, so two processes
        # opening the same file at once cannot both run the same step.
        conn.execute("BEGIN IMMEDIATE")
        try:
            (current,) = conn.execute("PRAGMA user_version").fetchone()
            if current > target:
                raise StoreError(
                    StoreErrorCode.TOO_NEW,
                    f"database schema version {current} is newer than this pixdesk supports "
                    f"(version {target})",
                    {"path": str(path), "found": current, "supported": target},
                )
            for version in range(current, target):
                _run_step(conn, migrations[version], version, path)
            # An integer literal: PRAGMA takes no bound parameters.
            conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc, path) from exc
    return int(current)


def _run_step(conn: Any, step: Migration, version: int, path: Path) -> None:
    try:
        if isinstance(step, tuple):
            for sql in step:
                conn.execute(sql)
        else:
            step(conn)
    except sqlcipher3.Error as exc:
        mapped = from_sqlite(exc, path)
        if mapped.code in (StoreErrorCode.DISK_FULL, StoreErrorCode.LOCKED):
            raise mapped from exc
        raise StoreError(
            StoreErrorCode.MIGRATION_FAILED,
            f"migration {version} -> {version + 1} failed ({path}): {exc}",
            {"path": str(path), "from": version, "to": version + 1},
        ) from exc
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(
            StoreErrorCode.MIGRATION_FAILED,
            f"migration {version} -> {version + 1} failed ({path}): {exc!r}",
            {"path": str(path), "from": version, "to": version + 1},
        ) from exc
