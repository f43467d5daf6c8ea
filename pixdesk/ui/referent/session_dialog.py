"""Create or edit a session: every field of RULES.md §2, each refusal shown next to its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.session import (
    CANDIDATES_PER_INVIGILATOR,
    EngineVersion,
    invigilators_needed,
    parse_date,
)
from pixdesk.i18n import _
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.planning_messages import describe_field_problem, describe_planning_error
from pixdesk.services.planning_values import SessionDraft
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.sessions import PlannedSession, SessionPlanner
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner

_FIELDS = ("number", "site", "room", "date", "start_time", "invigilators", "description")


class SessionDialog(QDialog):
    """The session form; saves through the planner on the database worker."""

    session_saved = Signal(object)  # PlannedSession, as stored

    def __init__(
        self,
        planner: SessionPlanner,
        runner: TaskRunner,
        reporter: FailureReporter,
        existing: PlannedSession | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._planner = planner
        self._runner = runner
        self._reporter = reporter
        self._existing = existing
        if existing is None:
            self.setWindowTitle(_("Nouvelle session"))
        else:
            self.setWindowTitle(
                _("Modifier la session n° {number}").format(number=existing.session.number)
            )
        self.banner = MessageBanner()
        self.errors = FieldErrors()

        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(_("automatique (le numéro suivant)"))
        self.site_edit = QLineEdit()
        self.site_edit.setPlaceholderText(_("ex. Collège Jean-Moulin, 3 rue de la Paix, Rouen"))
        self.room_edit = QLineEdit()
        self.room_edit.setPlaceholderText(_("ex. Salle informatique 2"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.time_edit = QTimeEdit(QTime(9, 0))
        self.time_edit.setDisplayFormat("HH:mm")
        self.invigilators_edit = QPlainTextEdit()
        self.invigilators_edit.setTabChangesFocus(True)
        self.invigilators_edit.setPlaceholderText(_("Un nom par ligne"))
        self.invigilators_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.engine_combo = QComboBox()
        self.engine_combo.addItem(_("v3 — test adaptatif (par défaut)"), EngineVersion.V3)
        self.engine_combo.addItem(
            _("v2 — ancien moteur (profil de positionnement)"), EngineVersion.V2
        )
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(_("Facultatif"))
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.invigilator_hint = QLabel()
        self.invigilator_hint.setWordWrap(True)

        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("number", _("&Numéro de session :"), self.number_edit),
            ("site", _("&Site (adresse) :"), self.site_edit),
            ("room", _("Sa&lle :"), self.room_edit),
            ("date", _("&Date :"), self.date_edit),
            ("start_time", _("&Heure de début :"), self.time_edit),
            ("invigilators", _("S&urveillants :"), self.invigilators_edit),
        ]
        for name, text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(name, widget))
        form.addRow("", self.invigilator_hint)
        engine_label = QLabel(_("&Moteur de test :"))
        engine_label.setBuddy(self.engine_combo)
        form.addRow(engine_label, self.engine_combo)
        description_label = QLabel(_("Descr&iption :"))
        description_label.setBuddy(self.description_edit)
        form.addRow(description_label, self.errors.wrap("description", self.description_edit))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(
            _("&Créer la session") if existing is None else _("&Enregistrer la session")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain_tab_order(
            self.number_edit,
            self.site_edit,
            self.room_edit,
            self.date_edit,
            self.time_edit,
            self.invigilators_edit,
            self.engine_combo,
            self.description_edit,
            self.buttons,
        )
        if existing is not None:
            self._fill(existing)
        self._show_hint()
        self.invigilators_edit.textChanged.connect(self._show_hint)
        self.setMinimumWidth(560)
        self.site_edit.setFocus()

    def draft(self) -> SessionDraft | None:
        """Return what the form holds, or None when the number is not a number (shown)."""
        number_text = self.number_edit.text().strip()
        number: int | None = None
        if number_text:
            if not number_text.isdigit() or int(number_text) <= 0:
                self.errors.show({"number": _("Numéro attendu : un nombre entier positif.")})
                return None
            number = int(number_text)
        names = [line.strip() for line in self.invigilators_edit.toPlainText().splitlines()]
        return SessionDraft(
            site=self.site_edit.text(),
            room=self.room_edit.text(),
            date=self.date_edit.date().toString("yyyy-MM-dd"),
            start_time=self.time_edit.time().toString("HH:mm"),
            invigilators=tuple(name for name in names if name),
            description=self.description_edit.toPlainText(),
            engine_version=EngineVersion(self.engine_combo.currentData()),
            number=number,
        )

    def save(self) -> None:
        """Check and store the session off the UI thread; the dialog closes once it is saved."""
        self.banner.dismiss()
        draft = self.draft()
        if draft is None:
            return
        self.errors.clear()
        self.save_button.setEnabled(False)
        planner = self._planner
        existing = self._existing
        if existing is None:
            self._runner.run_db(lambda: planner.create_session(draft), self._saved, self._refused)
        else:
            session_id = existing.session_id
            self._runner.run_db(
                lambda: planner.update_session(session_id, draft), self._saved, self._refused
            )

    def _saved(self, planned: PlannedSession) -> None:
        self.save_button.setEnabled(True)
        self.session_saved.emit(planned)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, PlanningError) and error.code is PlanningErrorCode.INVALID_FIELDS:
            messages = {
                problem.field: describe_field_problem(problem)
                for problem in error.problems
                if problem.field in _FIELDS
            }
            others = [problem for problem in error.problems if problem.field not in _FIELDS]
            if others:  # codes drawn by pixdesk itself: a bug, not the referent's input
                self._reporter.crash(repr(error))
            self.banner.show_error(describe_planning_error(error), focus=False)
            self.errors.show(messages)
            return
        if isinstance(error, PlanningError) and error.code is PlanningErrorCode.NUMBER_TAKEN:
            self.errors.show({"number": describe_planning_error(error)})
            return
        self._reporter.report(error, self.banner)

    def _fill(self, planned: PlannedSession) -> None:
        session = planned.session
        self.number_edit.setText(str(session.number))
        self.site_edit.setText(session.site)
        self.room_edit.setText(session.room)
        day = parse_date(session.date)
        if day is not None:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.time_edit.setTime(QTime.fromString(session.start_time, "HH:mm"))
        self.invigilators_edit.setPlainText("\n".join(session.invigilators))
        self.engine_combo.setCurrentIndex(self.engine_combo.findData(session.engine_version))
        self.description_edit.setPlainText(session.description)

    def _show_hint(self) -> None:
        present = len([n for n in self.invigilators_edit.toPlainText().splitlines() if n.strip()])
        if self._existing is None:
            text = _("Prévoyez un surveillant pour {per} candidats.").format(
                per=CANDIDATES_PER_INVIGILATOR
            )
        else:
            count = self._existing.candidate_count
            needed = invigilators_needed(count)
            if present < needed:
                text = _(
                    "Attention : {count} candidats inscrits, il faut {needed} surveillants "
                    "(un pour {per}) ; {present} indiqué(s)."
                ).format(
                    count=count, needed=needed, per=CANDIDATES_PER_INVIGILATOR, present=present
                )
            else:
                text = _(
                    "{count} candidats inscrits : {present} surveillant(s) suffisent "
                    "(un pour {per})."
                ).format(count=count, present=present, per=CANDIDATES_PER_INVIGILATOR)
        self.invigilator_hint.setText(text)
        self.invigilator_hint.setAccessibleName(text)
