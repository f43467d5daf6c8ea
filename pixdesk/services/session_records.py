"""Build and read planned-session records: ids, codes, and domain values from store rows.

Shared by session planning and the CSV roster import, which both create sessions inside
their own transaction.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.domain.codes import generate_access_code, generate_invigilator_password
from pixdesk.domain.session import EngineVersion, Session, validate_session
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.planning_values import FreeCandidate, SessionDraft
from pixdesk.store import sessions_repo
from pixdesk.store.sessions_repo import CandidateRow, EnrolmentRecord, SessionRecord
from pixdesk.store.transactions import Connection

# SessionDraft and FreeCandidate live in a store-free module so that the UI can build them.
__all__ = [
    "ID_BITS",
    "FreeCandidate",
    "SessionDraft",
    "create_session_record",
    "format_instant",
    "free_record",
    "free_to_domain",
    "new_id",
    "to_candidate",
    "to_session",
]

ID_BITS = 128


def new_id(rng: random.Random) -> str:
    """Return a random 128-bit identifier as 32 lowercase hex characters."""
    return f"{rng.getrandbits(ID_BITS):032x}"


def format_instant(moment: datetime) -> str:
    """Return an aware instant as ISO 8601 UTC to the second (``2026-11-30T08:00:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no defined instant")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_session_record(
    conn: Connection,
    draft: SessionDraft,
    *,
    rng: random.Random,
    now: datetime,
    import_id: int | None = None,
) -> SessionRecord:
    """Validate ``draft``, draw its codes and insert it (inside the caller's transaction).

    The access code is unique among this PC's sessions (the store's UNIQUE constraint backs
    the check); the invigilator password is six distinct characters of its alphabet.

    Raises:
        PlanningError: ``NUMBER_TAKEN`` or ``INVALID_FIELDS`` (with every field problem).
    """
    number = draft.number if draft.number is not None else sessions_repo.next_session_number(conn)
    if draft.number is not None and sessions_repo.get_session_by_number(conn, number):
        raise PlanningError(PlanningErrorCode.NUMBER_TAKEN, {"number": number})
    session = Session(
        number=number,
        site=draft.site.strip(),
        room=draft.room.strip(),
        date=draft.date.strip(),
        start_time=draft.start_time.strip(),
        invigilators=tuple(name.strip() for name in draft.invigilators),
        access_code=generate_access_code(rng, sessions_repo.access_codes(conn)),
        invigilator_password=generate_invigilator_password(rng),
        description=draft.description.strip(),
        engine_version=draft.engine_version,
    )
    problems = validate_session(session)
    if problems:
        raise PlanningError(PlanningErrorCode.INVALID_FIELDS, {"number": number}, problems)
    record = SessionRecord(
        session_id=new_id(rng),
        number=session.number,
        site=session.site,
        room=session.room,
        date=session.date,
        start_time=session.start_time,
        description=session.description,
        access_code=session.access_code,
        invigilator_password=session.invigilator_password,
        engine_version=session.engine_version.value,
        created_at=format_instant(now),
        invigilators=session.invigilators,
        import_id=import_id,
    )
    sessions_repo.insert_session(conn, record)
    return record


def to_session(record: SessionRecord) -> Session:
    """Return the domain session of a stored record."""
    return Session(
        number=record.number,
        site=record.site,
        room=record.room,
        date=record.date,
        start_time=record.start_time,
        invigilators=record.invigilators,
        access_code=record.access_code,
        invigilator_password=record.invigilator_password,
        description=record.description,
        engine_version=EngineVersion(record.engine_version),
    )


def to_candidate(row: CandidateRow, session_number: int) -> Candidate:
    """Return the domain candidate of an enrolment row."""
    return Candidate(
        candidate_id=row.candidate_id,
        session_number=session_number,
        birth_name=row.birth_name,
        first_name=row.first_name,
        birth_date=date.fromisoformat(row.birth_date),
        sex=Sex(row.sex),
        birth_country_code=row.birth_country_code,
        birth_insee_code=row.birth_insee_code,
        birth_postal_code=row.birth_postal_code,
        birth_city=row.birth_city,
        division=row.division,
        external_id=row.external_id,
        extra_time_ratio=row.extra_time_ratio,
        accessibility_adjustment=row.accessibility_adjustment,
        result_email=row.result_email,
    )


def free_to_domain(
    free: FreeCandidate, candidate_id: str, number: int, ratio: Decimal
) -> Candidate:
    """Return the domain candidate of a free candidate (to validate, then store)."""
    return Candidate(
        candidate_id=candidate_id,
        session_number=number,
        birth_name=free.birth_name.strip(),
        first_name=free.first_name.strip(),
        birth_date=free.birth_date,
        sex=free.sex,
        birth_country_code=free.birth_country_code.strip(),
        birth_insee_code=free.birth_insee_code.strip().upper(),
        birth_postal_code=free.birth_postal_code.strip(),
        birth_city=free.birth_city.strip(),
        division=free.division.strip(),
        external_id=free.external_id.strip(),
        extra_time_ratio=ratio,
        accessibility_adjustment=free.accessibility_adjustment,
        result_email=free.result_email.strip(),
    )


def free_record(
    candidate: Candidate, session_id: str, now: str, import_id: int | None = None
) -> EnrolmentRecord:
    """Return the enrolment row of a validated free candidate."""
    return EnrolmentRecord(
        candidate_id=candidate.candidate_id,
        session_id=session_id,
        enrolled_at=now,
        birth_name=candidate.birth_name,
        first_name=candidate.first_name,
        birth_date=candidate.birth_date.isoformat(),
        sex=candidate.sex.value,
        birth_country_code=candidate.birth_country_code,
        birth_insee_code=candidate.birth_insee_code,
        birth_postal_code=candidate.birth_postal_code,
        birth_city=candidate.birth_city,
        division=candidate.division,
        external_id=candidate.external_id,
        result_email=candidate.result_email,
        extra_time_ratio=candidate.extra_time_ratio,
        accessibility_adjustment=candidate.accessibility_adjustment,
        import_id=import_id,
    )
