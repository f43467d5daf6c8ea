"""Real bundles, real keys, a real receiver on loopback, a real encrypted store."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair, derive_test_platform_key
from pixdesk.bundle.sample import SampleKeys, sample_keys, sample_session
from pixdesk.bundle.writer import build_bundle
from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.sync.receiver.server import RunningReceiver, receiver_in_thread
from pixdesk.sync.receiver.settings import ReceiverSettings
from tests.fakes import FakeClock

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CREATED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
RECEIVED = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def platform() -> PlatformKeyPair:
    return derive_test_platform_key("pixdesk sync tests/platform")


@pytest.fixture(scope="session")
def other_platform() -> PlatformKeyPair:
    return derive_test_platform_key("pixdesk sync tests/another platform")


@pytest.fixture(scope="session")
def keys() -> SampleKeys:
    return sample_keys("pixdesk sync tests", 3)


@pytest.fixture(scope="session")
def session(keys: SampleKeys) -> tuple[BundleContents, Signers]:
    """Three stations, three candidates, eight answers each, center trust."""
    return sample_session(keys, start=START, answers=8)


@pytest.fixture(scope="session")
def sealed(session: tuple[BundleContents, Signers], platform: PlatformKeyPair) -> bytes:
    """A sealed bundle of ``session`` for ``platform`` (about 29 KB)."""
    contents, signers = session
    return build_bundle(contents, signers, platform.public(), created=CREATED)


def seal_again(
    session: tuple[BundleContents, Signers], platform: PlatformKeyPair, **changes: Any
) -> bytes:
    """Seal the session again (a new ephemeral key: other bytes, same content)."""
    contents, signers = session
    return build_bundle(replace(contents, **changes), signers, platform.public(), created=CREATED)


def receiver_settings(
    directory: Path, platform: PlatformKeyPair, **bounds: Any
) -> ReceiverSettings:
    """Small chunks so that a 29 KB bundle takes several; a fixed receipt time."""
    values: dict[str, Any] = {"min_chunk": 1024, "max_chunk": 8192, "now": lambda: RECEIVED}
    values.update(bounds)
    return ReceiverSettings(directory, platform, **values)


StartReceiver = Callable[..., AbstractContextManager[RunningReceiver]]


@pytest.fixture
def start_receiver(tmp_path: Path, platform: PlatformKeyPair) -> StartReceiver:
    """Start a receiver on a free loopback port: ``with start_receiver(**bounds) as r: …``."""
    count = 0

    def start(**bounds: Any) -> AbstractContextManager[RunningReceiver]:
        nonlocal count
        count += 1
        key = bounds.pop("platform", platform)
        directory = bounds.pop("data_dir", tmp_path / f"receiver-{count}")
        return receiver_in_thread(receiver_settings(directory, key, **bounds))

    return start


@pytest.fixture
def receiver(start_receiver: StartReceiver) -> Iterator[RunningReceiver]:
    with start_receiver() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StationStore]:
    """This PC's store, opened as the application opens it."""
    directory = tmp_path / "station"
    directory.mkdir()
    opened = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    yield opened
    opened.close()


def reopen(store: StationStore) -> StationStore:
    """Open the same data directory again (after ``store.close()``)."""
    directory = store.data_dir
    return open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))


@pytest.fixture
def sync_rng() -> random.Random:
    return random.Random(7)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 30, 18, 0, tzinfo=UTC))
