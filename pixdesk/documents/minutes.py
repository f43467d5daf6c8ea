"""The incident minutes (procès-verbal) of a finalised session (RULES.md §8, §9).

The minutes record what the invigilator declared at finalisation — per candidate the
end-screen tick, the abort reason, the comment, the incidents and the live alerts the
invigilator validated (RULES §4); for the session the global comment, flags and the incidents
that concern no one candidate. They are built from plain domain values; the service that reads
the journal (``services.console_minutes``) turns its events into :class:`TimedIncident` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pixdesk.documents.header import SessionHeader, name_order
from pixdesk.documents.labels import ABORT_REASON_LABELS, INCIDENT_LABELS
from pixdesk.domain.candidate import Candidate, CandidateState, has_started
from pixdesk.domain.finalisation import AbortReason, CandidateReport, FinalisationForm
from pixdesk.domain.incidents import Incident, IncidentCode
from pixdesk.domain.session import Session


class IncidentSource(StrEnum):
    """How an incident line came to be."""

    RECORDED = "recorded"  # the invigilator recorded an incident
    LIVE_ALERT = "live_alert"  # the candidate raised a live alert, the invigilator validated it


@dataclass(frozen=True, slots=True)
class TimedIncident:
    """An incident as the journal holds it: what, when (local wall time, if known), and how.

    A validated live alert is an in-question incident whose code is the subcategory chosen.
    """

    incident: Incident
    at: datetime | None = None
    source: IncidentSource = IncidentSource.RECORDED


@dataclass(frozen=True, slots=True)
class MinutesIncident:
    """One incident line.

    Attributes:
        code: The incident code (C1 … E12).
        label: Its French wording.
        question_number: The question concerned, for E codes.
        description: What the invigilator wrote.
        at: When it was recorded (a live alert: raised), local wall time; None when unknown.
        source: A recorded incident or a validated live alert.
    """

    code: IncidentCode
    label: str
    question_number: int | None
    description: str
    at: datetime | None
    source: IncidentSource = IncidentSource.RECORDED


@dataclass(frozen=True, slots=True)
class MinutesCandidate:
    """One candidate's part of the minutes."""

    birth_name: str
    first_name: str
    birth_date: date
    state: CandidateState
    saw_end_screen: bool
    abort_reason: AbortReason | None
    abort_reason_label: str | None
    comment: str
    incidents: tuple[MinutesIncident, ...]

    @property
    def started(self) -> bool:
        """Tell whether the candidate sat the test (the others are absent)."""
        return has_started(self.state)


@dataclass(frozen=True, slots=True)
class IncidentMinutes:
    """The procès-verbal.

    Attributes:
        header: The session.
        candidates: Every enrolled candidate, in alphabetical order.
        comment: The global comment.
        incident_flag: "An incident happened during the session".
        joining_issue: "Candidates had trouble joining".
        finalised_at: When the session was finalised, if it was.
        session_incidents: Incidents recorded for the whole session (no one candidate).
    """

    header: SessionHeader
    candidates: tuple[MinutesCandidate, ...]
    comment: str
    incident_flag: bool
    joining_issue: bool
    finalised_at: datetime | None
    session_incidents: tuple[MinutesIncident, ...] = ()

    @property
    def started(self) -> tuple[MinutesCandidate, ...]:
        return tuple(c for c in self.candidates if c.started)

    @property
    def absent(self) -> tuple[MinutesCandidate, ...]:
        return tuple(c for c in self.candidates if not c.started)

    @property
    def incident_count(self) -> int:
        return len(self.session_incidents) + sum(len(c.incidents) for c in self.candidates)


def build_incident_minutes(
    session: Session,
    candidates: Iterable[Candidate],
    form: FinalisationForm,
    incidents: Mapping[str, Sequence[TimedIncident]],
    *,
    centre: str,
    finalised_at: datetime | None = None,
    session_incidents: Sequence[TimedIncident] = (),
) -> IncidentMinutes:
    """Gather the minutes of ``session``.

    Args:
        session: The session.
        candidates: Its enrolled candidates.
        form: The finalisation form: one report per candidate.
        incidents: Each candidate's incidents by candidate id, in journal order.
        centre: The certification centre's name.
        finalised_at: When the session was finalised.
        session_incidents: Incidents of the whole session, in journal order.

    Raises:
        ValueError: A candidate has no report, or a report or incidents name someone who is
            not enrolled (bugs in the caller).
    """
    people = {c.candidate_id: c for c in candidates}
    reports = {r.candidate_id: r for r in form.reports}
    if missing := sorted(people.keys() - reports.keys()):
        raise ValueError(f"no finalisation report for {missing}")
    if unknown := sorted((reports.keys() | incidents.keys()) - people.keys()):
        raise ValueError(f"reports or incidents for candidates not enrolled: {unknown}")
    ordered = sorted(
        people.values(),
        key=lambda c: (*name_order(c.birth_name, c.first_name), c.birth_date, c.candidate_id),
    )
    return IncidentMinutes(
        header=SessionHeader.from_session(session, centre=centre),
        candidates=tuple(
            _candidate(c, reports[c.candidate_id], incidents.get(c.candidate_id, ()))
            for c in ordered
        ),
        comment=form.comment,
        incident_flag=form.incident,
        joining_issue=form.joining_issue,
        finalised_at=finalised_at,
        session_incidents=tuple(_line(timed) for timed in session_incidents),
    )


def _line(timed: TimedIncident) -> MinutesIncident:
    return MinutesIncident(
        code=timed.incident.code,
        label=INCIDENT_LABELS[timed.incident.code],
        question_number=timed.incident.question_number,
        description=timed.incident.description,
        at=timed.at,
        source=timed.source,
    )


def _candidate(
    candidate: Candidate, report: CandidateReport, incidents: Sequence[TimedIncident]
) -> MinutesCandidate:
    reason = report.abort_reason
    return MinutesCandidate(
        birth_name=candidate.birth_name.strip().upper(),
        first_name=candidate.first_name.strip(),
        birth_date=candidate.birth_date,
        state=report.state,
        saw_end_screen=report.saw_end_screen,
        abort_reason=reason,
        abort_reason_label=None if reason is None else ABORT_REASON_LABELS[reason],
        comment=report.comment,
        incidents=tuple(_line(timed) for timed in incidents),
    )
