"""Referent mode against the real services, on a real encrypted store in tmp_path."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keystore import Keystore
from pixdesk.i18n import set_language
from pixdesk.services.referent import ReferentServices, build_referent_services
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.tasks import TaskRunner
from tests.fakes import FakeClock

DATA = Path(__file__).parents[2] / "data"
SAMPLE = DATA / "siecle" / "ElevesSansAdresses-sample.xml"
SAMPLE_UAI = "0781234A"
# Argon2id costs small enough for tests; production keeps the RFC 9106 defaults.
CHEAP_ARGON2 = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
WAIT_MS = 15_000  # a bound, not a pace: a loaded CI machine can be slow


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StationStore]:
    directory = tmp_path / "station"
    directory.mkdir()
    opened = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    yield opened
    opened.close()


@pytest.fixture
def services(store: StationStore, clock: FakeClock, rng: random.Random) -> ReferentServices:
    return build_referent_services(store, clock=clock, rng=rng, password_params=CHEAP_ARGON2)


@pytest.fixture
def school(services: ReferentServices) -> SchoolSettings:
    """The school, as entered once by the referent."""
    return services.settings.save(SchoolSettings(SAMPLE_UAI, "Lycée Ada Lovelace"))


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    # Let queued work finish and its results arrive before the widgets are destroyed.
    tasks.shutdown(wait=True)
    QApplication.processEvents()


@pytest.fixture
def crashes() -> list[str]:
    return []


@pytest.fixture
def language() -> str:
    """The interface language (tests parametrize it to run in English too)."""
    return "fr"


@pytest.fixture
def window(
    qtbot, services: ReferentServices, runner: TaskRunner, crashes: list[str], language: str
) -> Iterator[ReferentWindow]:
    """The referent window, shown, its pages loaded; any crash dialog fails the test."""
    set_language(language)
    shown = ReferentWindow(services, runner, version="test")
    qtbot.addWidget(shown)
    shown.reporter.crash_reported.connect(crashes.append)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignals(
        [shown.roster_page.roster_loaded, shown.sessions_page.sessions_loaded], timeout=WAIT_MS
    ):
        shown.start()
    yield shown
    assert crashes == []
