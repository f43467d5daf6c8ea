"""The accessibility checker itself: it must catch what it promises to catch."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tests.ui.a11y import assert_accessible


def form(qtbot, *widgets: QWidget) -> QWidget:
    root = QWidget()
    layout = QVBoxLayout(root)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(root)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_a_well_built_form_passes(qtbot) -> None:
    edit = QLineEdit()
    label = QLabel("&Nom :")
    label.setBuddy(edit)
    named = QLineEdit()
    named.setAccessibleName("Prénom")
    icon = QToolButton()
    icon.setAccessibleName("Fermer")
    icon.setToolTip("Fermer")
    notes = QPlainTextEdit()
    notes.setAccessibleName("Notes")
    notes.setTabChangesFocus(True)
    assert_accessible(form(qtbot, label, edit, named, icon, notes, QPushButton("&Valider")))


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        (lambda: [QLineEdit()], "input without accessible name or buddy label: QLineEdit"),
        (lambda: [QToolButton()], "icon-only button without name and tooltip"),
        (lambda: [QPushButton("&Oui"), QPushButton("&Ok")], r"Alt\+o is both"),
    ],
)
def test_names_and_mnemonics_are_checked(qtbot, build, problem: str) -> None:
    with pytest.raises(AssertionError, match=problem):
        assert_accessible(form(qtbot, *build()), check_tab_chain=False)


def test_a_widget_that_eats_tab_is_a_trap(qtbot) -> None:
    notes = QPlainTextEdit()  # without setTabChangesFocus, Tab types a tab character
    notes.setAccessibleName("Notes")
    after = QPushButton("Après")
    with pytest.raises(AssertionError, match="Tab is stuck in QPlainTextEdit"):
        assert_accessible(form(qtbot, notes, after))


def test_a_table_must_let_tab_leave(qtbot) -> None:
    from PySide6.QtGui import QStandardItemModel

    model = QStandardItemModel(3, 3)
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName("Élèves")
    table.setCurrentIndex(model.index(0, 0))
    after = QPushButton("Après")
    with pytest.raises(AssertionError, match="never reached with Tab: QPushButton 'Après'"):
        assert_accessible(form(qtbot, table, after))
