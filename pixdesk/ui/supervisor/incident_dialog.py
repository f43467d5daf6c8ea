"""Record an incident (RULES.md §8): its code, a description, the question for E codes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.incidents import (
    MAX_DESCRIPTION_LENGTH,
    Incident,
    IncidentCode,
    validate_incident,
)
from pixdesk.domain.text import character_count
from pixdesk.i18n import _
from pixdesk.services.console_actions import RecordIncident
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.tab_order import chain_tab_order


class IncidentDialog(QDialog):
    """Ask for an incident; emits ``incident_requested`` once the form is valid.

    Args:
        candidates: ``(candidate id, name)`` of the room, in the room's order.
        selected: The candidate to preselect (None: the whole session).
    """

    incident_requested = Signal(object)  # RecordIncident

    def __init__(
        self,
        candidates: Sequence[tuple[str, str]],
        selected: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Signaler un incident"))
        self.errors = FieldErrors()

        self.candidate = QComboBox()
        self.candidate.addItem(_("Toute la session"), None)
        for cid, name in candidates:
            self.candidate.addItem(name, cid)
        if selected is not None:
            self.candidate.setCurrentIndex(max(0, self.candidate.findData(selected)))
        self.code = QComboBox()
        for code in IncidentCode:
            self.code.addItem(texts.incident_label(code), code)
        self.question = QSpinBox()
        self.question.setRange(1, 99)
        self.question.setPrefix(_("question "))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setAccessibleName(_("Description de l'incident"))
        self.count = QLabel()
        self.count.setAccessibleName(_("Nombre de caractères de la description"))

        form = QFormLayout()
        for text, widget, name, shown in (
            (_("&Candidat :"), self.candidate, "candidate", None),
            (_("C&ode :"), self.code, "code", None),
            (_("&Question n° :"), self.question, "question", None),
            (_("&Description :"), self.description, "description", None),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(name, widget, shown))
        form.addRow("", self.count)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Enregistrer l'incident"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annu&ler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.code.currentIndexChanged.connect(self._code_changed)
        self.description.textChanged.connect(self._count_changed)
        self._code_changed()
        self._count_changed()
        chain_tab_order(self.candidate, self.code, self.question, self.description)

    def selected_code(self) -> IncidentCode:
        """Return the chosen code."""
        # Qt hands enum data back as its plain string value.
        return IncidentCode(self.code.currentData())

    def incident(self) -> RecordIncident:
        """Return the incident as entered."""
        code = self.selected_code()
        return RecordIncident(
            candidate_id=self.candidate.currentData(),
            code=code,
            description=self.description.toPlainText().strip(),
            question_number=self.question.value() if code.in_question else None,
        )

    def submit(self) -> None:
        """Check the form (every problem next to its field), then ask for the incident."""
        action = self.incident()
        problems = validate_incident(
            Incident(action.code, action.description, action.question_number)
        )
        messages: dict[str, str] = {}
        for problem in problems:
            field, message = texts.incident_error(problem.value)
            messages.setdefault(field, message)
        if self.errors.show(messages) is None:
            self.incident_requested.emit(action)
            self.accept()

    def _code_changed(self) -> None:
        self.question.setEnabled(self.selected_code().in_question)

    def _count_changed(self) -> None:
        count = character_count(self.description.toPlainText())
        self.count.setText(
            _("{count} / {maximum} caractères").format(count=count, maximum=MAX_DESCRIPTION_LENGTH)
        )
