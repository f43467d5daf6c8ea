"""A learner station keeps its pinned consoles in its encrypted store, not in a plain file.

Real stores on disk, a real hub on loopback: an older station's ``console-pins.json`` is
imported once (then deleted) and still protects the session it pinned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.keys import public_key_bytes
from pixdesk.lab.codes import LinkProblem
from pixdesk.lab.pins import FilePinStore, PinnedConsole
from pixdesk.services.station_pins import StorePinStore, import_pin_file, open_pin_store
from pixdesk.services.station_runtime import PINS_FILE
from pixdesk.services.station_store import StationStore
from pixdesk.store.errors import StoreError
from pixdesk.store.migrations import MIGRATIONS
from pixdesk.store.pins_schema import PIN_TABLES
from tests.fakes import FakeClock
from tests.lab.harness import SESSION, open_store
from tests.services.station_room import ConsoleSide, lea_form, open_station


def a_pin(number: str = SESSION) -> PinnedConsole:
    key = public_key_bytes(Ed25519PrivateKey.generate().public_key())
    return PinnedConsole(number, key, "ab" * 32)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StationStore]:
    opened = open_store(tmp_path / "station")
    yield opened
    opened.close()


def test_pins_are_a_numbered_migration_of_the_store() -> None:
    assert PIN_TABLES in MIGRATIONS


def test_a_pin_is_kept_in_the_store_and_the_first_one_wins(tmp_path: Path, store) -> None:
    pins = StorePinStore(store.db.conn, FakeClock())
    first, other = a_pin(), a_pin()
    assert pins.get(SESSION) is None

    pins.put(first)
    pins.put(other)  # a session already pinned keeps its pin

    assert pins.get(SESSION) == first
    again = open_store(tmp_path / "station")  # another connection, as after a restart
    try:
        assert StorePinStore(again.db.conn).get(SESSION) == first
        (stamp,) = again.db.conn.execute("SELECT pinned_at FROM console_pins").fetchone()
        assert stamp == "2026-11-30T08:00:00.000000Z"
    finally:
        again.close()
    # Nothing in clear on disk: no pin file, and the key is not readable in any file.
    assert not list((tmp_path / "station").glob("*pins*.json"))
    for path in (tmp_path / "station").rglob("*"):
        assert not path.is_file() or first.session_key not in path.read_bytes(), path


def test_a_pin_file_is_imported_once_then_deleted(tmp_path: Path, store) -> None:
    legacy = tmp_path / "station" / PINS_FILE
    old, second = a_pin(), a_pin("654321")
    FilePinStore(legacy).put(old)
    FilePinStore(legacy).put(second)
    entries = json.loads(legacy.read_text())
    entries["777"] = {"session_key": "not base64!", "tls_sha256": "ab" * 32}  # skipped
    legacy.write_text(json.dumps(entries))
    pins = StorePinStore(store.db.conn)
    pins.put(a_pin("654321"))  # already pinned in the store: the store's pin stays
    kept = pins.get("654321")

    assert import_pin_file(pins, legacy) == 1
    assert not legacy.exists()
    assert pins.get(SESSION) == old
    assert pins.get("654321") == kept
    assert pins.get("777") is None
    assert import_pin_file(pins, legacy) == 0  # once


def test_a_failed_import_keeps_the_file_for_the_next_start(tmp_path: Path) -> None:
    legacy = tmp_path / PINS_FILE
    FilePinStore(legacy).put(a_pin())
    broken = open_store(tmp_path / "station")
    broken.close()  # a closed connection: every write fails

    with pytest.raises(StoreError):
        import_pin_file(StorePinStore(broken.db.conn), legacy)
    open_pin_store(broken.db.conn, legacy)  # logged, not raised: the station still opens

    assert FilePinStore(legacy).entries() != ()


def test_a_station_imports_its_old_pins_and_they_still_refuse_another_console(
    tmp_path: Path,
) -> None:
    """The pin of an older version (a file) still protects the session after the upgrade."""
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    directory = tmp_path / "station"
    directory.mkdir()
    legacy = directory / PINS_FILE
    FilePinStore(legacy).put(a_pin())  # the session pinned to another console's keys
    station = open_station(directory, clock, address=address)
    try:
        assert not legacy.exists()
        outcome = station.connect(SESSION, None)
        assert not outcome.connected
        assert outcome.problem is LinkProblem.PIN_MISMATCH
    finally:
        station.close()
        console.close()


def test_a_station_pins_its_console_in_the_store_at_the_first_join(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    directory = tmp_path / "station"
    station = open_station(directory, clock, address=address)
    try:
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).matched
    finally:
        station.close()
        console.close()
    reopened = open_store(directory)
    try:
        pin = StorePinStore(reopened.db.conn).get(SESSION)
        assert pin is not None
        assert pin.session_key == public_key_bytes(console.console.session_key.public_key())
        assert pin.tls_sha256 == console.console.tls.sha256
    finally:
        reopened.close()
    assert not (directory / PINS_FILE).exists()
