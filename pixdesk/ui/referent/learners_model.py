"""The roster table: one row per learner, and the filter by search, division and status."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette

from pixdesk.domain.identity import normalise_name
from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import day
from pixdesk.ui.widgets.table_model import TEXT_ROLES, Index, ReadOnlyTableModel

if TYPE_CHECKING:
    from pixdesk.services.roster_service import LearnerSummary

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    """The columns, in display order."""

    NAME = 0
    FIRST_NAME = 1
    BIRTH_DATE = 2
    DIVISION = 3
    INE = 4
    STATUS = 5


class StatusFilter(StrEnum):
    """Which learners the table shows."""

    ALL = "all"
    ACTIVE = "active"
    DISABLED = "disabled"


def _headers() -> dict[Column, str]:
    return {
        Column.NAME: _("Nom"),
        Column.FIRST_NAME: _("Prénom"),
        Column.BIRTH_DATE: _("Date de naissance"),
        Column.DIVISION: _("Classe"),
        Column.INE: _("INE"),
        Column.STATUS: _("Statut"),
    }


def status_text(active: bool) -> str:
    """Return a learner's status in words (never shown by colour alone)."""
    return _("Actif") if active else _("Désactivé (absent du dernier export)")


class LearnersModel(ReadOnlyTableModel["LearnerSummary"]):
    """Every learner of the roster, active or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_headers(), parent)

    def set_learners(self, learners: Iterable[LearnerSummary]) -> None:
        """Replace every row."""
        self.replace_rows(learners)

    def upsert(self, learners: Iterable[LearnerSummary]) -> None:
        """Update the rows of these learners in place and add the new ones (what an import did)."""
        positions = {one.ine: row for row, one in enumerate(self.row_values())}
        new: list[LearnerSummary] = []
        for learner in learners:
            row = positions.get(learner.ine)
            if row is None:
                new.append(learner)
            else:
                self.replace_row(row, learner)
        self.append_rows(new)

    def learner(self, row: int) -> LearnerSummary:
        """Return the learner shown in ``row``."""
        return self.row_value(row)

    def learners(self) -> tuple[LearnerSummary, ...]:
        """Return every learner, in model order."""
        return self.row_values()

    def cell_text(self, value: LearnerSummary, column: int) -> str:
        """Return the text of a learner's cell."""
        return _display(value, Column(column))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return a cell's text, its sort key, or the greyed text of a disabled learner."""
        if not index.isValid():
            return None
        if role in TEXT_ROLES:
            return super().data(index, role)
        learner = self.learner(index.row())
        column = Column(index.column())
        if role == SORT_ROLE:
            if column is Column.BIRTH_DATE:
                return learner.birth_date.isoformat()
            if column in (Column.NAME, Column.FIRST_NAME):
                return normalise_name(_display(learner, column))
            return _display(learner, column)
        if role == Qt.ItemDataRole.ForegroundRole and not learner.active:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


def _display(learner: LearnerSummary, column: Column) -> str:
    if column is Column.NAME:
        if learner.usage_name and learner.usage_name != learner.birth_name:
            return _("{birth_name} (usage : {usage_name})").format(
                birth_name=learner.birth_name, usage_name=learner.usage_name
            )
        return learner.birth_name
    values = {
        Column.FIRST_NAME: learner.first_name,
        Column.BIRTH_DATE: day(learner.birth_date),
        Column.DIVISION: learner.division,
        Column.INE: learner.ine,
        Column.STATUS: status_text(learner.active),
    }
    return values[column]


class LearnerFilter(QSortFilterProxyModel):
    """Keep the learners matching the search text, the division and the status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._division: str | None = None
        self._status = StatusFilter.ALL
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        """Keep learners whose name, first name or INE contains ``text`` (accents ignored)."""
        self._begin_change()
        self._search = normalise_name(text)
        self._end_change()

    def set_division(self, division: str | None) -> None:
        """Keep one division, or every division with None."""
        self._begin_change()
        self._division = division
        self._end_change()

    def set_status(self, status: StatusFilter) -> None:
        """Keep active learners, disabled ones, or both."""
        self._begin_change()
        self._status = status
        self._end_change()

    # Qt 6.9 added begin/endFilterChange and deprecated invalidateRowsFilter (pixdesk
    # supports PySide6 from 6.7).
    def _begin_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LearnersModel):
            return True
        learner = model.learner(source_row)
        if self._division is not None and learner.division != self._division:
            return False
        if self._status is StatusFilter.ACTIVE and not learner.active:
            return False
        if self._status is StatusFilter.DISABLED and learner.active:
            return False
        if self._search:
            haystack = normalise_name(
                " ".join((learner.birth_name, learner.usage_name, learner.first_name, learner.ine))
            )
            return self._search in haystack
        return True
