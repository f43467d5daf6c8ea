"""Learner mode against a REAL hub on loopback and a real station store (tests/services)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from pixdesk.i18n import set_language
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.ui.learner.bridge import StationBridge
from pixdesk.ui.learner.learner_window import LearnerWindow
from pixdesk.ui.tasks import TaskRunner
from tests.fakes import FakeClock
from tests.services.station_room import ConsoleSide, open_station

WAIT_MS = 10_000
MAX_TABS = 40


@dataclass
class Learner:
    """A lab PC in learner mode and the room's console."""

    tmp_path: Path
    clock: FakeClock
    console: ConsoleSide
    station: StationRuntime
    runner: TaskRunner
    bridge: StationBridge
    window: LearnerWindow

    def close(self) -> None:
        self.window.close()
        self.runner.shutdown(wait=True)
        self.station.close()


def open_learner(  # type: ignore[no-untyped-def]
    tmp_path: Path, clock: FakeClock, console: ConsoleSide, qtbot, *, exam_mode: bool = False
) -> Learner:
    assert console.console.address is not None
    station = open_station(tmp_path / "station", clock, address=console.console.address)
    runner = TaskRunner()
    bridge = StationBridge(station, runner)
    window = LearnerWindow(bridge, exam_mode=exam_mode)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.start()
    return Learner(tmp_path, clock, console, station, runner, bridge, window)


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def console(tmp_path: Path, clock: FakeClock) -> Iterator[ConsoleSide]:
    side = ConsoleSide(tmp_path / "console", clock)
    side.start()
    yield side
    side.close()


@pytest.fixture
def learner(tmp_path: Path, clock: FakeClock, console: ConsoleSide, qtbot) -> Iterator[Learner]:  # type: ignore[no-untyped-def]
    opened = open_learner(tmp_path, clock, console, qtbot)
    yield opened
    opened.close()


def tab_to(widget: QWidget) -> None:
    """Press Tab (from whatever has the focus) until ``widget`` has it: keyboard only."""
    for _ in range(MAX_TABS):
        if QApplication.focusWidget() is widget:
            return
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    visited = []
    for _ in range(MAX_TABS // 2):
        focused = QApplication.focusWidget()
        visited.append(focused.objectName() or type(focused).__name__ if focused else "-")
        if focused is not None:
            QTest.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName() or widget}; Tab goes {visited}")


def press(widget: QWidget, key: Qt.Key = Qt.Key.Key_Space) -> None:
    """Reach ``widget`` with Tab, then press ``key`` on it."""
    tab_to(widget)
    QTest.keyClick(widget, key)


def type_into(widget: QWidget, text: str) -> None:
    """Reach a field with Tab and type ``text`` (QTest.keyClicks types ASCII only)."""
    tab_to(widget)
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


@pytest.fixture
def learner_on(tmp_path: Path, clock: FakeClock, console: ConsoleSide, qtbot) -> Iterator[Learner]:  # type: ignore[no-untyped-def]
    """A learner window with exam mode on (as on a lab PC)."""
    opened = open_learner(tmp_path, clock, console, qtbot, exam_mode=True)
    yield opened
    opened.close()
