"""The connection to the console, said calmly: the pupil's answers are safe either way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pixdesk.i18n import _

if TYPE_CHECKING:
    from pixdesk.services.station_views import LinkView


class LinkLabel(QLabel):
    """ "Connecté à la console" or "Hors connexion — vos réponses sont enregistrées sur ce poste".

    Never an alarm: going offline changes nothing for the pupil (answers are saved here and
    sent later), so the text says so, in words, without a red colour.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("linkStatus")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.online: bool | None = None
        self.show_online(False)

    def show_link(self, link: LinkView) -> None:
        """Show the link's state (the text changes only when the state does)."""
        self.show_online(link.connected)

    def show_online(self, connected: bool) -> None:
        """Say whether the console is reachable now."""
        if connected == self.online:
            return
        self.online = connected
        if connected:
            text = _("Connecté à la console du surveillant")
        else:
            text = _("Hors connexion — vos réponses sont enregistrées sur ce poste")
        self.setText(text)
        self.setAccessibleName(text)
