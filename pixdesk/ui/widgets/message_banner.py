"""A message shown inside a page (not in a modal box), read by screen readers.

Expected problems and outcomes are shown where the referent is working: the banner takes
the keyboard focus, so a screen reader reads it at once, and its kind is written in words
("Erreur :", "Terminé :") as well as shown by its colours (status never by colour alone).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from pixdesk.i18n import _


class MessageKind(StrEnum):
    """What a message is about; each has a written prefix and a colour."""

    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


_COLOURS = {
    MessageKind.INFO: ("#e8f0fe", "#1a4d8f"),
    MessageKind.SUCCESS: ("#e6f4ea", "#1e6b34"),
    MessageKind.ERROR: ("#fce8e6", "#a50e0e"),
}


class MessageBanner(QFrame):
    """One message at a time, with an optional action button and a close button."""

    shown = Signal(str)  # the full text, once on screen
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = MessageKind.INFO
        self._action: Callable[[], object] | None = None

        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # Focusable, so that focus (and the screen reader) can be moved onto the message.
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._run_action)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(_("Fermer le message"))
        self.close_button.setToolTip(_("Fermer le message"))
        self.close_button.clicked.connect(self.dismiss)

        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        QWidget.setTabOrder(self.label, self.action_button)
        QWidget.setTabOrder(self.action_button, self.close_button)
        self.hide()

    def focus_order(self) -> tuple[QWidget, ...]:
        """Return the banner's focusable parts, in reading order (for its parent's tab order)."""
        return (self.label, self.action_button, self.close_button)

    @property
    def text(self) -> str:
        """Return the message as shown, prefix included."""
        return self.label.text()

    def show_info(self, message: str, *, focus: bool = True) -> None:
        """Show a neutral message."""
        self._show(MessageKind.INFO, message, focus=focus)

    def show_success(
        self,
        message: str,
        *,
        action_text: str = "",
        action: Callable[[], object] | None = None,
        focus: bool = True,
    ) -> None:
        """Show that something worked, with an optional follow-up action (open the file…)."""
        self._show(
            MessageKind.SUCCESS, message, action_text=action_text, action=action, focus=focus
        )

    def show_error(self, message: str, *, focus: bool = True) -> None:
        """Show an expected problem and what to do about it."""
        self._show(MessageKind.ERROR, message, focus=focus)

    def dismiss(self) -> None:
        """Hide the message."""
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def _show(
        self,
        kind: MessageKind,
        message: str,
        *,
        action_text: str = "",
        action: Callable[[], object] | None = None,
        focus: bool = True,
    ) -> None:
        prefixes = {
            MessageKind.INFO: _("Information : {message}"),
            MessageKind.SUCCESS: _("Terminé : {message}"),
            MessageKind.ERROR: _("Erreur : {message}"),
        }
        text = prefixes[kind].format(message=message)
        self.kind = kind
        background, foreground = _COLOURS[kind]
        self.setStyleSheet(
            f"QFrame#messageBanner {{ background: {background}; border: 2px solid {foreground};"
            f" border-radius: 4px; }} QFrame#messageBanner QLabel {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self._action = action
        self.action_button.setText(action_text)
        self.action_button.setVisible(action is not None and bool(action_text))
        self.show()
        if focus:
            self.label.setFocus(Qt.FocusReason.OtherFocusReason)
        self.shown.emit(text)

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()
