"""The "Envoi" page against a real store, real bundles and a real receiver on loopback."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pixdesk.bundle.platform_key import PlatformKeyPair, derive_test_platform_key
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.i18n import set_language
from pixdesk.services.config import MachineConfig
from pixdesk.services.referent import build_referent_services
from pixdesk.services.referent_sync import ReferentSync, build_referent_sync
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.services.sync_values import OutboxState
from pixdesk.sync.receiver.server import RunningReceiver, receiver_in_thread
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.referent.sync_model import BundleState, Column
from pixdesk.ui.referent.sync_page import SyncPage
from pixdesk.ui.tasks import TaskRunner
from tests.bundle.console_store import NUMBER, make_console_store
from tests.fakes import FakeClock
from tests.sync.conftest import receiver_settings
from tests.ui.a11y import assert_accessible
from tests.ui.referent.conftest import CHEAP_ARGON2

WAIT_MS = 15000


@pytest.fixture(scope="module")
def platform() -> PlatformKeyPair:
    return derive_test_platform_key("pixdesk referent sync page tests/platform")


@pytest.fixture
def console(tmp_path: Path) -> Iterator[StationStore]:
    """This PC's store, holding a finalised session (1042) played by two stations."""
    directory = tmp_path / "console"
    make_console_store(directory)
    opened = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    yield opened
    opened.close()


@pytest.fixture
def receiver(tmp_path: Path, platform: PlatformKeyPair) -> Iterator[RunningReceiver]:
    with receiver_in_thread(receiver_settings(tmp_path / "receiver", platform)) as running:
        yield running


def closed_port_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: connection refused
    return f"http://127.0.0.1:{port}"


def make_window(
    qtbot,
    console: StationStore,
    platform: PlatformKeyPair,
    runner: TaskRunner,
    url: str | None,
) -> ReferentWindow:
    clock, rng = FakeClock(), random.Random(5)
    config = MachineConfig(
        platform_url=url,
        platform_public_key=b64u_encode(platform.public().sign_key.public_bytes_raw())
        if url
        else None,
    )
    signing_key = Keystore(console.data_dir, use_os_keyring=False).station_key(create=False)
    sync: ReferentSync = build_referent_sync(console, config, signing_key, clock=clock, rng=rng)
    services = build_referent_services(console, clock=clock, rng=rng, password_params=CHEAP_ARGON2)
    window = ReferentWindow(services, runner, version="test", sync=sync)
    qtbot.addWidget(window)
    crashes: list[str] = []
    window.reporter.crash_reported.connect(crashes.append)
    window.show()
    qtbot.waitExposed(window)
    page = window.sync_page
    assert page is not None
    with qtbot.waitSignal(page.sessions_loaded, timeout=WAIT_MS):
        window.start()
    window.show_page(2)
    return window


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait=True)
    QApplication.processEvents()


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("fr")


def page_of(window: ReferentWindow) -> SyncPage:
    assert window.sync_page is not None
    return window.sync_page


def adopt_key(qtbot, page: SyncPage, platform: PlatformKeyPair, tmp_path: Path) -> None:
    key_file = tmp_path / "platform.pub"
    key_file.write_bytes(platform.public().to_file())
    page.ask_key_file = lambda _caption: key_file
    with qtbot.waitSignal(page.platform_key_adopted, timeout=WAIT_MS):
        page.key_button.click()


def export(qtbot, page: SyncPage, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    page.ask_folder = lambda _caption: folder
    with qtbot.waitSignal(page.bundle_exported, timeout=WAIT_MS):
        page.export_button.click()


def state(page: SyncPage) -> BundleState:
    return page.model.row(0).state


def test_export_delivers_and_prints_the_receipt(
    qtbot, tmp_path, console, platform, receiver, runner
) -> None:
    window = make_window(qtbot, console, platform, runner, receiver.url)
    page = page_of(window)
    assert window.tabs.currentWidget() is page  # Ctrl+3's page
    assert page.model.row(0).number == NUMBER
    assert state(page) is BundleState.NOT_EXPORTED
    # The first automatic run may still be going ("envoi en cours…") right after opening.
    qtbot.waitUntil(lambda: "automatique" in page.platform_label.text(), timeout=WAIT_MS)
    assert "Clé de plateforme absente" in page.platform_label.text()

    adopt_key(qtbot, page, platform, tmp_path)
    usb = tmp_path / "usb"
    export(qtbot, page, usb)
    (written,) = usb.glob("*.pixbundle")  # atomically: no temp file left beside it
    assert list(usb.iterdir()) == [written]

    qtbot.waitUntil(lambda: state(page) is BundleState.DELIVERED, timeout=WAIT_MS)
    assert page.model.text(0, Column.STATE) == "Remis, reçu de la plateforme"
    assert page.model.text(0, Column.DETAIL).startswith("Reçu du ")
    assert "Remis" in page.selection_label.text()
    assert page.receipt_button.isEnabled()

    receipts = tmp_path / "receipts"
    receipts.mkdir()
    page.ask_folder = lambda _caption: receipts
    opened: list[Path] = []
    page.open_file = opened.append
    with qtbot.waitSignal(page.receipt_printed, timeout=WAIT_MS) as printed:
        page.receipt_button.click()
    pdf = printed.args[0]
    assert pdf.parent == receipts
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Reçu enregistré" in page.banner.text
    page.banner.action_button.click()  # "Ouvrir le reçu"
    assert opened == [pdf]


def test_receiver_down_says_why_and_retries(qtbot, tmp_path, console, platform, runner) -> None:
    window = make_window(qtbot, console, platform, runner, closed_port_url())
    page = page_of(window)
    adopt_key(qtbot, page, platform, tmp_path)
    export(qtbot, page, tmp_path / "usb")

    def refused() -> bool:
        item = page.model.row(0).item
        return (
            item is not None
            and item.state is OutboxState.QUEUED
            and item.problem is not None
            and not page._controller.running
        )

    qtbot.waitUntil(refused, timeout=WAIT_MS)
    assert state(page) is BundleState.QUEUED
    detail = page.model.text(0, Column.DETAIL)
    assert "Plateforme injoignable" in detail
    assert "Prochain essai" in detail
    # "Envoyer maintenant" tries again at once, and says why again.
    with qtbot.waitSignal(window.sync_controller.run_finished, timeout=WAIT_MS):
        page.send_button.click()
    qtbot.waitUntil(lambda: page.model.row(0).item.attempts == 2 and refused(), timeout=WAIT_MS)
    assert "injoignable" in page.model.text(0, Column.DETAIL)


def test_without_platform_nothing_is_sent_and_the_page_says_so(
    qtbot, tmp_path, console, platform, runner
) -> None:
    window = make_window(qtbot, console, platform, runner, None)
    page = page_of(window)
    assert window.sync_controller is not None
    assert not window.sync_controller.timer.isActive()
    assert page.platform_label.text().startswith("Aucune plateforme configurée")
    assert not page.send_button.isEnabled()
    adopt_key(qtbot, page, platform, tmp_path)
    export(qtbot, page, tmp_path / "usb")
    qtbot.waitUntil(lambda: state(page) is BundleState.QUEUED, timeout=WAIT_MS)
    assert "Aucune plateforme configurée" in page.model.text(0, Column.DETAIL)


def test_export_without_key_is_refused_in_words(qtbot, tmp_path, console, platform, runner):
    window = make_window(qtbot, console, platform, runner, None)
    page = page_of(window)
    page.export_button.click()
    assert "Aucune clé de plateforme" in page.banner.text
    assert not list(tmp_path.glob("**/*.pixbundle"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sync_page_is_accessible(qtbot, tmp_path, console, platform, runner, language) -> None:
    set_language(language)
    window = make_window(qtbot, console, platform, runner, None)
    page = page_of(window)
    if language == "en":
        assert page.export_button.text() == "&Export the bundle…"
    assert_accessible(page)
