"""The "Envoi" page: finalised sessions, their bundles, the outbox, the receipts.

Export writes the sealed bundle to a folder or USB key (read on the database worker, sealed
and written on the pool, with progress) and puts it in the outbox; the outbox is sent by the
:class:`SyncController` on its timer, right after an export, or when asked. Receipts are
printed to PDF in a chosen folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.services.session_bundle_messages import describe_export_error
from pixdesk.services.session_bundle_values import BundleExportError
from pixdesk.services.sync_messages import describe_sync_error
from pixdesk.services.sync_values import OutboxState, SyncError
from pixdesk.ui.referent.sync_model import BundleState, Column, SyncModel, SyncRow, build_rows
from pixdesk.ui.widgets.fonts import make_title
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.bundle.model import BundleContents
    from pixdesk.documents.upload_receipt import UploadReceiptDocument
    from pixdesk.services.referent_sync import ReferentSync
    from pixdesk.services.session_bundle_values import ExportedBundle, FinalisedSession
    from pixdesk.services.sync_values import OutboxItem, SyncStatus
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.referent.sync_controller import SyncController
    from pixdesk.ui.tasks import TaskRunner

AskPath = Callable[[str], Path | None]


class SyncPage(QWidget):
    """Export, send and prove: the way a finalised session leaves the school."""

    sessions_loaded = Signal()
    export_progressed = Signal(int, int)  # bytes written, total (from the pool)
    bundle_exported = Signal(object)  # OutboxItem, once the file is written and queued
    receipt_printed = Signal(object)  # Path of the PDF
    platform_key_adopted = Signal(str)  # its label

    def __init__(
        self,
        sync: ReferentSync,
        controller: SyncController,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync = sync
        self._controller = controller
        self._runner = runner
        self._reporter = reporter
        self._sessions: tuple[FinalisedSession, ...] = ()
        self._status: SyncStatus | None = None
        self._busy = False
        # Replaced by tests; the standard dialogs (Qt-translated) otherwise.
        self.ask_folder: AskPath = self._ask_folder
        self.ask_key_file: AskPath = self._ask_key_file
        self.open_file: Callable[[Path], object] = _open_file

        title = QLabel(_("Envoi des sessions"))
        make_title(title)
        self.banner = MessageBanner()
        self.platform_label = QLabel()
        self.platform_label.setWordWrap(True)
        self.platform_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = SyncModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Sessions finalisées et leurs lots"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.DETAIL, QHeaderView.ResizeMode.Stretch)
        list_label = QLabel(_("Sessions &finalisées :"))
        list_label.setBuddy(self.table)
        self.empty_label = QLabel(
            _("Aucune session finalisée sur ce poste : finalisez-la d'abord en mode surveillant.")
        )
        self.empty_label.setWordWrap(True)
        self.selection_label = QLabel()
        self.selection_label.setWordWrap(True)
        self.selection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.export_button = QPushButton(_("&Exporter le lot…"))
        self.export_button.setToolTip(
            _("Écrire le lot scellé dans un dossier ou sur une clé USB, puis le mettre en file")
        )
        self.export_button.clicked.connect(self.export_selected)
        self.send_button = QPushButton(_("Envoyer &maintenant"))
        self.send_button.setToolTip(_("Envoyer tout de suite les lots en attente"))
        self.send_button.clicked.connect(self.send_now)
        self.retry_button = QPushButton(_("&Réessayer"))
        self.retry_button.setToolTip(_("Remettre en file le lot en échec choisi"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.receipt_button = QPushButton(_("&Imprimer le reçu…"))
        self.receipt_button.setToolTip(_("Enregistrer le reçu de la plateforme en PDF"))
        self.receipt_button.clicked.connect(self.print_selected_receipt)
        self.key_button = QPushButton(_("Clé de &plateforme…"))
        self.key_button.setToolTip(_("Choisir le fichier de clé publique de la plateforme"))
        self.key_button.clicked.connect(self.choose_platform_key)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progression"))
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.progress_label = QLabel()
        self.progress_label.hide()

        buttons = QHBoxLayout()
        for button in (
            self.export_button,
            self.send_button,
            self.retry_button,
            self.receipt_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.key_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.platform_label)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.selection_label)
        layout.addLayout(buttons)
        layout.addLayout(progress_row)
        chain_tab_order(
            *self.banner.focus_order(),
            self.table,
            self.export_button,
            self.send_button,
            self.retry_button,
            self.receipt_button,
            self.key_button,
        )

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.export_progressed.connect(self._show_write_progress)
        controller.status_changed.connect(self._status_changed)
        controller.progressed.connect(self._show_send_progress)
        controller.run_started.connect(self._update_platform)
        controller.run_finished.connect(self._run_finished)
        controller.run_failed.connect(self._failed)
        self._update_platform()
        self._update_actions()

    def focus_first(self) -> None:
        """Put the focus on the list (Ctrl+3 lands here)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self) -> None:
        """Read the finalised sessions (database worker) and the outbox."""
        self._runner.run_db(self._sync.bundles.finalised, self._sessions_read, self._failed)
        self._controller.refresh()

    # --- what is shown ----------------------------------------------------------------------

    def selected_row(self) -> SyncRow | None:
        """Return the chosen line, None if none."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _sessions_read(self, sessions: tuple[FinalisedSession, ...]) -> None:
        self._sessions = sessions
        self._show_rows()
        self.sessions_loaded.emit()

    def _status_changed(self, status: SyncStatus) -> None:
        self._status = status
        self._show_rows()

    def _show_rows(self) -> None:
        chosen = self.selected_row()
        key = _row_key(chosen) if chosen is not None else None
        self.model.set_rows(build_rows(self._sessions, self._status), configured=self._configured)
        row = next(
            (n for n in range(self.model.rowCount()) if _row_key(self.model.row(n)) == key),
            0 if self.model.rowCount() else None,
        )
        if row is not None:
            self.table.selectRow(row)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self._update_platform()
        self._update_actions()

    @property
    def _configured(self) -> bool:
        return self._controller.configured

    def _update_platform(self) -> None:
        if not self._configured:
            text = _(
                "Aucune plateforme configurée : rien n'est envoyé. Les lots exportés restent en"
                " file sur ce poste ; remettez-les sur clé USB ou configurez platform_url et"
                " platform_public_key."
            )
        else:
            text = _("Plateforme : {url} — envoi automatique.").format(url=self._sync.platform_url)
            if self._controller.running:
                text = _("Plateforme : {url} — envoi en cours…").format(url=self._sync.platform_url)
            elif self._status is not None and self._status.pending:
                text = _("Plateforme : {url} — {count} lot(s) en attente.").format(
                    url=self._sync.platform_url, count=self._status.pending
                )
        if not self._sync.bundles.has_platform_key:
            text = _("{text} Clé de plateforme absente : « Clé de plateforme… ».").format(text=text)
        self.platform_label.setText(text)
        self.platform_label.setAccessibleName(text)

    def _update_actions(self) -> None:
        row = self.selected_row()
        state = row.state if row is not None else None
        self.export_button.setEnabled(
            not self._busy and row is not None and row.session is not None
        )
        self.send_button.setEnabled(self._configured and not self._controller.running)
        self.retry_button.setEnabled(state is BundleState.FAILED)
        self.receipt_button.setEnabled(not self._busy and state is BundleState.DELIVERED)
        if row is None:
            self.selection_label.setText("")
            return
        number = self.model.row_of_session(row.session.session_id) if row.session else None
        line = number if number is not None else self.table.currentIndex().row()
        text = _("Session {number} : {state}. {detail}").format(
            number=row.number,
            state=self.model.text(line, Column.STATE),
            detail=self.model.text(line, Column.DETAIL),
        )
        self.selection_label.setText(text)
        self.selection_label.setAccessibleName(text)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, BundleExportError):
            self.banner.show_error(describe_export_error(error))
        elif isinstance(error, SyncError):
            self.banner.show_error(describe_sync_error(error))
        else:
            self._reporter.report(error, self.banner)

    def _set_busy(self, busy: bool, label: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.progress_label.setText(label)
        self.progress.setAccessibleDescription(label)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first figure comes
        self._update_actions()

    # --- export -----------------------------------------------------------------------------

    def export_selected(self) -> None:
        """Ask for a folder (a USB key…), then export the chosen session's bundle there."""
        row = self.selected_row()
        if row is None or row.session is None or self._busy:
            return
        if not self._sync.bundles.has_platform_key:
            self.banner.show_error(
                _(
                    "Aucune clé de plateforme sur ce poste : choisissez son fichier"
                    " (« Clé de plateforme… »)."
                )
            )
            return
        folder = self.ask_folder(_("Dossier ou clé USB où écrire le lot"))
        if folder is None:
            return
        self.export_to(row.session, folder)

    def export_to(self, session: FinalisedSession, folder: Path) -> None:
        """Export ``session``'s bundle into ``folder`` and queue it (off the UI thread)."""
        self.banner.dismiss()
        self._set_busy(True, _("Lecture de la session {number}…").format(number=session.number))
        bundles = self._sync.bundles

        def sealed(contents: BundleContents) -> None:
            self.progress_label.setText(_("Scellement et écriture du lot…"))

            def seal_and_write() -> ExportedBundle:
                data = bundles.seal(contents)
                return bundles.write(
                    data,
                    folder,
                    session_id=session.session_id,
                    number=session.number,
                    progress=self.export_progressed.emit,
                )

            self._runner.run(seal_and_write, written, self._failed)

        def written(exported: ExportedBundle) -> None:
            def enqueue() -> OutboxItem:
                item = self._sync.outbox.enqueue(exported.path, label=exported.number)
                bundles.record_export(exported, item.bundle_id)
                return item

            self._runner.run_db(enqueue, lambda item: queued(exported, item), self._failed)

        def queued(exported: ExportedBundle, item: OutboxItem) -> None:
            self._set_busy(False)
            self.banner.show_success(
                _("Lot de la session {number} écrit : {path}").format(
                    number=exported.number, path=exported.path
                ),
                focus=False,
            )
            self.reload()
            self.bundle_exported.emit(item)
            self._controller.run_now()  # right away, not at the next tick

        self._runner.run_db(lambda: bundles.collect(session.number), sealed, self._failed)

    def _show_write_progress(self, written: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(written)

    def choose_platform_key(self) -> None:
        """Ask for the platform's public key file and keep it on this PC."""
        path = self.ask_key_file(_("Fichier de clé publique de la plateforme"))
        if path is None:
            return

        def adopted(label: str) -> None:
            self.banner.show_success(
                _("Clé de plateforme enregistrée : {label}").format(label=label), focus=False
            )
            self._update_platform()
            self._update_actions()
            self.platform_key_adopted.emit(label)

        self._runner.run(lambda: self._sync.bundles.adopt_platform_key(path), adopted, self._failed)

    # --- sending ----------------------------------------------------------------------------

    def send_now(self) -> None:
        """Send every queued bundle now, whatever their schedule."""
        self.banner.dismiss()
        self._controller.run_now(force=True)
        self._update_actions()

    def retry_selected(self) -> None:
        """Queue the chosen failed bundle again and send it."""
        row = self.selected_row()
        if row is None or row.item is None or row.item.state is not OutboxState.FAILED:
            return
        bundle_id = row.item.bundle_id

        def requeued(_item: OutboxItem) -> None:
            self._controller.refresh()
            self._controller.run_now()

        self._runner.run_db(lambda: self._sync.outbox.retry(bundle_id), requeued, self._failed)

    def _show_send_progress(self, bundle_id: str, sent: int, total: int) -> None:
        self.model.set_sent(bundle_id, sent, total)
        self._update_actions()

    def _run_finished(self, _run: object) -> None:
        self._update_platform()
        self._update_actions()

    # --- receipts ---------------------------------------------------------------------------

    def print_selected_receipt(self) -> None:
        """Ask for a folder, then write the chosen bundle's receipt there as a PDF."""
        row = self.selected_row()
        if row is None or row.item is None or row.state is not BundleState.DELIVERED:
            return
        folder = self.ask_folder(_("Dossier où enregistrer le reçu (PDF)"))
        if folder is None:
            return
        self.print_receipt(row.item.bundle_id, folder)

    def print_receipt(self, bundle_id: str, folder: Path) -> None:
        """Render a receipt to PDF into ``folder`` (off the UI thread), then offer to open it."""
        self.banner.dismiss()
        self._set_busy(True, _("Impression du reçu…"))

        def got(document: UploadReceiptDocument) -> None:
            self._runner.run(lambda: self._sync.write_receipt(document, folder), done, self._failed)

        def done(path: Path) -> None:
            self._set_busy(False)
            self.banner.show_success(
                _("Reçu enregistré : {path}").format(path=path),
                action_text=_("&Ouvrir le reçu"),
                action=lambda: self.open_file(path),
            )
            self.receipt_printed.emit(path)

        self._runner.run_db(
            lambda: self._sync.outbox.receipt_document(bundle_id), got, self._failed
        )

    # --- standard dialogs -------------------------------------------------------------------

    def _ask_folder(self, caption: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, caption)
        return Path(chosen) if chosen else None

    def _ask_key_file(self, caption: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, caption, "", _("Clé de plateforme (*.pub *.json);;Tous les fichiers (*)")
        )
        return Path(chosen) if chosen else None


def _row_key(row: SyncRow) -> str:
    if row.session is not None:
        return f"s:{row.session.session_id}"
    return f"b:{row.item.bundle_id}" if row.item is not None else ""


def _open_file(path: Path) -> object:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
