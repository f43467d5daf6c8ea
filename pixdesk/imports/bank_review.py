"""Review of a bank's content, for its authors: what it covers, and what looks wrong.

Counts items per competence and level, per type and per flag, and reports as problems:
items whose stem repeats another's (exactly once normalised, or nearly: most of their word
triples shared), items with two proposals saying the same thing, and items whose own solution
is not graded OK.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from pixdesk.domain.items import ItemType, Treatments
from pixdesk.domain.text import strip_accents, treat
from pixdesk.imports.bank_format import ParsedBank
from pixdesk.imports.bank_grading import self_grading_failures
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode

NEAR_DUPLICATE_SHARE = 0.8  # Jaccard index of the stems' word triples
_MIN_SHINGLES = 4  # shorter stems are compared exactly only
_NORMALISE = Treatments(t1=True, t2=True, t3=False)


@dataclass(frozen=True, slots=True)
class BankReview:
    """What :func:`review_bank` found."""

    item_count: int
    by_competence_level: Mapping[tuple[str, int], int] = field(hash=False)
    by_type: Mapping[ItemType, int] = field(hash=False)
    timed: int
    focused: int
    with_attachment: int
    with_image: int
    accessible: int
    translated: int
    problems: tuple[BankProblem, ...]

    @property
    def accessible_share(self) -> float:
        """Return the share of items flagged accessible (0–1)."""
        return self.accessible / self.item_count if self.item_count else 0.0


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = "".join(c if c.isalnum() else " " for c in strip_accents(text.lower())).split()
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def _duplicates(bank: ParsedBank) -> list[BankProblem]:
    problems = []
    stems = {item.id: bank.content(item.id).stem.fr for item in bank.items}
    seen: dict[str, str] = {}
    for item_id, stem in stems.items():
        key = treat(stem, _NORMALISE)
        if key in seen:
            problems.append(BankProblem(BankProblemCode.DUPLICATE_STEM, item_id, detail=seen[key]))
        else:
            seen[key] = item_id
    shingles = {i: s for i, stem in stems.items() if len(s := _shingles(stem)) >= _MIN_SHINGLES}
    exact = {p.item for p in problems}
    for (first, a), (second, b) in combinations(shingles.items(), 2):
        if second in exact or first in exact:
            continue
        if len(a & b) >= NEAR_DUPLICATE_SHARE * len(a | b):
            problems.append(BankProblem(BankProblemCode.NEAR_DUPLICATE_STEM, second, detail=first))
    for item in bank.items:
        # Case and spacing only: punctuation tells "énergie solaire" from '"énergie solaire"'.
        texts = [" ".join(p.text.fr.casefold().split()) for p in bank.content(item.id).proposals]
        if len(set(texts)) != len(texts):
            problems.append(BankProblem(BankProblemCode.DUPLICATE_PROPOSAL, item.id))
    return problems


def review_bank(bank: ParsedBank) -> BankReview:
    """Count what the bank covers and list its content problems."""
    items = bank.items
    problems = _duplicates(bank)
    for item in items:
        problems += [
            BankProblem(BankProblemCode.SELF_GRADING_FAILED, item.id, detail=failed)
            for failed in self_grading_failures(item)
        ]
    return BankReview(
        item_count=len(items),
        by_competence_level=Counter((i.competence, i.level) for i in items),
        by_type=Counter(i.type for i in items),
        timed=sum(i.timed for i in items),
        focused=sum(i.focused for i in items),
        with_attachment=sum(i.has_attachment for i in items),
        with_image=sum(i.has_image for i in items),
        accessible=sum(i.accessible for i in items),
        translated=sum(bank.content(i.id).stem.en is not None for i in items),
        problems=tuple(problems),
    )
