"""Pick learners one by one: a checkable list of the active learners, with a search field."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.identity import normalise_name
from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import day, person
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.roster_service import LearnerSummary, RosterService
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner

INE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class PickLearnersDialog(QDialog):
    """Check the learners to enrol; those already in the session are listed, not checkable."""

    learners_loaded = Signal()
    learners_chosen = Signal(list)  # INEs, in list order

    def __init__(
        self,
        roster: RosterService,
        enrolled_ines: Collection[str],
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._enrolled = frozenset(enrolled_ines)
        self._reporter = reporter
        self.setWindowTitle(_("Choisir des élèves"))
        self.banner = MessageBanner()

        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(_("nom, prénom, classe ou INE"))
        search_label = QLabel(_("&Rechercher :"))
        search_label.setBuddy(self.search_edit)
        self.model = QStandardItemModel(self)
        self.filter = QSortFilterProxyModel(self)
        self.filter.setSourceModel(self.model)
        self.filter.setFilterRole(SEARCH_ROLE)
        self.list_view = QListView()
        self.list_view.setModel(self.filter)
        self.list_view.setAccessibleName(_("Élèves actifs"))
        self.list_view.setAccessibleDescription(
            _("Espace pour cocher ou décocher l'élève sélectionné.")
        )
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setUniformItemSizes(True)
        list_label = QLabel(_("Élè&ves (Espace pour cocher) :"))
        list_label.setBuddy(self.list_view)
        self.check_all_button = QPushButton(_("&Tout cocher (liste affichée)"))
        self.check_all_button.clicked.connect(lambda: self._check_shown(True))
        self.uncheck_all_button = QPushButton(_("Tout &décocher"))
        self.uncheck_all_button.clicked.connect(lambda: self._check_shown(False))
        self.count_label = QLabel()

        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton(
            _("&Inscrire les élèves cochés"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(_("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_all_button)
        check_row.addWidget(self.uncheck_all_button)
        check_row.addStretch(1)
        check_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(search_row)
        layout.addWidget(list_label)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(check_row)
        layout.addWidget(self.buttons)
        chain_tab_order(
            self.search_edit,
            self.list_view,
            self.check_all_button,
            self.uncheck_all_button,
            self.enrol_button,
            cancel,
        )
        self.search_edit.textChanged.connect(
            lambda text: self.filter.setFilterFixedString(normalise_name(text))
        )
        self.model.itemChanged.connect(self._update_count)
        self.resize(560, 520)
        self._update_count()
        runner.run_db(roster.learners, self._loaded, self._failed)

    def checked_ines(self) -> list[str]:
        """Return the INEs checked, in list order."""
        return [
            str(item.data(INE_ROLE))
            for row in range(self.model.rowCount())
            if (item := self.model.item(row)).checkState() == Qt.CheckState.Checked
            and item.isEnabled()
        ]

    def set_checked(self, ine: str, checked: bool = True) -> None:
        """Check or uncheck the learner ``ine``."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(INE_ROLE) == ine and item.isEnabled():
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _loaded(self, learners: tuple[LearnerSummary, ...]) -> None:
        for learner in learners:
            if not learner.active:
                continue
            already = learner.ine in self._enrolled
            text = _("{name} — {division}, né(e) le {birth_date}").format(
                name=person(learner.birth_name, learner.first_name),
                division=learner.division,
                birth_date=day(learner.birth_date),
            )
            if already:
                text = _("{learner} (déjà inscrit·e)").format(learner=text)
            item = QStandardItem(text)
            item.setEditable(False)
            item.setCheckable(not already)
            item.setEnabled(not already)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(learner.ine, INE_ROLE)
            item.setData(
                normalise_name(f"{learner.birth_name} {learner.first_name}")
                + " "
                + normalise_name(learner.division)
                + " "
                + learner.ine,
                SEARCH_ROLE,
            )
            self.model.appendRow(item)
        if self.model.rowCount() == 0:
            self.banner.show_info(
                _("Aucun élève actif : importez d'abord l'export SIECLE (onglet Élèves).")
            )
        self._update_count()
        self.learners_loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._reporter.report(error, self.banner)

    def _check_shown(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.filter.rowCount()):
            item = self.model.itemFromIndex(self.filter.mapToSource(self.filter.index(row, 0)))
            if item.isEnabled():
                item.setCheckState(state)

    def _update_count(self, *_args: object) -> None:
        count = len(self.checked_ines())
        text = _("{count} élève(s) coché(s)").format(count=count)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self.enrol_button.setEnabled(count > 0)

    def _choose(self) -> None:
        ines = self.checked_ines()
        if ines:
            self.learners_chosen.emit(ines)
            self.accept()
