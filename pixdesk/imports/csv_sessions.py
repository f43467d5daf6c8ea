"""Sessions and candidates of the mass-import CSV, and how checked lines group into sessions.

A line with a session number belongs to that existing session; a line without one belongs to
the new session its site, room, date and time describe (site and room ignoring case). Within
one session, a column given twice with different values, or the same person twice, is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from pixdesk.domain.candidate import Sex
from pixdesk.domain.identity import normalise_name
from pixdesk.imports.csv_columns import SESSION_COLUMNS, CsvColumn
from pixdesk.imports.errors import ImportProblem, ProblemCode, problem

SessionValue = str | date | time | None


@dataclass(frozen=True, slots=True)
class CsvCandidate:
    """One candidate line; empty text when the column was empty.

    Attributes:
        birth_country: The country as written ("France", "Espagne"…).
        birth_country_code: Its INSEE code when the file makes it known: 99100 for France
            (by name or code), 99xxx when written as a code; empty for other names, which
            need the INSEE country list to resolve.
        extra_time_ratio: The extra time as the domain stores it (33 % → 0.33).
    """

    line: int
    birth_name: str
    first_name: str
    birth_date: date
    sex: Sex
    birth_insee_code: str
    birth_postal_code: str
    birth_city: str
    birth_country: str
    birth_country_code: str
    result_email: str
    convocation_email: str
    local_id: str
    extra_time_ratio: Decimal

    @property
    def identity(self) -> tuple[str, str, date]:
        """Return what makes two candidates the same person (RULES.md §3)."""
        return normalise_name(self.first_name), normalise_name(self.birth_name), self.birth_date


@dataclass(frozen=True, slots=True)
class SessionFields:
    """The session columns of one line, checked."""

    number: int | None
    site: str
    room: str
    date: date | None
    time: time | None
    invigilators: str
    notes: str


@dataclass(frozen=True, slots=True)
class CsvSession:
    """A session of the file and its candidates, in file order.

    Attributes:
        line: The first line naming the session.
        number: An existing session's number, or None for a session to create.
        date: None only for an existing session whose lines leave it empty (same for time).
    """

    line: int
    number: int | None
    site: str
    room: str
    date: date | None
    time: time | None
    invigilators: str
    notes: str
    candidates: tuple[CsvCandidate, ...]


@dataclass(frozen=True, slots=True)
class CheckedLine:
    """One data line once checked: its session part, and its candidate if it has one."""

    line: int
    session: SessionFields
    candidate: CsvCandidate | None


def group_sessions(
    lines: Iterable[CheckedLine],
) -> tuple[tuple[CsvSession, ...], list[ImportProblem]]:
    """Return the sessions of ``lines`` in order of first appearance, and grouping problems."""
    groups: dict[tuple[object, ...], _Group] = {}
    errors: list[ImportProblem] = []
    for checked in lines:
        key = _key(checked.session)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(checked.line, checked.session.number)
        errors.extend(group.merge(checked.line, checked.session))
        if checked.candidate is not None:
            errors.extend(group.add(checked.candidate))
    return tuple(group.session() for group in groups.values()), errors


def _key(fields: SessionFields) -> tuple[object, ...]:
    if fields.number is not None:
        return ("existing", fields.number)
    return ("new", fields.site.casefold(), fields.room.casefold(), fields.date, fields.time)


def _values(fields: SessionFields) -> dict[CsvColumn, SessionValue]:
    values: tuple[SessionValue, ...] = (
        fields.site,
        fields.room,
        fields.date,
        fields.time,
        fields.invigilators,
        fields.notes,
    )
    return dict(zip(SESSION_COLUMNS, values, strict=True))


def _same(first: SessionValue, second: SessionValue) -> bool:
    if isinstance(first, str) and isinstance(second, str):
        return first.casefold() == second.casefold()
    return first == second


def _text(value: SessionValue) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value or ""


class _Group:
    """One session being assembled from its lines."""

    def __init__(self, line: int, number: int | None) -> None:
        self._line = line
        self._number = number
        self._values: dict[CsvColumn, SessionValue] = {}
        self._candidates: list[CsvCandidate] = []
        self._lines_by_identity: dict[tuple[str, str, date], int] = {}

    def merge(self, line: int, fields: SessionFields) -> list[ImportProblem]:
        """Take the line's session values; a value contradicting an earlier line is a problem."""
        problems = []
        for column, value in _values(fields).items():
            if value is None or value == "":
                continue  # lines of an existing session may leave its columns empty
            known = self._values.setdefault(column, value)
            if not _same(known, value):
                problems.append(
                    problem(
                        ProblemCode.CSV_SESSION_INCONSISTENT,
                        line=line,
                        element=column.value,
                        value=_text(value),
                        expected=_text(known),
                        first_line=self._line,
                    )
                )
        return problems

    def add(self, candidate: CsvCandidate) -> list[ImportProblem]:
        """Add a candidate, unless the same person is already in the session."""
        first_line = self._lines_by_identity.setdefault(candidate.identity, candidate.line)
        if first_line != candidate.line:
            duplicate = problem(
                ProblemCode.CSV_CANDIDATE_DUPLICATE,
                line=candidate.line,
                name=f"{candidate.birth_name} {candidate.first_name}",
                first_line=first_line,
            )
            return [duplicate]
        self._candidates.append(candidate)
        return []

    def session(self) -> CsvSession:
        values = self._values

        def text(column: CsvColumn) -> str:
            value = values.get(column)
            return value if isinstance(value, str) else ""

        session_date = values.get(CsvColumn.DATE)
        session_time = values.get(CsvColumn.TIME)
        return CsvSession(
            line=self._line,
            number=self._number,
            site=text(CsvColumn.SITE),
            room=text(CsvColumn.ROOM),
            date=session_date if isinstance(session_date, date) else None,
            time=session_time if isinstance(session_time, time) else None,
            invigilators=text(CsvColumn.INVIGILATORS),
            notes=text(CsvColumn.NOTES),
            candidates=tuple(self._candidates),
        )
