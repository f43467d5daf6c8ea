"""The dialog shown for a bug: what happened in plain words, and the details to copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _


class CrashDialog(QDialog):
    """Tell the user an unexpected error happened; the details go to the support."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Erreur inattendue"))
        intro = QLabel(
            _(
                "pixdesk a rencontré une erreur inattendue et n'a pas pu terminer l'action. "
                "Ce qui était déjà enregistré n'est pas perdu. Le détail ci-dessous est aussi "
                "écrit dans le journal de pixdesk ; copiez-le pour le support."
            )
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(_("Détail technique de l'erreur"))
        label = QLabel(_("&Détail technique :"))
        label.setBuddy(self.details)
        copy = QPushButton(_("&Copier le détail"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
