"""Referent mode's main window: one tab per task (roster, sessions, sending the bundles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from pixdesk.i18n import _
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.ui.referent.failures import FailureReporter
from pixdesk.ui.referent.roster_page import RosterPage
from pixdesk.ui.referent.school_dialog import SchoolDialog
from pixdesk.ui.referent.sessions_page import SessionsPage
from pixdesk.ui.referent.sync_controller import DEFAULT_INTERVAL_MS, SyncController
from pixdesk.ui.referent.sync_page import SyncPage

if TYPE_CHECKING:
    from pixdesk.services.referent import ReferentServices
    from pixdesk.services.referent_sync import ReferentSync
    from pixdesk.services.roster_import import RosterImportResult
    from pixdesk.ui.tasks import TaskRunner

MAX_PAGE_SHORTCUTS = 9


class ReferentWindow(QMainWindow):
    """The referent's window: a tab per page, each reachable with Ctrl+1, Ctrl+2…

    Pages are added with :meth:`add_page`; the sync and bundles page plugs in the same way.
    """

    school_changed = Signal(object)  # SchoolSettings, once saved or loaded

    def __init__(
        self,
        services: ReferentServices,
        runner: TaskRunner,
        *,
        version: str = "",
        sync: ReferentSync | None = None,
        sync_interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        """Build the window; ``sync`` adds the "Envoi" page and the automatic sync."""
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.school = SchoolSettings()
        self.school_dialog: SchoolDialog | None = None
        self.setWindowTitle(_("pixdesk — référent {version}").format(version=version).strip())
        self.setAccessibleName(_("pixdesk, mode référent"))

        self.reporter = FailureReporter(self, services.describe_error)
        runner.task_failed.connect(self.reporter.crash)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Pages du mode référent"))
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)

        file_menu = self.menuBar().addMenu(_("&Fichier"))
        school_action = QAction(_("É&tablissement…"), self)
        school_action.triggered.connect(self.edit_school)
        file_menu.addAction(school_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quitter"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._page_menu: QMenu = self.menuBar().addMenu(_("Affic&hage"))

        self.roster_page = RosterPage(services, runner, self.reporter)
        self.sessions_page = SessionsPage(services, runner, self.reporter)
        self.add_page(self.roster_page, _("Élèves"))
        self.add_page(self.sessions_page, _("Sessions"))
        self.sync_controller: SyncController | None = None
        self.sync_page: SyncPage | None = None
        if sync is not None:
            self.sync_controller = SyncController(
                sync.outbox, runner, interval_ms=sync_interval_ms, parent=self
            )
            self.sync_page = SyncPage(sync, self.sync_controller, runner, self.reporter)
            self.add_page(self.sync_page, _("Envoi"))
        # A CSV import creates sessions and enrols candidates: the sessions list changes.
        self.roster_page.import_applied.connect(self._roster_imported)
        self.roster_page.school_saved.connect(self.school_changed.emit)
        self.school_changed.connect(self._show_school)

        self.school_label = QLabel()
        self.statusBar().addPermanentWidget(self.school_label)
        self.resize(1200, 720)

    def add_page(self, page: QWidget, title: str) -> int:
        """Add a page as a tab with a Ctrl+N shortcut and a menu entry; return its index."""
        index = self.tabs.addTab(page, title)
        action = QAction(title, self)
        if index < MAX_PAGE_SHORTCUTS:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            self.tabs.setTabToolTip(
                index, _("{page} (Ctrl+{number})").format(page=title, number=index + 1)
            )
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: self.show_page(index))
        self._page_menu.addAction(action)
        self.addAction(action)
        return index

    def show_page(self, index: int) -> None:
        """Show a page and put the keyboard focus in it."""
        self.tabs.setCurrentIndex(index)
        page = self.tabs.widget(index)
        if page is None:
            return
        # Not a focus proxy: with one, Tab into the page would skip the widgets before it.
        focus_first = getattr(page, "focus_first", None)
        if callable(focus_first):
            focus_first()
            return
        widget: QWidget | None = page.nextInFocusChain()
        while widget is not None and widget is not page and page.isAncestorOf(widget):
            if (
                widget.isVisible()
                and widget.isEnabled()
                and (widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            ):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def start(self) -> None:
        """Load what the pages show (off the UI thread)."""
        self.roster_page.reload()
        self.sessions_page.reload()
        if self.sync_page is not None and self.sync_controller is not None:
            self.sync_page.reload()
            self.sync_controller.start()  # the timer runs only when a platform is configured
        self._runner.run(self._services.settings.load, self.school_changed.emit, self._failed)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the automatic sync: no new run starts once the window is closing."""
        if self.sync_controller is not None:
            self.sync_controller.stop()
        super().closeEvent(event)

    def edit_school(self) -> None:
        """Open the school's settings (UAI, name)."""
        dialog = SchoolDialog(
            self.school, self._services.settings, self._runner, self.reporter, self
        )
        dialog.settings_saved.connect(self.school_changed.emit)
        self.school_dialog = dialog
        dialog.open()

    def _show_school(self, settings: SchoolSettings) -> None:
        self.school = settings
        if settings.uai:
            text = _("Établissement : {name} (UAI {uai})").format(
                name=settings.name or "—", uai=settings.uai
            )
        else:
            text = _("Établissement : non renseigné (menu Fichier)")
        self.school_label.setText(text)
        self.school_label.setAccessibleName(text)

    def _roster_imported(self, result: RosterImportResult) -> None:
        if result.sessions_created or result.sessions_extended:
            self.sessions_page.reload()

    def _failed(self, error: BaseException) -> None:
        self.reporter.report(error, self.roster_page.banner)
