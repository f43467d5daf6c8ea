"""The attendance sheet (feuille d'émargement): what it says, page by page (RULES.md §10).

**(pixdesk, RULES §2)** One invigilator watches at most 20 candidates, so the sheet holds
20 candidates a page and every page names the session's invigilators with a signature box:
each page is then a complete record of one invigilator-sized group. When the room has fewer
invigilators than one per 20 candidates, the sheet says so on every page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from pixdesk.documents.header import SessionHeader, name_order
from pixdesk.domain.candidate import Candidate
from pixdesk.domain.session import CANDIDATES_PER_INVIGILATOR, Session, invigilators_needed

ROWS_PER_PAGE: Final = CANDIDATES_PER_INVIGILATOR


class IdentifierKind(StrEnum):
    """What the identifier column holds: the class (schools), an external id, or both."""

    DIVISION = "division"
    EXTERNAL_ID = "external_id"
    MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One candidate's line.

    Attributes:
        position: 1-based rank on the whole sheet.
        birth_name: Birth name, uppercase.
        first_name: First name, as registered.
        birth_date: Date of birth (printed DD/MM/YYYY).
        identifier: The division for schools, else the external id ("" when neither).
    """

    position: int
    birth_name: str
    first_name: str
    birth_date: date
    identifier: str


@dataclass(frozen=True, slots=True)
class AttendancePage:
    """One printed page: up to 20 candidates and the invigilators who sign for them."""

    number: int
    invigilators: tuple[str, ...]
    rows: tuple[AttendanceRow, ...]


@dataclass(frozen=True, slots=True)
class AttendanceSheet:
    """The whole sheet.

    Attributes:
        header: The session.
        pages: At least one page (an empty session gets one page with an empty table).
        identifier_kind: What the identifier column holds.
        candidate_count: How many candidates are enrolled.
        invigilators_needed: One per started block of 20 candidates.
    """

    header: SessionHeader
    pages: tuple[AttendancePage, ...]
    identifier_kind: IdentifierKind
    candidate_count: int
    invigilators_needed: int

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def too_few_invigilators(self) -> bool:
        """Tell whether the room breaks the one-invigilator-per-20-candidates rule."""
        return len(self.header.invigilators) < self.invigilators_needed


def build_attendance_sheet(
    session: Session, candidates: Iterable[Candidate], *, centre: str
) -> AttendanceSheet:
    """Lay out the attendance sheet of ``session``.

    Args:
        session: The session.
        candidates: Its enrolled candidates, in any order; they are sorted by birth name,
            then first name, accents ignored.
        centre: The certification centre's name.

    Raises:
        ValueError: A candidate belongs to another session, or the session's date is
            malformed (bugs in the caller).
    """
    header = SessionHeader.from_session(session, centre=centre)
    enrolled = sorted(
        candidates,
        key=lambda c: (*name_order(c.birth_name, c.first_name), c.birth_date, c.candidate_id),
    )
    if strangers := [c.candidate_id for c in enrolled if c.session_number != session.number]:
        raise ValueError(f"candidates of another session: {strangers}")
    rows = [
        AttendanceRow(
            position=position,
            birth_name=candidate.birth_name.strip().upper(),
            first_name=candidate.first_name.strip(),
            birth_date=candidate.birth_date,
            identifier=(candidate.division or candidate.external_id).strip(),
        )
        for position, candidate in enumerate(enrolled, start=1)
    ]
    chunks = [rows[start : start + ROWS_PER_PAGE] for start in range(0, len(rows), ROWS_PER_PAGE)]
    pages = tuple(
        AttendancePage(number=number, invigilators=header.invigilators, rows=tuple(chunk))
        for number, chunk in enumerate(chunks or [[]], start=1)
    )
    return AttendanceSheet(
        header=header,
        pages=pages,
        identifier_kind=_identifier_kind(enrolled),
        candidate_count=len(rows),
        invigilators_needed=invigilators_needed(len(rows)),
    )


def _identifier_kind(candidates: list[Candidate]) -> IdentifierKind:
    with_division = sum(1 for c in candidates if c.division.strip())
    if candidates and with_division == len(candidates):
        return IdentifierKind.DIVISION
    if with_division == 0:
        return IdentifierKind.EXTERNAL_ID
    return IdentifierKind.MIXED
