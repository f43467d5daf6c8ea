"""Sample sessions with real (publicly derived) keys, a platform key, and helpers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair, derive_test_platform_key
from pixdesk.bundle.sample import SampleKeys, sample_keys, sample_session

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CREATED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def platform() -> PlatformKeyPair:
    return derive_test_platform_key("pixdesk tests/platform")


@pytest.fixture(scope="session")
def keys() -> SampleKeys:
    return sample_keys("pixdesk tests", 3)


@pytest.fixture(scope="session")
def session(keys: SampleKeys) -> tuple[BundleContents, Signers]:
    """Three stations, three candidates, eight answers each, center trust."""
    return sample_session(keys, start=START, answers=8)


@pytest.fixture(scope="session")
def tiny(keys: SampleKeys) -> tuple[BundleContents, Signers]:
    """One station, two answers, countersigned: the bundle whose every byte is flipped."""
    small = replace(keys, stations=keys.stations[:1])
    return sample_session(small, start=START, answers=2, countersign=True)
