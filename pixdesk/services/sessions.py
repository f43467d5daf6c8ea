"""Plan sessions in referent mode: create them, enrol candidates, set their adjustments.

Qt-free and synchronous; one call = one transaction, returning what it changed (STYLE.md §5).
The rules are RULES.md §2 and §3: the domain validates the fields and draws the codes, this
service checks what needs the store (a free number, a unique access code, who is enrolled).
The session pack a console opens is written by ``pixdesk.services.session_pack``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlite_utils import Database

from pixdesk.domain.candidate import (
    Candidate,
    extra_time_ratio_from_percent,
    validate_candidate,
)
from pixdesk.domain.clock import Clock
from pixdesk.domain.errors import DomainError, FieldProblem
from pixdesk.domain.identity import duplicate_key
from pixdesk.domain.session import (
    InvigilatorWarning,
    Session,
    check_invigilators,
    validate_session,
)
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.session_records import (
    FreeCandidate,
    SessionDraft,
    create_session_record,
    format_instant,
    free_record,
    free_to_domain,
    new_id,
    to_candidate,
    to_session,
)
from pixdesk.store import roster_repo, sessions_repo
from pixdesk.store.sessions_repo import EnrolmentRecord, SessionRecord
from pixdesk.store.transactions import Connection, write_transaction

__all__ = [
    "EnrolledCandidate",
    "EnrolmentChange",
    "FreeCandidate",
    "PlannedSession",
    "PlanningError",
    "PlanningErrorCode",
    "SessionDraft",
    "SessionPlanner",
]


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A session of this PC with its id, size and invigilator warning."""

    session_id: str
    session: Session
    created_at: str
    candidate_count: int

    @property
    def warning(self) -> InvigilatorWarning | None:
        """Return the one-invigilator-per-20-candidates warning, if the session needs it."""
        return check_invigilators(self.candidate_count, len(self.session.invigilators))


@dataclass(frozen=True, slots=True)
class EnrolledCandidate:
    """A candidate of a session, and whether they come from the roster.

    Attributes:
        learner_ine: The roster learner, None for a free candidate.
        learner_active: False when a later roster import disabled the learner.
    """

    candidate: Candidate
    learner_ine: str | None
    learner_active: bool = True


@dataclass(frozen=True, slots=True)
class EnrolmentChange:
    """What an enrolment call changed.

    Attributes:
        enrolled: The candidates added, in order.
        already_enrolled: INEs asked for that were already in the session (left as they were).
        session: The session afterwards (its size and invigilator warning).
    """

    enrolled: tuple[Candidate, ...]
    already_enrolled: tuple[str, ...]
    session: PlannedSession


class SessionPlanner:
    """The referent's session planning over this PC's store.

    Args:
        db: The open store (``station_store.open_station_store(...).db``).
        rng: Draws ids and codes (``secrets.SystemRandom()`` in production).
        clock: Gives the creation and enrolment times, and today for birth dates.
    """

    def __init__(self, db: Database, *, rng: random.Random, clock: Clock) -> None:
        self._conn: Connection = db.conn
        self._rng = rng
        self._clock = clock

    def create_session(self, draft: SessionDraft) -> PlannedSession:
        """Create a session with a unique access code and a new invigilator password.

        Raises:
            PlanningError: ``INVALID_FIELDS`` (every problem listed) or ``NUMBER_TAKEN``.
        """
        with write_transaction(self._conn) as conn:
            record = create_session_record(conn, draft, rng=self._rng, now=self._clock.now())
        return self.get_session(record.session_id)

    def update_session(self, session_id: str, draft: SessionDraft) -> PlannedSession:
        """Change a session's fields; its access code and invigilator password stay.

        A pack exported before the change is out of date: the referent exports it again.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``, ``NUMBER_TAKEN`` or ``INVALID_FIELDS``.
        """
        with write_transaction(self._conn) as conn:
            record = self._record(conn, session_id)
            number = record.number if draft.number is None else draft.number
            other = sessions_repo.get_session_by_number(conn, number)
            if other is not None and other.session_id != session_id:
                raise PlanningError(PlanningErrorCode.NUMBER_TAKEN, {"number": number})
            changed = replace(
                record,
                number=number,
                site=draft.site.strip(),
                room=draft.room.strip(),
                date=draft.date.strip(),
                start_time=draft.start_time.strip(),
                description=draft.description.strip(),
                engine_version=draft.engine_version.value,
                invigilators=tuple(name.strip() for name in draft.invigilators),
            )
            problems = validate_session(to_session(changed))
            if problems:
                raise PlanningError(PlanningErrorCode.INVALID_FIELDS, {"number": number}, problems)
            sessions_repo.update_session(conn, changed)
        return self.get_session(session_id)

    def set_invigilators(self, session_id: str, names: Sequence[str]) -> PlannedSession:
        """Replace the session's invigilators (at least one name, none blank).

        Raises:
            PlanningError: ``SESSION_NOT_FOUND`` or ``INVALID_FIELDS``.
        """
        cleaned = tuple(name.strip() for name in names)
        with write_transaction(self._conn) as conn:
            record = self._record(conn, session_id)
            session = to_session(record)
            problems = _invigilator_problems(session, cleaned)
            if problems:
                raise PlanningError(PlanningErrorCode.INVALID_FIELDS, {}, problems)
            sessions_repo.replace_invigilators(conn, session_id, cleaned)
        return self.get_session(session_id)

    def get_session(self, session_id: str) -> PlannedSession:
        """Return one session.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``.
        """
        return self._planned(self._record(self._conn, session_id))

    def list_sessions(self) -> tuple[PlannedSession, ...]:
        """Return every session of this PC by date, time and number."""
        return tuple(self._planned(record) for record in sessions_repo.list_sessions(self._conn))

    def candidates(self, session_id: str) -> tuple[EnrolledCandidate, ...]:
        """Return the session's candidates in enrolment order.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``.
        """
        record = self._record(self._conn, session_id)
        return tuple(
            EnrolledCandidate(to_candidate(row, record.number), row.learner_ine, row.learner_active)
            for row in sessions_repo.list_candidates(self._conn, session_id)
        )

    def enrol_learners(self, session_id: str, ines: Sequence[str]) -> EnrolmentChange:
        """Enrol roster learners one by one, by INE; those already enrolled are left as is.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``, ``LEARNER_NOT_FOUND`` or
                ``LEARNER_INACTIVE`` (then nobody is enrolled).
        """
        with write_transaction(self._conn) as conn:
            self._record(conn, session_id)
            wanted = []
            for written in ines:
                ine = written.strip().upper()
                learner = roster_repo.get_learner(conn, ine)
                if learner is None:
                    raise PlanningError(PlanningErrorCode.LEARNER_NOT_FOUND, {"ine": ine})
                if not learner.active:
                    raise PlanningError(PlanningErrorCode.LEARNER_INACTIVE, {"ine": ine})
                wanted.append(ine)
            added, already = self._enrol(conn, session_id, wanted)
        return self._change(session_id, added, already)

    def enrol_division(self, session_id: str, division: str) -> EnrolmentChange:
        """Enrol every active learner of a division; those already enrolled are left as is.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND`` or ``DIVISION_EMPTY``.
        """
        with write_transaction(self._conn) as conn:
            self._record(conn, session_id)
            learners = roster_repo.list_learners(conn, division=division)
            if not learners:
                raise PlanningError(PlanningErrorCode.DIVISION_EMPTY, {"division": division})
            added, already = self._enrol(conn, session_id, [one.ine for one in learners])
        return self._change(session_id, added, already)

    def enrol_candidate(self, session_id: str, candidate: FreeCandidate) -> EnrolmentChange:
        """Enrol a candidate who is not in the roster.

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``, ``EXTRA_TIME_INVALID``,
                ``INVALID_CANDIDATE`` (every field problem) or ``DUPLICATE_CANDIDATE``.
        """
        ratio = _ratio(candidate.extra_time_percent)
        with write_transaction(self._conn) as conn:
            record = self._record(conn, session_id)
            candidate_id = new_id(self._rng)
            domain = free_to_domain(candidate, candidate_id, record.number, ratio)
            problems = validate_candidate(domain, today=self._clock.now().date())
            if problems:
                raise PlanningError(PlanningErrorCode.INVALID_CANDIDATE, {}, problems)
            for row in sessions_repo.list_candidates(conn, session_id):
                if duplicate_key(to_candidate(row, record.number)) == duplicate_key(domain):
                    raise PlanningError(
                        PlanningErrorCode.DUPLICATE_CANDIDATE, {"candidate_id": row.candidate_id}
                    )
            sessions_repo.insert_enrolment(conn, free_record(domain, session_id, self._now()))
        return self._change(session_id, [candidate_id], [])

    def set_extra_time(self, candidate_id: str, percent: str | int | Decimal) -> Candidate:
        """Set a candidate's extra time, entered as a percent (``"33"`` → ratio 0.33).

        Raises:
            PlanningError: ``EXTRA_TIME_INVALID`` or ``CANDIDATE_NOT_FOUND``.
        """
        ratio = _ratio(percent)
        with write_transaction(self._conn) as conn:
            if not sessions_repo.set_candidate_options(conn, candidate_id, extra_time_ratio=ratio):
                raise PlanningError(PlanningErrorCode.CANDIDATE_NOT_FOUND, {"id": candidate_id})
        return self._candidate(candidate_id)

    def set_accessibility(self, candidate_id: str, adjustment: bool) -> Candidate:
        """Give or remove a candidate's accessibility adjustment.

        Raises:
            PlanningError: ``CANDIDATE_NOT_FOUND``.
        """
        with write_transaction(self._conn) as conn:
            found = sessions_repo.set_candidate_options(
                conn, candidate_id, accessibility_adjustment=adjustment
            )
            if not found:
                raise PlanningError(PlanningErrorCode.CANDIDATE_NOT_FOUND, {"id": candidate_id})
        return self._candidate(candidate_id)

    def set_adjustments(
        self, candidate_id: str, *, extra_time_percent: str | int | Decimal, accessibility: bool
    ) -> Candidate:
        """Set a candidate's extra time (a percent) and accessibility adjustment together.

        Raises:
            PlanningError: ``EXTRA_TIME_INVALID`` or ``CANDIDATE_NOT_FOUND``.
        """
        ratio = _ratio(extra_time_percent)
        with write_transaction(self._conn) as conn:
            found = sessions_repo.set_candidate_options(
                conn, candidate_id, extra_time_ratio=ratio, accessibility_adjustment=accessibility
            )
            if not found:
                raise PlanningError(PlanningErrorCode.CANDIDATE_NOT_FOUND, {"id": candidate_id})
        return self._candidate(candidate_id)

    def unenrol(self, candidate_id: str) -> PlannedSession:
        """Remove a candidate from their session and return the session afterwards.

        Raises:
            PlanningError: ``CANDIDATE_NOT_FOUND``.
        """
        with write_transaction(self._conn) as conn:
            row = sessions_repo.get_candidate(conn, candidate_id)
            if row is None or not sessions_repo.delete_enrolment(conn, candidate_id):
                raise PlanningError(PlanningErrorCode.CANDIDATE_NOT_FOUND, {"id": candidate_id})
        return self.get_session(row.session_id)

    def _enrol(
        self, conn: Connection, session_id: str, ines: Sequence[str]
    ) -> tuple[list[str], list[str]]:
        present = sessions_repo.enrolled_learners(conn, session_id)
        added: list[str] = []
        already: list[str] = []
        for ine in dict.fromkeys(ines):
            if ine in present:
                already.append(ine)
                continue
            candidate_id = new_id(self._rng)
            enrolment = EnrolmentRecord(candidate_id, session_id, self._now(), learner_ine=ine)
            sessions_repo.insert_enrolment(conn, enrolment)
            added.append(candidate_id)
        return added, already

    def _change(
        self, session_id: str, added: Sequence[str], already: Sequence[str]
    ) -> EnrolmentChange:
        return EnrolmentChange(
            tuple(self._candidate(candidate_id) for candidate_id in added),
            tuple(already),
            self.get_session(session_id),
        )

    def _candidate(self, candidate_id: str) -> Candidate:
        row = sessions_repo.get_candidate(self._conn, candidate_id)
        if row is None:
            raise PlanningError(PlanningErrorCode.CANDIDATE_NOT_FOUND, {"id": candidate_id})
        return to_candidate(row, self._record(self._conn, row.session_id).number)

    def _record(self, conn: Connection, session_id: str) -> SessionRecord:
        record = sessions_repo.get_session(conn, session_id)
        if record is None:
            raise PlanningError(PlanningErrorCode.SESSION_NOT_FOUND, {"id": session_id})
        return record

    def _planned(self, record: SessionRecord) -> PlannedSession:
        count = sessions_repo.count_candidates(self._conn, record.session_id)
        return PlannedSession(record.session_id, to_session(record), record.created_at, count)

    def _now(self) -> str:
        return format_instant(self._clock.now())


def _invigilator_problems(session: Session, names: tuple[str, ...]) -> tuple[FieldProblem, ...]:
    checked = validate_session(replace(session, invigilators=names))
    return tuple(problem for problem in checked if problem.field == "invigilators")


def _ratio(percent: str | int | Decimal) -> Decimal:
    try:
        return extra_time_ratio_from_percent(percent)
    except DomainError as exc:
        raise PlanningError(PlanningErrorCode.EXTRA_TIME_INVALID, exc.params) from None
