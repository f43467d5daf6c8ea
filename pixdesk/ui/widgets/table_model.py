"""A flat, read-only table of rows of one type, with translated column headers.

The tables of referent mode (learners, sessions, candidates, bundles) only differ by their row
type, their columns and the text of a cell: the rows, their count, the headers, and the
updates a page makes (replace all, append, change one, remove one) live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
ColumnT = TypeVar("ColumnT", bound=int)  # the column enum of a table (an IntEnum)

TEXT_ROLES: tuple[Qt.ItemDataRole, ...] = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
)
"""The roles answered with a cell's text: what is shown and what a screen reader says."""


class ReadOnlyTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of ``RowT`` under fixed columns; subclasses say a cell's text (:meth:`cell_text`).

    Attributes:
        text_roles: The roles :meth:`data` answers with :meth:`cell_text` (a subclass may add
            the tooltip, for long texts).
    """

    text_roles: ClassVar[tuple[Qt.ItemDataRole, ...]] = TEXT_ROLES

    def __init__(self, headers: Mapping[ColumnT, str], parent: QObject | None = None) -> None:
        """Build an empty table.

        Args:
            headers: Each column's title, by column number (every column has one).
            parent: The Qt parent.
        """
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._headers = {int(column): title for column, title in headers.items()}

    # ---------------------------------------------------------------- rows

    def replace_rows(self, rows: Iterable[RowT]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Iterable[RowT]) -> None:
        """Add rows at the end."""
        new = list(rows)
        if not new:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def replace_row(self, row: int, value: RowT) -> None:
        """Show ``value`` in place of row ``row``."""
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def remove_row(self, row: int) -> None:
        """Drop row ``row``."""
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def row_value(self, row: int) -> RowT:
        """Return what row ``row`` shows."""
        return self._rows[row]

    def row_values(self) -> tuple[RowT, ...]:
        """Return every row, in model order."""
        return tuple(self._rows)

    # ---------------------------------------------------------------- Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Return the number of rows (none under a row: the table is flat)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Return the column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return a cell's text for the :attr:`text_roles`, nothing for the others."""
        if not index.isValid() or role not in self.text_roles:
            return None
        return self.cell_text(self._rows[index.row()], index.column())

    def cell_text(self, value: RowT, column: int) -> str:
        """Return the text of ``value``'s cell in ``column``."""
        raise NotImplementedError
