"""Relative font sizes only (STYLE.md §11): titles scale with the user's chosen font size."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget


def scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """Return ``font`` ``factor`` times larger (whether sized in points or pixels)."""
    result = QFont(font)
    if result.pointSizeF() > 0:
        result.setPointSizeF(result.pointSizeF() * factor)
    elif result.pixelSize() > 0:
        result.setPixelSize(round(result.pixelSize() * factor))
    result.setBold(bold or result.bold())
    return result


def make_title(widget: QWidget, factor: float = 1.4) -> None:
    """Show ``widget``'s text as a page or dialog title."""
    widget.setFont(scaled(widget.font(), factor, bold=True))
