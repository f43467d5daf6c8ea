"""The finalisation form (RULES §9)."""

from __future__ import annotations

import pytest

from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import (
    MAX_COMMENT_LENGTH,
    AbortReason,
    CandidateReport,
    FinalisationCode,
    FinalisationForm,
    FinalisationProblem,
    check_finalisation,
    ending_at_finalisation,
)

S = CandidateState
C = FinalisationCode

DONE = CandidateReport("c-1", S.COMPLETED, saw_end_screen=True)
ABSENT = CandidateReport("c-0", S.ENROLLED)


def form(*reports: CandidateReport, comment: str = "") -> FinalisationForm:
    return FinalisationForm(reports=reports, comment=comment)


def test_a_correct_form_has_no_problem() -> None:
    """RULES §9: one finished test, one unfinished with its reason, one absent → finalisable."""
    stopped = CandidateReport("c-2", S.STARTED, abort_reason=AbortReason.TECHNICAL)
    full = FinalisationForm(
        reports=(DONE, stopped, ABSENT), comment="RAS", incident=True, joining_issue=True
    )
    assert check_finalisation(full) == ()


@pytest.mark.parametrize("state", [S.ENROLLED, S.PRESENT])
def test_finalisation_needs_at_least_one_started_test(state: S) -> None:
    """RULES §9: a session where nobody started a test cannot be finalised."""
    assert check_finalisation(form(CandidateReport("c-0", state))) == (
        FinalisationProblem(C.NO_STARTED_TEST),
    )
    assert check_finalisation(form()) == (FinalisationProblem(C.NO_STARTED_TEST),)


@pytest.mark.parametrize(
    "state", [S.STARTED, S.ENDED_BY_INVIGILATOR, S.ENDED_BY_FINALISATION, S.ABANDONED]
)
def test_every_unfinished_test_needs_an_abort_reason(state: S) -> None:
    """RULES §9: exactly one abort reason for every unfinished test — no fewer."""
    assert check_finalisation(form(DONE, CandidateReport("c-2", state))) == (
        FinalisationProblem(C.ABORT_REASON_MISSING, candidate_id="c-2"),
    )


@pytest.mark.parametrize("reason", list(AbortReason))
@pytest.mark.parametrize(
    "state", [S.STARTED, S.ENDED_BY_INVIGILATOR, S.ENDED_BY_FINALISATION, S.ABANDONED]
)
def test_either_abort_reason_is_accepted_for_an_unfinished_test(
    state: S, reason: AbortReason
) -> None:
    """RULES §9: the abort reason is candidate or technical."""
    assert check_finalisation(form(CandidateReport("c-2", state, abort_reason=reason))) == ()


@pytest.mark.parametrize("reason", list(AbortReason))
def test_a_finished_test_takes_no_abort_reason(reason: AbortReason) -> None:
    """RULES §9: no abort reason for a finished test — no more."""
    assert check_finalisation(form(CandidateReport("c-1", S.COMPLETED, abort_reason=reason))) == (
        FinalisationProblem(C.ABORT_REASON_ON_FINISHED_TEST, candidate_id="c-1"),
    )


@pytest.mark.parametrize(
    "report",
    [
        CandidateReport("c-0", S.ENROLLED, abort_reason=AbortReason.CANDIDATE),
        CandidateReport("c-0", S.PRESENT, saw_end_screen=True),
        CandidateReport("c-0", S.ENROLLED, comment="absent"),
    ],
)
def test_absent_candidates_have_no_test(report: CandidateReport) -> None:
    """RULES §9: absent candidates have no test: no reason, no end-screen tick, no comment."""
    assert check_finalisation(form(DONE, report)) == (
        FinalisationProblem(C.ABSENT_CANDIDATE_HAS_TEST_DATA, candidate_id="c-0"),
    )


@pytest.mark.parametrize(("length", "ok"), [(0, True), (500, True), (501, False)])
def test_candidate_comment_is_at_most_500_characters(length: int, ok: bool) -> None:
    """RULES §9: per started candidate, an optional comment of at most 500 characters."""
    report = CandidateReport("c-1", S.COMPLETED, comment="é" * length)
    expected = () if ok else (FinalisationProblem(C.CANDIDATE_COMMENT_TOO_LONG, "c-1", length),)
    assert check_finalisation(form(report)) == expected


@pytest.mark.parametrize(("length", "ok"), [(500, True), (501, False)])
def test_global_comment_is_at_most_500_characters(length: int, ok: bool) -> None:
    """RULES §9: the global comment has at most 500 characters."""
    expected = () if ok else (FinalisationProblem(C.SESSION_COMMENT_TOO_LONG, length=length),)
    assert check_finalisation(form(DONE, comment="x" * length)) == expected


def test_decomposed_accents_count_once() -> None:
    """RULES §9: 500 characters as people count them; "é" typed as e + accent is one."""
    assert check_finalisation(form(DONE, comment="e\u0301" * 500)) == ()


def test_end_screen_tick_is_optional_for_started_candidates() -> None:
    """RULES §9: the "saw the end screen" tick is the invigilator's observation, not required."""
    assert check_finalisation(form(CandidateReport("c-1", S.COMPLETED))) == ()


def test_all_problems_are_returned_at_once() -> None:
    """RULES §9: every problem is listed in one pass, session-wide first, as codes."""
    problems = check_finalisation(
        form(
            CandidateReport("c-1", S.COMPLETED, abort_reason=AbortReason.CANDIDATE),
            CandidateReport("c-2", S.STARTED, comment="x" * 501),
            CandidateReport("c-0", S.ENROLLED, saw_end_screen=True),
            CandidateReport("c-2", S.STARTED, abort_reason=AbortReason.CANDIDATE),
            comment="y" * 600,
        )
    )
    assert problems == (
        FinalisationProblem(C.SESSION_COMMENT_TOO_LONG, length=600),
        FinalisationProblem(C.ABORT_REASON_ON_FINISHED_TEST, "c-1"),
        FinalisationProblem(C.ABORT_REASON_MISSING, "c-2"),
        FinalisationProblem(C.CANDIDATE_COMMENT_TOO_LONG, "c-2", 501),
        FinalisationProblem(C.ABSENT_CANDIDATE_HAS_TEST_DATA, "c-0"),
        FinalisationProblem(C.DUPLICATE_REPORT, "c-2"),
    )


def test_problem_params_are_for_the_translated_sentence() -> None:
    """The UI turns codes and named parameters into sentences; the domain writes none."""
    assert FinalisationProblem(C.CANDIDATE_COMMENT_TOO_LONG, "c-2", 501).params == {
        "candidate_id": "c-2",
        "length": 501,
        "maximum": MAX_COMMENT_LENGTH,
    }
    assert FinalisationProblem(C.NO_STARTED_TEST).params == {}


def test_finalisation_ends_the_tests_still_running() -> None:
    """RULES §9: at finalisation, unfinished tests that are still running end."""
    running = CandidateReport("c-2", S.STARTED, abort_reason=AbortReason.TECHNICAL)
    ended = CandidateReport("c-3", S.ENDED_BY_INVIGILATOR, abort_reason=AbortReason.CANDIDATE)
    assert ending_at_finalisation(form(DONE, running, ended, ABSENT)) == ("c-2",)
