"""Show a form's refused fields next to each field, and tell screen readers about them."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from pixdesk.i18n import _


class FieldErrors:
    """The error line under each field of one form."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def wrap(self, name: str, widget: QWidget, field: QWidget | None = None) -> QWidget:
        """Return ``field`` (``widget`` by default) with the error line of ``name`` under it.

        Args:
            name: The field's name in the service's problems (``"site"``, ``"birth_date"``…).
            widget: The input that receives the focus when the field is refused.
            field: What to show above the error (an input with its buttons), if not ``widget``.
        """
        error = QLabel()
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setObjectName("fieldError")
        error.setStyleSheet("QLabel#fieldError { color: #a50e0e; font-weight: bold; }")
        error.hide()
        self._fields[name] = (widget, error)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field or widget)
        layout.addWidget(error)
        return box

    def show(self, messages: Mapping[str, str]) -> QWidget | None:
        """Show these errors (field name → sentence), clear the others; focus the first one.

        Returns:
            The first refused input (in form order), now focused; None when there is none.
        """
        first: QWidget | None = None
        for name, (widget, error) in self._fields.items():
            message = messages.get(name)
            if message is None:
                error.hide()
                widget.setAccessibleDescription("")
                continue
            text = _("Erreur : {message}").format(message=message)
            error.setText(text)
            error.show()
            # Read with the field's name when the field gets the focus.
            widget.setAccessibleDescription(text)
            if first is None:
                first = widget
        self._fit()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return first

    def _fit(self) -> None:
        # A dialog keeps the size it opened with: let it grow so that a wrapped error line
        # is not cut off (or shrink back once the errors are gone).
        if not self._fields:
            return
        window = next(iter(self._fields.values()))[0].window()
        if isinstance(window, QDialog) and window.isVisible():
            layout = window.layout()
            if layout is not None:
                layout.activate()
            window.adjustSize()

    def clear(self) -> None:
        """Hide every error."""
        self.show({})

    def message(self, name: str) -> str:
        """Return the error shown for ``name`` ("" when none)."""
        error = self._fields[name][1]
        return error.text() if not error.isHidden() else ""

    def known(self, name: str) -> bool:
        """Tell whether the form has a field called ``name``."""
        return name in self._fields
