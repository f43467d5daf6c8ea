"""The first page: looking for the room's console, or typing its address; this PC's fingerprint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from pixdesk.i18n import _
from pixdesk.ui.learner.page import LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.lab.address import ConsoleAddress
    from pixdesk.lab.discovery import FoundConsole


class SearchPage(LearnerPage):
    """Say which console was found (room, session) or that none was, and take a typed address.

    Multicast discovery is often filtered on school networks: the address shown on the
    invigilator's screen can always be typed instead (or set by IT in the machine config).
    """

    search_requested = Signal()
    continue_requested = Signal()

    def __init__(self, station_fingerprint: str, configured: ConsoleAddress | None) -> None:
        super().__init__(_("Bienvenue : rejoindre la session"))
        self.status = text_label(focusable=True)
        self.status.setObjectName("searchStatus")
        self.consoles = text_label(focusable=True)
        self.consoles.setObjectName("consolesFound")
        self.consoles.hide()

        self.address = QLineEdit()
        self.address.setObjectName("consoleAddress")
        self.address.setPlaceholderText(_("par exemple 192.168.1.20:47474"))
        if configured is not None:
            self.address.setText(str(configured))
        address_label = QLabel(_("A&dresse de la console (si le surveillant vous la donne) :"))
        address_label.setBuddy(self.address)
        self.search_button = QPushButton(_("C&hercher à nouveau"))
        self.search_button.clicked.connect(self.search_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.search_button)

        self.fingerprint = text_label(
            _("Empreinte de ce poste : {fingerprint}").format(fingerprint=station_fingerprint),
            focusable=True,
        )
        self.fingerprint.setObjectName("stationFingerprint")
        self.continue_button = QPushButton(_("&Continuer"))
        self.continue_button.setObjectName("continueButton")
        self.continue_button.clicked.connect(self.continue_requested.emit)

        layout = self.layout_
        layout.addWidget(self.status)
        layout.addWidget(self.consoles)
        layout.addWidget(address_label)
        layout.addLayout(row)
        layout.addWidget(self.fingerprint)
        layout.addStretch(1)
        layout.addWidget(self.continue_button)
        chain_tab_order(
            self.heading,
            self.status,
            self.consoles,
            self.address,
            self.search_button,
            self.fingerprint,
            self.continue_button,
        )
        self.searching()

    def searching(self) -> None:
        """Show that discovery is under way."""
        set_text(self.status, _("Recherche de la console…"))
        self.search_button.setEnabled(False)

    def show_found(self, consoles: Sequence[FoundConsole]) -> None:
        """Show the consoles discovery found (adverts: the connection will check them)."""
        self.search_button.setEnabled(True)
        if not consoles:
            set_text(
                self.status,
                _(
                    "Aucune console trouvée sur le réseau. Saisissez l'adresse affichée sur "
                    "l'écran du surveillant, ou continuez : la console sera cherchée avec "
                    "votre numéro de session."
                ),
            )
            self.consoles.hide()
            return
        set_text(self.status, _("Console trouvée sur le réseau :"))
        lines = [
            _("{room} — session {number}").format(room=found.room, number=found.session_number)
            for found in consoles
        ]
        set_text(self.consoles, "\n".join(lines))
        self.consoles.show()

    def show_configured(self, address: ConsoleAddress) -> None:
        """Say that IT configured the console's address (no discovery needed)."""
        self.search_button.setEnabled(True)
        set_text(
            self.status,
            _("Console du surveillant : {address} (adresse configurée sur ce poste).").format(
                address=str(address)
            ),
        )

    def typed_address(self) -> str:
        """Return the address typed (empty: discovery)."""
        return self.address.text()
