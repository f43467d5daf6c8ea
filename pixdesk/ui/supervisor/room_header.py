"""The top of the console: which session, its access code, where stations find the console,
how far they can trust it, and the warnings an invigilator must see first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pixdesk.i18n import _
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.fonts import make_title

if TYPE_CHECKING:
    from pixdesk.services.console_runtime import RoomAddress
    from pixdesk.services.console_session import ConsoleSession

_WARNING_STYLE = (
    "QLabel {{ background: #fff4ce; color: #5c3c00; border: 2px solid #8a5a00;"
    " border-radius: 4px; padding: 4px; }}"
)


def _label(text: str, *, name: str = "", selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    return label


class RoomHeader(QFrame):
    """Session, access code, address and fingerprints, trust mode, warnings, the sheet."""

    sheet_open_requested = Signal(object)  # Path

    def __init__(
        self, session: ConsoleSession, address: RoomAddress, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = _label(
            _("Session {number} — {room} — {site} — {date} à {time}").format(
                number=session.number,
                room=session.room,
                site=session.site,
                date=texts.day_text(session.date),
                time=session.start_time,
            )
        )
        make_title(self.title, 1.2)
        self.access_code = _label(
            _("Code d'accès à donner aux candidats : {code}").format(code=session.access_code),
            name=_("Code d'accès"),
        )
        make_title(self.access_code, 1.5)
        addresses = _(" ou ").join(address.addresses)
        self.address = _label(
            _(
                "Si un poste ne trouve pas la console, tapez sur ce poste l'adresse {address} "
                "et vérifiez l'empreinte TLS {fingerprint}."
            ).format(address=addresses, fingerprint=address.tls_fingerprint),
            name=_("Adresse de la console"),
        )
        if session.degraded:
            trust_text = _(
                "Mode dégradé : aucun certificat de l'établissement ne garantit cette session. "
                "Sur chaque poste, vérifiez que l'empreinte de session affichée est "
                "{fingerprint}."
            ).format(fingerprint=session.session_fingerprint)
        else:
            trust_text = _(
                "Session certifiée par l'établissement (empreinte de session {fingerprint})."
            ).format(fingerprint=session.session_fingerprint)
        self.trust = _label(trust_text, name=_("Confiance"))
        if session.degraded:
            self.trust.setStyleSheet(_WARNING_STYLE.format())
        warning = session.invigilator_warning()
        self.invigilators = _label(
            _(
                "Attention : {candidates} candidats pour {present} surveillant(s) ; il en faut "
                "{needed} (un pour 20 candidats)."
            ).format(
                candidates=len(session.candidates),
                present=warning.present if warning else 0,
                needed=warning.needed if warning else 0,
            ),
            name=_("Avertissement surveillants"),
        )
        self.invigilators.setStyleSheet(_WARNING_STYLE.format())
        self.invigilators.setVisible(warning is not None)
        self.password = _label(
            _(
                "Mot de passe surveillant de cette session (notez-le : il sert à rouvrir la "
                "console) : {password}"
            ).format(password=session.new_password or ""),
            name=_("Mot de passe surveillant"),
        )
        self.password.setVisible(session.new_password is not None)
        self._sheet = session.sheet_path
        self.sheet = _label(
            _("Feuille de secours (codes de reprise hors ligne) : {path}").format(
                path=str(session.sheet_path)
            ),
            name=_("Feuille de secours"),
        )
        self.sheet_button = QPushButton(_("Ouvrir la feuille de &secours"))
        self.sheet_button.clicked.connect(self._open_sheet)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet, 1)
        sheet_row.addWidget(self.sheet_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.title,
            self.access_code,
            self.invigilators,
            self.trust,
            self.password,
            self.address,
        ):
            layout.addWidget(widget)
        layout.addLayout(sheet_row)

    def _open_sheet(self) -> None:
        path: Path = self._sheet
        self.sheet_open_requested.emit(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
