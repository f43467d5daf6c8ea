"""Decide on a proposed time credit: time lost to a crash or an outage (DESIGN.md §6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.services.console_actions import AcceptCredit, RefuseCredit
from pixdesk.services.console_values import PendingCredit
from pixdesk.ui.supervisor import texts


class CreditDialog(QDialog):
    """Accept (the time is added on the station) or refuse (journaled) a credit."""

    decision_made = Signal(object)  # AcceptCredit | RefuseCredit

    def __init__(
        self, name: str, credits: Sequence[PendingCredit], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Crédit de temps proposé"))
        intro = QLabel(
            _(
                "pixdesk a mesuré du temps perdu par {name} (poste déconnecté ou en panne). "
                "Accepter ajoute ce temps sur son poste ; refuser ne change rien. Les deux "
                "sont consignés."
            ).format(name=name)
        )
        intro.setWordWrap(True)
        self.credit = QComboBox()
        for credit in credits:
            self.credit.addItem(texts.duration(timedelta(seconds=credit.seconds)), credit.credit_id)
        label = QLabel(_("&Crédit :"))
        label.setBuddy(self.credit)
        form = QFormLayout()
        form.addRow(label, self.credit)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            _("&Accepter le crédit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.refuse_button = self.buttons.addButton(
            _("&Refuser le crédit"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = self.buttons.addButton(
            _("Plus &tard"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.accept_button.clicked.connect(self.accept_credit)
        self.refuse_button.clicked.connect(self.refuse_credit)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def accept_credit(self) -> None:
        """Accept the chosen credit."""
        self.decision_made.emit(AcceptCredit(str(self.credit.currentData())))
        self.accept()

    def refuse_credit(self) -> None:
        """Refuse the chosen credit."""
        self.decision_made.emit(RefuseCredit(str(self.credit.currentData())))
        self.accept()
