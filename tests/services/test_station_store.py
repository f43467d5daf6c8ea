"""Opening a station's store from its data directory: keys from the keystore, never regenerated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pixdesk.crypto.keystore import Keystore, KeystoreError, KeystoreErrorCode
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.store.helpers import answer


def _append_answers(data_dir: Path, clock: FakeClock, count: int, first: int = 1) -> list[int]:
    store = open_station_store(data_dir, keystore=Keystore(data_dir, use_os_keyring=False))
    try:
        seqs = []
        for i in range(count):
            event = store.journal.append(
                EventType.ANSWER_SAVED,
                answer("cand-1", first + i),
                mono_ns=clock.monotonic_ns(),
                wall_time=clock.now(),
            )
            seqs.append(event.seq)
        return seqs
    finally:
        store.close()


def test_answers_survive_closing_and_reopening(tmp_path: Path, clock: FakeClock) -> None:
    first = _append_answers(tmp_path, clock, 3)
    again = _append_answers(tmp_path, clock, 2, first=4)
    assert first == [1, 2, 3]
    assert again == [4, 5]
    store = open_station_store(tmp_path, keystore=Keystore(tmp_path, use_os_keyring=False))
    try:
        assert store.journal.verify().ok
        assert store.db["answers"].count == 5
    finally:
        store.close()


def test_station_id_and_fingerprint_are_stable(tmp_path: Path) -> None:
    ids = []
    for _ in range(2):
        store = open_station_store(tmp_path, keystore=Keystore(tmp_path, use_os_keyring=False))
        ids.append((store.station_id, store.fingerprint))
        store.close()
    assert ids[0] == ids[1]
    assert len(ids[0][0]) == 16
    assert len(ids[0][1]) == 19  # XXXX-XXXX-XXXX-XXXX


def test_the_database_file_is_not_plain_sqlite(tmp_path: Path, clock: FakeClock) -> None:
    _append_answers(tmp_path, clock, 1)
    conn = sqlite3.connect(tmp_path / "pixdesk.db")
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_lost_keystore_is_an_error_not_a_new_empty_store(tmp_path: Path, clock: FakeClock) -> None:
    """A database whose keys are gone must not be replaced by a fresh, empty one."""
    _append_answers(tmp_path, clock, 2)
    (tmp_path / "keystore.json").unlink()
    before = (tmp_path / "pixdesk.db").read_bytes()
    with pytest.raises(KeystoreError) as error:
        open_station_store(tmp_path, keystore=Keystore(tmp_path, use_os_keyring=False))
    assert error.value.code is KeystoreErrorCode.KEYSTORE_MISSING
    assert (tmp_path / "pixdesk.db").read_bytes() == before
    assert not (tmp_path / "keystore.json").exists()
