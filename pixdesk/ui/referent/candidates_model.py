"""The candidates of one session: identity, class, extra time, accessibility, origin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from pixdesk.i18n import _
from pixdesk.ui.referent.formatting import day, percent, yes_no
from pixdesk.ui.widgets.table_model import ReadOnlyTableModel

if TYPE_CHECKING:
    from pixdesk.domain.candidate import Candidate
    from pixdesk.services.sessions import EnrolledCandidate


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


class CandidatesModel(ReadOnlyTableModel["EnrolledCandidate"]):
    """The candidates of the selected session, in enrolment order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            {
                Column.BIRTH_NAME: _("Nom de naissance"),
                Column.FIRST_NAME: _("Prénom"),
                Column.BIRTH_DATE: _("Date de naissance"),
                Column.DIVISION: _("Classe"),
                Column.EXTRA_TIME: _("Temps majoré"),
                Column.ACCESSIBILITY: _("Accessibilité"),
                Column.ORIGIN: _("Origine"),
            },
            parent,
        )

    def set_candidates(self, candidates: Iterable[EnrolledCandidate]) -> None:
        """Replace every row."""
        self.replace_rows(candidates)

    def add(self, candidates: Iterable[EnrolledCandidate]) -> None:
        """Append newly enrolled candidates."""
        self.append_rows(candidates)

    def update(self, candidate: Candidate) -> None:
        """Show a candidate's new extra time or accessibility adjustment."""
        row = self._row_of(candidate.candidate_id)
        if row is not None:
            self.replace_row(row, replace(self.enrolled(row), candidate=candidate))

    def remove(self, candidate_id: str) -> None:
        """Drop an unenrolled candidate."""
        row = self._row_of(candidate_id)
        if row is not None:
            self.remove_row(row)

    def enrolled(self, row: int) -> EnrolledCandidate:
        """Return the candidate shown in ``row``."""
        return self.row_value(row)

    def all(self) -> tuple[EnrolledCandidate, ...]:
        """Return every candidate."""
        return self.row_values()

    def cell_text(self, value: EnrolledCandidate, column: int) -> str:
        """Return the text of a candidate's cell."""
        candidate = value.candidate
        values = {
            Column.BIRTH_NAME: candidate.birth_name.upper(),
            Column.FIRST_NAME: candidate.first_name,
            Column.BIRTH_DATE: day(candidate.birth_date),
            Column.DIVISION: candidate.division or candidate.external_id,
            Column.EXTRA_TIME: percent(candidate.extra_time_ratio),
            Column.ACCESSIBILITY: yes_no(candidate.accessibility_adjustment),
            Column.ORIGIN: origin_text(value),
        }
        return values[Column(column)]

    def _row_of(self, candidate_id: str) -> int | None:
        return next(
            (
                row
                for row, one in enumerate(self.row_values())
                if one.candidate.candidate_id == candidate_id
            ),
            None,
        )
