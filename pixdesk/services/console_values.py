"""The console's values the UI may use at run time: no store, no network (docs/decisions.md §23).

Rows, the actions a row allows, the candidate-line codes and the draft of a session created on
the console; the modules that fold journal events and talk to the hub build these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Final

from pixdesk.domain.authorisation import allowed_duration
from pixdesk.domain.candidate import CandidateState, DisplayStatus, display_status
from pixdesk.lab.codes import CommandStatus

V3_QUESTIONS: Final = 32
DONE: Final = frozenset({CommandStatus.ACCEPTED.value, CommandStatus.DUPLICATE.value})
"""Outcomes meaning the station carried the command out (DUPLICATE: an earlier try did)."""


class LineCode(StrEnum):
    """Why a typed candidate line is refused (``NOM;Prénom;JJ/MM/AAAA;tiers-temps %``…)."""

    FIELD_COUNT = "FIELD_COUNT"  # not NOM;Prénom;JJ/MM/AAAA[;tiers-temps[;aménagement[;sexe]]]
    NAME = "NAME"  # a name empty, or without any letter or digit
    BIRTH_DATE = "BIRTH_DATE"  # not JJ/MM/AAAA, not a date, or not in the past
    EXTRA_TIME = "EXTRA_TIME"  # not a percent in 0..999
    ACCESSIBILITY = "ACCESSIBILITY"  # the fifth field is not oui/non (nor, alone, M or F)
    SEX = "SEX"  # the sixth field is not M or F
    DUPLICATE = "DUPLICATE"  # same names and birth date as an earlier line
    TOO_MANY = "TOO_MANY"


@dataclass(frozen=True, slots=True)
class SessionDraftHere:
    """What the invigilator types to create a session on the console (no pack).

    Attributes:
        date: ``YYYY-MM-DD``.
        start_time: ``HH:MM``.
        candidate_lines: ``NOM;Prénom;JJ/MM/AAAA;tiers-temps %;aménagement;sexe`` lines
            (the last three optional; ``services.console_roster``).
    """

    site: str
    room: str
    date: str
    start_time: str
    invigilators: tuple[str, ...]
    candidate_lines: str


class Connection(StrEnum):
    """A candidate's station link, as the console sees it."""

    NEVER = "never"  # no station joined for this candidate yet
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


class ActionKind(StrEnum):
    """What the invigilator can do for a candidate (RULES.md §4)."""

    CONFIRM_PRESENCE = "confirm_presence"
    CANCEL_PRESENCE = "cancel_presence"
    AUTHORISE_RESUME = "authorise_resume"
    ADD_TIME = "add_time"
    TIME_CREDIT = "time_credit"  # accept or refuse a proposed credit
    END_TEST = "end_test"
    HANDLE_ALERT = "handle_alert"  # validate (with a subcategory) or dismiss
    RECORD_INCIDENT = "record_incident"


@dataclass(frozen=True, slots=True)
class OpenAlert:
    """A live alert waiting for the invigilator."""

    alert_id: str
    question_index: int
    raised_at: datetime | None


@dataclass(frozen=True, slots=True)
class PendingCredit:
    """A time credit proposed and not yet decided."""

    credit_id: str
    seconds: int
    cause: str


@dataclass(frozen=True, slots=True)
class RoomRow:
    """One candidate, as the room shows them (a snapshot).

    Attributes:
        state: The test's state (DESIGN.md §6), from the journal.
        connection: The link of the candidate's (last) station.
        disconnected_at: Console time the link went down, while DISCONNECTED.
        started_at: The start, as the station's clock wrote it.
        answered: Questions answered.
        question_total: The test's number of questions: 32 for the adaptive test (v3), a v2
            test's own number once it started (fixed at the start); None while unknown (a
            candidate whose positioning profile may make their test v2, not started yet).
        last_saved: The last answer's time, as the station's clock wrote it.
        added_seconds: Time given by the invigilator (manual and accepted credits).
        interrupted: The station reported its test interrupted (a crash): a resume waits.
        incidents: Incidents recorded for the candidate.
        finalised: The session is finalised: no action any more.
        moved_from: The fingerprint of the PC that holds the candidate's test when they joined
            again from another PC (theirs died): the test waits for the invigilator's resume,
            which hands it over to the new PC (docs/lab-protocol.md §7.7). None otherwise.
    """

    candidate_id: str
    birth_name: str
    first_name: str
    birth_date: date
    extra_time_ratio: Decimal
    accessibility_adjustment: bool
    state: CandidateState
    station_id: str | None
    connection: Connection
    disconnected_at: datetime | None
    started_at: datetime | None
    answered: int
    question_total: int | None
    last_saved: datetime | None
    added_seconds: int
    alerts: tuple[OpenAlert, ...]
    credits: tuple[PendingCredit, ...]
    interrupted: bool
    incidents: int
    finalised: bool
    moved_from: str | None = None

    @property
    def allowed_time(self) -> timedelta:
        """Return the theoretical duration with extra time, plus the time added."""
        return allowed_duration(self.extra_time_ratio) + timedelta(seconds=self.added_seconds)

    @property
    def running(self) -> bool:
        """Tell whether the test is under way (started, not ended)."""
        return self.state is CandidateState.STARTED

    def elapsed(self, now: datetime) -> timedelta:
        """Return how long the test has run by ``now`` (zero before the start)."""
        if self.started_at is None:
            return timedelta(0)
        return max(timedelta(0), now - self.started_at)

    def time_left(self, now: datetime) -> timedelta | None:
        """Return the time left (negative: overtime); None when not running."""
        if not self.running:
            return None
        return self.allowed_time - self.elapsed(now)

    def status(self, now: datetime) -> DisplayStatus:
        """Return the console status (RULES.md §4) at ``now``."""
        return display_status(
            self.state,
            alert_pending=bool(self.alerts),
            elapsed=self.elapsed(now) - timedelta(seconds=self.added_seconds),
            extra_time_ratio=self.extra_time_ratio,
        )

    @property
    def actions(self) -> frozenset[ActionKind]:
        """Return what the invigilator may do for this candidate now."""
        if self.finalised:
            return frozenset()
        found = {ActionKind.RECORD_INCIDENT}
        joined = self.station_id is not None
        if self.state is CandidateState.ENROLLED and joined:
            found.add(ActionKind.CONFIRM_PRESENCE)
        if self.state is CandidateState.PRESENT:
            found.add(ActionKind.CANCEL_PRESENCE)
        if self.state in (CandidateState.PRESENT, CandidateState.STARTED) and joined:
            found.add(ActionKind.ADD_TIME)
        if self.running and joined:
            found |= {ActionKind.AUTHORISE_RESUME, ActionKind.END_TEST}
        if self.credits:
            found.add(ActionKind.TIME_CREDIT)
        if self.alerts:
            found.add(ActionKind.HANDLE_ALERT)
        if self.moved_from is not None and self.running:
            # The new PC does not hold the test until the resume hands it over: anything
            # else sent there now would be refused or lost.
            return frozenset({ActionKind.AUTHORISE_RESUME, ActionKind.RECORD_INCIDENT})
        return frozenset(found)
