"""A synthetic, deterministic item bank for tests, benchmarks and the demo.

Items are spread round-robin over the 16 competences, then over the tubes of a competence,
then over levels 1–6, so any bank of at least 16 × tubes × 6 items has every skill. Names
follow Pix's shape: tube ``@tube1_1_a`` (competence 1.1, tube a), skill ``@tube1_1_a3``.
Difficulty is ``level − 3.5`` plus a little noise, which matches the mesh of
:data:`pixdesk.domain.scoring.DEMO_SCORING`.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence

from pixdesk.domain.items import Item, ItemType, Solution
from pixdesk.domain.referential import COMPETENCE_CODES

LEVELS = (1, 2, 3, 4, 5, 6)
DISCRIMINANT_RANGE = (0.8, 2.5)
DIFFICULTY_NOISE = 0.3  # standard deviation around level − 3.5
_TYPES = tuple(ItemType)
_PROPOSALS = ("1", "2", "3", "4")


def _solution(kind: ItemType, rng: random.Random) -> tuple[Solution, tuple[str, ...]]:
    """Return a simple correct solution of type ``kind`` and its proposal keys."""
    if kind is ItemType.QCU:
        return Solution(choices=frozenset({rng.choice(_PROPOSALS)})), _PROPOSALS
    if kind is ItemType.QCM:
        return Solution(choices=frozenset(rng.sample(_PROPOSALS, 2))), _PROPOSALS
    if kind is ItemType.QROC:
        return Solution(variants={"answer": ("navigateur", "un navigateur")}), ()
    if kind is ItemType.QROC_NUM:
        return Solution(variants={"answer": (str(rng.randint(2, 99)),)}), ()
    if kind is ItemType.QROCM_IND:
        return Solution(variants={"extension": ("pdf",), "taille": ("2", "2 Mo")}), ()
    pool = ("rouge", "vert", "bleu")
    return Solution(variants={"couleur1": pool, "couleur2": pool}, expected_count=2), ()


def generate_bank(
    seed: int,
    size: int = 320,
    *,
    tubes_per_competence: int = 4,
    accessible_share: float = 0.4,
    timed_share: float = 0.1,
    focused_share: float = 0.1,
    competences: Sequence[str] = COMPETENCE_CODES,
) -> tuple[Item, ...]:
    """Return ``size`` items generated from ``seed`` (same seed, same bank).

    Args:
        seed: the generator's seed.
        size: how many items.
        tubes_per_competence: tubes per competence (at most 26, named a, b, c…).
        accessible_share: the share of items usable with an accessibility adjustment.
        timed_share: the share of timed items.
        focused_share: the share of focused items.
        competences: the competences to cover (all 16 by default).
    """
    if not 1 <= tubes_per_competence <= len(string.ascii_lowercase):
        raise ValueError("tubes_per_competence must be 1–26")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, nothing secret
    items: list[Item] = []
    for index in range(size):
        code = competences[index % len(competences)]
        rank = index // len(competences)
        tube = (
            f"@tube{code.replace('.', '_')}_{string.ascii_lowercase[rank % tubes_per_competence]}"
        )
        level = LEVELS[(rank // tubes_per_competence) % len(LEVELS)]
        kind = _TYPES[rng.randrange(len(_TYPES))]
        solution, proposals = _solution(kind, rng)
        items.append(
            Item(
                id=f"rec{seed:04d}{index:05d}",
                competence=code,
                tube=tube,
                skill=f"{tube}{level}",
                level=level,
                type=kind,
                discriminant=rng.uniform(*DISCRIMINANT_RANGE),
                difficulty=level - 3.5 + rng.gauss(0.0, DIFFICULTY_NOISE),
                solution=solution,
                proposals=proposals,
                accessible=rng.random() < accessible_share,
                timer_seconds=rng.choice((60, 90, 120)) if rng.random() < timed_share else None,
                focused=rng.random() < focused_share,
                has_image=rng.random() < 0.2,
                has_embed=rng.random() < 0.05,
                has_attachment=rng.random() < 0.1,
            )
        )
    return tuple(items)
