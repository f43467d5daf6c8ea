"""Opening the encrypted store: keys, refusals, migrations, backups, environment errors."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from pixdesk.store.database import open_database
from pixdesk.store.errors import StoreError, StoreErrorCode
from pixdesk.store.event_types import EventType
from pixdesk.store.journal import Journal
from pixdesk.store.migrations import MIGRATIONS, SCHEMA_VERSION, apply_migrations
from tests.store.helpers import Clock, answer, append_answers, file_digest

MARKER = "MARQUEUR-SECRET-4242"


def _filled_store(path: Path, key: bytes, signer: Ed25519PrivateKey, answers: int = 40) -> None:
    """Create a store holding ``answers`` answers (one carrying MARKER), then close it."""
    db = open_database(path, key)
    try:
        journal = Journal(db, "learner-1", signer)
        body = answer("cand-1", 0) | {"value": MARKER}
        journal.append(EventType.ANSWER_SAVED, body, **Clock().tick())
        append_answers(journal, answers - 1, candidate="cand-2")
    finally:
        db.close()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _refused(path: Path, key: bytes, code: StoreErrorCode, **kwargs: object) -> StoreError:
    """Open ``path``, expect ``code``, and check the file and its directory are untouched."""
    before = file_digest(path)
    siblings = _siblings(path)
    with pytest.raises(StoreError) as caught:
        open_database(path, key, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code is code, caught.value
    assert file_digest(path) == before
    assert _siblings(path) == siblings
    return caught.value


def test_new_store_has_durable_pragmas(db: Database) -> None:
    conn = db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"events", "chain_heads", "answers", "candidates"} <= set(db.table_names())


def test_copied_file_is_unreadable_without_the_key(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey, rng: random.Random
) -> None:
    original = tmp_path / "store.db"
    _filled_store(original, db_key, station_key)
    stolen_dir = tmp_path / "usb"
    stolen_dir.mkdir()
    stolen = stolen_dir / "copy.db"
    shutil.copy(original, stolen)

    raw = stolen.read_bytes()
    assert MARKER.encode() not in raw
    assert b"answer.saved" not in raw
    assert not raw.startswith(b"SQLite format 3")

    plain = sqlite3.connect(stolen)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()

    error = _refused(stolen, rng.randbytes(32), StoreErrorCode.WRONG_KEY)
    assert "wrong key" in str(error)
    # And the right key still opens the copy: nothing was damaged by the attempts.
    db = open_database(stolen, db_key, create=False)
    try:
        assert db.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 40
    finally:
        db.close()


def test_missing_key_is_refused(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=3)
    _refused(path, b"", StoreErrorCode.WRONG_KEY)
    _refused(path, db_key[:16], StoreErrorCode.WRONG_KEY)
    _refused(path, None, StoreErrorCode.WRONG_KEY)
    bare = sqlcipher3.connect(str(path))
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            bare.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        bare.close()


def _raw_connection(path: Path, key: bytes, *after_key: str) -> sqlcipher3.Connection:
    """A bare SQLCipher connection keyed like an outside tool would (docs/journal.md §1)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for sql in after_key:
        conn.execute(sql)
    return conn


def test_pages_carry_an_hmac_sha256(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=3)
    db = open_database(path, db_key)
    try:
        assert db.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA256"
    finally:
        db.close()
    # SQLCipher 4's defaults (HMAC-SHA512) cannot read it; the documented setting can.
    for after_key, readable in (
        ((), False),
        (("PRAGMA cipher_hmac_algorithm = HMAC_SHA256",), True),
    ):
        conn = _raw_connection(path, db_key, *after_key)
        try:
            if readable:
                assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3
            else:
                with pytest.raises(sqlcipher3.DatabaseError):
                    conn.execute("SELECT count(*) FROM events").fetchone()
        finally:
            conn.close()


def test_store_of_an_earlier_build_still_opens(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey, rng: random.Random
) -> None:
    # Earlier builds issued the cipher settings before the key, where SQLCipher ignores them:
    # their stores use SQLCipher 4's defaults throughout (HMAC-SHA512 pages).
    path = tmp_path / "store.db"
    conn = _raw_connection(path, db_key, "PRAGMA journal_mode = WAL")
    try:
        apply_migrations(conn, MIGRATIONS[:-1], path=path)
    finally:
        conn.close()
    _refused(path, rng.randbytes(32), StoreErrorCode.WRONG_KEY)

    db = open_database(path, db_key)  # migrates, after a backup
    try:
        assert db.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
        journal = Journal(db, "learner-1", station_key)
        append_answers(journal, 5)
        assert journal.verify().ok
    finally:
        db.close()
    backup = tmp_path / f"store.db.bak-v{SCHEMA_VERSION - 1}"
    for path_ in (path, backup):
        again = open_database(path_, db_key, create=False)
        try:
            assert again.conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == (
                "HMAC_SHA512"
            )
        finally:
            again.close()


def test_key_material_never_in_errors(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey, rng: random.Random
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=2)
    wrong = rng.randbytes(32)
    error = _refused(path, wrong, StoreErrorCode.WRONG_KEY)
    rendered = " ".join((str(error), repr(error), repr(dict(error.params))))
    for secret in (db_key, wrong):
        assert secret.hex() not in rendered.lower()


def test_plain_sqlite_file_is_refused(tmp_path: Path, db_key: bytes) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE x (a)")
        conn.commit()
    finally:
        conn.close()
    error = _refused(path, db_key, StoreErrorCode.WRONG_KEY)
    assert "plain" in str(error)


def test_newer_schema_is_refused_untouched(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=3)
    db = open_database(path, db_key)
    db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()

    error = _refused(path, db_key, StoreErrorCode.TOO_NEW)
    assert f"version {SCHEMA_VERSION + 1}" in str(error)
    assert f"version {SCHEMA_VERSION})" in str(error)
    assert error.params["found"] == SCHEMA_VERSION + 1
    assert error.params["supported"] == SCHEMA_VERSION
    assert not list(tmp_path.glob("*.bak-*"))


def test_fresh_store_takes_no_backup(db: Database, tmp_path: Path) -> None:
    assert not list(tmp_path.glob("*.bak-*"))


def test_migration_backs_up_first(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=5)
    newer = (*MIGRATIONS, ("CREATE TABLE later (x INTEGER)",))

    db = open_database(path, db_key, migrations=newer)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert "later" in db.table_names()
    finally:
        db.close()

    backup = tmp_path / f"store.db.bak-v{SCHEMA_VERSION}"
    assert backup.exists()
    assert not list(tmp_path.glob("*.tmp"))
    old = open_database(backup, db_key, create=False)
    try:
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "later" not in old.table_names()
        assert old.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 5
        assert Journal(old, "learner-1", station_key).verify().ok
    finally:
        old.close()


def test_failed_migration_changes_nothing(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=3)

    def broken(conn: object) -> None:
        getattr(conn, "execute")("CREATE TABLE half_done (x)")  # noqa: B009
        raise RuntimeError("step failed")

    with pytest.raises(StoreError) as caught:
        open_database(path, db_key, migrations=(*MIGRATIONS, broken))
    assert caught.value.code is StoreErrorCode.MIGRATION_FAILED
    db = open_database(path, db_key)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "half_done" not in db.table_names()
    finally:
        db.close()


@pytest.mark.parametrize(
    ("size", "code"),
    [
        (10_000, StoreErrorCode.NOT_A_DATABASE),  # not a whole number of pages
        (3, StoreErrorCode.NOT_A_DATABASE),
        # Whole pages of random bytes look exactly like a file encrypted with another key.
        (8192, StoreErrorCode.WRONG_KEY),
    ],
)
def test_random_bytes_are_refused(
    tmp_path: Path, db_key: bytes, rng: random.Random, size: int, code: StoreErrorCode
) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(rng.randbytes(size))
    _refused(path, db_key, code)


@pytest.mark.parametrize(
    ("keep", "code"),
    [
        (lambda size: size // 2 + 100, StoreErrorCode.NOT_A_DATABASE),
        (lambda size: 4096 * 2, StoreErrorCode.CORRUPT),
    ],
    ids=["mid-page", "page-boundary"],
)
def test_truncated_file_is_refused(
    tmp_path: Path,
    db_key: bytes,
    station_key: Ed25519PrivateKey,
    keep: Callable[[int], int],
    code: StoreErrorCode,
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=120)
    size = path.stat().st_size
    assert size > 4096 * 8
    with path.open("r+b") as f:
        f.truncate(keep(size))
    _refused(path, db_key, code)


def test_missing_file_is_not_created_when_told_not_to(tmp_path: Path, db_key: bytes) -> None:
    with pytest.raises(StoreError) as caught:
        open_database(tmp_path / "absent.db", db_key, create=False)
    assert caught.value.code is StoreErrorCode.NOT_FOUND
    assert not list(tmp_path.iterdir())


def test_locked_store_reports_locked(
    opener: Callable[..., Database], journal: Journal, station_key: Ed25519PrivateKey
) -> None:
    other = opener(busy_timeout_s=0.05)
    blocked = Journal(other, "learner-1", station_key)
    journal._conn.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(StoreError) as caught:
            blocked.append(EventType.ANSWER_SAVED, answer("c", 1), **Clock().tick())
    finally:
        journal._conn.execute("ROLLBACK")
    assert caught.value.code is StoreErrorCode.LOCKED
    assert blocked.head.seq == 0
    assert blocked.verify().ok


def test_disk_full_loses_nothing_acknowledged(db: Database, journal: Journal) -> None:
    acknowledged = append_answers(journal, 5)
    (pages,) = db.conn.execute("PRAGMA page_count").fetchone()
    db.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    clock = Clock()
    clock.n = 100
    failure: StoreError | None = None
    for i in range(500):
        try:
            journal.append(EventType.ANSWER_SAVED, answer("cand-9", i), **clock.tick())
        except StoreError as exc:
            failure = exc
            break
    assert failure is not None
    assert failure.code is StoreErrorCode.DISK_FULL
    stored_before_full = journal.head.seq
    assert stored_before_full >= len(acknowledged)
    assert journal.verify().ok

    db.conn.execute(f"PRAGMA max_page_count = {pages * 100}")  # space freed
    event = journal.append(EventType.ANSWER_SAVED, answer("cand-9", 999), **clock.tick())
    assert event.seq == stored_before_full + 1
    result = journal.verify()
    assert result.ok
    assert result.checked == event.seq
    exported = journal.export_after("learner-1", 0)
    assert exported[: len(acknowledged)] == acknowledged


def test_reopen_keeps_the_chain(
    tmp_path: Path, db_key: bytes, station_key: Ed25519PrivateKey
) -> None:
    path = tmp_path / "store.db"
    _filled_store(path, db_key, station_key, answers=7)
    for _ in range(2):
        db = open_database(path, db_key)
        try:
            journal = Journal(db, "learner-1", station_key)
            before = journal.head
            event = journal.append(EventType.ANSWER_SAVED, answer("c", 50), **Clock().tick())
            assert event.seq == before.seq + 1
            assert event.prev_hash == before.hash
            assert journal.verify().ok
        finally:
            db.close()
    assert not list(tmp_path.glob("*.bak-*"))
    assert os.listdir(tmp_path) == ["store.db"]
