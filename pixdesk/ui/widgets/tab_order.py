"""Set a form's tab order explicitly (STYLE.md §11), in the order people read it."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import QWidget


def chain_tab_order(*widgets: QWidget) -> None:
    """Make Tab visit ``widgets`` in this order."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
