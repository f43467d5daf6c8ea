"""A certification session: its fields, its lifecycle and its Pix status (RULES.md §2).

Two views of where a session stands, on purpose kept apart:

- the *lifecycle* is what pixdesk did with it (planned → open → finalised → exported →
  synced), driven by events through :data:`SESSION_TRANSITIONS`;
- the *Pix status* is what the national platform would show (created → finalised → in process
  → processed), derived from timestamps only.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar, Final

from pixdesk.domain.codes import (
    is_valid_access_code,
    is_valid_invigilator_password,
    normalise_access_code,
)
from pixdesk.domain.errors import DomainError, FieldCode, FieldProblem

CANDIDATES_PER_INVIGILATOR: Final = 20

# date.fromisoformat alone accepts "20261130" and more; ``[0-9]`` because ``\d`` is Unicode.
_DATE_PATTERN: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_PATTERN: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


class EngineVersion(StrEnum):
    """Which test engine the session runs (RULES.md §5 and §6)."""

    V3 = "v3"
    V2 = "v2"


@dataclass(frozen=True, slots=True)
class Session:
    """The fields of a session as the referent enters them.

    Attributes:
        number: The session number, positive.
        site: The address where the session takes place.
        room: The room.
        date: The day, ``YYYY-MM-DD``.
        start_time: The start, ``HH:MM`` on a 24-hour clock.
        invigilators: The invigilators' names, at least one.
        access_code: What candidates type at join step 2, canonical (uppercase).
        invigilator_password: What unlocks the invigilator's console.
        description: Free notes, optional.
        engine_version: The test engine.
    """

    number: int
    site: str
    room: str
    date: str
    start_time: str
    invigilators: tuple[str, ...]
    access_code: str
    invigilator_password: str
    description: str = ""
    engine_version: EngineVersion = EngineVersion.V3


def parse_date(text: str) -> date | None:
    """Return the date written ``YYYY-MM-DD`` in ``text``, or None if it is not one."""
    if _DATE_PATTERN.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    """Return the time written ``HH:MM`` (24 h) in ``text``, or None if it is not one."""
    if _TIME_PATTERN.fullmatch(text) is None:
        return None
    return time.fromisoformat(text)


def validate_session(session: Session) -> tuple[FieldProblem, ...]:
    """List every invalid field of ``session`` at once.

    Args:
        session: The fields to check.

    Returns:
        One problem per invalid field, in field order; empty when the session is valid.
    """
    problems: list[FieldProblem] = []
    if session.number <= 0:
        problems.append(FieldProblem("number", FieldCode.NOT_POSITIVE))
    if not session.site.strip():
        problems.append(FieldProblem("site", FieldCode.REQUIRED))
    if not session.room.strip():
        problems.append(FieldProblem("room", FieldCode.REQUIRED))
    if parse_date(session.date) is None:
        problems.append(FieldProblem("date", FieldCode.DATE_FORMAT))
    if parse_time(session.start_time) is None:
        problems.append(FieldProblem("start_time", FieldCode.TIME_FORMAT))
    if not session.invigilators:
        problems.append(FieldProblem("invigilators", FieldCode.REQUIRED))
    elif any(not name.strip() for name in session.invigilators):
        problems.append(FieldProblem("invigilators", FieldCode.BLANK_ENTRY))
    # Stored codes must already be canonical: only what candidates type is normalised.
    code = session.access_code
    if code != normalise_access_code(code) or not is_valid_access_code(code):
        problems.append(FieldProblem("access_code", FieldCode.ACCESS_CODE_FORMAT))
    if not is_valid_invigilator_password(session.invigilator_password):
        problems.append(FieldProblem("invigilator_password", FieldCode.PASSWORD_FORMAT))
    return tuple(problems)


class SessionState(StrEnum):
    """Where a session stands in pixdesk (DESIGN.md §6)."""

    PLANNED = "planned"
    OPEN = "open"  # the invigilator's console is running it
    FINALISED = "finalised"
    EXPORTED = "exported"
    SYNCED = "synced"  # the platform's receipt is held


class SessionEvent(StrEnum):
    """What moves a session along its lifecycle."""

    OPEN = "open"
    FINALISE = "finalise"
    EXPORT = "export"
    RECEIPT = "receipt"


SESSION_TRANSITIONS: Final[Mapping[tuple[SessionState, SessionEvent], SessionState]] = (
    MappingProxyType(
        {
            (SessionState.PLANNED, SessionEvent.OPEN): SessionState.OPEN,
            (SessionState.OPEN, SessionEvent.FINALISE): SessionState.FINALISED,
            (SessionState.FINALISED, SessionEvent.EXPORT): SessionState.EXPORTED,
            # Exporting again must stay possible until the receipt: a USB key gets lost.
            (SessionState.EXPORTED, SessionEvent.EXPORT): SessionState.EXPORTED,
            (SessionState.EXPORTED, SessionEvent.RECEIPT): SessionState.SYNCED,
        }
    )
)

ILLEGAL_SESSION_TRANSITION: Final = "ILLEGAL_SESSION_TRANSITION"


def apply_session_event(state: SessionState, event: SessionEvent) -> SessionState:
    """Return the state a session reaches when ``event`` happens in ``state``.

    Raises:
        DomainError: ``ILLEGAL_SESSION_TRANSITION`` when the table has no such move.
    """
    try:
        return SESSION_TRANSITIONS[state, event]
    except KeyError:
        raise DomainError(
            ILLEGAL_SESSION_TRANSITION, {"state": str(state), "event": str(event)}
        ) from None


class PixStatus(StrEnum):
    """The session status the national platform shows (RULES.md §2)."""

    CREATED = "created"
    FINALISED = "finalised"
    IN_PROCESS = "in_process"
    PROCESSED = "processed"


INCONSISTENT_SESSION_TIMESTAMPS: Final = "INCONSISTENT_SESSION_TIMESTAMPS"


@dataclass(frozen=True, slots=True)
class SessionTimestamps:
    """When a session passed each Pix milestone; None for milestones not reached.

    Each milestone needs the previous one. Their order in time is not checked: they are
    stamped by different machines (the school, the platform) whose clocks may disagree.

    Raises:
        DomainError: ``INCONSISTENT_SESSION_TIMESTAMPS`` when a milestone lacks its
            predecessor.
    """

    finalised_at: datetime | None = None
    in_process_at: datetime | None = None
    processed_at: datetime | None = None

    def __post_init__(self) -> None:
        chain = (self.finalised_at, self.in_process_at, self.processed_at)
        for earlier, later in itertools.pairwise(chain):
            if later is not None and earlier is None:
                raise DomainError(INCONSISTENT_SESSION_TIMESTAMPS)


def pix_status(timestamps: SessionTimestamps) -> PixStatus:
    """Derive the Pix status from the last milestone reached."""
    if timestamps.processed_at is not None:
        return PixStatus.PROCESSED
    if timestamps.in_process_at is not None:
        return PixStatus.IN_PROCESS
    if timestamps.finalised_at is not None:
        return PixStatus.FINALISED
    return PixStatus.CREATED


def can_join(timestamps: SessionTimestamps) -> bool:
    """Tell whether candidates may join: only a created, not-yet-finalised session."""
    return pix_status(timestamps) is PixStatus.CREATED


def invigilators_needed(candidate_count: int) -> int:
    """Return how many invigilators a room needs: one per started block of 20 candidates.

    Raises:
        ValueError: When ``candidate_count`` is negative (a bug, not a user error).
    """
    if candidate_count < 0:
        raise ValueError(f"negative candidate count: {candidate_count}")
    return math.ceil(candidate_count / CANDIDATES_PER_INVIGILATOR)


@dataclass(frozen=True, slots=True)
class InvigilatorWarning:
    """Warn that a room has more than 20 candidates per invigilator (pixdesk)."""

    code: ClassVar[str] = "TOO_FEW_INVIGILATORS"

    needed: int
    present: int


def check_invigilators(candidate_count: int, invigilator_count: int) -> InvigilatorWarning | None:
    """Return a warning when the room exceeds 20 candidates per invigilator, else None."""
    needed = invigilators_needed(candidate_count)
    if invigilator_count >= needed:
        return None
    return InvigilatorWarning(needed=needed, present=invigilator_count)
