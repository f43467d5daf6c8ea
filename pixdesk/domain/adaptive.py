"""Engine v3, the adaptive test: the state of one candidate's test (RULES.md §5).

:class:`AdaptiveTest` is an immutable state that moves one answer at a time; :func:`replay` and
:func:`with_early_leave_penalty` rebuild and complete it, which the platform also uses to
re-score. The estimate lives in :mod:`pixdesk.domain.estimator` (EAP on a fixed grid) and the
choice in :mod:`pixdesk.domain.selection` (filters, information ranking, 51 % cascade); their
public names are re-exported here, so this module stays the one import for the whole engine.
Everything is pure: randomness comes in as a seeded :class:`random.Random`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from pixdesk.domain.estimator import (
    ERROR_CLASS_INTERVAL,
    GRID,
    GRID_MAX,
    GRID_MIN,
    GRID_STEPS,
    NO_ANSWER_ERROR_RATE,
    PRIOR_VARIANCE,
    CapacityEstimate,
    CapacityEstimator,
    estimate_capacity,
    probability,
)
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.selection import (
    CANDIDATE_COUNT,
    CASCADE_PROBABILITY,
    RECENT_COMPETENCES,
    Asked,
    Candidate,
    Placed,
    cascade_index,
    cascade_probabilities,
    choose_next,
    information,
    rank_candidates,
)

__all__ = [
    "CANDIDATE_COUNT",
    "CASCADE_PROBABILITY",
    "ERROR_CLASS_INTERVAL",
    "GRID",
    "GRID_MAX",
    "GRID_MIN",
    "GRID_STEPS",
    "NO_ANSWER_ERROR_RATE",
    "PRIOR_VARIANCE",
    "RECENT_COMPETENCES",
    "AdaptiveTest",
    "AlertValidated",
    "Asked",
    "Candidate",
    "CapacityEstimate",
    "CapacityEstimator",
    "EngineConfig",
    "GivenAnswer",
    "Placed",
    "ReplayMismatchError",
    "cascade_index",
    "cascade_probabilities",
    "choose_next",
    "draw_rng",
    "estimate_capacity",
    "information",
    "probability",
    "rank_candidates",
    "replay",
    "with_early_leave_penalty",
]


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Settings of a v3 test; the defaults are the certification ones (RULES §5).

    ``duration_minutes`` is informational: :attr:`theoretical_duration` is the base the
    overtime flag is measured against (``ExamTiming(base_duration=…)``, extra time added on
    top); ``hard_stop`` is pixdesk's optional stop at the end of that duration, applied by the
    services, not here.
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

    @property
    def theoretical_duration(self) -> timedelta:
        """Return the theoretical duration before extra time (105 minutes by default)."""
        return timedelta(minutes=self.duration_minutes)


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
