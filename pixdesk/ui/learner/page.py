"""What every learner page shares: a focusable heading, plain readable texts, error lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pixdesk.i18n import _
from pixdesk.ui.widgets.fonts import make_title

HEADING_FACTOR = 1.6


def text_label(text: str = "", *, focusable: bool = False) -> QLabel:
    """Return a wrapped label; a focusable one can be reached with Tab and read aloud."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    if focusable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # After the flags, which reset the policy: Tab must reach it (read aloud in turn).
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


def set_text(label: QLabel, text: str) -> None:
    """Change a label's text and its accessible name together."""
    label.setText(text)
    label.setAccessibleName(text)


class ErrorLine(QLabel):
    """A message under a form, written as an error (never by colour alone), read when shown."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("learnerError")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()

    def show_message(self, message: str, *, focus: bool = True) -> None:
        """Show ``message`` prefixed by "Erreur :" and move the focus to it (screen readers)."""
        text = _("Erreur : {message}").format(message=message)
        set_text(self, text)
        self.show()
        if focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Hide the message."""
        self.hide()
        set_text(self, "")


class LearnerPage(QWidget):
    """A page with its heading first; the window focuses the heading when the page shows."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.heading = text_label(title, focusable=True)
        self.heading.setObjectName("pageHeading")
        make_title(self.heading, HEADING_FACTOR)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 32, 48, 32)
        self.layout_.setSpacing(16)
        self.layout_.addWidget(self.heading)

    def set_title(self, title: str) -> None:
        """Change the heading."""
        set_text(self.heading, title)
        self.setAccessibleName(title)

    def focus_heading(self) -> None:
        """Put the keyboard focus on the heading, so the screen reader starts there."""
        self.heading.setFocus(Qt.FocusReason.OtherFocusReason)
