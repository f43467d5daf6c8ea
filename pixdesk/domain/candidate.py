"""A candidate: their fields, their test's state machine, their status on the console.

RULES.md §3 and §4; the states are DESIGN.md §6.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from pixdesk.domain.authorisation import THEORETICAL_DURATION, is_overtime
from pixdesk.domain.errors import DomainError, FieldCode, FieldProblem
from pixdesk.domain.identity import normalise_name

# INSEE country codes are "99" + three digits; France is 99100 (SIECLE writes it "100").
FRANCE_COUNTRY_CODE: Final = "99100"
MAX_EXTRA_TIME_RATIO: Final = Decimal(10)  # excluded

_COUNTRY_CODE_PATTERN: Final = re.compile(r"99[0-9]{3}")
# Corsica's departments are 2A and 2B, hence the letters in a "numeric" code.
_INSEE_CODE_PATTERN: Final = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}")
_POSTAL_CODE_PATTERN: Final = re.compile(r"[0-9]{5}")
_EMAIL_PATTERN: Final = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")

EXTRA_TIME_INVALID: Final = "EXTRA_TIME_INVALID"


class Sex(StrEnum):
    """Sex as the registration forms record it."""

    M = "M"
    F = "F"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate enrolled in one session.

    Attributes:
        candidate_id: Stable identifier within pixdesk.
        session_number: The session they are enrolled in.
        birth_name: Family name at birth.
        first_name: First name.
        birth_date: Date of birth.
        sex: M or F.
        birth_country_code: INSEE country code (``99100`` for France).
        birth_insee_code: INSEE commune code, for people born in France.
        birth_postal_code: Postal code, the alternative to the INSEE code.
        birth_city: Commune of birth (with the postal code, or abroad).
        division: Class, for schools.
        external_id: Local identifier (the INE for schools).
        extra_time_ratio: Extra time as a ratio, 0 ≤ x < 10 (0.33 for 33 %).
        accessibility_adjustment: Whether the test keeps only accessible items.
        result_email: Who receives the results, optional.
    """

    candidate_id: str
    session_number: int
    birth_name: str
    first_name: str
    birth_date: date
    sex: Sex
    birth_country_code: str = FRANCE_COUNTRY_CODE
    birth_insee_code: str = ""
    birth_postal_code: str = ""
    birth_city: str = ""
    division: str = ""
    external_id: str = ""
    extra_time_ratio: Decimal = Decimal(0)
    accessibility_adjustment: bool = False
    result_email: str = ""


def extra_time_ratio_from_percent(percent: str | int | Decimal) -> Decimal:
    """Convert an extra time entered as a percent into the stored ratio.

    Args:
        percent: ``"33"``, ``"33,5"`` (French decimal comma), ``33``… An empty text is 0.

    Returns:
        The ratio: percent ÷ 100, checked to be 0 ≤ ratio < 10.

    Raises:
        DomainError: ``EXTRA_TIME_INVALID`` when it is not a number, or out of range.
    """
    if isinstance(percent, str):
        text = percent.strip().replace(",", ".").removesuffix("%").strip()
        try:
            value = Decimal(text) if text else Decimal(0)
        except InvalidOperation:
            raise DomainError(EXTRA_TIME_INVALID, {"value": percent}) from None
    else:
        value = Decimal(percent)
    if not value.is_finite():
        raise DomainError(EXTRA_TIME_INVALID, {"value": str(percent)})
    ratio = value / 100
    if not is_valid_extra_time_ratio(ratio):
        raise DomainError(EXTRA_TIME_INVALID, {"value": str(percent)})
    return ratio


def extra_time_percent(ratio: Decimal) -> Decimal:
    """Return the ratio as the percent people read (0.33 → 33)."""
    return (ratio * 100).normalize()


def is_valid_extra_time_ratio(ratio: Decimal) -> bool:
    """Tell whether an extra-time ratio is allowed: 0 ≤ ratio < 10."""
    return ratio.is_finite() and 0 <= ratio < MAX_EXTRA_TIME_RATIO


def validate_candidate(candidate: Candidate, *, today: date) -> tuple[FieldProblem, ...]:
    """List every invalid field of ``candidate`` at once.

    Args:
        candidate: The fields to check.
        today: The current date, for the birth date.

    Returns:
        One problem per invalid field; empty when the candidate is valid.
    """
    problems: list[FieldProblem] = []
    if not candidate.candidate_id.strip():
        problems.append(FieldProblem("candidate_id", FieldCode.REQUIRED))
    if candidate.session_number <= 0:
        problems.append(FieldProblem("session_number", FieldCode.NOT_POSITIVE))
    for field_name, name in (
        ("birth_name", candidate.birth_name),
        ("first_name", candidate.first_name),
    ):
        if not name.strip():
            problems.append(FieldProblem(field_name, FieldCode.REQUIRED))
        elif not normalise_name(name):
            # Such a name could never be matched when the candidate joins.
            problems.append(FieldProblem(field_name, FieldCode.NAME_WITHOUT_LETTERS))
    if candidate.birth_date >= today:
        problems.append(FieldProblem("birth_date", FieldCode.DATE_IN_FUTURE))
    problems.extend(_birth_place_problems(candidate))
    if not is_valid_extra_time_ratio(candidate.extra_time_ratio):
        problems.append(FieldProblem("extra_time_ratio", FieldCode.EXTRA_TIME_RANGE))
    if candidate.result_email and _EMAIL_PATTERN.fullmatch(candidate.result_email) is None:
        problems.append(FieldProblem("result_email", FieldCode.EMAIL_FORMAT))
    return tuple(problems)


def _birth_place_problems(candidate: Candidate) -> list[FieldProblem]:
    if _COUNTRY_CODE_PATTERN.fullmatch(candidate.birth_country_code) is None:
        return [FieldProblem("birth_country_code", FieldCode.COUNTRY_CODE_FORMAT)]
    problems: list[FieldProblem] = []
    insee = candidate.birth_insee_code.strip().upper()
    postal = candidate.birth_postal_code.strip()
    city = candidate.birth_city.strip()
    if insee and _INSEE_CODE_PATTERN.fullmatch(insee) is None:
        problems.append(FieldProblem("birth_insee_code", FieldCode.INSEE_CODE_FORMAT))
    if postal and _POSTAL_CODE_PATTERN.fullmatch(postal) is None:
        problems.append(FieldProblem("birth_postal_code", FieldCode.POSTAL_CODE_FORMAT))
    if candidate.birth_country_code == FRANCE_COUNTRY_CODE:
        place_given = bool(insee) or (bool(postal) and bool(city))
    else:
        place_given = bool(city)
    if not place_given:
        problems.append(FieldProblem("birth_place", FieldCode.BIRTH_PLACE_REQUIRED))
    return problems


class CandidateState(StrEnum):
    """Where a candidate's test stands (DESIGN.md §6)."""

    ENROLLED = "enrolled"
    PRESENT = "present"  # presence confirmed = start authorised
    STARTED = "started"
    COMPLETED = "completed"
    ENDED_BY_INVIGILATOR = "ended_by_invigilator"
    ENDED_BY_FINALISATION = "ended_by_finalisation"
    ABANDONED = "abandoned"  # left unfinished and force-ended 24 h after the start


class CandidateEvent(StrEnum):
    """What moves a candidate's test along."""

    CONFIRM_PRESENCE = "confirm_presence"
    CANCEL_PRESENCE = "cancel_presence"
    START = "start"
    COMPLETE = "complete"
    END_BY_INVIGILATOR = "end_by_invigilator"
    END_BY_FINALISATION = "end_by_finalisation"
    ABANDON = "abandon"


CANDIDATE_TRANSITIONS: Final[Mapping[tuple[CandidateState, CandidateEvent], CandidateState]] = (
    MappingProxyType(
        {
            (CandidateState.ENROLLED, CandidateEvent.CONFIRM_PRESENCE): CandidateState.PRESENT,
            # Once the test has started, presence is a fact and can no longer be cancelled.
            (CandidateState.PRESENT, CandidateEvent.CANCEL_PRESENCE): CandidateState.ENROLLED,
            (CandidateState.PRESENT, CandidateEvent.START): CandidateState.STARTED,
            (CandidateState.STARTED, CandidateEvent.COMPLETE): CandidateState.COMPLETED,
            (
                CandidateState.STARTED,
                CandidateEvent.END_BY_INVIGILATOR,
            ): CandidateState.ENDED_BY_INVIGILATOR,
            (
                CandidateState.STARTED,
                CandidateEvent.END_BY_FINALISATION,
            ): CandidateState.ENDED_BY_FINALISATION,
            (CandidateState.STARTED, CandidateEvent.ABANDON): CandidateState.ABANDONED,
        }
    )
)

ILLEGAL_CANDIDATE_TRANSITION: Final = "ILLEGAL_CANDIDATE_TRANSITION"

NOT_STARTED_STATES: Final = frozenset({CandidateState.ENROLLED, CandidateState.PRESENT})
ENDED_STATES: Final = frozenset(
    {
        CandidateState.COMPLETED,
        CandidateState.ENDED_BY_INVIGILATOR,
        CandidateState.ENDED_BY_FINALISATION,
        CandidateState.ABANDONED,
    }
)


def apply_candidate_event(state: CandidateState, event: CandidateEvent) -> CandidateState:
    """Return the state a candidate's test reaches when ``event`` happens in ``state``.

    Raises:
        DomainError: ``ILLEGAL_CANDIDATE_TRANSITION`` when the table has no such move.
    """
    try:
        return CANDIDATE_TRANSITIONS[state, event]
    except KeyError:
        raise DomainError(
            ILLEGAL_CANDIDATE_TRANSITION, {"state": str(state), "event": str(event)}
        ) from None


def has_started(state: CandidateState) -> bool:
    """Tell whether the candidate has a test (absent candidates have none)."""
    return state not in NOT_STARTED_STATES


def is_finished(state: CandidateState) -> bool:
    """Tell whether the test ran to its last question (the only state needing no abort reason)."""
    return state is CandidateState.COMPLETED


class DisplayStatus(StrEnum):
    """A candidate's status on the invigilator's console (RULES.md §4)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PAUSED_BY_ALERT = "paused_by_alert"
    FINISHED = "finished"
    ENDED_BY_INVIGILATOR = "ended_by_invigilator"
    OVERTIME = "overtime"


def display_status(
    state: CandidateState,
    *,
    alert_pending: bool = False,
    elapsed: timedelta = timedelta(0),
    extra_time_ratio: Decimal = Decimal(0),
    base_duration: timedelta = THEORETICAL_DURATION,
) -> DisplayStatus:
    """Derive the console status from the test's state and its measured time.

    Args:
        state: The candidate's state.
        alert_pending: A live alert awaits the invigilator's decision.
        elapsed: How long the test has run, as the station measured it (monotonic clock).
        extra_time_ratio: The candidate's extra time, which pushes the theoretical end back.
        base_duration: The theoretical duration before extra time (105 minutes, or the
            session's ``EngineConfig.theoretical_duration``).

    Returns:
        The status; ended-by-finalisation and abandoned tests show as finished, since the
        invigilator can no longer act on them.
    """
    if state in NOT_STARTED_STATES:
        return DisplayStatus.NOT_STARTED
    if state is CandidateState.ENDED_BY_INVIGILATOR:
        return DisplayStatus.ENDED_BY_INVIGILATOR
    if state in ENDED_STATES:
        return DisplayStatus.FINISHED
    # The alert wins over overtime: it blocks the candidate until the invigilator acts.
    if alert_pending:
        return DisplayStatus.PAUSED_BY_ALERT
    if is_overtime(elapsed, extra_time_ratio, base_duration):
        return DisplayStatus.OVERTIME
    return DisplayStatus.IN_PROGRESS
