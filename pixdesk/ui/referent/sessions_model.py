"""The list of planned sessions: number, when, where, how many candidates and invigilators."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import iso_day

if TYPE_CHECKING:
    from pixdesk.services.sessions import PlannedSession

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The columns, in display order."""

    NUMBER = 0
    DATE = 1
    ROOM = 2
    CANDIDATES = 3
    INVIGILATORS = 4


def invigilators_text(planned: PlannedSession) -> str:
    """Return the invigilator count, with the missing ones in words when too few."""
    present = len(planned.session.invigilators)
    warning = planned.warning
    if warning is None:
        return str(present)
    return _("{present} — il en faut {needed}").format(present=present, needed=warning.needed)


class SessionsModel(QAbstractTableModel):
    """Every planned session of this PC."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlannedSession] = []
        self._headers = {
            Column.NUMBER: _("N°"),
            Column.DATE: _("Date et heure"),
            Column.ROOM: _("Salle"),
            Column.CANDIDATES: _("Candidats"),
            Column.INVIGILATORS: _("Surveillants"),
        }

    def set_sessions(self, sessions: Iterable[PlannedSession]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(sessions)
        self.endResetModel()

    def upsert(self, planned: PlannedSession) -> int:
        """Update the row of this session (or add it at the end) and return its row."""
        for row, one in enumerate(self._rows):
            if one.session_id == planned.session_id:
                self._rows[row] = planned
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return row
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(planned)
        self.endInsertRows()
        return row

    def session(self, row: int) -> PlannedSession:
        """Return the session shown in ``row``."""
        return self._rows[row]

    def row_of(self, session_id: str) -> int | None:
        """Return the row of a session, None if it is not listed."""
        return next(
            (row for row, one in enumerate(self._rows) if one.session_id == session_id), None
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        planned = self._rows[index.row()]
        session = planned.session
        values = {
            Column.NUMBER: str(session.number),
            Column.DATE: _("{date} à {time}").format(
                date=iso_day(session.date), time=session.start_time
            ),
            Column.ROOM: session.room,
            Column.CANDIDATES: str(planned.candidate_count),
            Column.INVIGILATORS: invigilators_text(planned),
        }
        return values[Column(index.column())]
