"""The console's first dialog: open the referent's session file with the invigilator password,
reopen a session of this PC (after a restart), or create one right here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.fonts import make_title
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.console_session import KnownSession


class OpenSessionDialog(QDialog):
    """Choose the session to run; the controller opens it off the UI thread."""

    open_pack_requested = Signal(object, str)  # Path, password
    open_known_requested = Signal(str, str)  # session id, password
    create_requested = Signal()

    def __init__(
        self,
        known: Sequence[KnownSession],
        *,
        pack: Path | None = None,
        center_fingerprint: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("pixdesk — ouvrir la session de surveillance"))
        title = QLabel(_("Ouvrir la session"))
        make_title(title)
        self.banner = MessageBanner()

        self.pack = QLineEdit(str(pack) if pack else "")
        self.pack.setPlaceholderText(_("session-123456.pixpack"))
        self.browse = QPushButton(_("&Parcourir…"))
        self.browse.clicked.connect(self._browse)
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.pack, 1)
        pack_row.addWidget(self.browse)
        pack_label = QLabel(_("&Fichier de session :"))
        pack_label.setBuddy(self.pack)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(64)
        password_label = QLabel(_("&Mot de passe surveillant :"))
        password_label.setBuddy(self.password)
        self.open_button = QPushButton(_("&Ouvrir la session"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_pack)
        prepared = QGroupBox(_("Session préparée par le référent"))
        form = QFormLayout(prepared)
        form.addRow(pack_label, pack_row)
        form.addRow(password_label, self.password)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        form.addRow(open_row)
        trust = QLabel(
            _("Clé de l'établissement de ce poste : {fingerprint}").format(
                fingerprint=center_fingerprint
            )
            if center_fingerprint
            else _(
                "Ce poste n'a pas la clé de l'établissement : seule une session créée ici "
                "peut être ouverte."
            )
        )
        trust.setWordWrap(True)
        form.addRow(trust)

        self.known = QListWidget()
        self.known.setAccessibleName(_("Sessions déjà ouvertes sur ce poste"))
        for one in known:
            summary = one.summary
            item = QListWidgetItem(
                _("Session {number} — {room} — {date} à {time}").format(
                    number=summary.number,
                    room=summary.room,
                    date=texts.day_text(summary.date),
                    time=summary.start_time,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, one.session_id)
            self.known.addItem(item)
        self.reopen_button = QPushButton(_("&Reprendre cette session"))
        self.reopen_button.clicked.connect(self._open_known)
        again = QGroupBox(_("Reprendre une session de ce poste (après un redémarrage)"))
        again_layout = QVBoxLayout(again)
        again_layout.addWidget(self.known)
        again_layout.addWidget(self.reopen_button)
        again.setVisible(bool(known))
        if known:
            self.known.setCurrentRow(0)

        self.create_button = QPushButton(_("&Créer une session ici"))
        self.create_button.clicked.connect(self.create_requested)
        no_pack = QLabel(_("Pas de fichier de session ?"))
        create_row = QHBoxLayout()
        create_row.addWidget(no_pack)
        create_row.addWidget(self.create_button)
        create_row.addStretch(1)

        self.working = QLabel()
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(prepared)
        layout.addWidget(again)
        layout.addLayout(create_row)
        layout.addWidget(self.working)
        chain_tab_order(
            self.pack,
            self.browse,
            self.password,
            self.open_button,
            self.known,
            self.reopen_button,
            self.create_button,
        )
        self.resize(640, 0)

    def set_busy(self, busy: bool) -> None:
        """Say the password is being checked (a second or two) and block double clicks."""
        for button in (self.open_button, self.reopen_button, self.create_button, self.browse):
            button.setEnabled(not busy)
        self.working.setText(_("Vérification du mot de passe et ouverture…") if busy else "")

    def show_error(self, message: str) -> None:
        """Show an expected problem; the password is cleared for another try."""
        self.set_busy(False)
        self.banner.show_error(message)
        self.password.clear()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Fichier de session"), "", _("Sessions pixdesk (*.pixpack)")
        )
        if chosen:
            self.pack.setText(chosen)

    def _open_pack(self) -> None:
        path = self.pack.text().strip()
        if not path:
            self.banner.show_error(_("Choisissez le fichier de session remis par le référent."))
            self.pack.setFocus()
            return
        self.set_busy(True)
        self.open_pack_requested.emit(Path(path), self.password.text())

    def _open_known(self) -> None:
        item = self.known.currentItem()
        if item is None:
            return
        self.set_busy(True)
        self.open_known_requested.emit(
            str(item.data(Qt.ItemDataRole.UserRole)), self.password.text()
        )
