"""Planned sessions, their invigilators and their enrolments (the referent's planning).

Writers take the connection of an open ``transactions.write_transaction`` and never commit.
A candidate enrolled from the roster is read through a join, so a name corrected by a later
SIECLE import reaches every session the learner is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pixdesk.store.transactions import Connection

_SESSION_COLUMNS = (
    "session_id, number, site, room, date, start_time, description, access_code,"
    " invigilator_password, engine_version, created_at, import_id"
)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One planned session as stored.

    Attributes:
        date: ``YYYY-MM-DD``.
        start_time: ``HH:MM``.
        invigilator_password: Kept in clear in the (encrypted) store: the referent prints it
            for the invigilators; a session pack carries only its Argon2id hash.
        created_at: ISO 8601 UTC.
        import_id: The CSV import that created the session, if any.
    """

    session_id: str
    number: int
    site: str
    room: str
    date: str
    start_time: str
    description: str
    access_code: str
    invigilator_password: str
    engine_version: str
    created_at: str
    invigilators: tuple[str, ...]
    import_id: int | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentRecord:
    """One enrolment as written: a roster learner (``learner_ine``) or a free candidate.

    For a roster learner the identity fields stay empty: they are read from the roster.
    """

    candidate_id: str
    session_id: str
    enrolled_at: str
    learner_ine: str | None = None
    birth_name: str = ""
    first_name: str = ""
    birth_date: str = ""
    sex: str = ""
    birth_country_code: str = ""
    birth_country: str = ""
    birth_insee_code: str = ""
    birth_postal_code: str = ""
    birth_city: str = ""
    division: str = ""
    external_id: str = ""
    result_email: str = ""
    extra_time_ratio: Decimal = Decimal(0)
    accessibility_adjustment: bool = False
    import_id: int | None = None


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """An enrolled candidate with their identity resolved (roster or free).

    Attributes:
        learner_ine: The roster learner, or None for a free candidate.
        learner_active: False when the roster learner has since been disabled.
        external_id: The INE for a roster learner, the local id for a free candidate.
    """

    candidate_id: str
    session_id: str
    learner_ine: str | None
    learner_active: bool
    birth_name: str
    first_name: str
    birth_date: str
    sex: str
    birth_country_code: str
    birth_insee_code: str
    birth_postal_code: str
    birth_city: str
    division: str
    external_id: str
    result_email: str
    extra_time_ratio: Decimal
    accessibility_adjustment: bool


def insert_session(conn: Connection, session: SessionRecord) -> None:
    """Add a session and its invigilators."""
    conn.execute(
        f"INSERT INTO planned_sessions ({_SESSION_COLUMNS})"  # noqa: S608
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session.session_id,
            session.number,
            session.site,
            session.room,
            session.date,
            session.start_time,
            session.description,
            session.access_code,
            session.invigilator_password,
            session.engine_version,
            session.created_at,
            session.import_id,
        ),
    )
    replace_invigilators(conn, session.session_id, session.invigilators)


def update_session(conn: Connection, session: SessionRecord) -> bool:
    """Rewrite a session's editable fields and invigilators; its id and codes stay.

    Returns:
        False when no session has that id.
    """
    cursor = conn.execute(
        "UPDATE planned_sessions SET number = ?, site = ?, room = ?, date = ?, start_time = ?,"
        " description = ?, engine_version = ? WHERE session_id = ?",
        (
            session.number,
            session.site,
            session.room,
            session.date,
            session.start_time,
            session.description,
            session.engine_version,
            session.session_id,
        ),
    )
    if cursor.rowcount != 1:
        return False
    replace_invigilators(conn, session.session_id, session.invigilators)
    return True


def replace_invigilators(conn: Connection, session_id: str, names: Sequence[str]) -> None:
    """Replace the session's invigilators by ``names``, in that order."""
    conn.execute("DELETE FROM session_invigilators WHERE session_id = ?", (session_id,))
    conn.executemany(
        "INSERT INTO session_invigilators (session_id, position, name) VALUES (?, ?, ?)",
        [(session_id, position, name) for position, name in enumerate(names)],
    )


def get_session(conn: Connection, session_id: str) -> SessionRecord | None:
    """Return the session with ``session_id``, or None."""
    row = conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM planned_sessions WHERE session_id = ?",  # noqa: S608
        (session_id,),
    ).fetchone()
    return _session(conn, row) if row is not None else None


def get_session_by_number(conn: Connection, number: int) -> SessionRecord | None:
    """Return the session with ``number``, or None."""
    row = conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM planned_sessions WHERE number = ?",  # noqa: S608
        (number,),
    ).fetchone()
    return _session(conn, row) if row is not None else None


def list_sessions(conn: Connection) -> list[SessionRecord]:
    """Return every planned session by date, start time and number."""
    rows = conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM planned_sessions"  # noqa: S608
        " ORDER BY date, start_time, number"
    ).fetchall()
    return [_session(conn, row) for row in rows]


def access_codes(conn: Connection) -> set[str]:
    """Return the access codes of every session of this PC."""
    return {str(code) for (code,) in conn.execute("SELECT access_code FROM planned_sessions")}


def next_session_number(conn: Connection) -> int:
    """Return one more than the highest session number (1 for the first session)."""
    (highest,) = conn.execute("SELECT coalesce(max(number), 0) FROM planned_sessions").fetchone()
    return int(highest) + 1


def insert_enrolment(conn: Connection, enrolment: EnrolmentRecord) -> None:
    """Enrol a candidate (a learner already in the session is refused by a unique index)."""
    conn.execute(
        "INSERT INTO enrolments (candidate_id, session_id, learner_ine, birth_name, first_name,"
        " birth_date, sex, birth_country_code, birth_country, birth_insee_code,"
        " birth_postal_code, birth_city, division, external_id, result_email, extra_time_ratio,"
        " accessibility_adjustment, enrolled_at, import_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            enrolment.candidate_id,
            enrolment.session_id,
            enrolment.learner_ine,
            enrolment.birth_name,
            enrolment.first_name,
            enrolment.birth_date,
            enrolment.sex,
            enrolment.birth_country_code,
            enrolment.birth_country,
            enrolment.birth_insee_code,
            enrolment.birth_postal_code,
            enrolment.birth_city,
            enrolment.division,
            enrolment.external_id,
            enrolment.result_email,
            str(enrolment.extra_time_ratio),
            int(enrolment.accessibility_adjustment),
            enrolment.enrolled_at,
            enrolment.import_id,
        ),
    )


def enrolled_learners(conn: Connection, session_id: str) -> set[str]:
    """Return the INEs of the roster learners enrolled in the session."""
    rows = conn.execute(
        "SELECT learner_ine FROM enrolments WHERE session_id = ? AND learner_ine IS NOT NULL",
        (session_id,),
    )
    return {str(ine) for (ine,) in rows}


def set_candidate_options(
    conn: Connection,
    candidate_id: str,
    *,
    extra_time_ratio: Decimal | None = None,
    accessibility_adjustment: bool | None = None,
) -> bool:
    """Change a candidate's extra time and/or accessibility adjustment.

    Returns:
        False when no candidate has that id.
    """
    cursor = conn.execute(
        "UPDATE enrolments SET"
        " extra_time_ratio = coalesce(?, extra_time_ratio),"
        " accessibility_adjustment = coalesce(?, accessibility_adjustment)"
        " WHERE candidate_id = ?",
        (
            None if extra_time_ratio is None else str(extra_time_ratio),
            None if accessibility_adjustment is None else int(accessibility_adjustment),
            candidate_id,
        ),
    )
    return bool(cursor.rowcount == 1)


def delete_enrolment(conn: Connection, candidate_id: str) -> bool:
    """Remove a candidate from their session; False when no candidate has that id."""
    cursor = conn.execute("DELETE FROM enrolments WHERE candidate_id = ?", (candidate_id,))
    return bool(cursor.rowcount == 1)


_CANDIDATE_SELECT = """
    SELECT e.candidate_id, e.session_id, e.learner_ine, coalesce(l.active, 1),
        CASE WHEN l.ine IS NULL THEN e.birth_name ELSE l.birth_name END,
        CASE WHEN l.ine IS NULL THEN e.first_name ELSE l.first_name END,
        CASE WHEN l.ine IS NULL THEN e.birth_date ELSE l.birth_date END,
        CASE WHEN l.ine IS NULL THEN e.sex ELSE l.sex END,
        CASE WHEN l.ine IS NULL THEN e.birth_country_code ELSE l.birth_country_code END,
        CASE WHEN l.ine IS NULL THEN e.birth_insee_code ELSE l.birth_insee_code END,
        e.birth_postal_code,
        CASE WHEN l.ine IS NULL THEN e.birth_city ELSE l.birth_city END,
        CASE WHEN l.ine IS NULL THEN e.division ELSE l.division END,
        CASE WHEN l.ine IS NULL THEN e.external_id ELSE l.ine END,
        e.result_email, e.extra_time_ratio, e.accessibility_adjustment
    FROM enrolments AS e LEFT JOIN roster_learners AS l ON l.ine = e.learner_ine
"""


def list_candidates(conn: Connection, session_id: str) -> list[CandidateRow]:
    """Return the session's candidates in enrolment order."""
    rows = conn.execute(
        _CANDIDATE_SELECT + " WHERE e.session_id = ? ORDER BY e.rowid", (session_id,)
    )
    return [_candidate(row) for row in rows]


def get_candidate(conn: Connection, candidate_id: str) -> CandidateRow | None:
    """Return one enrolled candidate, or None."""
    row = conn.execute(_CANDIDATE_SELECT + " WHERE e.candidate_id = ?", (candidate_id,)).fetchone()
    return _candidate(row) if row is not None else None


def count_candidates(conn: Connection, session_id: str) -> int:
    """Return how many candidates the session has."""
    (count,) = conn.execute(
        "SELECT count(*) FROM enrolments WHERE session_id = ?", (session_id,)
    ).fetchone()
    return int(count)


def _session(conn: Connection, row: Sequence[object]) -> SessionRecord:
    names = conn.execute(
        "SELECT name FROM session_invigilators WHERE session_id = ? ORDER BY position",
        (row[0],),
    )
    return SessionRecord(
        session_id=str(row[0]),
        number=int(str(row[1])),
        site=str(row[2]),
        room=str(row[3]),
        date=str(row[4]),
        start_time=str(row[5]),
        description=str(row[6]),
        access_code=str(row[7]),
        invigilator_password=str(row[8]),
        engine_version=str(row[9]),
        created_at=str(row[10]),
        invigilators=tuple(str(name) for (name,) in names),
        import_id=None if row[11] is None else int(str(row[11])),
    )


def _candidate(row: Sequence[object]) -> CandidateRow:
    return CandidateRow(
        candidate_id=str(row[0]),
        session_id=str(row[1]),
        learner_ine=None if row[2] is None else str(row[2]),
        learner_active=bool(row[3]),
        birth_name=str(row[4]),
        first_name=str(row[5]),
        birth_date=str(row[6]),
        sex=str(row[7]),
        birth_country_code=str(row[8]),
        birth_insee_code=str(row[9]),
        birth_postal_code=str(row[10]),
        birth_city=str(row[11]),
        division=str(row[12]),
        external_id=str(row[13]),
        result_email=str(row[14]),
        extra_time_ratio=Decimal(str(row[15])),
        accessibility_adjustment=bool(row[16]),
    )
