"""Join, step 2: the session's access code (shown in the room), then the console's answer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from pixdesk.i18n import _
from pixdesk.ui.learner.page import ErrorLine, LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order


class CodePage(LearnerPage):
    """Ask for the access code; the console answers (wrong code, too many tries…)."""

    submitted = Signal(str)
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__(_("Étape 2 sur 2 : code d'accès"))
        self.console = text_label(focusable=True)
        self.console.setObjectName("consoleReached")
        self.code = QLineEdit()
        self.code.setObjectName("accessCode")
        self.code.setMaxLength(20)
        label = QLabel(_("&Code d'accès de la session :"))
        label.setBuddy(self.code)
        self.error = ErrorLine()
        self.back_button = QPushButton(_("&Retour"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.join_button = QPushButton(_("Re&joindre la session"))
        self.join_button.setObjectName("joinButton")
        self.join_button.clicked.connect(self._submit)
        self.code.returnPressed.connect(self._submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.join_button)

        layout = self.layout_
        layout.addWidget(self.console)
        layout.addWidget(label)
        layout.addWidget(self.code)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        chain_tab_order(
            self.heading, self.console, self.code, self.error, self.back_button, self.join_button
        )

    def reached(self, room: str | None, session_number: str, fingerprint: str | None) -> None:
        """Say which console answered, with its fingerprint for the invigilator to compare."""
        text = _("{room} — session {number}.").format(room=room or "?", number=session_number)
        if fingerprint:
            text += " " + _("Empreinte de la console : {fingerprint}.").format(
                fingerprint=fingerprint
            )
        set_text(self.console, text)
        self.error.clear()
        self.busy(False)

    def busy(self, waiting: bool) -> None:
        """Disable the button while the console answers."""
        self.join_button.setEnabled(not waiting)
        self.join_button.setText(_("Vérification…") if waiting else _("Re&joindre la session"))

    def show_refusal(self, message: str) -> None:
        """Show the console's refusal and let the pupil try again."""
        self.busy(False)
        self.error.show_message(message)

    def _submit(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.error.show_message(_("Écrivez le code d'accès affiché dans la salle."))
            return
        self.busy(True)
        self.submitted.emit(code)
