"""Shown once a session is created: its access code and invigilator password, to copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pixdesk.i18n import _
from pixdesk.ui.referent.codes_box import CodesBox
from pixdesk.ui.referent.formatting import iso_day
from pixdesk.ui.widgets.fonts import make_title

if TYPE_CHECKING:
    from pixdesk.services.sessions import PlannedSession


class CodesDialog(QDialog):
    """Tell the referent the session exists and give its two codes."""

    def __init__(self, planned: PlannedSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        session = planned.session
        self.setWindowTitle(_("Session n° {number} créée").format(number=session.number))
        title = QLabel(
            _("Session n° {number} créée pour le {date} à {time}.").format(
                number=session.number, date=iso_day(session.date), time=session.start_time
            )
        )
        title.setWordWrap(True)
        make_title(title, 1.2)
        explanation = QLabel(
            _(
                "Le jour de la session, les candidats saisissent le code d'accès ; le mot de "
                "passe ouvre la console des surveillants. Vous les retrouverez à tout moment "
                "dans l'onglet Sessions."
            )
        )
        explanation.setWordWrap(True)
        self.codes = CodesBox()
        self.codes.set_codes(session.access_code, session.invigilator_password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Fermer"))
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addWidget(self.codes)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.codes.access_edit.setFocus()
