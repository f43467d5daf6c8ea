"""The legacy engine (v2), the picking: three questions per certifiable competence.

RULES.md §6. Decision where RULES is silent (pixdesk): picking gives the level priority over
the tube: every skill of the highest level is tried (new tubes first) before descending. One
question per skill.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from typing import Final

from pixdesk.domain.items import Item
from pixdesk.domain.legacy_profile import (
    CompetenceProfile,
    PositioningProfile,
    ValidatedSkill,
    certifiable_competences,
    entries_in_order,
)

__all__ = ["QUESTIONS_PER_COMPETENCE", "pick_questions"]

QUESTIONS_PER_COMPETENCE: Final = 3


def pick_questions(
    profile: PositioningProfile,
    bank: Sequence[Item],
    rng: random.Random,
    *,
    exclude_ids: Collection[str] = (),
) -> dict[str, tuple[Item, ...]]:
    """Pick up to three questions per certifiable competence, keyed in referential order.

    Args:
        profile: The candidate's positioning profile.
        bank: The item bank; items match a validated skill by competence and skill name.
        rng: The injected randomness; the same seed gives the same questions whatever the
            order of ``bank`` and of the profile's skills.
        exclude_ids: Items never to pick (e.g. those seen during positioning).

    Returns:
        The questions of each certifiable competence (fewer than three when the bank lacks
        items for its validated skills).
    """
    pools: dict[tuple[str, str], list[Item]] = {}
    seen: set[str] = set()
    for item in sorted(bank, key=lambda i: i.id):
        if item.id not in seen:  # a duplicated id must not be asked twice
            seen.add(item.id)
            pools.setdefault((item.competence, item.skill), []).append(item)
    taken = set(exclude_ids)
    return {
        entry.competence: _pick_for(entry, pools, taken, rng)
        for entry in entries_in_order(profile, certifiable_competences(profile))
    }


def _pick_for(
    entry: CompetenceProfile,
    pools: dict[tuple[str, str], list[Item]],
    taken: set[str],
    rng: random.Random,
) -> tuple[Item, ...]:
    def available(skill: ValidatedSkill) -> list[Item]:
        pool = pools.get((entry.competence, skill.skill), [])
        return [i for i in pool if i.id not in taken]

    picked: list[Item] = []
    used_tubes: set[str] = set()
    skills = sorted(set(entry.skills), key=lambda s: (-s.level, s.skill, s.tube))
    for level in sorted({s.level for s in skills}, reverse=True):
        left = [s for s in skills if s.level == level]
        while len(picked) < QUESTIONS_PER_COMPETENCE:
            open_skills = [s for s in left if available(s)]
            if not open_skills:
                break
            fresh = [s for s in open_skills if s.tube not in used_tubes]
            skill = rng.choice(fresh or open_skills)
            left.remove(skill)
            item = rng.choice(available(skill))
            picked.append(item)
            taken.add(item.id)
            used_tubes.update((skill.tube, item.tube))
    return tuple(picked)
