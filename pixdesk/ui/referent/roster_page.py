"""The "Élèves" page: the roster table, its filters, and the SIECLE / CSV import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.ui.referent.import_preview_dialog import ImportPreviewDialog
from pixdesk.ui.referent.learners_model import LearnerFilter, LearnersModel, StatusFilter
from pixdesk.ui.referent.school_dialog import SchoolDialog
from pixdesk.ui.widgets.fonts import make_title
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.referent import ReferentServices
    from pixdesk.services.roster_import import RosterImportPlan, RosterImportResult
    from pixdesk.services.roster_service import LearnerSummary
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class RosterPage(QWidget):
    """List the learners; import a SIECLE export or a Pix CSV with a preview first."""

    roster_loaded = Signal()
    import_planned = Signal(object)  # RosterImportPlan, preview on screen
    import_applied = Signal(object)  # RosterImportResult, table updated
    school_saved = Signal(object)  # SchoolSettings, entered when the first import asked
    _apply_progressed = Signal(int, int)  # from the database worker: done, total

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
        self.preview_dialog: ImportPreviewDialog | None = None
        self.school_dialog: SchoolDialog | None = None

        title = QLabel(_("Élèves"))
        title.setObjectName("pageTitle")
        make_title(title)
        self.banner = MessageBanner()

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("nom, prénom ou INE"))
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel(_("&Rechercher :"))
        search_label.setBuddy(self.search_edit)
        self.division_combo = QComboBox()
        self.division_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        division_label = QLabel(_("&Classe :"))
        division_label.setBuddy(self.division_combo)
        self.status_combo = QComboBox()
        self.status_combo.addItem(_("Tous les élèves"), StatusFilter.ALL)
        self.status_combo.addItem(_("Actifs"), StatusFilter.ACTIVE)
        self.status_combo.addItem(_("Désactivés"), StatusFilter.DISABLED)
        status_label = QLabel(_("S&tatut :"))
        status_label.setBuddy(self.status_combo)
        self.import_button = QPushButton(_("&Importer…"))
        self.import_button.setToolTip(
            _("Importer l'export SIECLE (XML ou zip) ou un fichier CSV d'inscription Pix")
        )
        self.import_button.clicked.connect(self.start_import)

        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(_("Progression de l'import"))
        self.progress_bar.setTextVisible(True)
        progress_row = QWidget()
        progress_layout = QHBoxLayout(progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar, 1)
        self.progress_row = progress_row
        progress_row.hide()

        self.model = LearnersModel(self)
        self.filter = LearnerFilter(self)
        self.filter.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.filter)
        self.table.setAccessibleName(_("Liste des élèves"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab must leave the table (keyboard users): arrows move between cells.
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(division_label)
        filters.addWidget(self.division_combo)
        filters.addWidget(status_label)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)
        filters.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(progress_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        chain_tab_order(
            *self.banner.focus_order(),
            self.search_edit,
            self.division_combo,
            self.status_combo,
            self.import_button,
            self.table,
        )

        self.search_edit.textChanged.connect(self.filter.set_search)
        self.division_combo.currentIndexChanged.connect(self._division_chosen)
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        for signal in (self.filter.rowsInserted, self.filter.rowsRemoved, self.filter.modelReset):
            signal.connect(self._update_count)
        self.filter.layoutChanged.connect(self._update_count)
        self._apply_progressed.connect(self._show_apply_progress)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(
            lambda: self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        self._refresh_divisions()
        self._update_count()

    def focus_first(self) -> None:
        """Put the focus where the page starts (Ctrl+1 lands here)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read every learner from the store (on the database worker)."""
        self._runner.run_db(self._services.roster.learners, self._loaded, self._failed)

    def _loaded(self, learners: tuple[LearnerSummary, ...]) -> None:
        self.model.set_learners(learners)
        self._refresh_divisions()
        self.roster_loaded.emit()

    # ---------------------------------------------------------------- import

    def start_import(self) -> None:
        """Ask for the file to import, then import it."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Importer des élèves"),
            str(Path.home()),
            _("Export SIECLE ou CSV Pix (*.xml *.zip *.csv);;Tous les fichiers (*)"),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Read ``path`` and show the preview; ask the school's UAI first if it is unknown."""
        self.banner.dismiss()
        self._busy(_("Lecture de {file}…").format(file=path.name))
        self._runner.run(
            self._services.settings.load, lambda found: self._with_uai(path, found), self._failed
        )

    def _with_uai(self, path: Path, settings: SchoolSettings) -> None:
        if settings.uai:
            self._plan(path, settings.uai)
            return
        self._idle()
        dialog = SchoolDialog(settings, self._services.settings, self._runner, self._reporter, self)
        dialog.settings_saved.connect(lambda saved: self._resume_import(path, saved))
        self.school_dialog = dialog
        dialog.open()

    def _resume_import(self, path: Path, settings: SchoolSettings) -> None:
        self.school_saved.emit(settings)
        self._busy(_("Lecture de {file}…").format(file=path.name))
        self._plan(path, settings.uai)

    def _plan(self, path: Path, uai: str) -> None:
        roster = self._services.roster
        self._runner.run_db(lambda: roster.plan_import(path, uai=uai), self._planned, self._failed)

    def _planned(self, plan: RosterImportPlan) -> None:
        self._idle()
        dialog = ImportPreviewDialog(plan, self)
        dialog.apply_requested.connect(self._apply)
        dialog.rejected.connect(lambda: self.import_button.setFocus())
        self.preview_dialog = dialog
        dialog.open()
        self.import_planned.emit(plan)

    def _apply(self, plan: RosterImportPlan) -> None:
        self._busy(_("Enregistrement de l'import…"), determinate=True)
        roster = self._services.roster
        progressed = self._apply_progressed.emit
        self._runner.run_db(
            lambda: roster.apply_import(plan, progress=progressed), self._applied, self._failed
        )

    def _applied(self, result: RosterImportResult) -> None:
        changed = (*result.added, *result.updated, *result.disabled)
        if result.sessions_created or result.sessions_extended:
            changed = ()  # a CSV import enrols candidates in sessions: the roster is unchanged
        roster = self._services.roster
        self._runner.run_db(
            lambda: roster.learners_by_ine(changed),
            lambda learners: self._refreshed(result, learners),
            self._failed,
        )

    def _refreshed(self, result: RosterImportResult, learners: tuple[LearnerSummary, ...]) -> None:
        self._idle()
        self.model.upsert(learners)
        self._refresh_divisions()
        if result.sessions_created or result.sessions_extended:
            message = _(
                "Import appliqué : {candidates} candidat(s) inscrit(s), {created} session(s) "
                "créée(s), {extended} session(s) complétée(s)."
            ).format(
                candidates=len(result.added),
                created=len(result.sessions_created),
                extended=len(result.sessions_extended),
            )
        else:
            message = _(
                "Import appliqué : {added} élève(s) ajouté(s), {updated} mis à jour, "
                "{disabled} désactivé(s)."
            ).format(
                added=len(result.added), updated=len(result.updated), disabled=len(result.disabled)
            )
        self.banner.show_success(message)
        self.import_applied.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self._reporter.report(error, self.banner)

    # ---------------------------------------------------------------- state

    def _busy(self, text: str, *, determinate: bool = False) -> None:
        self.import_button.setEnabled(False)
        self.progress_label.setText(text)
        self.progress_bar.setAccessibleDescription(text)
        self.progress_bar.setRange(0, 0 if not determinate else 1)
        self.progress_bar.setValue(0)
        self.progress_row.show()

    def _idle(self) -> None:
        self.progress_row.hide()
        self.import_button.setEnabled(True)

    def _show_apply_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    # ---------------------------------------------------------------- filters

    def _refresh_divisions(self) -> None:
        current = self.division_combo.currentData()
        divisions = sorted({one.division for one in self.model.learners() if one.division})
        self.division_combo.blockSignals(True)
        self.division_combo.clear()
        self.division_combo.addItem(_("Toutes les classes"), None)
        for division in divisions:
            self.division_combo.addItem(division, division)
        index = self.division_combo.findData(current) if current is not None else 0
        self.division_combo.setCurrentIndex(max(index, 0))
        self.division_combo.blockSignals(False)
        self.filter.set_division(self.division_combo.currentData())

    def _division_chosen(self, _index: int) -> None:
        self.filter.set_division(self.division_combo.currentData())

    def _status_chosen(self, _index: int) -> None:
        self.filter.set_status(StatusFilter(self.status_combo.currentData()))

    def _update_count(self, *_args: object) -> None:
        total = self.model.rowCount()
        if total == 0:
            self.count_label.setText(
                _(
                    "Aucun élève sur ce poste : importez l'export SIECLE de l'établissement "
                    "(bouton « Importer… »)."
                )
            )
            return
        active = sum(1 for one in self.model.learners() if one.active)
        self.count_label.setText(
            _("{shown} élève(s) affiché(s) sur {total}, dont {active} actif(s).").format(
                shown=self.filter.rowCount(QModelIndex()), total=total, active=active
            )
        )
