"""The list of planned sessions: number, when, where, how many candidates and invigilators."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import iso_day
from pixdesk.ui.widgets.table_model import TEXT_ROLES, ReadOnlyTableModel

if TYPE_CHECKING:
    from pixdesk.services.sessions import PlannedSession


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


class SessionsModel(ReadOnlyTableModel["PlannedSession"]):
    """Every planned session of this PC."""

    text_roles = (*TEXT_ROLES, Qt.ItemDataRole.ToolTipRole)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                Column.NUMBER: _("N°"),
                Column.DATE: _("Date et heure"),
                Column.ROOM: _("Salle"),
                Column.CANDIDATES: _("Candidats"),
                Column.INVIGILATORS: _("Surveillants"),
            },
            parent,
        )

    def set_sessions(self, sessions: Iterable[PlannedSession]) -> None:
        """Replace every row."""
        self.replace_rows(sessions)

    def upsert(self, planned: PlannedSession) -> int:
        """Update the row of this session (or add it at the end) and return its row."""
        row = self.row_of(planned.session_id)
        if row is not None:
            self.replace_row(row, planned)
            return row
        self.append_rows((planned,))
        return self.rowCount() - 1

    def session(self, row: int) -> PlannedSession:
        """Return the session shown in ``row``."""
        return self.row_value(row)

    def row_of(self, session_id: str) -> int | None:
        """Return the row of a session, None if it is not listed."""
        return next(
            (row for row, one in enumerate(self.row_values()) if one.session_id == session_id),
            None,
        )

    def cell_text(self, value: PlannedSession, column: int) -> str:
        """Return the text of a session's cell."""
        session = value.session
        values = {
            Column.NUMBER: str(session.number),
            Column.DATE: _("{date} à {time}").format(
                date=iso_day(session.date), time=session.start_time
            ),
            Column.ROOM: session.room,
            Column.CANDIDATES: str(value.candidate_count),
            Column.INVIGILATORS: invigilators_text(value),
        }
        return values[Column(column)]
