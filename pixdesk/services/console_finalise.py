"""Finalisation of a session from the console (RULES.md §9): the form, its check, its record.

The invigilator answers, per candidate, "saw the end screen", an abort reason for every
unfinished test and an optional comment, plus the session's comment and flags. The states
come from the room, never from the form, so the form cannot lie about who started; the domain
(``domain.finalisation.check_finalisation``) lists every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pixdesk.domain.finalisation import (
    AbortReason,
    CandidateReport,
    FinalisationForm,
    FinalisationProblem,
)
from pixdesk.lab.codes import CommandStatus
from pixdesk.services.console_values import RoomRow


@dataclass(frozen=True, slots=True)
class CandidateAnswers:
    """What the invigilator says about one candidate.

    Attributes:
        saw_end_screen: The invigilator saw the candidate's end-of-test screen.
        abort_reason: Why an unfinished test stopped (required for those, refused for the
            others).
        comment: At most 500 characters.
    """

    candidate_id: str
    saw_end_screen: bool = False
    abort_reason: AbortReason | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class FinalisationAnswers:
    """The whole form: one entry per candidate (missing ones count as left blank)."""

    candidates: tuple[CandidateAnswers, ...] = ()
    comment: str = ""
    incident: bool = False
    joining_issue: bool = False


@dataclass(frozen=True, slots=True)
class FinalisationOutcome:
    """What the finalisation did.

    Attributes:
        ended: Candidates whose test was still running and ended with the finalisation.
        commands: The end-of-test command's outcome per running candidate's station.
        finalised_at: Console time of the finalisation.
        minutes_path: Where the incident minutes (procès-verbal) were written.
        minutes_error: Why they could not be (the session is finalised all the same).
    """

    ended: tuple[str, ...]
    commands: tuple[tuple[str, CommandStatus], ...]
    finalised_at: datetime
    minutes_path: Path | None = None
    minutes_error: str | None = None


class FinalisationRefused(Exception):
    """The form is incomplete or wrong; ``problems`` lists everything to fix."""

    def __init__(self, problems: tuple[FinalisationProblem, ...]) -> None:
        super().__init__([problem.code.value for problem in problems])
        self.problems = problems


def build_form(rows: Iterable[RoomRow], answers: FinalisationAnswers) -> FinalisationForm:
    """Return the domain form: the room's states with the invigilator's answers."""
    given = {one.candidate_id: one for one in answers.candidates}
    reports = []
    for row in rows:
        said = given.get(row.candidate_id, CandidateAnswers(row.candidate_id))
        reports.append(
            CandidateReport(
                candidate_id=row.candidate_id,
                state=row.state,
                abort_reason=said.abort_reason,
                saw_end_screen=said.saw_end_screen,
                comment=said.comment,
            )
        )
    return FinalisationForm(
        reports=tuple(reports),
        comment=answers.comment,
        incident=answers.incident,
        joining_issue=answers.joining_issue,
    )


def form_doc(form: FinalisationForm) -> dict[str, Any]:
    """Return the journal form of a finalisation form (docs/journal.md §6)."""
    return {
        "comment": form.comment,
        "incident": form.incident,
        "joining_issue": form.joining_issue,
        "reports": [
            {
                "candidate_id": report.candidate_id,
                "state": report.state.value,
                "abort_reason": None if report.abort_reason is None else report.abort_reason.value,
                "saw_end_screen": report.saw_end_screen,
                "comment": report.comment,
            }
            for report in form.reports
        ],
    }
