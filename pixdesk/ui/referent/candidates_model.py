"""The candidates of one session: identity, class, extra time, accessibility, origin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import day, percent, yes_no

if TYPE_CHECKING:
    from pixdesk.domain.candidate import Candidate
    from pixdesk.services.sessions import EnrolledCandidate

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The columns, in display order."""

    BIRTH_NAME = 0
    FIRST_NAME = 1
    BIRTH_DATE = 2
    DIVISION = 3
    EXTRA_TIME = 4
    ACCESSIBILITY = 5
    ORIGIN = 6


def origin_text(enrolled: EnrolledCandidate) -> str:
    """Return where the candidate comes from, in words."""
    if enrolled.learner_ine is None:
        return _("Candidat libre")
    if not enrolled.learner_active:
        return _("Élève désactivé (absent du dernier export)")
    return _("Élève")


class CandidatesModel(QAbstractTableModel):
    """The candidates of the selected session, in enrolment order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EnrolledCandidate] = []
        self._headers = {
            Column.BIRTH_NAME: _("Nom de naissance"),
            Column.FIRST_NAME: _("Prénom"),
            Column.BIRTH_DATE: _("Date de naissance"),
            Column.DIVISION: _("Classe"),
            Column.EXTRA_TIME: _("Temps majoré"),
            Column.ACCESSIBILITY: _("Accessibilité"),
            Column.ORIGIN: _("Origine"),
        }

    def set_candidates(self, candidates: Iterable[EnrolledCandidate]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(candidates)
        self.endResetModel()

    def add(self, candidates: Iterable[EnrolledCandidate]) -> None:
        """Append newly enrolled candidates."""
        new = list(candidates)
        if not new:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def update(self, candidate: Candidate) -> None:
        """Show a candidate's new extra time or accessibility adjustment."""
        for row, one in enumerate(self._rows):
            if one.candidate.candidate_id == candidate.candidate_id:
                self._rows[row] = replace(one, candidate=candidate)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return

    def remove(self, candidate_id: str) -> None:
        """Drop an unenrolled candidate."""
        for row, one in enumerate(self._rows):
            if one.candidate.candidate_id == candidate_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                return

    def enrolled(self, row: int) -> EnrolledCandidate:
        """Return the candidate shown in ``row``."""
        return self._rows[row]

    def all(self) -> tuple[EnrolledCandidate, ...]:
        """Return every candidate."""
        return tuple(self._rows)

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
        ):
            return None
        enrolled = self._rows[index.row()]
        candidate = enrolled.candidate
        values = {
            Column.BIRTH_NAME: candidate.birth_name.upper(),
            Column.FIRST_NAME: candidate.first_name,
            Column.BIRTH_DATE: day(candidate.birth_date),
            Column.DIVISION: candidate.division or candidate.external_id,
            Column.EXTRA_TIME: percent(candidate.extra_time_ratio),
            Column.ACCESSIBILITY: yes_no(candidate.accessibility_adjustment),
            Column.ORIGIN: origin_text(enrolled),
        }
        return values[Column(index.column())]
