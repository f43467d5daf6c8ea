"""Give a candidate more time (a manual addition, journaled with the command)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.services.console_actions import MAX_ADDED_MINUTES, AddTime


class AddTimeDialog(QDialog):
    """Ask how many minutes to add; emits ``time_requested`` with the action."""

    time_requested = Signal(object)  # AddTime

    def __init__(self, candidate_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ajouter du temps"))
        self._candidate_id = candidate_id
        intro = QLabel(_("Temps supplémentaire pour {name} :").format(name=name))
        intro.setWordWrap(True)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_ADDED_MINUTES)
        self.minutes.setValue(10)
        self.minutes.setSuffix(_(" min"))
        label = QLabel(_("&Minutes :"))
        label.setBuddy(self.minutes)
        form = QFormLayout()
        form.addRow(label, self.minutes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Ajouter"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annu&ler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        """Ask for the time."""
        self.time_requested.emit(AddTime(self._candidate_id, self.minutes.value()))
        self.accept()
