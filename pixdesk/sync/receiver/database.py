"""The receiver's embedded database (stdlib ``sqlite3``): accepted bundles, results, flags.

Three tables, migrated with ``PRAGMA user_version`` like the client's store (one transaction
per step, a newer file refused). A delivery is written in ONE transaction: the bundle's row,
one row per candidate, one per flag; a refused or incomplete upload writes nothing here.
The sealed file itself is kept beside it, in ``bundles/<bundle_id>.pixbundle``.

The platform's database is not a lab PC's: it is not encrypted here (the bundles are sealed,
and a platform runs on a server it controls); a deployment that needs more puts it on an
encrypted volume or moves to PostgreSQL (DESIGN.md §7).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any, Final

_MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        """
        CREATE TABLE bundles (
            bundle_id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size > 0),
            received TEXT NOT NULL,
            content_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            session_number TEXT NOT NULL,
            degraded_trust INTEGER NOT NULL CHECK (degraded_trust IN (0, 1)),
            session_key_id TEXT NOT NULL,
            center_key_id TEXT,
            file TEXT NOT NULL,
            receipt TEXT NOT NULL,
            duplicate_of TEXT REFERENCES bundles (bundle_id)
        )
        """,
        "CREATE INDEX bundles_content ON bundles (content_id)",
        """
        CREATE TABLE results (
            bundle_id TEXT NOT NULL REFERENCES bundles (bundle_id),
            candidate_id TEXT NOT NULL,
            rescored TEXT NOT NULL CHECK (rescored IN ('full', 'counts', 'none')),
            gap TEXT,
            client TEXT,
            platform TEXT,
            PRIMARY KEY (bundle_id, candidate_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE flags (
            bundle_id TEXT NOT NULL REFERENCES bundles (bundle_id),
            candidate_id TEXT NOT NULL,
            field TEXT NOT NULL,
            client TEXT,
            platform TEXT,
            detail TEXT NOT NULL,
            PRIMARY KEY (bundle_id, candidate_id, field)
        ) WITHOUT ROWID
        """,
    ),
)
SCHEMA_VERSION: Final = len(_MIGRATIONS)


class ReceiverDatabaseError(Exception):
    """The database cannot be used (newer schema, unreadable file)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """An accepted bundle's row."""

    bundle_id: str
    sha256: str
    size: int
    received: str
    content_id: str
    session_id: str
    session_number: str
    degraded_trust: bool
    session_key_id: str
    center_key_id: str | None
    file: str
    receipt: str
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One candidate of an accepted bundle: the client's and the platform's results (JSON)."""

    candidate_id: str
    rescored: str
    gap: str | None
    client: str | None
    platform: str | None


@dataclass(frozen=True, slots=True)
class FlagRow:
    """One difference found when re-scoring."""

    candidate_id: str
    field: str
    client: str | None
    platform: str | None
    detail: str


class ReceiverDatabase:
    """The receiver's database; safe to call from several threads (one lock, one connection)."""

    def __init__(self, path: Path) -> None:
        """Open (creating and migrating) the database at ``path``.

        Raises:
            ReceiverDatabaseError: the file is from a newer receiver, or not a database.
        """
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(path)
        except sqlite3.Error as exc:
            raise ReceiverDatabaseError(f"{path}: {exc}") from exc

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def delivery(self, bundle_id: str) -> Delivery | None:
        """Return an accepted bundle by its upload id."""
        with self._lock:
            row = self._conn.execute(
                "SELECT bundle_id, sha256, size, received, content_id, session_id,"
                " session_number, degraded_trust, session_key_id, center_key_id, file, receipt,"
                " duplicate_of FROM bundles WHERE bundle_id = ?",
                (bundle_id,),
            ).fetchone()
        if row is None:
            return None
        values = list(row)
        values[7] = bool(values[7])
        return Delivery(*values)

    def first_with_content(self, content_id: str) -> str | None:
        """Return the first accepted bundle with this manifest id (a re-export of a session)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT bundle_id FROM bundles WHERE content_id = ? AND duplicate_of IS NULL",
                (content_id,),
            ).fetchone()
        return None if row is None else str(row[0])

    def store(
        self, delivery: Delivery, results: Sequence[ResultRow], flags: Sequence[FlagRow]
    ) -> None:
        """Write a delivery, its results and its flags in one transaction.

        Raises:
            sqlite3.IntegrityError: the bundle id is already stored.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                # The dataclasses' fields are in the tables' column order.
                self._conn.execute(
                    "INSERT INTO bundles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    astuple(delivery),
                )
                self._conn.executemany(
                    "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?)",
                    [(delivery.bundle_id, *astuple(row)) for row in results],
                )
                self._conn.executemany(
                    "INSERT INTO flags VALUES (?, ?, ?, ?, ?, ?)",
                    [(delivery.bundle_id, *astuple(row)) for row in flags],
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def results(self, bundle_id: str) -> tuple[ResultRow, ...]:
        """Return the candidates of an accepted bundle, by id."""
        return tuple(
            ResultRow(*row)
            for row in self._query(
                "SELECT candidate_id, rescored, gap, client, platform FROM results"
                " WHERE bundle_id = ? ORDER BY candidate_id",
                (bundle_id,),
            )
        )

    def flags(self, bundle_id: str) -> tuple[FlagRow, ...]:
        """Return the flags of an accepted bundle."""
        return tuple(
            FlagRow(*row)
            for row in self._query(
                "SELECT candidate_id, field, client, platform, detail FROM flags"
                " WHERE bundle_id = ? ORDER BY candidate_id, field",
                (bundle_id,),
            )
        )

    def counts(self) -> dict[str, int]:
        """Return the number of rows of each table (health, tests)."""
        return {
            table: int(self._query(f"SELECT count(*) FROM {table}", ())[0][0])  # noqa: S608
            for table in ("bundles", "results", "flags")
        }

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _migrate(self, path: Path) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = self._conn.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise ReceiverDatabaseError(
                    f"{path}: schema version {version} is newer than this receiver's"
                    f" ({SCHEMA_VERSION})"
                )
            for step in _MIGRATIONS[version:]:
                for sql in step:
                    self._conn.execute(sql)
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
