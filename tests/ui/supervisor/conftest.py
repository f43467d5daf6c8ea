"""Supervisor mode against a real console, real stores and real station clients on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pixdesk.i18n import set_language
from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.tasks import TaskRunner
from tests.services.console_harness import DRAFT, LabRoom, lab_room

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait=True)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[LabRoom]:
    with lab_room(tmp_path) as lab:
        yield lab


@pytest.fixture
def window(qtbot, room: LabRoom, runner: TaskRunner) -> ConsoleWindow:
    """The console window of a session created here, running on loopback."""
    bridge = ConsoleBridge()
    session = room.sessions.create_here(DRAFT)
    console = room.start(session, listener=bridge)
    shown = ConsoleWindow(console, runner, bridge)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.rows_applied, timeout=WAIT_MS):
        shown.show()
    qtbot.waitExposed(shown)
    return shown
