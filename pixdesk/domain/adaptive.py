"""Engine v3, the adaptive test: capacity estimate, item choice, test state (RULES.md §5).

Three layers, each usable on its own:

- **Estimate** — :func:`estimate_capacity` (EAP on a fixed grid) and its incremental form
  :class:`CapacityEstimator`.
- **Choice** — :func:`rank_candidates` (the filters and the information ranking) and
  :func:`choose_next` (the 51 % cascade over the best five).
- **Test** — :class:`AdaptiveTest`, an immutable state that moves one answer at a time, and
  :func:`replay` / :func:`with_early_leave_penalty`, which the platform also uses to re-score.

Everything here is pure: randomness comes in as a seeded :class:`random.Random`.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from pixdesk.domain.items import AnswerStatus, Item

# --------------------------------------------------------------------------- estimate

GRID_MIN = -9.0
GRID_MAX = 9.0
GRID_STEPS = 80
# "80 points from −9 to +9 inclusive" in RULES §5 means 80 steps of 18/80 = 0.225, hence 81
# samples: only that reading reproduces the RULES reference values to machine precision (an
# 80-sample grid of step 18/79 is off by ~5e-12). Tests pin it.
GRID: tuple[float, ...] = tuple(
    GRID_MIN + (GRID_MAX - GRID_MIN) * i / GRID_STEPS for i in range(GRID_STEPS + 1)
)
PRIOR_VARIANCE = 1.5
# Sheppard's correction as RULES writes it: the class interval is 9/80, not the grid step.
ERROR_CLASS_INTERVAL = 9.0 / 80.0
NO_ANSWER_ERROR_RATE = 5.0

_FLAT: tuple[float, ...] = (1.0,) * len(GRID)
# Below this the running likelihood is rescaled; the posterior is unchanged (it is normalised)
# but a long run of surprising answers can no longer underflow every sample to zero.
_RESCALE_BELOW = 1e-150
_EXP_LIMIT = 700.0  # math.exp overflows a little above 709


def probability(discriminant: float, difficulty: float, capacity: float) -> float:
    """Return the 2PL probability of a correct answer: 1 / (1 + exp(a·(b − θ)))."""
    z = discriminant * (difficulty - capacity)
    if z > _EXP_LIMIT:
        return 0.0
    return 1.0 / (1.0 + math.exp(z))


def _answer_factors(discriminant: float, difficulty: float, correct: bool) -> list[float]:
    """Return P (or 1 − P) of one answer at every grid sample."""
    try:
        p = [1.0 / (1.0 + math.exp(discriminant * (difficulty - x))) for x in GRID]
    except OverflowError:
        p = [probability(discriminant, difficulty, x) for x in GRID]
    return p if correct else [1.0 - q for q in p]


def _normal_prior(centre: float) -> list[float]:
    """Return the normalised normal density (variance 1.5) centred on ``centre``."""
    density = [math.exp(-((x - centre) ** 2) / (2.0 * PRIOR_VARIANCE)) for x in GRID]
    total = sum(density)
    return [d / total for d in density]


def _capped(previous: float, new: float, variation_percent: float | None) -> float:
    """Clamp ``new`` to ``previous`` ± the allowed move (RULES §5 variation cap)."""
    if variation_percent is None:
        return new
    v = variation_percent
    move = v if abs(previous) < v else abs(previous * v)
    return min(max(new, previous - move), previous + move)


@dataclass(frozen=True, slots=True)
class CapacityEstimate:
    """A capacity θ and its error rate (the posterior standard deviation, corrected)."""

    capacity: float
    error_rate: float


@dataclass(frozen=True, slots=True)
class CapacityEstimator:
    """Sequential EAP state: the likelihood of the answers so far and the latest estimate.

    At answer k the likelihood covers answers 1..k and the prior is centred on the capacity
    after answer k − 1 (the start value for the first); the new capacity is the posterior mean,
    then clamped by the variation cap when one is set. The error rate is the posterior variance
    (about the posterior mean, as RULES says) minus (9/80)²/12, square-rooted; when a cap moved
    the capacity the variance is still taken about the uncapped mean. A negative corrected
    variance (a posterior narrower than the correction, never seen in practice) gives 0.
    """

    estimate: CapacityEstimate
    variation_percent: float | None = None
    likelihood: tuple[float, ...] = field(default=_FLAT, repr=False)
    answer_count: int = 0

    @classmethod
    def start(
        cls, start_capacity: float = 0.0, variation_percent: float | None = None
    ) -> CapacityEstimator:
        """Return the state before any answer: the start capacity and error rate 5."""
        return cls(CapacityEstimate(start_capacity, NO_ANSWER_ERROR_RATE), variation_percent)

    def add(self, discriminant: float, difficulty: float, correct: bool) -> CapacityEstimator:
        """Return the state after one more answer (``correct`` False for any other status)."""
        factors = _answer_factors(discriminant, difficulty, correct)
        likelihood = [lk * f for lk, f in zip(self.likelihood, factors, strict=True)]
        peak = max(likelihood)
        if 0.0 < peak < _RESCALE_BELOW:
            likelihood = [lk / peak for lk in likelihood]
        previous = self.estimate.capacity
        prior = _normal_prior(previous)
        posterior = [lk * q for lk, q in zip(likelihood, prior, strict=True)]
        total = sum(posterior)
        if total <= 0.0:
            raise ArithmeticError("posterior vanished on the whole grid")
        posterior = [q / total for q in posterior]
        mean = sum(x * q for x, q in zip(GRID, posterior, strict=True))
        variance = sum((x - mean) ** 2 * q for x, q in zip(GRID, posterior, strict=True))
        error_rate = math.sqrt(max(0.0, variance - ERROR_CLASS_INTERVAL**2 / 12.0))
        capacity = _capped(previous, mean, self.variation_percent)
        return replace(
            self,
            estimate=CapacityEstimate(capacity, error_rate),
            likelihood=tuple(likelihood),
            answer_count=self.answer_count + 1,
        )


def estimate_capacity(
    answers: Iterable[tuple[float, float, bool]],
    start_capacity: float = 0.0,
    variation_percent: float | None = None,
) -> CapacityEstimate:
    """Estimate the capacity after ``answers``, each ``(discriminant, difficulty, correct)``.

    Args:
        answers: the answers in the order they were given.
        start_capacity: the capacity before any answer (−3 in certification).
        variation_percent: the variation cap as a fraction (0.5 = 50 %), or None for no cap.

    Returns:
        The capacity and error rate; with no answer, the start capacity and error rate 5.
    """
    estimator = CapacityEstimator.start(start_capacity, variation_percent)
    for discriminant, difficulty, correct in answers:
        estimator = estimator.add(discriminant, difficulty, correct)
    return estimator.estimate


# --------------------------------------------------------------------------- choice

CANDIDATE_COUNT = 5
CASCADE_PROBABILITY = 0.51
RECENT_COMPETENCES = 2


class Placed(Protocol):
    """Where an asked question sits in the framework (an :class:`Item` qualifies)."""

    @property
    def competence(self) -> str: ...

    @property
    def tube(self) -> str: ...

    @property
    def skill(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Asked:
    """An answered question as the choice needs it, e.g. rebuilt from the answer journal."""

    item_id: str
    competence: str
    tube: str
    skill: str

    @classmethod
    def of(cls, item: Item) -> Asked:
        """Return the placement of ``item``."""
        return cls(item.id, item.competence, item.tube, item.skill)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item still eligible, with its information at the current capacity."""

    item: Item
    information: float


def information(item: Item, capacity: float) -> float:
    """Return the Fisher information p(1 − p)·a² of ``item`` at ``capacity``."""
    p = probability(item.discriminant, item.difficulty, capacity)
    return p * (1.0 - p) * item.discriminant**2


def _eligible(
    bank: Iterable[Item],
    history: Sequence[Placed],
    accessibility_adjustment: bool,
    excluded_skills: frozenset[str],
) -> list[Item]:
    """Return the items the RULES §5 filters leave, in bank order."""
    answered_tubes = {h.tube for h in history}
    pool = [
        item
        for item in bank
        if item.tube not in answered_tubes
        and item.skill not in excluded_skills
        and (item.accessible or not accessibility_adjustment)
    ]
    visited = {h.competence for h in history}
    unvisited = [item for item in pool if item.competence not in visited]
    # A competence with nothing left to ask cannot be visited; do not stall on it.
    if unvisited:
        pool = unvisited
    recent = {h.competence for h in history[-RECENT_COMPETENCES:]}
    fresh = [item for item in pool if item.competence not in recent]
    return fresh or pool


def rank_candidates(
    bank: Iterable[Item],
    history: Sequence[Placed],
    capacity: float,
    *,
    accessibility_adjustment: bool = False,
    excluded_skills: frozenset[str] = frozenset(),
    count: int = CANDIDATE_COUNT,
) -> tuple[Candidate, ...]:
    """Return the best ``count`` eligible items, most informative first (before the draw).

    Filters, in order: tubes already answered, skills of validated alerts and (with an
    accessibility adjustment) non-accessible items are removed outright; then, if any
    unvisited competence still has an item, only unvisited competences are kept; then the
    competences of the last two answers are removed unless that leaves nothing.

    Ties in information are broken by item id (ascending), so the ranking is a pure function
    of the bank, the history and the capacity.
    """
    pool = _eligible(bank, history, accessibility_adjustment, excluded_skills)
    # Inlined information(): this loop runs over the whole bank at every answer.
    keyed = []
    for index, item in enumerate(pool):
        a = item.discriminant
        p = probability(a, item.difficulty, capacity)
        keyed.append((-(p * (1.0 - p) * a * a), item.id, index))
    best = heapq.nsmallest(count, keyed)
    return tuple(Candidate(pool[index], -negated) for negated, _, index in best)


def cascade_probabilities(
    count: int, probability_first: float = CASCADE_PROBABILITY
) -> tuple[float, ...]:
    """Return the chance of each rank being drawn: p, (1 − p)·p, …, the last takes the rest."""
    if count <= 0:
        return ()
    chances = [probability_first * (1.0 - probability_first) ** k for k in range(count - 1)]
    return (*chances, (1.0 - probability_first) ** (count - 1))


def cascade_index(u: float, count: int, probability_first: float = CASCADE_PROBABILITY) -> int:
    """Return the rank drawn by the uniform ``u`` in [0, 1) among ``count`` candidates.

    One uniform walks the cumulative chances; this is the same law as flipping a 51 % coin per
    rank, but always consumes exactly one random number per choice, which keeps replays aligned.
    """
    cumulative = 0.0
    for index, chance in enumerate(cascade_probabilities(count, probability_first)[:-1]):
        cumulative += chance
        if u < cumulative:
            return index
    return count - 1


def choose_next(
    bank: Iterable[Item],
    history: Sequence[Placed],
    capacity: float,
    rng: random.Random,
    *,
    accessibility_adjustment: bool = False,
    excluded_skills: frozenset[str] = frozenset(),
) -> Item | None:
    """Choose the next question, or None when no item is eligible.

    Args:
        bank: every item of the bank.
        history: the questions already answered, in order (validated alerts excluded).
        capacity: the current capacity estimate.
        rng: the draw's source; exactly one ``rng.random()`` is used when an item is returned.
        accessibility_adjustment: keep only accessible items.
        excluded_skills: skills of questions whose alert was validated.
    """
    ranked = rank_candidates(
        bank,
        history,
        capacity,
        accessibility_adjustment=accessibility_adjustment,
        excluded_skills=excluded_skills,
    )
    if not ranked:
        return None
    return ranked[cascade_index(rng.random(), len(ranked))].item


# --------------------------------------------------------------------------- test


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Settings of a v3 test; the defaults are the certification ones (RULES §5).

    ``duration_minutes`` is informational (overtime is flagged); ``hard_stop`` is pixdesk's
    optional stop at the end of that duration, applied by the services, not here.
    """

    max_questions: int = 32
    min_answers: int = 20
    start_capacity: float = -3.0
    variation_percent: float | None = 0.5
    duration_minutes: int = 105
    hard_stop: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.min_answers <= self.max_questions:
            raise ValueError("need 0 < min_answers <= max_questions")
        if self.duration_minutes <= 0:
            raise ValueError("duration_minutes must be positive")
        if self.variation_percent is not None and self.variation_percent <= 0:
            raise ValueError("variation_percent must be positive or None")


@dataclass(frozen=True, slots=True)
class GivenAnswer:
    """One answered question; ``simulated`` marks the wrong answers of the early-leave rule."""

    item: Item
    status: AnswerStatus
    simulated: bool = False


@dataclass(frozen=True, slots=True)
class AlertValidated:
    """A replay step: the invigilator validated an alert on the current question."""


def draw_rng(seed: int, draw: int) -> random.Random:
    """Return the generator of the ``draw``-th choice of the test seeded ``seed``.

    Each choice gets its own generator derived from (seed, draw) rather than sharing one
    mutable generator: the state stays an immutable value, a resumed station needs only the
    seed and the draw count, and string seeds hash with SHA-512 so every Python gives the
    same sequence.
    """
    # Not a secret: fairness of the draw matters, unpredictability does not.
    return random.Random(f"pixdesk-v3/{seed}/{draw}")  # noqa: S311


@dataclass(frozen=True, slots=True)
class AdaptiveTest:
    """The state of one candidate's v3 test; every move returns a new state.

    Build it with :meth:`start`, then call :meth:`answer` or :meth:`validate_alert` for the
    question in :attr:`current` (None once the test is over or the bank has nothing left).
    """

    bank: tuple[Item, ...] = field(repr=False, compare=False)
    seed: int
    config: EngineConfig
    accessibility_adjustment: bool
    answers: tuple[GivenAnswer, ...]
    excluded_skills: frozenset[str]
    current: Item | None
    draws: int
    estimator: CapacityEstimator = field(repr=False)

    @classmethod
    def start(
        cls,
        bank: Sequence[Item],
        seed: int,
        config: EngineConfig | None = None,
        *,
        accessibility_adjustment: bool = False,
    ) -> AdaptiveTest:
        """Return a new test with its first question chosen."""
        config = config or EngineConfig()
        state = cls(
            bank=tuple(bank),
            seed=seed,
            config=config,
            accessibility_adjustment=accessibility_adjustment,
            answers=(),
            excluded_skills=frozenset(),
            current=None,
            draws=0,
            estimator=CapacityEstimator.start(config.start_capacity, config.variation_percent),
        )
        return state._advance()

    @property
    def estimate(self) -> CapacityEstimate:
        """Return the capacity and error rate after the answers so far."""
        return self.estimator.estimate

    @property
    def capacity(self) -> float:
        """Return the current capacity."""
        return self.estimator.estimate.capacity

    @property
    def answer_count(self) -> int:
        """Return how many questions were answered (simulated ones included)."""
        return len(self.answers)

    @property
    def history(self) -> tuple[Item, ...]:
        """Return the answered items, in order."""
        return tuple(a.item for a in self.answers)

    @property
    def is_finished(self) -> bool:
        """Return whether no question is left to ask."""
        return self.current is None

    def answer(self, status: AnswerStatus) -> AdaptiveTest:
        """Return the state after ``status`` on the current question and the next choice."""
        if self.current is None:
            raise ValueError("the test is finished")
        return self._record(self.current, status)._advance()

    def validate_alert(self) -> AdaptiveTest:
        """Return the state after a validated alert on the current question.

        The question does not count; its skill is excluded and another question replaces it.
        """
        if self.current is None:
            raise ValueError("the test is finished")
        excluded = self.excluded_skills | {self.current.skill}
        return replace(self, excluded_skills=excluded)._advance()

    def ranked(self, count: int = CANDIDATE_COUNT) -> tuple[Candidate, ...]:
        """Return the candidates of the next choice at the current capacity, best first."""
        return rank_candidates(
            self.bank,
            self.history,
            self.capacity,
            accessibility_adjustment=self.accessibility_adjustment,
            excluded_skills=self.excluded_skills,
            count=count,
        )

    def _record(self, item: Item, status: AnswerStatus, simulated: bool = False) -> AdaptiveTest:
        estimator = self.estimator.add(item.discriminant, item.difficulty, status.is_correct)
        given = GivenAnswer(item, status, simulated)
        return replace(self, answers=(*self.answers, given), estimator=estimator, current=None)

    def _advance(self) -> AdaptiveTest:
        if self.answer_count >= self.config.max_questions:
            return replace(self, current=None)
        item = choose_next(
            self.bank,
            self.history,
            self.capacity,
            draw_rng(self.seed, self.draws),
            accessibility_adjustment=self.accessibility_adjustment,
            excluded_skills=self.excluded_skills,
        )
        return replace(self, current=item, draws=self.draws + 1)


class ReplayMismatchError(ValueError):
    """The replayed choice differs from the item the journal says was asked."""

    def __init__(self, step: int, expected: str, actual: str | None) -> None:
        super().__init__(f"step {step}: journal has {expected}, replay chose {actual}")
        self.step = step
        self.expected = expected
        self.actual = actual


def replay(
    bank: Sequence[Item],
    seed: int,
    steps: Iterable[AnswerStatus | AlertValidated],
    config: EngineConfig | None = None,
    *,
    accessibility_adjustment: bool = False,
    item_ids: Sequence[str] | None = None,
) -> AdaptiveTest:
    """Rebuild a test from its seed and the outcome of each question, in order.

    Args:
        bank: the item bank the test ran on.
        seed: the test's seed.
        steps: for each question shown, its answer status or :class:`AlertValidated`.
        config: the engine settings (certification defaults when None).
        accessibility_adjustment: the candidate's adjustment.
        item_ids: the item ids the journal recorded for each step; when given, each replayed
            choice is checked against it.

    Raises:
        ReplayMismatchError: a replayed choice differs from ``item_ids``.
        ValueError: a step comes after the end of the test.
    """
    test = AdaptiveTest.start(bank, seed, config, accessibility_adjustment=accessibility_adjustment)
    for index, step in enumerate(steps):
        if item_ids is not None:
            chosen = test.current.id if test.current is not None else None
            if index >= len(item_ids) or chosen != item_ids[index]:
                expected = item_ids[index] if index < len(item_ids) else "<nothing>"
                raise ReplayMismatchError(index, expected, chosen)
        test = test.validate_alert() if isinstance(step, AlertValidated) else test.answer(step)
    return test


def with_early_leave_penalty(test: AdaptiveTest) -> AdaptiveTest:
    """Return the test completed as RULES §5 scores a candidate who left early.

    With at least ``min_answers`` answers, every missing question up to ``max_questions`` is
    counted wrong, each on the most informative eligible item at the running capacity (rank 1,
    no draw). The question on screen when the candidate left is not kept: the rule picks its
    own items. Below ``min_answers`` the test is returned unchanged (it cannot be scored).
    """
    if test.answer_count < test.config.min_answers:
        return test
    state = replace(test, current=None)
    while state.answer_count < state.config.max_questions:
        best = state.ranked(count=1)
        if not best:
            break
        state = state._record(best[0].item, AnswerStatus.KO, simulated=True)
    return state
