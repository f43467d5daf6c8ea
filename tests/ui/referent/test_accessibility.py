"""Keyboard and screen reader: every page and dialog named, reachable, in French or English."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTabBar

from pixdesk.i18n import set_language
from pixdesk.services.referent import ReferentServices
from pixdesk.ui.referent.candidate_options_dialog import CandidateOptionsDialog
from pixdesk.ui.referent.codes_dialog import CodesDialog
from pixdesk.ui.referent.enrol_division_dialog import EnrolDivisionDialog
from pixdesk.ui.referent.export_pack_dialog import ExportPackDialog
from pixdesk.ui.referent.free_candidate_dialog import FreeCandidateDialog
from pixdesk.ui.referent.import_preview_dialog import ImportPreviewDialog
from pixdesk.ui.referent.pick_learners_dialog import PickLearnersDialog
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.referent.school_dialog import SchoolDialog
from pixdesk.ui.referent.session_dialog import SessionDialog
from pixdesk.ui.tasks import TaskRunner
from pixdesk.ui.widgets.crash_dialog import CrashDialog
from tests.ui.a11y import assert_accessible
from tests.ui.referent.conftest import SAMPLE, SAMPLE_UAI, WAIT_MS
from tests.ui.referent.test_sessions_page import create_session, enrol_division, import_roster


@pytest.fixture
def planned_window(qtbot, window: ReferentWindow, services: ReferentServices) -> ReferentWindow:
    """The window with the sample roster and one session of the 3A, shown on the sessions page."""
    import_roster(services)
    with qtbot.waitSignal(window.roster_page.roster_loaded, timeout=WAIT_MS):
        window.roster_page.reload()
    create_session(qtbot, window.sessions_page)
    enrol_division(qtbot, window.sessions_page.panel, "3A")
    return window


def activate(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT_MS)


LANGUAGES = pytest.mark.parametrize("language", ["fr", "en"])


@LANGUAGES
@pytest.mark.parametrize("page", [0, 1])
def test_every_page_is_named_and_walked_with_tab(
    qtbot, planned_window: ReferentWindow, page: int
) -> None:
    planned_window.show_page(page)
    activate(qtbot, planned_window)
    assert_accessible(planned_window)


def test_pages_are_reached_with_ctrl_and_their_number(qtbot, window: ReferentWindow) -> None:
    activate(qtbot, window)

    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.sessions_page
    assert window.sessions_page.isAncestorOf(QApplication.focusWidget())

    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.roster_page
    assert window.roster_page.search_edit.hasFocus()

    window.tabs.findChild(QTabBar).setFocus()
    QTest.keyClick(window.tabs.findChild(QTabBar), Qt.Key.Key_Right)
    assert window.tabs.currentWidget() is window.sessions_page
    assert window.tabs.tabToolTip(1) == "Sessions (Ctrl+2)"


def test_a_new_session_opens_with_ctrl_n(qtbot, window: ReferentWindow) -> None:
    window.show_page(1)
    activate(qtbot, window)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.sessions_page.dialog, SessionDialog)


def open_dialogs(
    window: ReferentWindow, services: ReferentServices, runner: TaskRunner
) -> dict[str, Callable]:
    """Build each dialog of referent mode, as the pages do."""
    panel = window.sessions_page.panel
    reporter = window.reporter
    planned = panel.planned
    assert planned is not None
    enrolled = panel.model.enrolled(0).candidate
    plan = services.roster.plan_import(SAMPLE, uai=SAMPLE_UAI)
    return {
        "school": lambda: SchoolDialog(
            services.settings.load(), services.settings, runner, reporter, window
        ),
        "preview": lambda: ImportPreviewDialog(plan, window),
        "session": lambda: SessionDialog(services.planner, runner, reporter, planned, window),
        "codes": lambda: CodesDialog(planned, window),
        "division": lambda: EnrolDivisionDialog(services.roster, runner, reporter, window),
        "pick": lambda: PickLearnersDialog(services.roster, set(), runner, reporter, window),
        "free": lambda: FreeCandidateDialog(
            services.planner, planned.session_id, runner, reporter, window
        ),
        "options": lambda: CandidateOptionsDialog(
            services.planner, enrolled, runner, reporter, window
        ),
        "export": lambda: ExportPackDialog(
            services, planned, services.settings.load(), runner, reporter, window
        ),
        "crash": lambda: CrashDialog("Traceback (most recent call last): …", window),
    }


@LANGUAGES
@pytest.mark.parametrize(
    "name",
    [
        "school",
        "preview",
        "session",
        "codes",
        "division",
        "pick",
        "free",
        "options",
        "export",
        "crash",
    ],
)
def test_every_dialog_is_named_and_walked_with_tab(
    qtbot,
    planned_window: ReferentWindow,
    services: ReferentServices,
    runner: TaskRunner,
    name: str,
) -> None:
    dialog: QDialog = open_dialogs(planned_window, services, runner)[name]()
    loaded = getattr(dialog, "divisions_loaded", None) or getattr(dialog, "learners_loaded", None)
    if loaded is not None:
        with qtbot.waitSignal(loaded, timeout=WAIT_MS):
            pass
    activate(qtbot, dialog)
    assert_accessible(dialog)
    dialog.reject()


def test_labels_are_english_with_lang_en(
    qtbot, services: ReferentServices, runner, crashes: list[str]
) -> None:
    set_language("en")
    window = ReferentWindow(services, runner, version="test")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.roster_page.roster_loaded, timeout=WAIT_MS):
        window.start()

    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Students", "Sessions"]
    assert window.roster_page.import_button.text() == "&Import…"
    assert window.sessions_page.new_button.text() == "&New session…"
    texts = " ".join(label.text() for label in window.findChildren(QLabel))
    for french in ("Élèves", "Rechercher", "Aucun élève", "Classe", "Candidats"):
        assert french not in texts, french
    plan = services.roster.plan_import(SAMPLE, uai=SAMPLE_UAI)
    preview = ImportPreviewDialog(plan, window)
    qtbot.addWidget(preview)
    assert preview.summary_label.text().startswith("6 student(s) added, 0 updated")
    assert preview.apply_button.text() == "&Apply the import"
    assert crashes == []
