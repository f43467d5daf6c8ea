"""A candidate's adjustments: extra time (as a percent) and the accessibility adjustment."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.candidate import extra_time_percent
from pixdesk.i18n import _
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.planning_messages import describe_planning_error
from pixdesk.ui.referent.formatting import person
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.domain.candidate import Candidate
    from pixdesk.services.sessions import SessionPlanner
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class CandidateOptionsDialog(QDialog):
    """Edit one candidate's extra time and accessibility adjustment."""

    candidate_changed = Signal(object)  # Candidate, as stored

    def __init__(
        self,
        planner: SessionPlanner,
        candidate: Candidate,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._planner = planner
        self._candidate = candidate
        self._runner = runner
        self._reporter = reporter
        name = person(candidate.birth_name, candidate.first_name)
        self.setWindowTitle(_("Aménagements — {name}").format(name=name))
        self.banner = MessageBanner()
        self.errors = FieldErrors()
        intro = QLabel(
            _(
                "Le temps majoré allonge la durée théorique et le temps des questions "
                "chronométrées (33 % pour un tiers-temps)."
            )
        )
        intro.setWordWrap(True)
        self.extra_time_spin = QDoubleSpinBox()
        self.extra_time_spin.setRange(0, 999.9)
        self.extra_time_spin.setDecimals(1)
        self.extra_time_spin.setSuffix(_(" %"))
        self.extra_time_spin.setValue(float(extra_time_percent(candidate.extra_time_ratio)))
        self.accessibility_check = QCheckBox(
            _("Aménagement d'&accessibilité (questions accessibles uniquement)")
        )
        self.accessibility_check.setChecked(candidate.accessibility_adjustment)
        label = QLabel(_("&Temps majoré :"))
        label.setBuddy(self.extra_time_spin)
        form = QFormLayout()
        form.addRow(label, self.errors.wrap("extra_time", self.extra_time_spin))
        form.addRow("", self.accessibility_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain_tab_order(self.extra_time_spin, self.accessibility_check, self.buttons)
        self.setMinimumWidth(460)
        self.extra_time_spin.setFocus()

    def save(self) -> None:
        """Store both adjustments in one transaction, off the UI thread."""
        self.banner.dismiss()
        self.errors.clear()
        self.save_button.setEnabled(False)
        value = Decimal(
            str(round(self.extra_time_spin.value(), self.extra_time_spin.decimals()))
        ).normalize()
        accessibility = self.accessibility_check.isChecked()
        planner, candidate_id = self._planner, self._candidate.candidate_id
        self._runner.run_db(
            lambda: planner.set_adjustments(
                candidate_id, extra_time_percent=format(value, "f"), accessibility=accessibility
            ),
            self._saved,
            self._refused,
        )

    def _saved(self, candidate: Candidate) -> None:
        self.save_button.setEnabled(True)
        self.candidate_changed.emit(candidate)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, PlanningError) and error.code is PlanningErrorCode.EXTRA_TIME_INVALID:
            self.errors.show({"extra_time": describe_planning_error(error)})
            return
        self._reporter.report(error, self.banner)
