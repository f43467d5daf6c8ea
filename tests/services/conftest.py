"""Fixtures for the service tests: a real encrypted station store in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import StationStore, open_station_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StationStore]:
    """This PC's store, opened as the application opens it, in a fresh data directory."""
    directory = tmp_path / "station"
    directory.mkdir()
    opened = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    yield opened
    opened.close()
