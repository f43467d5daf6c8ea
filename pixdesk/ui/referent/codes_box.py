"""The session's two codes, each readable, selectable and copied with one button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from pixdesk.i18n import _
from pixdesk.ui.widgets.fonts import scaled
from pixdesk.ui.widgets.tab_order import chain_tab_order


class CodesBox(QGroupBox):
    """Access code (for candidates) and invigilator password (for the console)."""

    copied = Signal(str)  # what was copied, in words ("Code d'accès copié.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Codes de la session"), parent)
        self.access_edit = self._code_field(_("Code d'accès des candidats"))
        self.password_edit = self._code_field(_("Mot de passe des surveillants"))
        access_label = QLabel(_("Code d'&accès (candidats) :"))
        access_label.setBuddy(self.access_edit)
        password_label = QLabel(_("M&ot de passe (surveillants) :"))
        password_label.setBuddy(self.password_edit)
        self.copy_access_button = QPushButton(_("Copier le code"))
        self.copy_access_button.setAccessibleName(_("Copier le code d'accès"))
        self.copy_access_button.clicked.connect(
            lambda: self._copy(self.access_edit.text(), _("Code d'accès copié."))
        )
        self.copy_password_button = QPushButton(_("Copier le mot de passe"))
        self.copy_password_button.setAccessibleName(_("Copier le mot de passe des surveillants"))
        self.copy_password_button.clicked.connect(
            lambda: self._copy(self.password_edit.text(), _("Mot de passe copié."))
        )
        self.status_label = QLabel()
        self.status_label.hide()
        grid = QGridLayout(self)
        grid.addWidget(access_label, 0, 0)
        grid.addWidget(self.access_edit, 0, 1)
        grid.addWidget(self.copy_access_button, 0, 2)
        grid.addWidget(password_label, 1, 0)
        grid.addWidget(self.password_edit, 1, 1)
        grid.addWidget(self.copy_password_button, 1, 2)
        grid.addWidget(self.status_label, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        chain_tab_order(*self.focus_order())

    def focus_order(self) -> tuple[QWidget, ...]:
        """Return the focusable parts, in reading order (for the parent's tab order)."""
        return (
            self.access_edit,
            self.copy_access_button,
            self.password_edit,
            self.copy_password_button,
        )

    def set_codes(self, access_code: str, password: str) -> None:
        """Show a session's codes."""
        self.access_edit.setText(access_code)
        self.password_edit.setText(password)
        self.status_label.clear()
        self.status_label.hide()

    def _code_field(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setReadOnly(True)
        edit.setAccessibleName(name)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        edit.setFont(scaled(fixed, 1.3, bold=True))
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("MMMMMMMM") + 16)
        edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return edit

    def _copy(self, text: str, done: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.status_label.setText(done)
        self.status_label.setAccessibleName(done)
        self.status_label.show()
        self.copied.emit(done)
