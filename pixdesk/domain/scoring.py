"""Scoring of the v3 test: capacity → pix, levels and outcome (RULES.md §5).

The capacity intervals ("mesh") are configuration shipped with an item bank. The national
values are not public; :data:`DEMO_SCORING` holds pixdesk's own, matched to the demo bank of
:mod:`pixdesk.domain.samplebank` (difficulty ≈ skill level − 3.5).

Per-competence levels (RULES is silent, **pixdesk choice**): the certificate's level of each
competence is read from the *global* capacity through that competence's own mesh when the
bank ships one (``ScoringConfig.competence_meshes``), else through the global mesh — so by
default every competence shows the global mesh level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from itertools import pairwise

from pixdesk.domain.adaptive import AdaptiveTest, with_early_leave_penalty
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.referential import COMPETENCE_CODES

MAX_SCORE = 895
MESH_LEVELS = 8


@dataclass(frozen=True, slots=True)
class CapacityInterval:
    """A half-open capacity interval [minimum, maximum)."""

    minimum: float
    maximum: float

    def __post_init__(self) -> None:
        if not self.minimum < self.maximum:
            raise ValueError(f"empty interval [{self.minimum}, {self.maximum})")


Mesh = tuple[CapacityInterval, ...]


def _check_contiguous(mesh: Mesh) -> None:
    if not mesh:
        raise ValueError("a mesh needs at least one interval")
    for lower, upper in pairwise(mesh):
        if lower.maximum != upper.minimum:
            raise ValueError("mesh intervals must be contiguous and increasing")


def mesh_from_bounds(*bounds: float) -> Mesh:
    """Return the contiguous mesh whose interval edges are ``bounds``, in increasing order."""
    return tuple(CapacityInterval(lo, hi) for lo, hi in pairwise(bounds))


def mesh_level(capacity: float, mesh: Mesh) -> int:
    """Return the index of the interval holding ``capacity``; 0 below, the last index above."""
    if capacity < mesh[0].minimum:
        return 0
    for index, interval in enumerate(mesh):
        if capacity < interval.maximum:
            return index
    return len(mesh) - 1


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """The capacity mesh and the pix formula of RULES §5.

    In interval i, score = floor(weight_i × (coef_i + (θ − min_i)/(max_i − min_i))). The
    default weights and coefficients make the bands join exactly (interval i starts where
    interval i − 1 ends: 0, 64, 128, 256 … 768) and the last one tend to 896 at its top, so
    its highest reachable score is 895, which is also the score above the mesh.
    """

    mesh: Mesh
    weights: tuple[int, ...] = (64, 64, 128, 128, 128, 128, 128, 128)
    coefficients: tuple[int, ...] = (0, 1, 1, 2, 3, 4, 5, 6)
    competence_meshes: Mapping[str, Mesh] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not len(self.mesh) == len(self.weights) == len(self.coefficients) == MESH_LEVELS:
            raise ValueError(f"need {MESH_LEVELS} intervals, weights and coefficients")
        _check_contiguous(self.mesh)
        for mesh in self.competence_meshes.values():
            _check_contiguous(mesh)
        bands = [w * c for w, c in zip(self.weights, self.coefficients, strict=True)]
        ends = [w * (c + 1) for w, c in zip(self.weights, self.coefficients, strict=True)]
        if bands[0] != 0 or bands[1:] != ends[:-1] or ends[-1] != MAX_SCORE + 1:
            raise ValueError(f"score bands must join from 0 up to {MAX_SCORE}")


DEMO_SCORING = ScoringConfig(mesh=mesh_from_bounds(-4.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5))


def score_from_capacity(capacity: float, config: ScoringConfig = DEMO_SCORING) -> int:
    """Return the pix score (0–895) of ``capacity``."""
    mesh = config.mesh
    if capacity < mesh[0].minimum:
        return 0
    if capacity >= mesh[-1].maximum:
        return MAX_SCORE
    index = mesh_level(capacity, mesh)
    interval = mesh[index]
    share = (capacity - interval.minimum) / (interval.maximum - interval.minimum)
    weight, coefficient = config.weights[index], config.coefficients[index]
    # share < 1, but coef + share can round up to coef + 1 a hair under the bound: keep the
    # score in its own band so that the score's level and the mesh level always agree.
    return min(math.floor(weight * (coefficient + share)), weight * (coefficient + 1) - 1)


class GlobalLevel(IntEnum):
    """The certificate's global level; PRE_BEGINNER is not shown."""

    PRE_BEGINNER = 0
    BEGINNER_1 = 1
    BEGINNER_2 = 2
    INDEPENDENT_3 = 3
    INDEPENDENT_4 = 4
    ADVANCED_5 = 5
    ADVANCED_6 = 6
    EXPERT_7 = 7

    @property
    def shown(self) -> bool:
        """Return whether the certificate prints this level."""
        return self is not GlobalLevel.PRE_BEGINNER


# The first score of each level, RULES §5.
_LEVEL_FLOORS = (0, 64, 128, 256, 384, 512, 640, 768)


def global_level(score: int) -> GlobalLevel:
    """Return the global level of a pix score (0–895)."""
    if not 0 <= score <= MAX_SCORE:
        raise ValueError(f"score out of range: {score}")
    level = sum(1 for floor in _LEVEL_FLOORS[1:] if score >= floor)
    return GlobalLevel(level)


def competence_levels(capacity: float, config: ScoringConfig = DEMO_SCORING) -> dict[str, int]:
    """Return the certificate level of each of the 16 competences (see the module docstring)."""
    return {
        code: mesh_level(capacity, config.competence_meshes.get(code, config.mesh))
        for code in COMPETENCE_CODES
    }


class Outcome(StrEnum):
    """The certification status of a candidate (same codes as ``results.CertificateStatus``)."""

    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


def outcome(
    answer_count: int, score: int, abort_reason: AbortReason | None, min_answers: int = 20
) -> Outcome:
    """Return the outcome: too few answers → rejected (cancelled if technical); 0 pix → rejected."""
    if answer_count < min_answers:
        return Outcome.CANCELLED if abort_reason is AbortReason.TECHNICAL else Outcome.REJECTED
    return Outcome.REJECTED if score == 0 else Outcome.VALIDATED


@dataclass(frozen=True, slots=True)
class CertificationScore:
    """Everything the certificate and the results CSV need from a v3 test."""

    outcome: Outcome
    capacity: float
    score: int
    level: GlobalLevel
    competence_levels: Mapping[str, int]
    answer_count: int  # real answers, the simulated ones of the early-leave rule excluded
    penalised: bool


def score_test(
    test: AdaptiveTest,
    abort_reason: AbortReason | None = None,
    config: ScoringConfig = DEMO_SCORING,
) -> CertificationScore:
    """Score a finished or abandoned v3 test.

    A test the candidate left (``abort_reason`` CANDIDATE) gets the early-leave rule; a
    technical abort scores what was answered (RULES §9).
    """
    answered = sum(1 for given in test.answers if not given.simulated)
    if abort_reason is AbortReason.CANDIDATE:
        test = with_early_leave_penalty(test)
    capacity = test.capacity
    score = score_from_capacity(capacity, config)
    return CertificationScore(
        outcome=outcome(answered, score, abort_reason, test.config.min_answers),
        capacity=capacity,
        score=score,
        level=global_level(score),
        competence_levels=competence_levels(capacity, config),
        answer_count=answered,
        penalised=any(given.simulated for given in test.answers),
    )
