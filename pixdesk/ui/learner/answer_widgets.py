"""The answer area of a question, one kind per item type (RULES.md §7), keyboard first.

Single choice: radio buttons (Tab reaches each one, Space chooses); multiple choice: check
boxes; short text and numeric answers: a labelled field; several fields: one labelled field
each. Every input has its visible label as buddy or accessible name; the response has the
shape ``domain.grading`` expects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.items import Item, ItemType
from pixdesk.i18n import _
from pixdesk.imports.bank_format import ItemContent

if TYPE_CHECKING:
    from pixdesk.services.station_bodies import Response


class AnswerInput(QWidget):
    """An answer area: its inputs in Tab order, and the response they hold."""

    submit_requested = Signal()  # Enter in a text field

    def inputs(self) -> list[QWidget]:
        """Return the inputs, in the order Tab visits them."""
        raise NotImplementedError

    def response(self) -> Response:
        """Return the response, or None when nothing was given yet."""
        raise NotImplementedError


class ChoiceAnswer(AnswerInput):
    """Proposals as radio buttons (single choice) or check boxes (multiple choice)."""

    def __init__(self, item: Item, content: ItemContent, lang: str) -> None:
        super().__init__()
        single = item.type is ItemType.QCU
        box = QGroupBox(
            _("Choisissez une réponse :") if single else _("Cochez chaque bonne réponse :")
        )
        box.setObjectName("proposals")
        layout = QVBoxLayout(box)
        self.buttons: dict[str, QAbstractButton] = {}
        texts = {proposal.key: proposal.text.get(lang) for proposal in content.proposals}
        for key in item.proposals or tuple(texts):
            text = texts.get(key, key)
            button: QAbstractButton = QRadioButton(text) if single else QCheckBox(text)
            button.setObjectName(f"proposal-{key}")
            button.setAccessibleName(text)
            # No QButtonGroup and no auto-exclusivity: with either, Tab stops on one radio
            # button only; a keyboard or screen-reader user must reach each proposal in turn.
            button.setAutoExclusive(False)
            if single:
                button.toggled.connect(lambda on, chosen=button: self._only(chosen, on))
            layout.addWidget(button)
            self.buttons[key] = button
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self._single = single

    def _only(self, chosen: QAbstractButton, on: bool) -> None:
        """Keep a single choice: choosing one proposal clears the others."""
        if not on:
            return
        for button in self.buttons.values():
            if button is not chosen and button.isChecked():
                button.setChecked(False)

    def inputs(self) -> list[QWidget]:
        """Return the proposals in display order."""
        return list(self.buttons.values())

    def response(self) -> Response:
        """Return the chosen key (single) or keys (multiple); None when none is chosen."""
        chosen = [key for key, button in self.buttons.items() if button.isChecked()]
        if not chosen:
            return None
        return chosen[0] if self._single else chosen


class FieldsAnswer(AnswerInput):
    """One labelled field per answer field (QROC, numeric QROC, QROCM)."""

    def __init__(self, item: Item, content: ItemContent, lang: str) -> None:
        super().__init__()
        names = [field.name for field in content.fields] or ["answer"]
        labels = {field.name: field.label.get(lang) for field in content.fields}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for row, name in enumerate(names):
            text = labels.get(name) or _("Votre réponse")
            label = QLabel(_("{label} :").format(label=text))
            label.setWordWrap(True)
            edit = QLineEdit()
            edit.setObjectName(f"field-{name}")
            edit.setAccessibleName(text)
            if item.type is ItemType.QROC_NUM:
                edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
                edit.setPlaceholderText(_("un nombre, par exemple 12,5"))
            label.setBuddy(edit)
            edit.returnPressed.connect(self.submit_requested.emit)
            layout.addWidget(label, row, 0)
            layout.addWidget(edit, row, 1)
            self.edits[name] = edit
        self._single = item.type in (ItemType.QROC, ItemType.QROC_NUM)

    def inputs(self) -> list[QWidget]:
        """Return the fields in display order."""
        return list(self.edits.values())

    def response(self) -> Response:
        """Return the text (one field) or every field's text; None when all are empty."""
        values = {name: edit.text() for name, edit in self.edits.items()}
        if not any(value.strip() for value in values.values()):
            return None
        if self._single and len(values) == 1:
            return next(iter(values.values()))
        return values


def build_answer(item: Item, content: ItemContent, lang: str) -> AnswerInput:
    """Return the answer area for ``item``."""
    if item.type in (ItemType.QCU, ItemType.QCM):
        return ChoiceAnswer(item, content, lang)
    return FieldsAnswer(item, content, lang)
