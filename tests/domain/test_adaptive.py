"""The v3 capacity estimate (EAP) and the variation cap, RULES.md §5."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pixdesk.domain.adaptive import (
    GRID,
    NO_ANSWER_ERROR_RATE,
    CapacityEstimator,
    estimate_capacity,
    probability,
)

ITEM_1 = (1.86350005965093, 0.194712138508747)
ITEM_2 = (2.25422414740233, 0.823376599163319)
RULES_TOLERANCE = 1e-9


def test_rules_s5_reference_one_correct_answer() -> None:
    """RULES §5 reference: one correct answer from 0 gives 0.859419960298745 / 0.93274546…"""
    estimate = estimate_capacity([(*ITEM_1, True)])
    assert estimate.capacity == pytest.approx(0.859419960298745, abs=RULES_TOLERANCE)
    assert estimate.error_rate == pytest.approx(0.9327454634914153, abs=RULES_TOLERANCE)


def test_rules_s5_reference_two_correct_answers() -> None:
    """RULES §5 reference: a second correct answer gives 1.802340122865396 / 0.85490140…"""
    estimate = estimate_capacity([(*ITEM_1, True), (*ITEM_2, True)])
    assert estimate.capacity == pytest.approx(1.802340122865396, abs=RULES_TOLERANCE)
    assert estimate.error_rate == pytest.approx(0.8549014053951466, abs=RULES_TOLERANCE)


def test_rules_s5_reference_capped_sequence() -> None:
    """RULES §5 reference: with the 0.5 cap, three correct answers give 0.5, 0.75, 1.125."""
    answers = [(*ITEM_1, True), (*ITEM_2, True), (*ITEM_1, True)]
    capacities = [
        estimate_capacity(answers[:n], 0.0, variation_percent=0.5).capacity for n in (1, 2, 3)
    ]
    assert capacities == pytest.approx([0.5, 0.75, 1.125], abs=RULES_TOLERANCE)


def test_grid_is_81_samples_of_step_0_225() -> None:
    """RULES §5: '80 points from −9 to +9 inclusive' is read as 80 steps: −9, −8.775, …, +9."""
    assert len(GRID) == 81
    assert GRID[0] == -9.0
    assert GRID[-1] == 9.0
    assert all(b - a == pytest.approx(0.225, abs=1e-12) for a, b in pairwise(GRID))


def test_grid_choice_reproduces_references_to_machine_precision() -> None:
    """RULES §5 grid: 81 samples match the references to ~1e-16; 80 of 18/79 only to ~5e-12."""
    one = estimate_capacity([(*ITEM_1, True)])
    two = estimate_capacity([(*ITEM_1, True), (*ITEM_2, True)])
    assert one.capacity == pytest.approx(0.859419960298745, abs=1e-14)
    assert one.error_rate == pytest.approx(0.9327454634914153, abs=1e-14)
    assert two.capacity == pytest.approx(1.802340122865396, abs=1e-14)
    assert two.error_rate == pytest.approx(0.8549014053951466, abs=1e-14)


@pytest.mark.parametrize("start", [0.0, -3.0, 1.25])
def test_no_answer_keeps_start_capacity_and_error_rate_5(start: float) -> None:
    """RULES §5: with no answer, capacity = the start value and error rate = 5."""
    estimate = estimate_capacity([], start_capacity=start, variation_percent=0.5)
    assert estimate.capacity == start
    assert estimate.error_rate == NO_ANSWER_ERROR_RATE


def test_prior_is_centred_on_the_previous_capacity() -> None:
    """RULES §5 prior: a different start moves the prior of the first answer, hence the estimate."""
    low = estimate_capacity([(*ITEM_1, True)], start_capacity=-3.0)
    high = estimate_capacity([(*ITEM_1, True)], start_capacity=0.0)
    assert low.capacity < high.capacity


def test_wrong_answers_with_cap_step_down_symmetrically() -> None:
    """RULES §5 variation cap: three wrong answers from 0 give −0.5, −0.75, −1.125."""
    answers = [(*ITEM_1, False), (*ITEM_2, False), (*ITEM_1, False)]
    capacities = [estimate_capacity(answers[:n], 0.0, 0.5).capacity for n in (1, 2, 3)]
    assert capacities == pytest.approx([-0.5, -0.75, -1.125], abs=RULES_TOLERANCE)


def test_cap_uses_proportional_move_far_from_zero() -> None:
    """RULES §5 variation cap: from −3 the allowed move is |−3 × 0.5| = 1.5."""
    hard = (2.5, 6.0, True)
    assert estimate_capacity([hard], -3.0, 0.5).capacity == pytest.approx(-1.5)


def test_incremental_estimator_equals_batch() -> None:
    """RULES §5: adding answers one at a time gives the estimate computed over all of them."""
    answers = [(*ITEM_1, True), (*ITEM_2, False), (1.1, -0.4, True), (2.0, 1.7, False)]
    estimator = CapacityEstimator.start(-3.0, 0.5)
    for n, answer in enumerate(answers, start=1):
        estimator = estimator.add(*answer)
        assert estimator.estimate == estimate_capacity(answers[:n], -3.0, 0.5)
        assert estimator.answer_count == n


def test_probability_is_2pl() -> None:
    """RULES §5 2PL: P(correct | θ) = 1 / (1 + exp(a·(b − θ))), without overflow at the extremes."""
    assert probability(1.7, 0.3, 0.3) == 0.5
    assert probability(2.0, 1.0, 2.0) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert probability(1000.0, 9.0, -9.0) == 0.0  # no OverflowError


def test_surprising_answers_do_not_underflow() -> None:
    """Correct on the hardest, wrong on the easiest, 32 times: still a finite estimate."""
    answers = [(2.5, 9.0, True), (2.5, -9.0, False)] * 16
    estimate = estimate_capacity(answers, -3.0)
    assert math.isfinite(estimate.capacity)
    assert math.isfinite(estimate.error_rate)


answer_lists = st.lists(
    st.tuples(
        st.floats(min_value=0.8, max_value=2.5),
        st.floats(min_value=-4.0, max_value=4.0),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(answers=answer_lists, pick=st.integers(min_value=0), start=st.sampled_from([0.0, -3.0]))
def test_flipping_a_wrong_answer_to_correct_never_lowers_capacity(
    answers: list[tuple[float, float, bool]], pick: int, start: float
) -> None:
    """Without the cap the estimate is monotonic in each answer's correctness."""
    index = pick % len(answers)
    discriminant, difficulty, _ = answers[index]
    wrong = [*answers[:index], (discriminant, difficulty, False), *answers[index + 1 :]]
    right = [*answers[:index], (discriminant, difficulty, True), *answers[index + 1 :]]
    assert (
        estimate_capacity(right, start).capacity >= estimate_capacity(wrong, start).capacity - 1e-12
    )


def test_cap_can_break_monotonicity_at_its_plus_or_minus_v_kink() -> None:
    """Documented quirk of the RULES cap: the upper bound drops from 2v to 1.5v as the
    previous capacity crosses +v, so one more correct answer can end lower."""
    wrong = [(0.9, 0.9, True), (1.2, 1.2, False), (2.2, 0.0, False), (2.4, 2.4, True)]
    right = [wrong[0], (1.2, 1.2, True), *wrong[2:]]
    assert estimate_capacity(right, 0.0, 0.5).capacity < estimate_capacity(wrong, 0.0, 0.5).capacity
