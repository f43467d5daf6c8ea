"""The room as a table model: one row per candidate, updated row by row.

Rows come from the console (``RoomRow`` snapshots); only the rows that changed are replaced
(``dataChanged`` on that row), never the whole table. Status and time left depend on the
console's clock: :meth:`RoomModel.tick` refreshes those two columns once a second.

Accessibility: the status is written in words with an icon (never colour alone); every cell
has its text as accessible text and the whole row, as one sentence, as its accessible
description, so a screen reader reading any cell can give the candidate's full situation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from pixdesk.domain.candidate import DisplayStatus
from pixdesk.domain.identity import normalise_name
from pixdesk.i18n import _
from pixdesk.services.console_values import Connection, RoomRow
from pixdesk.ui.supervisor import texts

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE: Final = Qt.ItemDataRole.UserRole + 1
SORT_ROLE: Final = Qt.ItemDataRole.UserRole + 2
_STATUS_ORDER: Final = {
    DisplayStatus.PAUSED_BY_ALERT: 0,
    DisplayStatus.OVERTIME: 1,
    DisplayStatus.IN_PROGRESS: 2,
    DisplayStatus.NOT_STARTED: 3,
    DisplayStatus.ENDED_BY_INVIGILATOR: 4,
    DisplayStatus.FINISHED: 5,
}
_ICONS: Final = {
    DisplayStatus.NOT_STARTED: QStyle.StandardPixmap.SP_MediaStop,
    DisplayStatus.IN_PROGRESS: QStyle.StandardPixmap.SP_MediaPlay,
    DisplayStatus.PAUSED_BY_ALERT: QStyle.StandardPixmap.SP_MessageBoxWarning,
    DisplayStatus.FINISHED: QStyle.StandardPixmap.SP_DialogApplyButton,
    DisplayStatus.ENDED_BY_INVIGILATOR: QStyle.StandardPixmap.SP_BrowserStop,
    DisplayStatus.OVERTIME: QStyle.StandardPixmap.SP_MessageBoxCritical,
}
# Backgrounds only reinforce what the words say (status is never told by colour alone).
_ATTENTION: Final = QColor("#fff4ce")


class Column(IntEnum):
    """The room's columns, in order."""

    NAME = 0
    BIRTH_DATE = 1
    EXTRA_TIME = 2
    STATUS = 3
    QUESTION = 4
    TIME_LEFT = 5
    LAST_SAVED = 6
    CONNECTION = 7
    TO_DO = 8


def column_titles() -> dict[Column, str]:
    """Return the column headers (in the UI language)."""
    return {
        Column.NAME: _("Candidat"),
        Column.BIRTH_DATE: _("Né(e) le"),
        Column.EXTRA_TIME: _("Tiers-temps"),
        Column.STATUS: _("Statut"),
        Column.QUESTION: _("Question"),
        Column.TIME_LEFT: _("Temps restant"),
        Column.LAST_SAVED: _("Dernier enregistrement"),
        Column.CONNECTION: _("Connexion"),
        Column.TO_DO: _("À faire"),
    }


class RoomModel(QAbstractTableModel):
    """The candidates of the room.

    Args:
        now: The console's clock (status and time left are computed against it).
    """

    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._rows: list[RoomRow] = []
        self._where: dict[str, int] = {}
        self._titles = column_titles()
        self._moment = now()

    # ------------------------------------------------------------------ updates

    def reset(self, rows: Iterable[RoomRow]) -> None:
        """Show these rows (the room's first snapshot)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._where = {row.candidate_id: i for i, row in enumerate(self._rows)}
        self._moment = self._now()
        self.endResetModel()

    def update(self, rows: Iterable[RoomRow]) -> None:
        """Replace the rows that changed (a candidate not shown yet is added)."""
        last = len(Column) - 1
        for row in rows:
            position = self._where.get(row.candidate_id)
            if position is None:
                position = len(self._rows)
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.append(row)
                self._where[row.candidate_id] = position
                self.endInsertRows()
                continue
            self._rows[position] = row
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))

    def tick(self) -> None:
        """Let the console's clock move: status, time left and to-do columns change."""
        self._moment = self._now()
        if self._rows:
            bottom = len(self._rows) - 1
            for column in (Column.STATUS, Column.TIME_LEFT, Column.TO_DO):
                self.dataChanged.emit(self.index(0, column), self.index(bottom, column))
            self.dataChanged.emit(self.index(0, Column.NAME), self.index(bottom, Column.NAME))

    # ------------------------------------------------------------------ reading

    def row_at(self, position: int) -> RoomRow:
        """Return the candidate at a source row."""
        return self._rows[position]

    def position_of(self, candidate_id: str) -> int | None:
        """Return the source row of a candidate."""
        return self._where.get(candidate_id)

    def rows(self) -> list[RoomRow]:
        """Return every row shown."""
        return list(self._rows)

    def names(self) -> dict[str, str]:
        """Return each candidate's name by id (for sentences)."""
        return {row.candidate_id: texts.row_name(row) for row in self._rows}

    def status_of(self, row: RoomRow) -> DisplayStatus:
        """Return a row's status at the model's current moment."""
        return row.status(self._moment)

    # ------------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Return the number of candidates."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Return the number of columns."""
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return the column titles."""
        if orientation is Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._titles[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, icon, sort key or accessible text."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return texts.row_summary(row, self._moment)
        if role == Qt.ItemDataRole.ToolTipRole:
            return texts.row_summary(row, self._moment)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.STATUS:
            return _icon(self.status_of(row), moved=row.moved_from is not None)
        if role == Qt.ItemDataRole.BackgroundRole and self._needs_attention(row):
            return QBrush(_ATTENTION)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        return None

    def _text(self, row: RoomRow, column: Column) -> str:
        match column:
            case Column.NAME:
                return texts.row_name(row)
            case Column.BIRTH_DATE:
                return texts.day(row.birth_date)
            case Column.EXTRA_TIME:
                return texts.extra_time(row.extra_time_ratio)
            case Column.STATUS:
                return texts.row_status(row, self._moment)
            case Column.QUESTION:
                return texts.question(row)
            case Column.TIME_LEFT:
                return texts.time_left(row.time_left(self._moment))
            case Column.LAST_SAVED:
                return texts.clock_time(row.last_saved)
            case Column.CONNECTION:
                return texts.connection(row)
            case Column.TO_DO:
                return texts.to_do(row)

    def _sort_key(self, row: RoomRow, column: Column) -> Any:
        match column:
            case Column.NAME:
                return normalise_name(row.birth_name) + " " + normalise_name(row.first_name)
            case Column.BIRTH_DATE:
                return row.birth_date.isoformat()
            case Column.EXTRA_TIME:
                return float(row.extra_time_ratio)
            case Column.STATUS:
                return _STATUS_ORDER[self.status_of(row)]
            case Column.QUESTION:
                return row.answered
            case Column.TIME_LEFT:
                left = row.time_left(self._moment)
                return left.total_seconds() if left is not None else float("inf")
            case Column.LAST_SAVED:
                return row.last_saved.timestamp() if row.last_saved else 0.0
            case Column.CONNECTION:
                return list(Connection).index(row.connection)
            case Column.TO_DO:
                return texts.to_do(row)

    def _needs_attention(self, row: RoomRow) -> bool:
        status = self.status_of(row)
        waiting = bool(row.alerts or row.credits) or (row.moved_from is not None and row.running)
        return waiting or status is DisplayStatus.OVERTIME


def _icon(status: DisplayStatus, *, moved: bool = False) -> QIcon:
    style = QApplication.style()
    if style is None:
        return QIcon()
    if moved and status in (DisplayStatus.IN_PROGRESS, DisplayStatus.OVERTIME):
        return style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)  # waits for its resume
    return style.standardIcon(_ICONS[status])
