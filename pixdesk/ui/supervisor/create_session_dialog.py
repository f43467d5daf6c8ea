"""Create a session on the console when no session file exists (degraded trust, said plainly)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
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

from pixdesk.i18n import _
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_values import SessionDraftHere
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

EXAMPLE = "DUPONT;Léa;04/05/2010;33;oui\nMARTIN;Paul;02/01/2009;;non"


class CreateSessionDialog(QDialog):
    """Ask for the session's fields and candidates; emits ``create_requested``."""

    create_requested = Signal(object)  # SessionDraftHere

    def __init__(self, today: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Créer une session sur ce poste"))
        self.banner = MessageBanner()
        notice = QLabel(
            _(
                "Sans fichier du référent, la session est en mode dégradé : aucun certificat "
                "de l'établissement ne la garantit. Chaque poste affichera une empreinte à "
                "comparer avec celle de cet écran. Notez le mot de passe surveillant affiché "
                "ensuite : il sert à rouvrir la console."
            )
        )
        notice.setWordWrap(True)
        self.errors = FieldErrors()
        self.site = QLineEdit()
        self.room = QLineEdit()
        self.date = QDateEdit(today)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.start = QTimeEdit(QTime.currentTime())
        self.start.setDisplayFormat("HH:mm")
        self.invigilators = QPlainTextEdit()
        self.invigilators.setTabChangesFocus(True)
        self.invigilators.setAccessibleName(_("Surveillants, un par ligne"))
        self.invigilators.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.candidates = QPlainTextEdit()
        self.candidates.setTabChangesFocus(True)
        self.candidates.setAccessibleName(_("Candidats, un par ligne"))
        self.candidates.setPlaceholderText(EXAMPLE)
        help_text = QLabel(
            _(
                "Une ligne par candidat : NOM;Prénom;JJ/MM/AAAA;tiers-temps en % (vide si "
                "aucun);aménagement d'accessibilité oui ou non (vide : non);sexe M ou F "
                "(facultatif). Vous pouvez coller des colonnes d'un tableur."
            )
        )
        # Said with the field, so a screen reader gives the format where it is typed.
        self.candidates.setAccessibleDescription(help_text.text())
        help_text.setWordWrap(True)

        form = QFormLayout()
        for text, widget, name in (
            (_("&Site (adresse) :"), self.site, "site"),
            (_("S&alle :"), self.room, "room"),
            (_("&Date :"), self.date, "date"),
            (_("&Heure de début :"), self.start, "start_time"),
            (_("S&urveillants (un par ligne) :"), self.invigilators, "invigilators"),
            (_("Ca&ndidats :"), self.candidates, "candidates"),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(name, widget))
        form.addRow("", help_text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(_("&Créer et ouvrir la session"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annu&ler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain_tab_order(
            self.site, self.room, self.date, self.start, self.invigilators, self.candidates
        )
        self.resize(640, 560)

    def draft(self) -> SessionDraftHere:
        """Return the form as typed."""
        lines = self.invigilators.toPlainText().splitlines()
        return SessionDraftHere(
            site=self.site.text().strip(),
            room=self.room.text().strip(),
            date=self.date.date().toString("yyyy-MM-dd"),
            start_time=self.start.time().toString("HH:mm"),
            invigilators=tuple(line.strip() for line in lines if line.strip()),
            candidate_lines=self.candidates.toPlainText(),
        )

    def submit(self) -> None:
        """Ask the console to create the session."""
        self.errors.clear()
        self.create_button.setEnabled(False)
        self.create_requested.emit(self.draft())

    def show_error(self, error: ConsoleError) -> None:
        """Show every refused field and candidate line next to its field."""
        self.create_button.setEnabled(True)
        if error.code is not ConsoleErrorCode.INVALID_SESSION:
            self.banner.show_error(texts.console_error(error))
            return
        messages = {p.field: texts.field_error(p.code) for p in error.problems}
        if error.lines:
            lines = [texts.line_error(number, code) for number, code in error.lines]
            messages["candidates"] = _(" ; ").join(lines)
        self.banner.show_error(texts.console_error(error), focus=False)
        self.errors.show(messages)
