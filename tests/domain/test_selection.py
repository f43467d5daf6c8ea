"""Choice of the next question in engine v3: filters, ranking and the 51 % cascade."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pixdesk.domain.adaptive import (
    AdaptiveTest,
    Asked,
    cascade_index,
    cascade_probabilities,
    choose_next,
    information,
    probability,
    rank_candidates,
)
from pixdesk.domain.items import AnswerStatus, Item, ItemType
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.samplebank import generate_bank


def make_item(
    item_id: str,
    competence: str = "1.1",
    tube: str | None = None,
    level: int = 3,
    *,
    a: float = 1.5,
    b: float = 0.0,
    accessible: bool = False,
) -> Item:
    tube = tube or f"@t_{item_id}"
    return Item(
        id=item_id,
        competence=competence,
        tube=tube,
        skill=f"{tube}{level}",
        level=level,
        type=ItemType.QCU,
        discriminant=a,
        difficulty=b,
        accessible=accessible,
    )


def run_test(
    seed: int, bank: tuple[Item, ...], *, accessibility_adjustment: bool = False
) -> AdaptiveTest:
    """Play a whole test with a candidate of capacity 0.5 answering at random."""
    answers = random.Random(seed)
    test = AdaptiveTest.start(bank, seed, accessibility_adjustment=accessibility_adjustment)
    while test.current is not None:
        p = probability(test.current.discriminant, test.current.difficulty, 0.5)
        test = test.answer(AnswerStatus.OK if answers.random() < p else AnswerStatus.KO)
    return test


# ------------------------------------------------------------------------------ filters


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_a_tube_is_never_asked_twice(seed: int) -> None:
    """RULES §5 selection: a whole test of 32 questions never asks the same tube twice."""
    test = run_test(seed, generate_bank(seed))
    tubes = [item.tube for item in test.history]
    assert len(tubes) == 32
    assert len(set(tubes)) == len(tubes)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_every_competence_comes_before_any_second_visit(seed: int) -> None:
    """RULES §5 selection: the first 16 questions visit each of the 16 competences."""
    test = run_test(seed, generate_bank(seed))
    first_16 = [item.competence for item in test.history[:16]]
    assert sorted(first_16) == sorted(COMPETENCE_CODES)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_competences_of_the_last_two_answers_are_skipped(seed: int) -> None:
    """RULES §5 selection: no question is on the competence of either of the last 2 answers."""
    history = run_test(seed, generate_bank(seed)).history
    for k in range(2, len(history)):
        assert history[k].competence not in {history[k - 1].competence, history[k - 2].competence}


def test_unvisited_competences_only_while_some_remain() -> None:
    """RULES §5 selection: while a competence is unvisited, only unvisited ones are ranked."""
    visited = make_item("v", "1.1", b=0.0)
    strong_visited = make_item("x", "1.1", b=0.0, a=2.5)  # most informative, but visited
    weak_new = make_item("n", "2.1", b=4.0, a=0.8)
    ranked = rank_candidates([strong_visited, weak_new], [visited], 0.0)
    assert [c.item.id for c in ranked] == ["n"]


def test_visited_competences_come_back_when_no_unvisited_item_is_left() -> None:
    """RULES §5 selection: visited competences come back when no unvisited item can be asked."""
    asked = make_item("v", "1.1", tube="@a")
    # 2.1 is unvisited but its only item shares the answered tube: it cannot be asked.
    blocked = make_item("n", "2.1", tube="@a")
    other = make_item("w", "1.2", tube="@b")
    history = [asked, make_item("h1", "1.2", tube="@c"), make_item("h2", "1.3", tube="@d")]
    assert [c.item.id for c in rank_candidates([blocked, other], history, 0.0)] == ["w"]


def test_last_two_competences_are_excluded() -> None:
    """RULES §5 selection: the competences of the last 2 answers are excluded."""
    history = [make_item(f"h{i}", code) for i, code in enumerate(COMPETENCE_CODES)]
    bank = [make_item("last", "5.2"), make_item("before", "5.1"), make_item("ok", "1.1", b=3.0)]
    assert [c.item.id for c in rank_candidates(bank, history, 0.0)] == ["ok"]


def test_last_two_competences_come_back_when_nothing_else_is_left() -> None:
    """RULES §5 selection: the last 2 competences come back when nothing else is left."""
    history = [make_item(f"h{i}", code) for i, code in enumerate(COMPETENCE_CODES)]
    bank = [make_item("last", "5.2", b=3.0), make_item("before", "5.1")]
    assert [c.item.id for c in rank_candidates(bank, history, 0.0)] == ["before", "last"]


def test_accessibility_adjustment_keeps_only_accessible_items() -> None:
    """RULES §5 selection: with an accessibility adjustment only accessible items are ranked."""
    bank = [make_item("plain", a=2.5), make_item("acc", "1.2", accessible=True, a=0.9)]
    assert rank_candidates(bank, [], 0.0)[0].item.id == "plain"
    ranked = rank_candidates(bank, [], 0.0, accessibility_adjustment=True)
    assert [c.item.id for c in ranked] == ["acc"]


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_whole_test_with_adjustment_asks_only_accessible_items(seed: int) -> None:
    """RULES §5 selection: with an accessibility adjustment a test asks only accessible items."""
    test = run_test(seed, generate_bank(seed, 640), accessibility_adjustment=True)
    assert test.answer_count == 32
    assert all(item.accessible for item in test.history)


def test_skill_of_a_validated_alert_is_excluded() -> None:
    """RULES §5 selection: the skill of a question whose alert was validated is excluded."""
    bank = [make_item("x", tube="@a", level=3), make_item("y", "1.2", tube="@a", level=4)]
    ranked = rank_candidates(bank, [], 0.0, excluded_skills=frozenset({"@a3"}))
    assert [c.item.id for c in ranked] == ["y"]


def test_nothing_eligible_gives_none_and_draws_nothing() -> None:
    item = make_item("x")
    rng = random.Random(1)
    state = rng.getstate()
    assert choose_next([item], [item], 0.0, rng) is None
    assert rng.getstate() == state


def test_history_of_asked_records_equals_history_of_items() -> None:
    bank = generate_bank(3)
    history = list(bank[:5])
    records = [Asked.of(item) for item in history]
    assert rank_candidates(bank, records, 0.4) == rank_candidates(bank, history, 0.4)


# ------------------------------------------------------------------------------ ranking


def test_ranking_keeps_the_five_most_informative_in_order() -> None:
    """RULES §5 selection: ranking keeps the 5 most informative items, best first."""
    bank = generate_bank(5)
    ranked = rank_candidates(bank, [], 1.2)
    assert len(ranked) == 5
    infos = [c.information for c in ranked]
    assert infos == sorted(infos, reverse=True)
    every = sorted((information(item, 1.2) for item in bank), reverse=True)
    assert infos == pytest.approx(every[:5])


def test_information_is_p_times_1_minus_p_times_a_squared() -> None:
    """RULES §5 selection: information = p(1 − p)·a² at the current capacity."""
    item = make_item("x", a=2.0, b=0.5)
    p = probability(2.0, 0.5, -0.25)
    assert information(item, -0.25) == pytest.approx(p * (1 - p) * 4.0)


def test_ties_are_broken_by_item_id() -> None:
    bank = [make_item(name, f"{n}.1") for n, name in zip((1, 2, 3), ("c", "a", "b"), strict=True)]
    assert [c.item.id for c in rank_candidates(bank, [], 0.0)] == ["a", "b", "c"]


# ------------------------------------------------------------------------------ cascade


def test_cascade_probabilities_follow_the_51_percent_rule() -> None:
    """RULES §5 draw: 51 % for the first, 51 % of the rest for the next; the last takes the rest."""
    assert cascade_probabilities(5) == pytest.approx(
        [0.51, 0.2499, 0.122451, 0.06000099, 0.05764801]
    )
    assert cascade_probabilities(2) == pytest.approx([0.51, 0.49])
    assert cascade_probabilities(1) == (1.0,)
    assert sum(cascade_probabilities(5)) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("u", "expected"),
    [(0.0, 0), (0.5099, 0), (0.5101, 1), (0.7598, 1), (0.7600, 2), (0.95, 4), (0.999, 4)],
)
def test_cascade_index_boundaries(u: float, expected: int) -> None:
    """RULES §5 draw: a uniform number picks the first below 0.51, then the next ones in turn."""
    assert cascade_index(u, 5) == expected


def test_cascade_draw_frequencies(rng: random.Random) -> None:
    """RULES §5: 20,000 seeded draws over five land on 51 %, 24.99 %, 12.25 %, 6 %, 5.76 %."""
    bank = [make_item(f"i{k}", code, b=k * 0.5) for k, code in enumerate(COMPETENCE_CODES[:5])]
    ranked = [c.item.id for c in rank_candidates(bank, [], 0.0)]
    draws = 20_000
    counts: Counter[str] = Counter()
    for _ in range(draws):
        chosen = choose_next(bank, [], 0.0, rng)
        assert chosen is not None
        counts[chosen.id] += 1
    frequencies = [counts[name] / draws for name in ranked]
    # ±0.012 is more than 3.4 standard deviations for every rank at n = 20,000.
    assert frequencies == pytest.approx(cascade_probabilities(5), abs=0.012)


def test_choice_uses_exactly_one_random_number() -> None:
    bank = generate_bank(9)
    rng, twin = random.Random(4), random.Random(4)
    choose_next(bank, [], 0.0, rng)
    twin.random()
    assert rng.getstate() == twin.getstate()
