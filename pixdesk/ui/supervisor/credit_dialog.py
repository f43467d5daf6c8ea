"""Decide on a proposed time credit: time lost to a crash or an outage (DESIGN.md §6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from pixdesk.i18n import _
from pixdesk.services.console_actions import AcceptCredit, RefuseCredit
from pixdesk.services.console_values import PendingCredit
from pixdesk.ui.supervisor import texts
from pixdesk.ui.supervisor.decision_dialog import DecisionDialog


class CreditDialog(DecisionDialog):
    """Accept (the time is added on the station) or refuse (journaled) a credit."""

    # decision_made: AcceptCredit | RefuseCredit

    def __init__(
        self, name: str, credits: Sequence[PendingCredit], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Crédit de temps proposé"),
            _(
                "pixdesk a mesuré du temps perdu par {name} (poste déconnecté ou en panne). "
                "Accepter ajoute ce temps sur son poste ; refuser ne change rien. Les deux "
                "sont consignés."
            ).format(name=name),
            parent,
        )
        self.credit = self.add_choice(
            _("&Crédit :"),
            (
                (texts.duration(timedelta(seconds=credit.seconds)), credit.credit_id)
                for credit in credits
            ),
        )
        role = QDialogButtonBox.ButtonRole
        self.accept_button, self.refuse_button = self.add_decisions(
            (_("&Accepter le crédit"), role.AcceptRole, self.accept_credit),
            (_("&Refuser le crédit"), role.DestructiveRole, self.refuse_credit),
        )

    def accept_credit(self) -> None:
        """Accept the chosen credit."""
        self.decide(AcceptCredit(str(self.credit.currentData())))

    def refuse_credit(self) -> None:
        """Refuse the chosen credit."""
        self.decide(RefuseCredit(str(self.credit.currentData())))
