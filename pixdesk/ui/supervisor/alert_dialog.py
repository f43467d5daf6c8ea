"""Handle a live alert (RULES.md §4): validate it with a subcategory, or dismiss it."""

from __future__ import annotations

from collections.abc import Sequence

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

from pixdesk.domain.incidents import LIVE_ALERT_SUBCATEGORIES, IncidentCode
from pixdesk.i18n import _
from pixdesk.services.console_actions import DismissAlert, ValidateAlert
from pixdesk.services.console_values import OpenAlert
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.tab_order import chain_tab_order


class AlertDialog(QDialog):
    """Ask what to do with a candidate's alert; emits ``decision_made`` with the action."""

    decision_made = Signal(object)  # ValidateAlert | DismissAlert

    def __init__(
        self, name: str, alerts: Sequence[OpenAlert], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Alerte d'un candidat"))
        intro = QLabel(
            _(
                "{name} signale un problème et ne peut plus répondre tant que vous n'avez pas "
                "décidé."
            ).format(name=name)
        )
        intro.setWordWrap(True)
        self.alert = QComboBox()
        for alert in alerts:
            self.alert.addItem(
                _("Question {number}").format(number=alert.question_index + 1), alert.alert_id
            )
        alert_label = QLabel(_("&Alerte :"))
        alert_label.setBuddy(self.alert)
        self.subcategory = QComboBox()
        for code in LIVE_ALERT_SUBCATEGORIES:
            self.subcategory.addItem(texts.incident_label(code), code)
        sub_label = QLabel(_("&Motif si vous validez :"))
        sub_label.setBuddy(self.subcategory)
        explain = QLabel(
            _(
                "Valider : la question est remplacée et ne compte pas. Rejeter : le candidat "
                "reprend la même question."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(alert_label, self.alert)
        form.addRow(sub_label, self.subcategory)
        self.buttons = QDialogButtonBox()
        self.validate_button = self.buttons.addButton(
            _("&Valider l'alerte"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.dismiss_button = self.buttons.addButton(
            _("&Rejeter l'alerte"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = self.buttons.addButton(
            _("Plus &tard"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.validate_button.clicked.connect(self.validate)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.buttons)
        chain_tab_order(self.alert, self.subcategory, self.validate_button, self.dismiss_button)

    def validate(self) -> None:
        """Validate the alert with the chosen subcategory."""
        # Qt hands enum data back as its plain string value.
        code = IncidentCode(self.subcategory.currentData())
        self.decision_made.emit(ValidateAlert(str(self.alert.currentData()), code))
        self.accept()

    def dismiss(self) -> None:
        """Dismiss the alert."""
        self.decision_made.emit(DismissAlert(str(self.alert.currentData())))
        self.accept()
