"""The invigilator's console: the room, live, and every action on a candidate.

Keyboard first: each action has a shortcut, a toolbar button and a context menu entry, and
acts on the selected row; Tab leaves the table; Ctrl+F goes to the name filter. Actions run on
the task runner (a station may take seconds to answer; a resume on a new PC sends the bank
key, the test, then the authorisation) and their outcome is written in the message banner, so
a screen reader hears it. While an action is on its way it cannot be started again for the
same candidate, and the status bar shows that something is under way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.candidate import DisplayStatus
from pixdesk.i18n import _
from pixdesk.services.console_actions import (
    ACTION_KINDS,
    Action,
    AuthoriseResume,
    CancelPresence,
    ConfirmPresence,
)
from pixdesk.services.console_errors import ConsoleError
from pixdesk.services.console_finalise import FinalisationRefused
from pixdesk.services.console_notices import Notice, NoticeKind
from pixdesk.services.console_values import ActionKind, RoomRow
from pixdesk.ui.supervisor import texts
from pixdesk.ui.supervisor.alert_dialog import AlertDialog
from pixdesk.ui.supervisor.credit_dialog import CreditDialog
from pixdesk.ui.supervisor.end_test_dialog import EndTestDialog
from pixdesk.ui.supervisor.finalisation_wizard import FinalisationWizard
from pixdesk.ui.supervisor.incident_dialog import IncidentDialog
from pixdesk.ui.supervisor.room_filter_model import TO_DO, RoomFilterModel
from pixdesk.ui.supervisor.room_header import RoomHeader
from pixdesk.ui.supervisor.room_model import ROW_ROLE, Column, RoomModel
from pixdesk.ui.supervisor.time_dialog import AddTimeDialog
from pixdesk.ui.widgets.crash_dialog import CrashDialog
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.console_actions import ActionResult
    from pixdesk.services.console_finalise import FinalisationOutcome
    from pixdesk.services.console_runtime import Console
    from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
    from pixdesk.ui.tasks import TaskRunner

SHORTCUTS = {
    ActionKind.CONFIRM_PRESENCE: "Ctrl+P",
    ActionKind.CANCEL_PRESENCE: "Ctrl+Shift+P",
    ActionKind.AUTHORISE_RESUME: "Ctrl+R",
    ActionKind.ADD_TIME: "Ctrl+T",
    ActionKind.TIME_CREDIT: "Ctrl+Shift+T",
    ActionKind.HANDLE_ALERT: "Ctrl+L",
    ActionKind.END_TEST: "Ctrl+E",
    ActionKind.RECORD_INCIDENT: "Ctrl+I",
}
TICK_MS = 1000
MAX_NOTICES = 500


class ConsoleWindow(QMainWindow):
    """The room and its actions.

    Args:
        console: The running console (its blocking calls go through ``runner``).
        runner: The task runner.
        bridge: The console's listener, as Qt signals.
    """

    action_finished = Signal(object)  # ActionResult, or the exception of a refused action
    finalised = Signal(object)  # FinalisationOutcome
    rows_applied = Signal()  # the model took a batch of changed rows
    dialog_opened = Signal(object)  # the dialog just opened (tests drive it)

    def __init__(
        self,
        console: Console,
        runner: TaskRunner,
        bridge: ConsoleBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.console = console
        self.runner = runner
        session = console.session
        self.setWindowTitle(
            _("pixdesk — surveillance de la session {number}").format(number=session.number)
        )
        self.setAccessibleName(_("Console de surveillance"))
        self.dialog: QDialog | None = None
        self.model = RoomModel(console.now, self)
        self.proxy = RoomFilterModel(self.model, self)
        assert console.address is not None
        self.header = RoomHeader(session, console.address)
        self.banner = MessageBanner()

        self.status_filter = QComboBox()
        self.status_filter.addItem(_("Tous les candidats"), None)
        self.status_filter.addItem(_("À traiter"), TO_DO)
        for status in DisplayStatus:
            self.status_filter.addItem(texts.status_text(status), status)
        status_label = QLabel(_("&Afficher :"))
        status_label.setBuddy(self.status_filter)
        self.name_filter = QLineEdit()
        self.name_filter.setPlaceholderText(_("Nom ou prénom"))
        self.name_filter.setClearButtonEnabled(True)
        name_label = QLabel(_("Rec&hercher :"))
        name_label.setBuddy(self.name_filter)
        filters = QHBoxLayout()
        filters.addWidget(status_label)
        filters.addWidget(self.status_filter)
        filters.addWidget(name_label)
        filters.addWidget(self.name_filter, 1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Candidats de la salle"))
        self.table.setAccessibleDescription(
            _("Une ligne par candidat. Sélectionnez une ligne puis choisissez une action.")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: arrows move in it
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.notices = QListWidget()
        self.notices.setAccessibleName(_("Événements de la salle"))
        self.notices.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        notices_label = QLabel(_("É&vénements de la salle :"))
        notices_label.setBuddy(self.notices)

        self.room_actions = self._make_actions()
        self.finalise_action = QAction(_("&Finaliser la session…"), self)
        self.finalise_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.finalise_action.setToolTip(
            _("Clôt la session : motifs d'abandon, commentaires, absents (Ctrl+Shift+F)")
        )
        self.finalise_action.triggered.connect(self.open_finalisation)
        toolbar = QToolBar(_("Actions"))
        toolbar.setAccessibleName(_("Actions sur le candidat sélectionné"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.room_actions.values():
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.finalise_action)
        self.addToolBar(toolbar)
        find = QAction(self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(
            lambda: self.name_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        self.addAction(find)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(notices_label)
        layout.addWidget(self.notices)
        self.setCentralWidget(central)
        self.summary = QLabel()
        self.statusBar().addWidget(self.summary, 1)
        # Actions on their way: (candidate, action) → the row had moved to another PC.
        self._pending: dict[tuple[str, ActionKind], bool] = {}
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no known length: it moves while a station is answering
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.busy.setAccessibleName(_("Envoi au poste en cours"))
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        chain_tab_order(
            self.header.sheet_button, self.status_filter, self.name_filter, self.table, self.notices
        )

        self.status_filter.currentIndexChanged.connect(self._filter_status)
        self.name_filter.textChanged.connect(self.proxy.set_name)
        self.table.selectionModel().selectionChanged.connect(self._refresh_actions)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._double_clicked)
        bridge.rows_updated.connect(self.apply_rows)
        bridge.notice_received.connect(self.add_notice)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.resize(1340, 740)
        self.runner.run(console.rows, on_done=self.show_rows, on_error=self._failed)
        self._refresh_actions()

    # ------------------------------------------------------------------ rows

    def show_rows(self, rows: tuple[RoomRow, ...]) -> None:
        """Show the room's first snapshot."""
        self.model.reset(rows)
        self._after_rows()

    def apply_rows(self, rows: tuple[RoomRow, ...]) -> None:
        """Take the rows that changed (from the console, on the UI thread)."""
        self.model.update(rows)
        self._after_rows()

    def add_notice(self, notice: Notice) -> None:
        """Write what happened in the room's event list (newest first); a candidate who moved
        to another PC is also told in the banner: only the invigilator can let them go on."""
        message = texts.notice_text(notice, self.model.names())
        text = _("{time} — {message}").format(time=texts.clock_time(notice.at)[:5], message=message)
        self.notices.insertItem(0, text)
        if notice.kind is NoticeKind.CANDIDATE_MOVED:
            self.banner.show_info(message, focus=False)
        while self.notices.count() > MAX_NOTICES:
            self.notices.takeItem(self.notices.count() - 1)

    def selected_row(self) -> RoomRow | None:
        """Return the selected candidate's row, as the model holds it now."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = self.proxy.data(indexes[0], ROW_ROLE)
        return row if isinstance(row, RoomRow) else None

    def select(self, candidate_id: str) -> None:
        """Select a candidate's row (and show it)."""
        position = self.model.position_of(candidate_id)
        if position is None:
            return
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)

    # ------------------------------------------------------------------ actions

    def request(self, kind: ActionKind) -> None:
        """Start an action on the selected candidate (a dialog first when it needs one)."""
        row = self.selected_row()
        if kind is ActionKind.RECORD_INCIDENT:
            candidates = [(r.candidate_id, texts.row_name(r)) for r in self.model.rows()]
            incident = IncidentDialog(candidates, row.candidate_id if row else None, self)
            incident.incident_requested.connect(self.run_action)
            self._open(incident)
            return
        if row is None or kind not in row.actions:
            self.banner.show_error(
                _("Sélectionnez d'abord un candidat pour qui l'action est possible.")
            )
            return
        name, cid = texts.row_name(row), row.candidate_id
        if (cid, kind) in self._pending:
            self.banner.show_info(
                _("Déjà en cours pour {name} : attendez la réponse du poste.").format(name=name),
                focus=False,
            )
            return
        simple: dict[ActionKind, Callable[[str], Action]] = {
            ActionKind.CONFIRM_PRESENCE: ConfirmPresence,
            ActionKind.CANCEL_PRESENCE: CancelPresence,
            ActionKind.AUTHORISE_RESUME: AuthoriseResume,
        }
        if kind in simple:
            self.run_action(simple[kind](cid))
            return
        dialog: AddTimeDialog | CreditDialog | AlertDialog | EndTestDialog
        if kind is ActionKind.ADD_TIME:
            dialog = AddTimeDialog(cid, name, self)
            dialog.time_requested.connect(self.run_action)
        elif kind is ActionKind.TIME_CREDIT:
            dialog = CreditDialog(name, row.credits, self)
            dialog.decision_made.connect(self.run_action)
        elif kind is ActionKind.HANDLE_ALERT:
            dialog = AlertDialog(name, row.alerts, self)
            dialog.decision_made.connect(self.run_action)
        else:
            dialog = EndTestDialog(cid, name, self)
            dialog.end_requested.connect(self.run_action)
        self._open(dialog)

    def run_action(self, action: Action) -> None:
        """Carry out an action off the UI thread; its outcome is told when it is known.

        Until then the same action cannot be started again for the same candidate.
        """
        cid = getattr(action, "candidate_id", None)
        key = (cid, ACTION_KINDS[type(action)]) if isinstance(cid, str) else None
        if key is not None and key in self._pending:
            return
        position = self.model.position_of(cid) if isinstance(cid, str) else None
        moved = position is not None and self.model.row_at(position).moved_from is not None
        moving = moved and isinstance(action, AuthoriseResume)
        if moving:
            name = self.model.names().get(str(cid), "")
            message = _(
                "Passage du test de {name} sur son nouveau poste, puis autorisation de la "
                "reprise… (quelques secondes)"
            ).format(name=name)
        else:
            message = _("Envoi au poste…")
        self.banner.show_info(message, focus=False)
        if key is not None:
            self._pending[key] = moving
        self._show_pending()
        self.runner.run(
            lambda: self.console.perform(action),
            on_done=lambda result: self._action_done(result, key),
            on_error=lambda error: self._action_failed(error, key),
        )

    def open_finalisation(self) -> None:
        """Open the finalisation wizard."""
        wizard = FinalisationWizard(self.model.rows(), self)
        wizard.finalise_requested.connect(lambda answers: self._finalise(wizard, answers))
        self._open(wizard)

    # ------------------------------------------------------------------ internals

    def _make_actions(self) -> dict[ActionKind, QAction]:
        actions = {}
        tips = texts.action_tips()
        for kind, text in texts.action_texts().items():
            action = QAction(text, self)
            action.setShortcut(QKeySequence(SHORTCUTS[kind]))
            action.setToolTip(
                _("{tip} ({shortcut})").format(
                    tip=tips[kind],
                    shortcut=QKeySequence(SHORTCUTS[kind]).toString(
                        QKeySequence.SequenceFormat.NativeText
                    ),
                )
            )
            action.triggered.connect(lambda _checked=False, k=kind: self.request(k))
            actions[kind] = action
        return actions

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _action_done(self, result: ActionResult, key: tuple[str, ActionKind] | None = None) -> None:
        moving = self._pending.pop(key, False) if key is not None else False
        self._show_pending()
        name = self.model.names().get(result.candidate_id or "", _("la session"))
        done, message = texts.outcome(result, name, moved=moving)
        if result.row is not None:
            self.model.update([result.row])
            self._after_rows()
        if done:
            self.banner.show_success(message, focus=False)
        else:
            self.banner.show_error(message)
        self.action_finished.emit(result)

    def _action_failed(
        self, error: BaseException, key: tuple[str, ActionKind] | None = None
    ) -> None:
        if key is not None:
            self._pending.pop(key, None)
        self._show_pending()
        if isinstance(error, ConsoleError):
            self.banner.show_error(texts.console_error(error))
        else:
            self._failed(error)
        self.action_finished.emit(error)

    def _finalise(self, wizard: FinalisationWizard, answers: Any) -> None:
        def done(outcome: FinalisationOutcome) -> None:
            wizard.finished_ok(outcome)  # its last page says where the minutes are
            self.banner.show_success(
                _("La session est finalisée : plus aucun candidat ne peut la rejoindre."),
                focus=False,
            )
            self.finalise_action.setEnabled(False)
            self.finalised.emit(outcome)

        def failed(error: BaseException) -> None:
            if isinstance(error, FinalisationRefused):
                wizard.show_problems(error.problems)
            elif isinstance(error, ConsoleError):
                wizard.show_problems(())
                wizard.check.status.setText(texts.console_error(error))
            else:
                wizard.show_problems(())
                self._failed(error)

        self.runner.run(lambda: self.console.finalise(answers), on_done=done, on_error=failed)

    def _failed(self, error: BaseException) -> None:
        import traceback

        dialog = CrashDialog("".join(traceback.format_exception(error)), self)
        dialog.open()

    def _after_rows(self) -> None:
        self._refresh_actions()
        rows = self.model.rows()
        statuses = [self.model.status_of(row) for row in rows]
        self.summary.setText(
            _(
                "{total} candidats — {running} en cours — {finished} terminé(s) — "
                "{waiting} à traiter"
            ).format(
                total=len(rows),
                running=sum(
                    s in (DisplayStatus.IN_PROGRESS, DisplayStatus.OVERTIME) for s in statuses
                ),
                finished=sum(
                    s in (DisplayStatus.FINISHED, DisplayStatus.ENDED_BY_INVIGILATOR)
                    for s in statuses
                ),
                waiting=sum(1 for row in rows if texts.to_do(row)),
            )
        )
        if rows and rows[0].finalised:
            self.finalise_action.setEnabled(False)
        self.rows_applied.emit()

    def _refresh_actions(self) -> None:
        row = self.selected_row()
        allowed = row.actions if row is not None else frozenset()
        names = texts.action_texts()
        for kind, action in self.room_actions.items():
            pending = row is not None and (row.candidate_id, kind) in self._pending
            action.setEnabled(
                (kind in allowed or kind is ActionKind.RECORD_INCIDENT) and not pending
            )
            action.setText(texts.action_pending(kind) if pending else names[kind])

    def _show_pending(self) -> None:
        """Show the busy bar while an action is on its way; refresh what can be started."""
        self.busy.setVisible(bool(self._pending))
        self._refresh_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Select a row when the table gets the focus with none selected (Tab into it after
        filtering by name: the actions are at once for that candidate)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.FocusIn
            and not self.table.selectionModel().hasSelection()
            and self.proxy.rowCount() > 0
        ):
            current = self.table.currentIndex()
            self.table.selectRow(current.row() if current.isValid() else 0)
        return super().eventFilter(watched, event)

    def _tick(self) -> None:
        self.model.tick()

    def _filter_status(self) -> None:
        self.proxy.set_status(self.status_filter.currentData())

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in self.room_actions.values():
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.proxy.data(index, ROW_ROLE)
        if not isinstance(row, RoomRow):
            return
        first = (ActionKind.AUTHORISE_RESUME,) if row.moved_from is not None else ()
        for kind in (
            *first,
            ActionKind.HANDLE_ALERT,
            ActionKind.TIME_CREDIT,
            ActionKind.CONFIRM_PRESENCE,
        ):
            if kind in row.actions:
                self.request(kind)
                return

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the clock; the controller stops the console."""
        self.timer.stop()
        super().closeEvent(event)


def today() -> QDate:
    """Return today's date (for the create dialog)."""
    return QDate.currentDate()
