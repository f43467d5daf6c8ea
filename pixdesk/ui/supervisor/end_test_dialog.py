"""Confirm ending a candidate's test: it cannot be undone."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pixdesk.i18n import _
from pixdesk.services.console_actions import EndTest


class EndTestDialog(QDialog):
    """Ask for confirmation; emits ``end_requested`` with the action."""

    end_requested = Signal(object)  # EndTest

    def __init__(self, candidate_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Terminer le test"))
        self._candidate_id = candidate_id
        text = QLabel(
            _(
                "Terminer maintenant le test de {name} ? Ses réponses enregistrées sont "
                "gardées ; il ne pourra plus répondre. Cette action ne peut pas être annulée."
            ).format(name=name)
        )
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.end_button = self.buttons.addButton(
            _("&Terminer le test"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            _("&Continuer le test"), QDialogButtonBox.ButtonRole.RejectRole
        )
        # Enter must not end a test by accident: the safe choice is the default.
        self.end_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.end_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        """Keep the safe choice as the default once shown (QDialog resets defaults)."""
        super().showEvent(event)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()

    def submit(self) -> None:
        """End the test."""
        self.end_requested.emit(EndTest(self._candidate_id))
        self.accept()
