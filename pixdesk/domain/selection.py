"""Engine v3, the choice: which item to ask next (RULES.md §5).

:func:`rank_candidates` applies the eligibility filters and ranks what is left by Fisher
information at the current capacity; :func:`choose_next` draws among the best five with the
51 % cascade. Randomness comes in as a seeded :class:`random.Random`.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pixdesk.domain.estimator import probability
from pixdesk.domain.items import Item

__all__ = [
    "CANDIDATE_COUNT",
    "CASCADE_PROBABILITY",
    "RECENT_COMPETENCES",
    "Asked",
    "Candidate",
    "Placed",
    "cascade_index",
    "cascade_probabilities",
    "choose_next",
    "information",
    "rank_candidates",
]

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
