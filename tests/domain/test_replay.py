"""A whole v3 test is a pure function of (bank, seed, answers): live play and replay agree."""

from __future__ import annotations

import random

import pytest

from pixdesk.domain.adaptive import (
    AdaptiveTest,
    AlertValidated,
    EngineConfig,
    ReplayMismatchError,
    draw_rng,
    estimate_capacity,
    probability,
    replay,
)
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.samplebank import generate_bank
from pixdesk.domain.scoring import score_test

BANK = generate_bank(2026)
STATUSES = (AnswerStatus.KO, AnswerStatus.SKIPPED, AnswerStatus.TIMED_OUT, AnswerStatus.FOCUSED_OUT)


def play(seed: int, candidate_seed: int = 0, true_capacity: float = 0.6) -> AdaptiveTest:
    """Simulate a candidate: correct with the 2PL probability, else one of the wrong statuses."""
    candidate = random.Random(candidate_seed)
    test = AdaptiveTest.start(BANK, seed)
    while test.current is not None:
        p = probability(test.current.discriminant, test.current.difficulty, true_capacity)
        status = AnswerStatus.OK if candidate.random() < p else candidate.choice(STATUSES)
        test = test.answer(status)
    return test


def capacities(test: AdaptiveTest) -> list[float]:
    answers = [(a.item.discriminant, a.item.difficulty, a.status.is_correct) for a in test.answers]
    return [estimate_capacity(answers[:n], -3.0, 0.5).capacity for n in range(1, 33)]


def test_same_seed_gives_the_same_test() -> None:
    """RULES §5: a test asks 32 questions; the same seed gives the same questions and score."""
    first, second = play(seed=77), play(seed=77)
    assert first.answer_count == 32
    assert [a.item.id for a in first.answers] == [a.item.id for a in second.answers]
    assert capacities(first) == capacities(second)
    assert first.estimate == second.estimate
    assert score_test(first) == score_test(second)


def test_different_seed_gives_a_different_sequence() -> None:
    first, other = play(seed=77), play(seed=78)
    assert [a.item.id for a in first.answers] != [a.item.id for a in other.answers]


def test_replay_of_the_statuses_rebuilds_the_live_test() -> None:
    live = play(seed=5, candidate_seed=9)
    rebuilt = replay(
        BANK,
        5,
        [a.status for a in live.answers],
        item_ids=[a.item.id for a in live.answers],
    )
    assert rebuilt == live
    assert rebuilt.estimate == live.estimate
    assert score_test(rebuilt) == score_test(live)


def test_replay_detects_a_journal_that_does_not_match() -> None:
    live = play(seed=5)
    ids = [a.item.id for a in live.answers]
    ids[10] = "not-the-item"
    with pytest.raises(ReplayMismatchError) as raised:
        replay(BANK, 5, [a.status for a in live.answers], item_ids=ids)
    assert raised.value.step == 10
    assert raised.value.expected == "not-the-item"


def test_validated_alert_replaces_the_question_and_it_does_not_count() -> None:
    """RULES §4, §5: a validated alert replaces the question (another skill); it does not count."""
    test = AdaptiveTest.start(BANK, 12).answer(AnswerStatus.OK)
    flagged = test.current
    assert flagged is not None
    after = test.validate_alert()
    assert after.answer_count == 1
    assert after.current is not None
    assert after.current.skill != flagged.skill
    assert flagged.skill in after.excluded_skills
    assert after.capacity == test.capacity


def test_replay_with_an_alert_matches_live_play() -> None:
    """RULES §4: replaying a validated alert matches live play; the flagged question is not kept."""
    live = AdaptiveTest.start(BANK, 4)
    steps: list[AnswerStatus | AlertValidated] = []
    shown: list[str] = []
    for k in range(24):
        assert live.current is not None
        shown.append(live.current.id)
        if k == 6:
            live = live.validate_alert()
            steps.append(AlertValidated())
        else:
            status = AnswerStatus.OK if k % 3 else AnswerStatus.KO
            live = live.answer(status)
            steps.append(status)
    rebuilt = replay(BANK, 4, steps, item_ids=shown)
    assert rebuilt == live
    assert rebuilt.answer_count == 23
    assert all(a.item.id != shown[6] for a in rebuilt.answers)


def test_start_state_uses_the_certification_start_capacity() -> None:
    """RULES §5: a test starts at capacity −3 with error rate 5, its first question drawn."""
    test = AdaptiveTest.start(BANK, 1)
    assert test.capacity == -3.0
    assert test.estimate.error_rate == 5.0
    assert test.current is not None
    assert test.draws == 1


def test_answering_a_finished_test_is_refused() -> None:
    finished = play(seed=3)
    assert finished.is_finished
    with pytest.raises(ValueError, match="finished"):
        finished.answer(AnswerStatus.OK)
    with pytest.raises(ValueError, match="finished"):
        finished.validate_alert()


def test_test_ends_early_when_the_bank_runs_out() -> None:
    small: tuple[Item, ...] = generate_bank(1, 16, tubes_per_competence=1)
    test = AdaptiveTest.start(small, 1)
    while test.current is not None:
        test = test.answer(AnswerStatus.OK)
    assert test.answer_count == 16


def test_draw_generators_are_reproducible_and_independent() -> None:
    assert draw_rng(5, 3).random() == draw_rng(5, 3).random()
    assert draw_rng(5, 3).random() != draw_rng(5, 4).random()
    assert draw_rng(5, 3).random() != draw_rng(6, 3).random()


def test_engine_config_defaults_are_the_certification_ones() -> None:
    """RULES §5 defaults: 32 questions, 20 answers to be scored, start −3, cap 0.5, 105 minutes."""
    config = EngineConfig()
    assert (config.max_questions, config.min_answers) == (32, 20)
    assert (config.start_capacity, config.variation_percent) == (-3.0, 0.5)
    assert config.duration_minutes == 105


@pytest.mark.parametrize(
    "kwargs",
    [{"min_answers": 0}, {"min_answers": 33}, {"duration_minutes": 0}, {"variation_percent": 0}],
)
def test_engine_config_refuses_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        EngineConfig(**kwargs)  # type: ignore[arg-type]
