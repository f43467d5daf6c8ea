"""Accessibility checks any window's tests can run (STYLE.md §11).

``assert_accessible(widget)`` walks the widget's visible children and fails, listing every
problem at once, when:

- an input (line edit, combo box, spin box, check box, button, list or table…) has neither
  an accessible name nor a buddy label (buttons may be named by their text);
- an icon-only button lacks its accessible name or its tooltip;
- two visible labels or buttons share a keyboard mnemonic (Alt+letter);
- pressing Tab from the first focusable widget does not visit every focusable widget, or
  gets stuck in one (a table with tab navigation, a text edit that eats Tab).

The widget must be shown. Internal parts of composite widgets (a spin box's line edit, a
table's headers and scroll bars) are not checked on their own.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INPUTS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSlider,
)
# Composite widgets whose children are their own business.
COMPOSITES = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar, QLineEdit, QCalendarWidget)
MNEMONIC = re.compile(r"&([^&])")
ACTIVATION_TIMEOUT_S = 2.0
MAX_TABS_IN_ONE_WIDGET = 4


def assert_accessible(widget: QWidget, *, check_tab_chain: bool = True) -> None:
    """Fail with every accessibility problem found in ``widget`` and its visible children."""
    problems = [*name_problems(widget), *mnemonic_problems(widget)]
    if check_tab_chain:
        problems += tab_chain_problems(widget)
    assert not problems, "accessibility problems:\n- " + "\n- ".join(problems)


def checked_widgets(root: QWidget) -> list[QWidget]:
    """Return the visible descendants of ``root`` that are not parts of a composite widget."""
    found = []
    for child in root.findChildren(QWidget):
        if not child.isVisibleTo(root) or isinstance(child, QScrollBar):
            continue
        if _inside_composite(child, root):
            continue
        found.append(child)
    return found


def name_problems(root: QWidget) -> list[str]:
    """List the inputs without an accessible name or buddy, and unnamed icon-only buttons."""
    buddies = {
        id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    problems = []
    for child in checked_widgets(root):
        if not isinstance(child, INPUTS) or isinstance(child, QScrollBar):
            continue
        if isinstance(child, QAbstractButton):
            text = child.text().replace("&", "").strip()
            if not text and not (child.accessibleName() and child.toolTip()):
                problems.append(f"icon-only button without name and tooltip: {describe(child)}")
            continue
        if not child.accessibleName() and id(child) not in buddies:
            problems.append(f"input without accessible name or buddy label: {describe(child)}")
    return problems


def mnemonic_problems(root: QWidget) -> list[str]:
    """List the Alt+letter shortcuts used twice among the visible labels and buttons."""
    seen: dict[str, str] = {}
    problems = []
    texts: list[str] = []
    for child in checked_widgets(root):
        labelled = isinstance(child, QLabel) and child.buddy() is not None
        if labelled or isinstance(child, QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
    if isinstance(root, QMainWindow):
        texts += [action.text() for action in root.menuBar().actions()]
    for text in texts:
        match = MNEMONIC.search(text)
        if match is None:
            continue
        key = match.group(1).casefold()
        if key in seen:
            problems.append(f"Alt+{key} is both « {seen[key]} » and « {text} »")
        else:
            seen[key] = text
    return problems


def focusable_widgets(root: QWidget) -> list[QWidget]:
    """Return the widgets of ``root`` that Tab should reach."""
    return [
        child
        for child in checked_widgets(root)
        if child.isEnabled()
        and child.focusProxy() is None
        and bool(child.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not isinstance(child, QMainWindow)
    ]


def tab_chain(root: QWidget) -> list[QWidget]:
    """Press Tab from the first focusable widget and return the widgets reached, in order.

    Stops when the focus comes back to the first widget, or is stuck.
    """
    expected = focusable_widgets(root)
    if not expected:
        return []
    window = root.window()
    window.activateWindow()
    _wait_for(window.isActiveWindow)
    first = expected[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    _wait_for(lambda: QApplication.focusWidget() is not None)
    visited: list[QWidget] = []
    repeats = 0
    for _step in range(6 * len(expected) + 20):
        current = QApplication.focusWidget()
        if current is None:
            break
        owner = _owner(current, expected)
        # A date edit moves from day to month to year with Tab before leaving: a few Tabs in
        # the same widget are normal, many are a trap.
        repeats = repeats + 1 if visited and owner is visited[-1] else 0
        if repeats == 0 and visited and owner is visited[0]:
            break  # round trip done
        visited.append(owner)
        if repeats >= MAX_TABS_IN_ONE_WIDGET:
            break
        QTest.keyClick(current, Qt.Key.Key_Tab)
    return visited


def tab_chain_problems(root: QWidget) -> list[str]:
    """List the focusable widgets Tab never reaches, and where Tab gets stuck."""
    expected = focusable_widgets(root)
    visited = tab_chain(root)
    problems = []
    tail = visited[-MAX_TABS_IN_ONE_WIDGET - 1 :]
    if len(tail) > MAX_TABS_IN_ONE_WIDGET and all(one is tail[0] for one in tail):
        problems.append(f"Tab is stuck in {describe(tail[0])}")
    reached = {id(one) for one in visited}
    problems += [
        f"never reached with Tab: {describe(one)}" for one in expected if id(one) not in reached
    ]
    return problems


def describe(widget: QWidget) -> str:
    """Return a widget's class, name and text, for failure messages."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    text = getattr(widget, "text", None)
    if callable(text):
        value = text()
        if isinstance(value, str) and value:
            parts.append(repr(value[:40]))
    if widget.accessibleName():
        parts.append(f"name={widget.accessibleName()!r}")
    return " ".join(parts)


def _owner(widget: QWidget, expected: Iterable[QWidget]) -> QWidget:
    """Map the focused part of a composite widget (a spin box's editor) to the widget."""
    wanted = {id(one) for one in expected}
    current: QWidget | None = widget
    while current is not None:
        if id(current) in wanted:
            return current
        current = current.parentWidget()
    return widget


def _inside_composite(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, COMPOSITES):
            return True
        parent = parent.parentWidget()
    return False


def _wait_for(condition: Callable[[], bool]) -> None:
    """Process events until ``condition()`` holds (Qt delivers activation asynchronously)."""
    deadline = time.monotonic() + ACTIVATION_TIMEOUT_S
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
