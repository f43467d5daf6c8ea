"""A sealed bank: the start waits, calmly, for the bank's key; a refusal sent meanwhile goes
once the questions are here. Against a real hub, a real station store and a sealed copy of the
demo bank whose key the console sends sealed to the station (docs/item-banks.md §9)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.crypto.station_kem import bank_key_aad, kem_public_from_text, seal_bank_key
from pixdesk.i18n import set_language
from pixdesk.lab.commands import Command
from pixdesk.services.station_bank import SealedStationBank, seal_demo_bank
from pixdesk.services.station_config import StationConfig
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_views import LinkView, StationSnapshot
from pixdesk.store.event_types import EventType
from pixdesk.ui.learner import texts
from pixdesk.ui.learner.bridge import StationBridge
from pixdesk.ui.learner.instructions_page import InstructionsPage
from pixdesk.ui.learner.learner_window import LearnerWindow
from pixdesk.ui.tasks import TaskRunner
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import ConsoleSide, Watcher
from tests.ui.a11y import assert_accessible
from tests.ui.learner.conftest import WAIT_MS, Learner, press, tab_to
from tests.ui.learner.test_learner_window import join_with_keyboard

LEA = "cand-lea"


@functools.cache
def _sealed_once(directory: str) -> tuple[SealedStationBank, BankKey]:
    return seal_demo_bank(Path(directory))


@pytest.fixture
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[SealedStationBank, BankKey]:
    directory = tmp_path_factory.getbasetemp() / "sealed-demo-bank-ui"
    directory.mkdir(exist_ok=True)
    return _sealed_once(str(directory))


@pytest.fixture
def on_sealed(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    clock: FakeClock,
    console: ConsoleSide,
    sealed: tuple[SealedStationBank, BankKey],
    qtbot,
) -> Iterator[Learner]:
    """A learner window on a station whose bank is sealed."""
    directory = tmp_path / "station"
    directory.mkdir()
    station = StationRuntime.open(
        StationConfig(
            data_dir=directory,
            bank=sealed[0],
            clock=clock,
            keystore=Keystore(directory, use_os_keyring=False),
            console_address=console.console.address,
        )
    )
    runner = TaskRunner()
    bridge = StationBridge(station, runner)
    window = LearnerWindow(bridge, exam_mode=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.start()
    opened = Learner(tmp_path, clock, console, station, runner, bridge, window)
    yield opened
    opened.close()


def bank_key_command(learner: Learner, key: BankKey) -> Command:
    """The ``bank_key`` the console sends: the key sealed to the X25519 key of the station's
    replicated ``candidate.joined``."""
    station = learner.station
    Watcher(station).until(lambda s: s.link.queued == 0)
    joined = [
        e.body_dict()
        for e in learner.console.replica(station.station_id)
        if e.type == EventType.CANDIDATE_JOINED
    ]
    recipient = kem_public_from_text(str(joined[-1]["station_kem_key"]))
    aad = bank_key_aad(
        session_number=SESSION,
        station_id=station.station_id,
        candidate_id=LEA,
        bank_id=key.bank_id,
    )
    return Command.bank_key(LEA, key.bank_id, seal_bank_key(recipient, key.key, aad))


def test_the_start_waits_for_the_bank_key_then_the_test_starts(  # type: ignore[no-untyped-def]
    on_sealed: Learner, sealed: tuple[SealedStationBank, BankKey], qtbot
) -> None:
    window = on_sealed.window
    page = window.instructions_page
    join_with_keyboard(on_sealed, qtbot)
    qtbot.waitUntil(lambda: window.current_page is window.waiting_page, timeout=WAIT_MS)
    on_sealed.console.confirm(on_sealed.station)  # presence first; the key comes after
    qtbot.waitUntil(lambda: window.current_page is window.instructions_page, timeout=WAIT_MS)

    assert not on_sealed.station.snapshot().bank_ready
    assert not page.start_button.isEnabled()
    assert page.bank_wait.isVisible()
    assert "arrivent sur ce poste" in page.bank_wait.text()
    assert not page.error.isVisible()  # nothing is wrong: no "Erreur :"
    assert QApplication.focusWidget() is page.heading
    tab_to(page.bank_wait)  # read aloud in turn
    assert_accessible(window)

    command = bank_key_command(on_sealed, sealed[1])
    assert on_sealed.console.send(on_sealed.station.station_id, command).status == "ACCEPTED"
    qtbot.waitUntil(page.start_button.isEnabled, timeout=WAIT_MS)
    assert not page.bank_wait.isVisible()
    press(page.start_button)
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    assert window.question_page.heading.text() == "Question 1 / 32"


def instructions(*, bank_ready: bool) -> StationSnapshot:
    return StationSnapshot(
        Phase.INSTRUCTIONS, "0123456789abcdef", "AAAA-BBBB", LinkView(), 0, bank_ready=bank_ready
    )


def test_a_start_refused_before_the_key_is_forgotten_once_it_has_come(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = InstructionsPage()
    qtbot.addWidget(page)
    page.show()
    page.show_snapshot(instructions(bank_ready=False))
    page.show_refusal(texts.action_refusal("BANK_LOCKED"))  # a click that raced the snapshot
    assert page.error.isVisible()
    assert not page.start_button.isEnabled()  # the refusal does not open the way

    page.show_snapshot(instructions(bank_ready=True))
    assert not page.error.isVisible()
    assert not page.bank_wait.isVisible()
    assert page.start_button.isEnabled()

    # Another refusal once the bank is open (an expired authorisation) stays on screen.
    page.show_refusal(texts.action_refusal("AUTHORISATION_EXPIRED"))
    page.show_snapshot(instructions(bank_ready=True))
    assert page.error.isVisible()
    assert page.start_button.isEnabled()


def test_the_wait_for_the_questions_is_translated(qtbot) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    page = InstructionsPage()
    qtbot.addWidget(page)
    page.show_snapshot(instructions(bank_ready=False))
    assert "on their way to this PC" in page.bank_wait.text()
