"""Engine v3, the estimate: the capacity θ after a run of answers (RULES.md §5).

:func:`estimate_capacity` computes the expected a posteriori (EAP) capacity on a fixed grid;
:class:`CapacityEstimator` is its incremental form, one answer at a time, which the adaptive
test keeps in its state. Both rest on the 2PL :func:`probability`.

Everything here is pure arithmetic on floats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

__all__ = [
    "ERROR_CLASS_INTERVAL",
    "GRID",
    "GRID_MAX",
    "GRID_MIN",
    "GRID_STEPS",
    "NO_ANSWER_ERROR_RATE",
    "PRIOR_VARIANCE",
    "CapacityEstimate",
    "CapacityEstimator",
    "estimate_capacity",
    "probability",
]

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
