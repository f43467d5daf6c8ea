"""The "Sessions" page: the planned sessions on the left, the chosen one in detail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.ui.referent.codes_dialog import CodesDialog
from pixdesk.ui.referent.session_dialog import SessionDialog
from pixdesk.ui.referent.session_panel import SessionPanel
from pixdesk.ui.referent.sessions_model import Column as SessionColumn
from pixdesk.ui.referent.sessions_model import SessionsModel
from pixdesk.ui.widgets.fonts import make_title
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from pixdesk.services.referent import ReferentServices
    from pixdesk.services.sessions import PlannedSession
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


SPLIT_UNIT = 1000  # QSplitter scales these sizes to the room it gets


class SessionsPage(QWidget):
    """List the sessions; create one; plan the chosen one in the panel."""

    sessions_loaded = Signal()
    session_saved = Signal(object)  # PlannedSession, created (the codes dialog is open)

    def __init__(
        self,
        services: ReferentServices,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._reporter = reporter
        self.dialog: QDialog | None = None

        title = QLabel(_("Sessions"))
        make_title(title)
        self.banner = MessageBanner()
        self.new_button = QPushButton(_("&Nouvelle session…"))
        self.new_button.setToolTip(_("Créer une session (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_session)
        self.model = SessionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Sessions planifiées"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The room gives way when the list is narrow (its full name is in the tooltip).
        header.setSectionResizeMode(SessionColumn.ROOM, QHeaderView.ResizeMode.Stretch)
        list_label = QLabel(_("Sessions &planifiées :"))
        list_label.setBuddy(self.table)
        self.empty_label = QLabel(_("Aucune session : créez-en une avec « Nouvelle session… »."))
        self.empty_label.setWordWrap(True)

        self.panel = SessionPanel(services, runner, reporter)
        self.panel.session_changed.connect(self._session_changed)
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(list_label)
        top.addStretch(1)
        top.addWidget(self.new_button)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([4 * SPLIT_UNIT, 7 * SPLIT_UNIT])  # the list narrow, the detail wide
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        # Set once the whole page is built: the panel's own order was set before it had a parent.
        chain_tab_order(
            *self.banner.focus_order(), self.new_button, self.table, *self.panel.focus_order()
        )

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsInserted.connect(self._update_empty)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_session)
        self._update_empty()

    def focus_first(self) -> None:
        """Put the focus on the sessions list (Ctrl+2 lands here)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self) -> None:
        """Read every session from the store (on the database worker)."""
        self._runner.run_db(self._services.planner.list_sessions, self._loaded, self._failed)

    def _loaded(self, sessions: tuple[PlannedSession, ...]) -> None:
        chosen = self.panel.planned.session_id if self.panel.planned is not None else None
        self.model.set_sessions(sessions)
        row = self.model.row_of(chosen) if chosen is not None else None
        if row is None and sessions:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        else:
            self.panel.show_session(None)
        self.sessions_loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._reporter.report(error, self.banner)

    def select_session(self, session_id: str) -> None:
        """Show a session in the panel."""
        row = self.model.row_of(session_id)
        if row is not None:
            self.table.selectRow(row)

    def new_session(self) -> None:
        """Open the form for a new session."""
        dialog = SessionDialog(self._services.planner, self._runner, self._reporter, None, self)
        dialog.session_saved.connect(self._created)
        self.dialog = dialog
        dialog.open()

    def _created(self, planned: PlannedSession) -> None:
        self.model.upsert(planned)
        self.select_session(planned.session_id)
        codes = CodesDialog(planned, self)
        codes.finished.connect(lambda _result: self.panel.facts_label.setFocus())
        self.dialog = codes
        codes.open()
        self.session_saved.emit(planned)

    def _session_changed(self, planned: PlannedSession) -> None:
        self.model.upsert(planned)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.panel.show_session(self.model.session(rows[0].row()))

    def _update_empty(self, *_args: object) -> None:
        self.empty_label.setVisible(self.model.rowCount(QModelIndex()) == 0)
