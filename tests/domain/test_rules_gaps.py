"""RULES.md §§2–9 domain rules that no other domain test checked (docs/rules-traceability.md)."""

from __future__ import annotations

import pytest

from pixdesk.domain.adaptive import AdaptiveTest, estimate_capacity, replay
from pixdesk.domain.candidate import CandidateState, DisplayStatus, Sex, display_status
from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.samplebank import generate_bank
from pixdesk.domain.scoring import (
    DEMO_SCORING,
    ScoringConfig,
    mesh_from_bounds,
    score_from_capacity,
    score_test,
)

BANK = generate_bank(2026)
OK, KO = AnswerStatus.OK, AnswerStatus.KO
NOT_OK = [status for status in AnswerStatus if status is not OK]
# The certification defaults of EngineConfig: start capacity −3, variation cap 0.5.
START_CAPACITY, VARIATION = -3.0, 0.5


def play(seed: int, *statuses: AnswerStatus) -> AdaptiveTest:
    """Start a v3 test on the sample bank and give ``statuses`` to its questions in turn."""
    test = AdaptiveTest.start(BANK, seed)
    for status in statuses:
        test = test.answer(status)
    return test


def test_sex_is_m_or_f() -> None:
    """RULES §3: a candidate's sex is M or F, and nothing else."""
    assert [sex.value for sex in Sex] == ["M", "F"]
    with pytest.raises(ValueError, match="not a valid"):
        Sex("X")


def test_dismissed_alert_keeps_the_candidate_on_the_same_question() -> None:
    """RULES §4: a dismissed live alert lets the candidate continue the same question.

    Dismissing leaves nothing in the engine: the flagged question stays current and its answer
    counts, and a journal without an alert step replays to the same test. Validating, by
    contrast, replaces the question.
    """
    test = play(12, OK)
    first, flagged = test.answers[0].item, test.current
    assert flagged is not None
    waiting = display_status(CandidateState.STARTED, alert_pending=True)
    dismissed = display_status(CandidateState.STARTED, alert_pending=False)
    assert (waiting, dismissed) == (DisplayStatus.PAUSED_BY_ALERT, DisplayStatus.IN_PROGRESS)

    after = test.answer(KO)

    assert after.answer_count == 2
    assert after.answers[-1].item == flagged
    assert replay(BANK, 12, [OK, KO], item_ids=[first.id, flagged.id]) == after
    assert test.validate_alert().current != flagged


@pytest.mark.parametrize("status", NOT_OK, ids=str)
def test_every_status_but_ok_is_a_wrong_answer_for_the_capacity(status: AnswerStatus) -> None:
    """RULES §5: the likelihood takes 1 − P for anything but a correct answer.

    Skipped, timed out, focused out (and partially) move the capacity exactly as a wrong
    answer does, anywhere in the test; only a correct answer takes P.
    """
    given = play(31, OK, status, OK)
    wrong = play(31, OK, KO, OK)

    assert [a.item.id for a in given.answers] == [a.item.id for a in wrong.answers]
    assert given.estimate == wrong.estimate
    answers = [(a.item.discriminant, a.item.difficulty, a.status is OK) for a in given.answers]
    assert given.estimate == estimate_capacity(answers, START_CAPACITY, VARIATION)
    assert play(31, OK, status).capacity < play(31, OK, OK).capacity


def test_interval_bounds_are_configuration() -> None:
    """RULES §5: the capacity interval bounds are configuration, not fixed in the code.

    Shifting every bound by one shifts the whole score scale by one, and scoring a test uses
    the configuration it is given rather than the demo bank's.
    """
    base = ScoringConfig(mesh=mesh_from_bounds(*range(-4, 5)))
    shifted = ScoringConfig(mesh=mesh_from_bounds(*range(-3, 6)))
    assert base.mesh != DEMO_SCORING.mesh

    # Binary-exact capacities and bounds: the shift introduces no rounding.
    for capacity in (-5.0, -4.0, -2.25, -0.5, 0.0, 1.75, 3.5, 4.0):
        assert score_from_capacity(capacity + 1.0, shifted) == score_from_capacity(capacity, base)
    assert score_from_capacity(0.0, shifted) < score_from_capacity(0.0, base)

    test = play(5, OK, KO, OK, OK)
    assert score_test(test, config=shifted).score == score_from_capacity(test.capacity, shifted)
    assert score_test(test, config=shifted).score != score_test(test, config=base).score
