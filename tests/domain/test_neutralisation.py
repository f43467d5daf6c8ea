"""Automatic resolution of incidents (v2) and jury neutralisation (RULES §8)."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from pixdesk.domain.incidents import Incident, IncidentCode
from pixdesk.domain.items import AnswerStatus, Item, ItemType
from pixdesk.domain.neutralisation import (
    MARKED_OK,
    NEUTRALISABLE_STATUSES,
    NEUTRALISED,
    GradedAnswer,
    Resolution,
    ResolutionKind,
    UnresolvedReason,
    apply_incidents,
    jury_deneutralise,
    jury_neutralise,
    not_resolved,
    resolve,
)

S = AnswerStatus
WRONG_OR_SKIPPED = (S.KO, S.SKIPPED, S.TIMED_OUT, S.FOCUSED_OUT, S.PARTIALLY)
EVERY_FEATURE: dict[str, Any] = {
    "has_image": True,
    "has_embed": True,
    "has_attachment": True,
    "timer_seconds": 60,
    "focused": True,
}


def make_item(item_id: str = "rec1", **flags: Any) -> Item:
    return Item(
        id=item_id,
        competence="4.2",
        tube="@rgpd",
        skill="@rgpd4",
        level=4,
        type=ItemType.QCU,
        discriminant=1.0,
        difficulty=0.0,
        **flags,
    )


def test_wrong_or_skipped_means_every_status_but_ok() -> None:
    """RULES §8 (pixdesk): every status but OK counts as wrong or skipped (partially included)."""
    assert set(WRONG_OR_SKIPPED) == NEUTRALISABLE_STATUSES
    assert set(AnswerStatus) - NEUTRALISABLE_STATUSES == {S.OK}


# ------------------------------------------------------------------ resolve


@pytest.mark.parametrize("status", WRONG_OR_SKIPPED)
@pytest.mark.parametrize("code", ["E4", "E5", "E9", "E11", "E12"])
def test_unconditional_codes_neutralise_wrong_or_skipped(code: str, status: AnswerStatus) -> None:
    """RULES §8: E4, E5, E9, E11, E12 neutralise a wrong or skipped answer on any question."""
    assert resolve(IncidentCode(code), make_item(), status) == NEUTRALISED


@pytest.mark.parametrize("code", [c for c in IncidentCode if c.in_question])
def test_a_correct_answer_is_never_neutralised(code: IncidentCode) -> None:
    """RULES §8: a question is neutralised only if its answer was wrong or skipped."""
    expected = not_resolved(UnresolvedReason.ANSWER_CORRECT)
    assert resolve(code, make_item(**EVERY_FEATURE), S.OK) == expected


@pytest.mark.parametrize(
    ("code", "flag", "missing"),
    [
        ("E1", {"has_image": True}, UnresolvedReason.NO_IMAGE),
        ("E2", {"has_embed": True}, UnresolvedReason.NO_EMBED),
        ("E3", {"has_attachment": True}, UnresolvedReason.NO_ATTACHMENT),
        ("E8", {"timer_seconds": 45}, UnresolvedReason.NOT_TIMED),
    ],
)
@pytest.mark.parametrize("status", [S.KO, S.SKIPPED, S.TIMED_OUT])
def test_conditional_codes_need_the_feature(
    code: str, flag: dict[str, Any], missing: UnresolvedReason, status: AnswerStatus
) -> None:
    """RULES §7, §8: E1/E2 need an image/embed, E3 an attachment, E8 a timer (item features)."""
    other_features = {k: v for k, v in EVERY_FEATURE.items() if k not in flag}
    assert resolve(IncidentCode(code), make_item(**flag), status) == NEUTRALISED
    assert resolve(IncidentCode(code), make_item(**other_features), status) == (
        not_resolved(missing)
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.FOCUSED_OUT, MARKED_OK),
        (S.SKIPPED, NEUTRALISED),
        (S.KO, not_resolved(UnresolvedReason.NOT_FOCUSED_OUT_OR_SKIPPED)),
        (S.TIMED_OUT, not_resolved(UnresolvedReason.NOT_FOCUSED_OUT_OR_SKIPPED)),
        (S.PARTIALLY, not_resolved(UnresolvedReason.NOT_FOCUSED_OUT_OR_SKIPPED)),
        (S.OK, not_resolved(UnresolvedReason.ANSWER_CORRECT)),
    ],
)
def test_e10_on_a_focused_question(status: AnswerStatus, expected: Resolution) -> None:
    """RULES §8 E10: focused-out becomes ok, skipped is neutralised, nothing else changes."""
    assert resolve(IncidentCode.E10, make_item(focused=True), status) == expected


@pytest.mark.parametrize("status", [S.FOCUSED_OUT, S.SKIPPED])
def test_e10_on_a_question_that_is_not_focused(status: AnswerStatus) -> None:
    """RULES §8 E10: only on a focused question."""
    expected = not_resolved(UnresolvedReason.NOT_FOCUSED)
    assert resolve(IncidentCode.E10, make_item(timer_seconds=30), status) == expected


@pytest.mark.parametrize("code", [c for c in IncidentCode if not c.in_question])
@pytest.mark.parametrize("status", list(AnswerStatus))
def test_c_codes_are_never_resolved_automatically(code: IncidentCode, status: AnswerStatus) -> None:
    """RULES §8: only in-question incidents are resolved automatically."""
    expected = not_resolved(UnresolvedReason.NOT_IN_QUESTION)
    assert resolve(code, make_item(**EVERY_FEATURE), status) == expected


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (ResolutionKind.NOT_RESOLVED, None),
        (ResolutionKind.NEUTRALISED, UnresolvedReason.ANSWER_CORRECT),
        (ResolutionKind.MARKED_OK, UnresolvedReason.NOT_TIMED),
    ],
)
def test_resolution_has_a_reason_exactly_when_not_resolved(
    kind: ResolutionKind, reason: UnresolvedReason | None
) -> None:
    """A NOT_RESOLVED resolution always says why; the others never carry a reason."""
    with pytest.raises(ValueError, match="inconsistent"):
        Resolution(kind, reason)


# ------------------------------------------------------------------ apply_incidents

TEST = (
    GradedAnswer(make_item("q1"), S.OK),
    GradedAnswer(make_item("q2", has_image=True), S.KO),
    GradedAnswer(make_item("q3", focused=True), S.FOCUSED_OUT),
    GradedAnswer(make_item("q4", focused=True), S.SKIPPED),
    GradedAnswer(make_item("q5"), S.TIMED_OUT),
)
STATUSES = tuple(answer.status for answer in TEST)


def test_apply_incidents_neutralises_and_marks_ok() -> None:
    """RULES §8: statuses change only by E10; neutralised ids are returned as a set."""
    incidents = [
        Incident(IncidentCode.E1, question_number=2),
        Incident(IncidentCode.E10, question_number=3),
        Incident(IncidentCode.E10, question_number=4),
        Incident(IncidentCode.E4, question_number=1),
        Incident(IncidentCode.C7, "coupure réseau"),
    ]
    outcome = apply_incidents(incidents, TEST)
    assert outcome.statuses == (S.OK, S.KO, S.OK, S.SKIPPED, S.TIMED_OUT)
    assert outcome.neutralised == {"q2", "q4"}
    assert outcome.resolutions == (
        NEUTRALISED,
        MARKED_OK,
        NEUTRALISED,
        not_resolved(UnresolvedReason.ANSWER_CORRECT),
        not_resolved(UnresolvedReason.NOT_IN_QUESTION),
    )


@pytest.mark.parametrize("number", [None, 0, -1, 6, 100])
def test_apply_incidents_question_not_found(number: int | None) -> None:
    """RULES §8: the question number designates the question; outside the test, nothing."""
    outcome = apply_incidents([Incident(IncidentCode.E9, question_number=number)], TEST)
    assert outcome.resolutions == (not_resolved(UnresolvedReason.QUESTION_NOT_FOUND),)
    assert outcome.statuses == STATUSES
    assert outcome.neutralised == frozenset()


def test_second_incident_on_a_neutralised_question_does_nothing_more() -> None:
    """(pixdesk) An already neutralised question reports ALREADY_NEUTRALISED."""
    incidents = [
        Incident(IncidentCode.E9, question_number=5),
        Incident(IncidentCode.E11, question_number=5),
        Incident(IncidentCode.E4, question_number=2),
    ]
    outcome = apply_incidents(incidents, TEST, neutralised={"q2"})
    assert outcome.neutralised == {"q2", "q5"}
    assert outcome.resolutions == (
        NEUTRALISED,
        not_resolved(UnresolvedReason.ALREADY_NEUTRALISED),
        not_resolved(UnresolvedReason.ALREADY_NEUTRALISED),
    )


@pytest.mark.parametrize(
    "order", list(itertools.permutations([IncidentCode.E4, IncidentCode.E10, IncidentCode.E9]))
)
def test_e10_wins_whatever_the_order(order: tuple[IncidentCode, ...]) -> None:
    """(pixdesk) E10 is resolved first: a right focused-out answer is restored, not neutralised."""
    incidents = [Incident(code, question_number=3) for code in order]
    outcome = apply_incidents(incidents, TEST)
    assert outcome.statuses[2] is S.OK
    assert outcome.neutralised == frozenset()
    by_code = dict(zip(order, outcome.resolutions, strict=True))
    assert by_code[IncidentCode.E10] == MARKED_OK
    assert by_code[IncidentCode.E4] == not_resolved(UnresolvedReason.ANSWER_CORRECT)


def test_outcome_does_not_depend_on_incident_order(rng: random.Random) -> None:
    """(pixdesk) Statuses and neutralised questions are the same in any recording order."""
    codes = list(IncidentCode)
    numbers = [None, 0, 1, 2, 3, 4, 5, 6]
    for _ in range(300):
        incidents = [
            Incident(rng.choice(codes), question_number=rng.choice(numbers))
            for _ in range(rng.randint(0, 8))
        ]
        shuffled = rng.sample(incidents, len(incidents))
        first, second = apply_incidents(incidents, TEST), apply_incidents(shuffled, TEST)
        assert first.statuses == second.statuses
        assert first.neutralised == second.neutralised
        assert set(first.neutralised) <= {a.item.id for a in TEST if a.status is not S.OK}


# ------------------------------------------------------------------ jury


def test_jury_can_neutralise_any_question_and_undo_it() -> None:
    """(pixdesk) The jury neutralises or de-neutralises any question, even a correct one."""
    neutralised = jury_neutralise(frozenset(), "q1", TEST)
    assert neutralised == {"q1"}
    assert jury_neutralise(neutralised, "q1", TEST) == {"q1"}
    assert jury_deneutralise(neutralised | {"q2"}, "q1", TEST) == {"q2"}
    assert jury_deneutralise(frozenset(), "q1", TEST) == frozenset()


@pytest.mark.parametrize("action", [jury_neutralise, jury_deneutralise])
def test_jury_action_on_a_question_outside_the_test_is_a_bug(action: Any) -> None:
    """The jury acts only on questions of the candidate's test."""
    with pytest.raises(ValueError, match="not part"):
        action(frozenset(), "other", TEST)
