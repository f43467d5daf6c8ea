"""The Pix mass-import CSV applied to this PC: sessions created or extended, candidates enrolled.

``pixdesk.imports.csv_roster`` checks the file on its own; this module adds the checks that
need the store (a session number must name a session of this PC; a candidate must not already
be in it) and the domain's (a birth date in the future, a name with no letter), then writes
everything inside the import's transaction. CSV candidates are *free* candidates: the file
has no INE, so they never touch the roster of learners.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime

from pixdesk.domain.candidate import Candidate, validate_candidate
from pixdesk.domain.errors import FieldProblem
from pixdesk.domain.identity import duplicate_key
from pixdesk.domain.session import Session, validate_session
from pixdesk.imports.csv_columns import CsvColumn
from pixdesk.imports.csv_roster import CsvRoster
from pixdesk.imports.csv_sessions import CsvCandidate, CsvSession
from pixdesk.imports.errors import ImportProblem, ProblemCode, problem
from pixdesk.services.session_records import (
    SessionDraft,
    create_session_record,
    format_instant,
    free_record,
    new_id,
    to_candidate,
)
from pixdesk.store import sessions_repo
from pixdesk.store.transactions import Connection

Progress = Callable[[int, int], None]
"""Called with (rows written, rows to write) after each row of an apply."""

# Where a domain field problem points in the file.
_COLUMNS = {
    "birth_name": CsvColumn.BIRTH_NAME,
    "first_name": CsvColumn.FIRST_NAME,
    "birth_date": CsvColumn.BIRTH_DATE,
    "birth_country_code": CsvColumn.COUNTRY,
    "birth_insee_code": CsvColumn.INSEE_CODE,
    "birth_postal_code": CsvColumn.POSTAL_CODE,
    "birth_city": CsvColumn.CITY,
    "extra_time_ratio": CsvColumn.EXTRA_TIME,
    "result_email": CsvColumn.RESULT_EMAIL,
    "site": CsvColumn.SITE,
    "room": CsvColumn.ROOM,
    "date": CsvColumn.DATE,
    "start_time": CsvColumn.TIME,
    "invigilators": CsvColumn.INVIGILATORS,
}
_SEPARATORS = re.compile(r"[,;/]")
# Placeholders that pass the domain's checks, to validate a session before its codes exist.
_ACCESS_CODE = "BCDF23"
_PASSWORD = "bcdfgh"  # noqa: S105 - never stored: only to validate the other fields


def invigilator_names(text: str) -> tuple[str, ...]:
    """Split the CSV's invigilators cell ("Mme Curie, M. Pasteur") into names."""
    return tuple(name.strip() for name in _SEPARATORS.split(text) if name.strip())


def check(
    conn: Connection, roster: CsvRoster, *, today: date
) -> tuple[tuple[CsvSession, ...], tuple[ImportProblem, ...]]:
    """Return the file's sessions and every problem, the store's and the domain's included."""
    if roster.errors:
        return (), roster.errors
    errors: list[ImportProblem] = []
    for session in roster.sessions:
        existing: list[Candidate] = []
        if session.number is not None:
            record = sessions_repo.get_session_by_number(conn, session.number)
            if record is None:
                errors.append(_missing_session(session))
                continue
            rows = sessions_repo.list_candidates(conn, record.session_id)
            existing = [to_candidate(row, record.number) for row in rows]
        else:
            errors.extend(_session_problems(session))
        taken = {duplicate_key(one): one.candidate_id for one in existing}
        for candidate in session.candidates:
            domain = _domain(candidate, "0" * 32, session.number or 1)
            errors.extend(_candidate_problems(candidate, domain, today))
            if duplicate_key(domain) in taken:
                errors.append(_duplicate(candidate, taken[duplicate_key(domain)]))
    if errors:
        return (), tuple(sorted(errors, key=lambda found: found.line or 0))
    return roster.sessions, ()


def apply(
    conn: Connection,
    sessions: Iterable[CsvSession],
    import_id: int,
    *,
    rng: random.Random,
    now: datetime,
    progress: Progress | None = None,
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]] | None:
    """Create and extend the sessions (inside the import's transaction).

    ``progress`` is told after each candidate enrolled; an exception it raises aborts it all.

    Returns:
        (candidate ids enrolled, numbers of sessions created, numbers of sessions extended),
        or None when the store no longer matches the plan (a session gone, a candidate
        enrolled meanwhile): the caller then rolls everything back.
    """
    enrolled: list[str] = []
    created: list[int] = []
    extended: list[int] = []
    stamp = format_instant(now)
    sessions = tuple(sessions)
    total = sum(len(session.candidates) for session in sessions)
    for session in sessions:
        if session.number is None:
            record = create_session_record(
                conn, _draft(session), rng=rng, now=now, import_id=import_id
            )
            created.append(record.number)
        else:
            found = sessions_repo.get_session_by_number(conn, session.number)
            if found is None:
                return None
            record = found
            extended.append(record.number)
        rows = sessions_repo.list_candidates(conn, record.session_id)
        taken = {duplicate_key(to_candidate(row, record.number)) for row in rows}
        for candidate in session.candidates:
            domain = _domain(candidate, new_id(rng), record.number)
            if duplicate_key(domain) in taken:
                return None
            enrolment = free_record(domain, record.session_id, stamp, import_id)
            sessions_repo.insert_enrolment(
                conn, replace(enrolment, birth_country=candidate.birth_country)
            )
            enrolled.append(domain.candidate_id)
            if progress is not None:
                progress(len(enrolled), total)
    return tuple(enrolled), tuple(created), tuple(extended)


def _draft(session: CsvSession) -> SessionDraft:
    return SessionDraft(
        site=session.site,
        room=session.room,
        date=session.date.isoformat() if session.date else "",
        start_time=session.time.strftime("%H:%M") if session.time else "",
        invigilators=invigilator_names(session.invigilators),
        description=session.notes,
    )


def _domain(candidate: CsvCandidate, candidate_id: str, number: int) -> Candidate:
    return Candidate(
        candidate_id=candidate_id,
        session_number=number,
        birth_name=candidate.birth_name,
        first_name=candidate.first_name,
        birth_date=candidate.birth_date,
        sex=candidate.sex,
        birth_country_code=candidate.birth_country_code,
        birth_insee_code=candidate.birth_insee_code,
        birth_postal_code=candidate.birth_postal_code,
        birth_city=candidate.birth_city,
        external_id=candidate.local_id,
        extra_time_ratio=candidate.extra_time_ratio,
        result_email=candidate.result_email,
    )


def _session_problems(session: CsvSession) -> list[ImportProblem]:
    draft = _draft(session)
    checked = Session(
        number=1,
        site=draft.site,
        room=draft.room,
        date=draft.date,
        start_time=draft.start_time,
        invigilators=draft.invigilators,
        access_code=_ACCESS_CODE,
        invigilator_password=_PASSWORD,
        description=draft.description,
    )
    return [_field_problem(found, session.line) for found in validate_session(checked)]


def _candidate_problems(
    candidate: CsvCandidate, domain: Candidate, today: date
) -> list[ImportProblem]:
    found = validate_candidate(domain, today=today)
    # A country written by name ("Espagne") has no INSEE code yet (docs/roster-import.md §2).
    if not candidate.birth_country_code:
        found = tuple(one for one in found if one.field != "birth_country_code")
    name = f"{candidate.birth_name} {candidate.first_name}"
    return [_field_problem(one, candidate.line, name) for one in found]


def _field_problem(found: FieldProblem, line: int, name: str = "") -> ImportProblem:
    column = _COLUMNS.get(found.field)
    return problem(
        ProblemCode.CSV_FIELD_INVALID,
        name=name,
        line=line,
        element=column.value if column else found.field,
        reason=found.code.value,
    )


def _missing_session(session: CsvSession) -> ImportProblem:
    return problem(
        ProblemCode.CSV_SESSION_NOT_FOUND,
        line=session.line,
        element=CsvColumn.SESSION_NUMBER.value,
        value=session.number,
    )


def _duplicate(candidate: CsvCandidate, candidate_id: str) -> ImportProblem:
    return problem(
        ProblemCode.CSV_CANDIDATE_DUPLICATE,
        name=f"{candidate.birth_name} {candidate.first_name}",
        line=candidate.line,
        candidate_id=candidate_id,
    )
