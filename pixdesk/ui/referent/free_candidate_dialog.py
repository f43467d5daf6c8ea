"""Enrol a candidate who is not in the roster (RULES.md §3), every refusal next to its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.candidate import FRANCE_COUNTRY_CODE, Sex
from pixdesk.i18n import _
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.planning_messages import describe_field_problem, describe_planning_error
from pixdesk.services.planning_values import FreeCandidate
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.sessions import EnrolmentChange, SessionPlanner
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner

# Where each refused field of the domain is shown in this form.
_FIELD_OF = {
    "birth_name": "birth_name",
    "first_name": "first_name",
    "birth_date": "birth_date",
    "birth_country_code": "birth_country_code",
    "birth_insee_code": "birth_insee_code",
    "birth_postal_code": "birth_postal_code",
    "birth_place": "birth_insee_code",
    "extra_time_ratio": "extra_time",
    "result_email": "result_email",
}


class FreeCandidateDialog(QDialog):
    """The free candidate form; enrols through the planner on the database worker."""

    candidate_enrolled = Signal(object)  # EnrolmentChange

    def __init__(
        self,
        planner: SessionPlanner,
        session_id: str,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._planner = planner
        self._session_id = session_id
        self._runner = runner
        self._reporter = reporter
        self.setWindowTitle(_("Ajouter un candidat libre"))
        self.banner = MessageBanner()
        self.errors = FieldErrors()
        intro = QLabel(
            _("Pour un candidat absent de la base élèves (adulte, élève d'un autre établissement).")
        )
        intro.setWordWrap(True)

        self.birth_name_edit = QLineEdit()
        self.first_name_edit = QLineEdit()
        self.birth_date_edit = QDateEdit(QDate(2010, 1, 1))
        self.birth_date_edit.setCalendarPopup(True)
        self.birth_date_edit.setDisplayFormat("dd/MM/yyyy")
        self.sex_combo = QComboBox()
        self.sex_combo.addItem(_("Féminin"), Sex.F)
        self.sex_combo.addItem(_("Masculin"), Sex.M)
        self.country_edit = QLineEdit(FRANCE_COUNTRY_CODE)
        self.country_edit.setToolTip(_("Code INSEE du pays : 99100 pour la France"))
        self.insee_edit = QLineEdit()
        self.insee_edit.setPlaceholderText(_("ex. 75056"))
        self.postal_edit = QLineEdit()
        self.postal_edit.setPlaceholderText(_("si pas de code INSEE"))
        self.city_edit = QLineEdit()
        self.division_edit = QLineEdit()
        self.external_id_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.extra_time_spin = QDoubleSpinBox()
        self.extra_time_spin.setRange(0, 999.9)
        self.extra_time_spin.setDecimals(1)
        self.extra_time_spin.setSuffix(_(" %"))
        self.accessibility_check = QCheckBox(
            _("Aménagement d'&accessibilité (questions accessibles uniquement)")
        )
        self.accessibility_check.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed
        )

        identity: list[tuple[str, str, QWidget]] = [
            ("birth_name", _("&Nom de naissance :"), self.birth_name_edit),
            ("first_name", _("&Prénom :"), self.first_name_edit),
            ("birth_date", _("&Date de naissance :"), self.birth_date_edit),
            ("sex", _("&Sexe :"), self.sex_combo),
            ("division", _("C&lasse :"), self.division_edit),
            ("external_id", _("Identifiant &externe :"), self.external_id_edit),
            ("result_email", _("E-&mail (résultats) :"), self.email_edit),
        ]
        birth_place: list[tuple[str, str, QWidget]] = [
            ("birth_country_code", _("Code pa&ys :"), self.country_edit),
            ("birth_insee_code", _("Code &INSEE de la commune :"), self.insee_edit),
            ("birth_postal_code", _("Code p&ostal :"), self.postal_edit),
            ("birth_city", _("&Commune :"), self.city_edit),
        ]
        adjustments: list[tuple[str, str, QWidget]] = [
            ("extra_time", _("&Temps majoré :"), self.extra_time_spin),
        ]
        rows = [*identity, *birth_place, *adjustments]
        identity_box = self._group(_("Identité"), identity)
        place_box = self._group(_("Lieu de naissance"), birth_place)
        adjustments_box = self._group(_("Aménagements"), adjustments)
        adjustments_form = adjustments_box.layout()
        assert isinstance(adjustments_form, QFormLayout)
        adjustments_form.addRow(self.accessibility_check)
        right = QVBoxLayout()
        right.addWidget(place_box)
        right.addWidget(adjustments_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(identity_box, 1)
        columns.addLayout(right, 1)

        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton(
            _("Inscri&re"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.enrol_button.setDefault(True)
        cancel = self.buttons.addButton(_("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        chain_tab_order(
            *(widget for _name, _text, widget in rows),
            self.accessibility_check,
            self.enrol_button,
            cancel,
        )
        self.setMinimumWidth(860)
        self.birth_name_edit.setFocus()

    def _group(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for name, text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(name, widget))
        return box

    def candidate(self) -> FreeCandidate:
        """Return what the form holds."""
        qdate = self.birth_date_edit.date()
        percent = Decimal(
            str(round(self.extra_time_spin.value(), self.extra_time_spin.decimals()))
        ).normalize()
        return FreeCandidate(
            birth_name=self.birth_name_edit.text(),
            first_name=self.first_name_edit.text(),
            birth_date=date(qdate.year(), qdate.month(), qdate.day()),
            sex=Sex(self.sex_combo.currentData()),
            birth_country_code=self.country_edit.text(),
            birth_insee_code=self.insee_edit.text(),
            birth_postal_code=self.postal_edit.text(),
            birth_city=self.city_edit.text(),
            division=self.division_edit.text(),
            external_id=self.external_id_edit.text(),
            result_email=self.email_edit.text(),
            extra_time_percent=format(percent, "f"),
            accessibility_adjustment=self.accessibility_check.isChecked(),
        )

    def save(self) -> None:
        """Enrol the candidate off the UI thread; the dialog closes once it is done."""
        self.banner.dismiss()
        self.errors.clear()
        self.enrol_button.setEnabled(False)
        planner, session_id, candidate = self._planner, self._session_id, self.candidate()
        self._runner.run_db(
            lambda: planner.enrol_candidate(session_id, candidate), self._enrolled, self._refused
        )

    def _enrolled(self, change: EnrolmentChange) -> None:
        self.enrol_button.setEnabled(True)
        self.candidate_enrolled.emit(change)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.enrol_button.setEnabled(True)
        if isinstance(error, PlanningError) and error.code is PlanningErrorCode.INVALID_CANDIDATE:
            messages: dict[str, str] = {}
            for problem in error.problems:
                field = _FIELD_OF.get(problem.field)
                if field is not None:
                    messages.setdefault(field, describe_field_problem(problem))
            self.banner.show_error(describe_planning_error(error), focus=False)
            self.errors.show(messages)
            return
        if isinstance(error, PlanningError) and error.code is PlanningErrorCode.EXTRA_TIME_INVALID:
            self.errors.show({"extra_time": describe_planning_error(error)})
            return
        self._reporter.report(error, self.banner)
