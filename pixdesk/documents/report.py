"""The session report: a one-page summary of a finalised session, in counts.

Counting choices **(pixdesk)**: *present* means presence confirmed (whether or not the test
started); *absent* means no test (RULES §9: absent candidates have no test and no result), so
a candidate confirmed present who never started counts as both; the invigilator ratio is
measured against the candidates present, the people actually in the room.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pixdesk.documents.header import SessionHeader
from pixdesk.documents.labels import STATUS_LABELS
from pixdesk.domain.candidate import CandidateState, has_started, is_finished
from pixdesk.domain.finalisation import FinalisationForm
from pixdesk.domain.results import CertificateStatus
from pixdesk.domain.session import Session, invigilators_needed


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many results have one status."""

    status: CertificateStatus
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class SessionReport:
    """The counts of one session.

    Attributes:
        header: The session.
        enrolled: Candidates enrolled.
        present: Candidates whose presence was confirmed.
        started: Candidates who started the test.
        finished: Candidates who reached the last question.
        absent: Candidates without a test.
        results: One count per status, every status listed (0 included), in status order.
        incident_count: Incidents recorded.
        invigilator_count: Invigilators named for the session.
        invigilators_needed: One per started block of 20 candidates present.
        comment: The global finalisation comment.
        incident_flag: "An incident happened during the session".
        joining_issue: "Candidates had trouble joining".
        finalised_at: When the session was finalised, if it was.
    """

    header: SessionHeader
    enrolled: int
    present: int
    started: int
    finished: int
    absent: int
    results: tuple[StatusCount, ...]
    incident_count: int
    invigilator_count: int
    invigilators_needed: int
    comment: str
    incident_flag: bool
    joining_issue: bool
    finalised_at: datetime | None

    @property
    def too_few_invigilators(self) -> bool:
        return self.invigilator_count < self.invigilators_needed


def build_session_report(
    session: Session,
    form: FinalisationForm,
    statuses: Iterable[CertificateStatus],
    *,
    incident_count: int,
    centre: str,
    finalised_at: datetime | None = None,
) -> SessionReport:
    """Count what happened in ``session``.

    Args:
        session: The session.
        form: The finalisation form: one report per enrolled candidate, absent ones included.
        statuses: The status of each result (one per started candidate, once scored).
        incident_count: How many incidents were recorded.
        centre: The certification centre's name.
        finalised_at: When the session was finalised.

    Raises:
        ValueError: ``incident_count`` is negative (a bug in the caller).
    """
    if incident_count < 0:
        raise ValueError(f"negative incident count: {incident_count}")
    states = [report.state for report in form.reports]
    present = sum(1 for state in states if state is not CandidateState.ENROLLED)
    started = sum(1 for state in states if has_started(state))
    by_status = Counter(statuses)
    return SessionReport(
        header=SessionHeader.from_session(session, centre=centre),
        enrolled=len(states),
        present=present,
        started=started,
        finished=sum(1 for state in states if is_finished(state)),
        absent=len(states) - started,
        results=tuple(
            StatusCount(status=status, label=STATUS_LABELS[status], count=by_status[status])
            for status in CertificateStatus
        ),
        incident_count=incident_count,
        invigilator_count=len(session.invigilators),
        invigilators_needed=invigilators_needed(present),
        comment=form.comment,
        incident_flag=form.incident,
        joining_issue=form.joining_issue,
        finalised_at=finalised_at,
    )
