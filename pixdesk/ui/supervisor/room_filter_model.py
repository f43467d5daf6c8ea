"""Filter the room by status and by name, and sort it by any column (status by urgency)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from pixdesk.domain.candidate import DisplayStatus
from pixdesk.domain.identity import normalise_name
from pixdesk.ui.supervisor.room_model import SORT_ROLE, RoomModel

TO_DO = "to_do"
"""The status filter that keeps only rows waiting for the invigilator."""


class RoomFilterModel(QSortFilterProxyModel):
    """Rows of the room whose status and name match the filters."""

    def __init__(self, source: RoomModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._room = source
        self._status: DisplayStatus | str | None = None
        self._name = ""
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_status(self, status: DisplayStatus | str | None) -> None:
        """Keep only this status (``TO_DO``: rows needing an action; None: every row)."""
        self._change(lambda: setattr(self, "_status", status))

    def set_name(self, text: str) -> None:
        """Keep only the candidates whose name contains ``text`` (accents and case ignored)."""
        self._change(lambda: setattr(self, "_name", normalise_name(text)))

    def _change(self, apply: Callable[[], None]) -> None:
        # Qt 6.9 replaced invalidateRowsFilter by begin/endFilterChange (pixdesk runs on both).
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Apply both filters."""
        row = self._room.row_at(source_row)
        if self._name:
            names = normalise_name(row.birth_name + row.first_name)
            reversed_names = normalise_name(row.first_name + row.birth_name)
            if self._name not in names and self._name not in reversed_names:
                return False
        if self._status is None:
            return True
        if self._status == TO_DO:
            return bool(row.alerts or row.credits or row.interrupted or row.moved_from) or (
                row.station_id is not None and row.state.value == "enrolled"
            )
        return self._room.status_of(row) == self._status
