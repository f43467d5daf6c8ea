"""Read the Pix mass-import CSV: sessions and their candidates (RULES.md §3, §11).

Entry point: :func:`parse_csv_roster`. Every line is checked and every problem returned at
once, with its line number and column; with any problem, no session is returned.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from pixdesk.domain.candidate import FRANCE_COUNTRY_CODE, Sex, extra_time_ratio_from_percent
from pixdesk.domain.errors import DomainError
from pixdesk.domain.identity import normalise_name
from pixdesk.imports.csv_columns import (
    CANDIDATE_COLUMNS,
    NEW_SESSION_COLUMNS,
    CsvColumn,
    match_header,
)
from pixdesk.imports.csv_sessions import (
    CheckedLine,
    CsvCandidate,
    CsvSession,
    SessionFields,
    group_sessions,
)
from pixdesk.imports.errors import (
    EncodingReason,
    ImportProblem,
    ImportRejectedError,
    InvalidReason,
    ProblemCode,
    invalid,
    problem,
    unsupported,
)
from pixdesk.imports.fields import (
    clean,
    insee_country_code,
    is_insee_code,
    is_postal_code,
    parse_french_date,
)
from pixdesk.imports.source import ImportLimits, ImportSource, read_plain_bytes

DEFAULT_LIMITS = ImportLimits(max_bytes=10 * 1024 * 1024)
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_EMAIL = re.compile(r"[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+")


@dataclass(frozen=True, slots=True)
class CsvRoster:
    """The sessions of the file, in order of first appearance, or the problems found."""

    sessions: tuple[CsvSession, ...] = ()
    errors: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """Return whether the file can be applied."""
        return not self.errors


def parse_csv_roster(source: ImportSource, *, limits: ImportLimits = DEFAULT_LIMITS) -> CsvRoster:
    """Read a Pix mass-import CSV (``;``-separated, UTF-8 with or without a byte-order mark).

    Args:
        source: A path, the file's bytes, or an open binary stream (left open).
        limits: ``max_bytes`` and ``max_rows`` bound what is read.

    Raises:
        OSError: The file cannot be opened or read.
    """
    try:
        rows = _read_rows(read_plain_bytes(source, limits), limits)
    except ImportRejectedError as exc:
        return CsvRoster(errors=(exc.problem,))
    if not rows:
        return CsvRoster(errors=(problem(ProblemCode.EMPTY),))
    header_line, header = rows[0]
    columns, missing = match_header(header)
    if missing:
        return CsvRoster(errors=tuple(_missing(column, header_line) for column in missing))
    if len(rows) == 1:
        return CsvRoster(errors=(problem(ProblemCode.EMPTY),))
    checked: list[CheckedLine] = []
    errors: list[ImportProblem] = []
    for number, cells in rows[1:]:
        reader = _LineReader(number, cells, columns)
        session = _session_fields(reader)
        candidate = _candidate(reader)
        errors.extend(reader.problems)
        if not reader.problems:
            checked.append(CheckedLine(number, session, candidate))
    sessions, grouping_errors = group_sessions(checked)
    errors.extend(grouping_errors)
    if errors:
        return CsvRoster(errors=tuple(sorted(errors, key=lambda found: found.line or 0)))
    return CsvRoster(sessions=sessions)


def _read_rows(data: bytes, limits: ImportLimits) -> list[tuple[int, list[str]]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise unsupported(EncodingReason.WIDE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Typically a spreadsheet's "CSV" saved in Windows-1252: say where, not just "broken".
        line = data[: exc.start].count(b"\n") + 1
        raise unsupported(EncodingReason.UNDECODABLE, line=line) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise invalid(InvalidReason.BROKEN_CSV, line=first_line, detail=str(exc)) from None
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave blank lines behind
        if len(rows) > limits.max_rows:
            raise invalid(InvalidReason.TOO_MANY_ROWS, limit=limits.max_rows)
        rows.append((first_line, cells))


def _missing(column: CsvColumn, line: int) -> ImportProblem:
    return problem(ProblemCode.CSV_COLUMNS_MISSING, line=line, element=column.value)


class _LineReader:
    """Reads the cells of one line by column and collects the line's problems."""

    def __init__(self, line: int, cells: list[str], columns: dict[CsvColumn, int]) -> None:
        self.line = line
        self._cells = cells
        self._columns = columns
        self.problems: list[ImportProblem] = []

    def get(self, column: CsvColumn) -> str:
        index = self._columns[column]
        return clean(self._cells[index]) if index < len(self._cells) else ""

    def required(self, column: CsvColumn) -> str:
        value = self.get(column)
        if not value:
            self.report(ProblemCode.CSV_FIELD_REQUIRED, column)
        return value

    def report(self, code: ProblemCode, column: CsvColumn | None = None, **params: str) -> None:
        element = column.value if column is not None else ""
        self.problems.append(problem(code, line=self.line, element=element, **params))

    def wrong(self, column: CsvColumn, value: str) -> None:
        self.report(ProblemCode.CSV_FIELD_INVALID, column, value=value)


def _session_fields(reader: _LineReader) -> SessionFields:
    written_number = reader.get(CsvColumn.SESSION_NUMBER)
    number = None
    if written_number:
        if written_number.isascii() and written_number.isdigit() and int(written_number) > 0:
            number = int(written_number)
        else:
            reader.wrong(CsvColumn.SESSION_NUMBER, written_number)
    # An existing session is named by its number alone; a new one needs everything.
    read = reader.get if written_number else reader.required
    site, room, written_date, written_time, invigilators = (
        read(column) for column in NEW_SESSION_COLUMNS
    )
    session_date = parse_french_date(written_date) if written_date else None
    if written_date and session_date is None:
        reader.wrong(CsvColumn.DATE, written_date)
    session_time = _parse_time(written_time) if written_time else None
    if written_time and session_time is None:
        reader.wrong(CsvColumn.TIME, written_time)
    notes = reader.get(CsvColumn.NOTES)
    return SessionFields(number, site, room, session_date, session_time, invigilators, notes)


def _candidate(reader: _LineReader) -> CsvCandidate | None:
    if not any(reader.get(column) for column in CANDIDATE_COLUMNS):
        return None  # a line creating a session without candidates yet
    birth_name = reader.required(CsvColumn.BIRTH_NAME)
    first_name = reader.required(CsvColumn.FIRST_NAME)
    written_date = reader.required(CsvColumn.BIRTH_DATE)
    birth_date = parse_french_date(written_date) if written_date else None
    if written_date and birth_date is None:
        reader.wrong(CsvColumn.BIRTH_DATE, written_date)
    written_sex = reader.required(CsvColumn.SEX)
    sex = Sex.__members__.get(written_sex.upper()) if written_sex else None
    if written_sex and sex is None:
        reader.wrong(CsvColumn.SEX, written_sex)
    country = reader.required(CsvColumn.COUNTRY)
    country_code = _country_code(country)
    insee, postal, city = _birth_place(reader, country_code)
    result_email = _email(reader, CsvColumn.RESULT_EMAIL)
    convocation_email = _email(reader, CsvColumn.CONVOCATION_EMAIL)
    extra_time = _extra_time(reader)
    if reader.problems or birth_date is None or sex is None:
        return None
    return CsvCandidate(
        line=reader.line,
        birth_name=birth_name,
        first_name=first_name,
        birth_date=birth_date,
        sex=sex,
        birth_insee_code=insee,
        birth_postal_code=postal,
        birth_city=city,
        birth_country=country,
        birth_country_code=country_code,
        result_email=result_email,
        convocation_email=convocation_email,
        local_id=reader.get(CsvColumn.LOCAL_ID),
        extra_time_ratio=extra_time,
    )


def _country_code(country: str) -> str:
    if normalise_name(country) == "FRANCE":
        return FRANCE_COUNTRY_CODE
    return insee_country_code(country)


def _birth_place(reader: _LineReader, country_code: str) -> tuple[str, str, str]:
    """Return (INSEE code, postal code, city), checking the birth place is named.

    In France: the INSEE code, or the postal code and the city, not both ways. Abroad: the
    city, as ``pixdesk.domain.candidate`` requires.
    """
    insee = reader.get(CsvColumn.INSEE_CODE).upper()
    postal = reader.get(CsvColumn.POSTAL_CODE)
    city = reader.get(CsvColumn.CITY)
    if country_code != FRANCE_COUNTRY_CODE:
        if reader.get(CsvColumn.COUNTRY):
            reader.required(CsvColumn.CITY)
        return insee, postal, city
    if insee and postal:
        reader.report(ProblemCode.CSV_BIRTH_PLACE_AMBIGUOUS, CsvColumn.INSEE_CODE)
    elif insee:
        if not is_insee_code(insee):
            reader.wrong(CsvColumn.INSEE_CODE, insee)
    elif postal or city:
        if postal and not is_postal_code(postal):
            reader.wrong(CsvColumn.POSTAL_CODE, postal)
        reader.required(CsvColumn.POSTAL_CODE)
        reader.required(CsvColumn.CITY)
    else:
        reader.report(ProblemCode.CSV_BIRTH_PLACE_REQUIRED, CsvColumn.INSEE_CODE)
    return insee, postal, city


def _email(reader: _LineReader, column: CsvColumn) -> str:
    value = reader.get(column)
    if value and _EMAIL.fullmatch(value) is None:
        reader.wrong(column, value)
    return value


def _extra_time(reader: _LineReader) -> Decimal:
    value = reader.get(CsvColumn.EXTRA_TIME)
    try:
        return extra_time_ratio_from_percent(value)  # "" is no extra time
    except DomainError:
        reader.wrong(CsvColumn.EXTRA_TIME, value)
        return Decimal(0)


def _parse_time(text: str) -> time | None:
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
