"""Handle a live alert (RULES.md §4): validate it with a subcategory, or dismiss it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from pixdesk.domain.incidents import LIVE_ALERT_SUBCATEGORIES, IncidentCode
from pixdesk.i18n import _
from pixdesk.services.console_actions import DismissAlert, ValidateAlert
from pixdesk.services.console_values import OpenAlert
from pixdesk.ui.supervisor import texts
from pixdesk.ui.supervisor.decision_dialog import DecisionDialog


class AlertDialog(DecisionDialog):
    """Ask what to do with a candidate's alert; emits ``decision_made`` with the action."""

    # decision_made: ValidateAlert | DismissAlert

    def __init__(
        self, name: str, alerts: Sequence[OpenAlert], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Alerte d'un candidat"),
            _(
                "{name} signale un problème et ne peut plus répondre tant que vous n'avez pas "
                "décidé."
            ).format(name=name),
            parent,
        )
        self.alert = self.add_choice(
            _("&Alerte :"),
            (
                (_("Question {number}").format(number=alert.question_index + 1), alert.alert_id)
                for alert in alerts
            ),
        )
        self.subcategory = self.add_choice(
            _("&Motif si vous validez :"),
            ((texts.incident_label(code), code) for code in LIVE_ALERT_SUBCATEGORIES),
        )
        role = QDialogButtonBox.ButtonRole
        self.validate_button, self.dismiss_button = self.add_decisions(
            (_("&Valider l'alerte"), role.AcceptRole, self.validate),
            (_("&Rejeter l'alerte"), role.ActionRole, self.dismiss),
            note=_(
                "Valider : la question est remplacée et ne compte pas. Rejeter : le candidat "
                "reprend la même question."
            ),
        )

    def validate(self) -> None:
        """Validate the alert with the chosen subcategory."""
        # Qt hands enum data back as its plain string value.
        code = IncidentCode(self.subcategory.currentData())
        self.decide(ValidateAlert(str(self.alert.currentData()), code))

    def dismiss(self) -> None:
        """Dismiss the alert."""
        self.decide(DismissAlert(str(self.alert.currentData())))
