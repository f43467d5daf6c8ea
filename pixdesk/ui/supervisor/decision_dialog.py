"""The frame of the dialogs that decide on a candidate's pending item (alert, time credit).

What they share: a title and an explanation naming the candidate, the pending item chosen in
a list, two decisions and "Plus tard"; a decision is emitted as an action for the console
and closes the dialog. Each dialog adds its own fields and says what its decisions are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.ui.widgets.tab_order import chain_tab_order

Decision = tuple[str, QDialogButtonBox.ButtonRole, Callable[[], None]]
"""A decision button: its text (with its mnemonic), its role, and what a click does."""


class DecisionDialog(QDialog):
    """Decide on one of a candidate's pending items; emits ``decision_made`` with the action."""

    decision_made = Signal(object)  # the console action the decision asks for

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox()
        self._fields: list[QWidget] = []
        self._body = QVBoxLayout(self)
        self._body.addWidget(intro_label)
        self._body.addLayout(self.form)

    def add_choice(self, label: str, items: Iterable[tuple[str, object]]) -> QComboBox:
        """Add a labelled list of ``(text, data)`` items to the form and return it."""
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        buddy = QLabel(label)
        buddy.setBuddy(combo)
        self.form.addRow(buddy, combo)
        self._fields.append(combo)
        return combo

    def add_decisions(
        self, first: Decision, second: Decision, *, note: str | None = None
    ) -> tuple[QPushButton, QPushButton]:
        """Add ``note`` (a wrapped paragraph), the two decision buttons and "Plus tard".

        Tab goes through the form's lists, then the two decisions.
        """
        if note is not None:
            explain = QLabel(note)
            explain.setWordWrap(True)
            self._body.addWidget(explain)
        made = []
        for text, role, slot in (first, second):
            button = self.buttons.addButton(text, role)
            button.clicked.connect(slot)
            made.append(button)
        self.cancel_button = self.buttons.addButton(
            _("Plus &tard"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.clicked.connect(self.reject)
        self._body.addWidget(self.buttons)
        chain_tab_order(*self._fields, *made)
        return made[0], made[1]

    def decide(self, action: object) -> None:
        """Emit the decision's action and close."""
        self.decision_made.emit(action)
        self.accept()
