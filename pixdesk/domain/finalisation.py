"""Check the invigilator's finalisation form before a session is finalised (RULES.md §9)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pixdesk.domain.candidate import CandidateState, has_started, is_finished
from pixdesk.domain.text import character_count

MAX_COMMENT_LENGTH: Final = 500
"""Comments are counted with :func:`~pixdesk.domain.text.character_count` (NFC)."""


class AbortReason(StrEnum):
    """Why a test did not run to its end; decides how it is scored (RULES.md §5, §6)."""

    CANDIDATE = "candidate"
    TECHNICAL = "technical"


class FinalisationCode(StrEnum):
    """What is wrong with a finalisation form."""

    NO_STARTED_TEST = "NO_STARTED_TEST"
    SESSION_COMMENT_TOO_LONG = "SESSION_COMMENT_TOO_LONG"
    DUPLICATE_REPORT = "DUPLICATE_REPORT"
    ABSENT_CANDIDATE_HAS_TEST_DATA = "ABSENT_CANDIDATE_HAS_TEST_DATA"
    ABORT_REASON_MISSING = "ABORT_REASON_MISSING"
    ABORT_REASON_ON_FINISHED_TEST = "ABORT_REASON_ON_FINISHED_TEST"
    CANDIDATE_COMMENT_TOO_LONG = "CANDIDATE_COMMENT_TOO_LONG"


@dataclass(frozen=True, slots=True)
class CandidateReport:
    """The invigilator's report on one candidate of the session.

    Attributes:
        candidate_id: Who.
        state: Their test's state when the form is filled in.
        abort_reason: Why an unfinished test stopped; None for finished or absent ones.
        saw_end_screen: The invigilator saw the candidate's end-of-test screen.
        comment: Optional, at most 500 characters (counted in NFC).
    """

    candidate_id: str
    state: CandidateState
    abort_reason: AbortReason | None = None
    saw_end_screen: bool = False
    comment: str = ""


@dataclass(frozen=True, slots=True)
class FinalisationForm:
    """Everything the invigilator fills in to finalise a session.

    Attributes:
        reports: One report per candidate of the session, absent ones included.
        comment: The global comment, at most 500 characters (counted in NFC).
        incident: "An incident happened" flag.
        joining_issue: "Candidates had trouble joining" flag.
    """

    reports: tuple[CandidateReport, ...]
    comment: str = ""
    incident: bool = False
    joining_issue: bool = False


@dataclass(frozen=True, slots=True)
class FinalisationProblem:
    """One thing to fix before finalising, as a code and its parameters.

    Attributes:
        code: What is wrong.
        candidate_id: Whose report, for per-candidate problems.
        length: The offending length, for comments too long.
    """

    code: FinalisationCode
    candidate_id: str | None = None
    length: int | None = None

    @property
    def params(self) -> dict[str, object]:
        """Return the parameters the translated sentence may quote."""
        params: dict[str, object] = {}
        if self.candidate_id is not None:
            params["candidate_id"] = self.candidate_id
        if self.length is not None:
            params["length"] = self.length
            params["maximum"] = MAX_COMMENT_LENGTH
        return params


def check_finalisation(form: FinalisationForm) -> tuple[FinalisationProblem, ...]:
    """List every problem of ``form`` at once, so the invigilator fixes them in one pass.

    Args:
        form: The filled-in finalisation form.

    Returns:
        Session-wide problems first, then each report's in form order; empty when the session
        may be finalised.
    """
    problems: list[FinalisationProblem] = []
    if not any(has_started(report.state) for report in form.reports):
        problems.append(FinalisationProblem(FinalisationCode.NO_STARTED_TEST))
    comment_length = character_count(form.comment)
    if comment_length > MAX_COMMENT_LENGTH:
        problems.append(
            FinalisationProblem(FinalisationCode.SESSION_COMMENT_TOO_LONG, length=comment_length)
        )
    seen: set[str] = set()
    for report in form.reports:
        if report.candidate_id in seen:
            problems.append(
                FinalisationProblem(
                    FinalisationCode.DUPLICATE_REPORT, candidate_id=report.candidate_id
                )
            )
            continue
        seen.add(report.candidate_id)
        problems.extend(_report_problems(report))
    return tuple(problems)


def _report_problems(report: CandidateReport) -> list[FinalisationProblem]:
    cid = report.candidate_id
    if not has_started(report.state):
        has_data = report.abort_reason is not None or report.saw_end_screen or report.comment
        if has_data:
            return [FinalisationProblem(FinalisationCode.ABSENT_CANDIDATE_HAS_TEST_DATA, cid)]
        return []
    problems: list[FinalisationProblem] = []
    if is_finished(report.state):
        if report.abort_reason is not None:
            problems.append(
                FinalisationProblem(FinalisationCode.ABORT_REASON_ON_FINISHED_TEST, cid)
            )
    elif report.abort_reason is None:
        problems.append(FinalisationProblem(FinalisationCode.ABORT_REASON_MISSING, cid))
    comment_length = character_count(report.comment)
    if comment_length > MAX_COMMENT_LENGTH:
        problems.append(
            FinalisationProblem(FinalisationCode.CANDIDATE_COMMENT_TOO_LONG, cid, comment_length)
        )
    return problems


def ending_at_finalisation(form: FinalisationForm) -> tuple[str, ...]:
    """Return the candidates whose test is still running and ends with the finalisation."""
    return tuple(
        report.candidate_id for report in form.reports if report.state is CandidateState.STARTED
    )
