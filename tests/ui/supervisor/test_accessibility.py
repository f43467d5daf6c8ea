"""Supervisor mode is usable with a keyboard and a screen reader, in French and in English."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from pixdesk.i18n import set_language
from pixdesk.services.console_values import ActionKind
from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.supervisor.create_session_dialog import CreateSessionDialog
from pixdesk.ui.supervisor.open_session_dialog import OpenSessionDialog
from pixdesk.ui.supervisor.room_model import Column
from tests.services.console_harness import DRAFT, join
from tests.ui.a11y import assert_accessible
from tests.ui.supervisor.conftest import WAIT_MS
from tests.ui.supervisor.test_console_window import dialog_for, started


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_console_window_is_accessible(qtbot, room, window) -> None:
    started(qtbot, room, window)
    assert_accessible(window)
    for position in range(window.model.rowCount()):
        name_cell = window.model.index(position, Column.NAME)
        sentence = name_cell.data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert name_cell.data() in sentence
        assert window.model.index(position, Column.STATUS).data() in sentence
        status_icon = window.model.index(position, Column.STATUS).data(
            Qt.ItemDataRole.DecorationRole
        )
        assert status_icon is not None  # an icon, and the words: never colour alone
    for kind, action in window.room_actions.items():
        assert not action.shortcut().isEmpty(), kind
        assert action.toolTip(), kind
    assert not window.table.tabKeyNavigation()


def test_every_action_dialog_is_accessible(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    learner.raise_alert(0)
    qtbot.waitUntil(lambda: window.selected_row() is not None, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: len(window.model.row_at(window.model.position_of(lea)).alerts) == 1,
        timeout=WAIT_MS,
    )
    window.select(lea)
    for kind in (
        ActionKind.ADD_TIME,
        ActionKind.HANDLE_ALERT,
        ActionKind.END_TEST,
        ActionKind.RECORD_INCIDENT,
    ):
        dialog = dialog_for(qtbot, window, kind)
        qtbot.waitExposed(dialog)
        assert_accessible(dialog)
        dialog.reject()
    with qtbot.waitSignal(window.dialog_opened, timeout=WAIT_MS) as opened:
        window.finalise_action.trigger()
    wizard = opened.args[0]
    qtbot.waitExposed(wizard)
    assert_accessible(wizard, check_tab_chain=False)
    assert_accessible(wizard.currentPage())
    wizard.reject()


def test_the_opening_dialogs_are_accessible(qtbot) -> None:
    assert_accessible(shown(qtbot, OpenSessionDialog((), center_fingerprint="ABCD-EFGH-IJKL-MNOP")))
    assert_accessible(shown(qtbot, CreateSessionDialog(QDate(2026, 11, 30))))


def test_the_console_speaks_english_when_asked(qtbot, room, runner) -> None:
    set_language("en")
    bridge = ConsoleBridge()
    session = room.sessions.create_here(DRAFT)
    console = room.start(session, listener=bridge)
    window = ConsoleWindow(console, runner, bridge)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rows_applied, timeout=WAIT_MS):
        window.show()
    learner = room.learner()
    lea = join(learner, session, 0)
    qtbot.waitUntil(
        lambda: window.model.row_at(window.model.position_of(lea)).station_id is not None,
        timeout=WAIT_MS,
    )

    assert window.model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "Candidate"
    position = window.model.position_of(lea)
    assert window.model.index(position, Column.STATUS).data() == "Not started"
    assert window.model.index(position, Column.TO_DO).data() == "Presence to confirm"
    assert window.room_actions[ActionKind.CONFIRM_PRESENCE].text() == "Confirm &presence"
    assert "Degraded mode" in window.header.trust.text()
