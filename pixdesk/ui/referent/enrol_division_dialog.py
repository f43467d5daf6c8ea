"""Choose a division (class) whose active learners are all enrolled at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.roster_service import DivisionSummary, RosterService
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class EnrolDivisionDialog(QDialog):
    """List the divisions with their number of active learners; emit the one chosen."""

    divisions_loaded = Signal()
    division_chosen = Signal(str)

    def __init__(
        self,
        roster: RosterService,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reporter = reporter
        self.setWindowTitle(_("Inscrire une classe"))
        self.banner = MessageBanner()
        intro = QLabel(
            _(
                "Tous les élèves actifs de la classe sont inscrits ; ceux qui le sont déjà "
                "restent tels quels."
            )
        )
        intro.setWordWrap(True)
        self.division_combo = QComboBox()
        self.division_combo.setMinimumContentsLength(18)
        label = QLabel(_("&Classe :"))
        label.setBuddy(self.division_combo)
        form = QFormLayout()
        form.addRow(label, self.division_combo)
        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton(
            _("&Inscrire la classe"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(_("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.enrol_button.setEnabled(False)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain_tab_order(self.division_combo, self.enrol_button, cancel)
        self.setMinimumWidth(420)
        runner.run_db(roster.divisions, self._loaded, self._failed)

    def choose(self, division: str) -> None:
        """Select ``division`` in the list (keyboard users pick it with the arrows)."""
        self.division_combo.setCurrentIndex(self.division_combo.findData(division))

    def _loaded(self, divisions: tuple[DivisionSummary, ...]) -> None:
        for one in divisions:
            text = _("{division} — {count} élève(s) actif(s)").format(
                division=one.name, count=one.active_count
            )
            self.division_combo.addItem(text, one.name)
        if divisions:
            self.enrol_button.setEnabled(True)
            self.enrol_button.setDefault(True)
            self.division_combo.setFocus()
        else:
            self.banner.show_info(
                _("Aucune classe : importez d'abord l'export SIECLE (onglet Élèves).")
            )
        self.divisions_loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._reporter.report(error, self.banner)

    def _choose(self) -> None:
        division = self.division_combo.currentData()
        if division is None:
            return
        self.division_chosen.emit(str(division))
        self.accept()
