"""Join, step 1: session number, first name, birth name, birth date in three fields (as on Pix)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton

from pixdesk.i18n import _
from pixdesk.ui.learner.page import ErrorLine, LearnerPage, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order


@dataclass(frozen=True, slots=True)
class Identity:
    """What step 1 gathered."""

    session_number: str
    first_name: str
    birth_name: str
    birth_date: date


def _line(name: str, *, digits: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    if digits:
        edit.setMaxLength(digits)
        pattern = QRegularExpression(f"[0-9]{{0,{digits}}}")
        edit.setValidator(QRegularExpressionValidator(pattern, edit))
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return edit


class IdentityPage(LearnerPage):
    """Ask who the pupil is; checks the form locally, the console checks the identity."""

    submitted = Signal(object)  # Identity
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__(_("Étape 1 sur 2 : votre identité"))
        intro = text_label(
            _("Écrivez votre nom et votre date de naissance comme sur vos papiers d'identité."),
            focusable=True,
        )
        self.session = _line("sessionNumber", digits=12)
        self.first_name = _line("firstName")
        self.birth_name = _line("birthName")
        self.day = _line("birthDay", digits=2)
        self.month = _line("birthMonth", digits=2)
        self.year = _line("birthYear", digits=4)
        for edit, placeholder in ((self.day, "JJ"), (self.month, "MM"), (self.year, "AAAA")):
            edit.setPlaceholderText(placeholder)
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0000000") + 24)
        self.day.setAccessibleName(_("Jour de naissance"))
        self.month.setAccessibleName(_("Mois de naissance"))
        self.year.setAccessibleName(_("Année de naissance"))

        grid = QGridLayout()
        labels = (
            (_("Numéro de &session :"), self.session),
            (_("&Prénom :"), self.first_name),
            (_("&Nom de naissance :"), self.birth_name),
        )
        for row, (text, edit) in enumerate(labels):
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
        date_label = QLabel(_("&Date de naissance (jour, mois, année) :"))
        date_label.setBuddy(self.day)
        date_row = QHBoxLayout()
        for edit in (self.day, self.month, self.year):
            date_row.addWidget(edit)
        date_row.addStretch(1)
        grid.addWidget(date_label, 3, 0)
        grid.addLayout(date_row, 3, 1)

        self.error = ErrorLine()
        self.back_button = QPushButton(_("&Retour"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.continue_button = QPushButton(_("&Continuer"))
        self.continue_button.setObjectName("identityContinue")
        self.continue_button.clicked.connect(self._submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)

        layout = self.layout_
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        chain_tab_order(
            self.heading,
            intro,
            self.session,
            self.first_name,
            self.birth_name,
            self.day,
            self.month,
            self.year,
            self.error,
            self.back_button,
            self.continue_button,
        )
        for edit in (self.session, self.first_name, self.birth_name, self.year):
            edit.returnPressed.connect(self._submit)

    def busy(self, waiting: bool) -> None:
        """Disable the form while the console is being reached."""
        self.continue_button.setEnabled(not waiting)
        if waiting:
            self.continue_button.setText(_("Connexion à la console…"))
        else:
            self.continue_button.setText(_("&Continuer"))

    def _submit(self) -> None:
        identity = self.identity()
        if identity is not None:
            self.error.clear()
            self.submitted.emit(identity)

    def identity(self) -> Identity | None:
        """Return what was typed when it is complete and valid, else show what is wrong."""
        session = self.session.text().strip()
        first, birth = self.first_name.text().strip(), self.birth_name.text().strip()
        if not session:
            return self._refuse(_("Écrivez le numéro de session (au tableau)."), self.session)
        if not first:
            return self._refuse(_("Écrivez votre prénom."), self.first_name)
        if not birth:
            return self._refuse(_("Écrivez votre nom de naissance."), self.birth_name)
        try:
            born = date(int(self.year.text()), int(self.month.text()), int(self.day.text()))
        except ValueError:
            return self._refuse(
                _(
                    "Date de naissance incomplète ou impossible : jour, mois, puis année "
                    "en 4 chiffres."
                ),
                self.day,
            )
        if born.year < 1900:
            return self._refuse(_("L'année de naissance s'écrit avec 4 chiffres."), self.year)
        return Identity(session, first, birth, born)

    def _refuse(self, message: str, field: QLineEdit) -> Identity | None:
        self.error.show_message(message)
        field.setAccessibleDescription(message)
        return None

    def show_refusal(self, message: str) -> None:
        """Show the console's refusal (unknown person, several matches…)."""
        self.busy(False)
        self.error.show_message(message)
