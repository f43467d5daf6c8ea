"""Engine v2 as a test that moves one answer at a time, like engine v3's :class:`AdaptiveTest`.

The questions are fixed when the test starts: :func:`pick_questions` seeded by the test's seed
(three per certifiable competence, RULES.md §6), asked competence by competence in referential
order. The state is an immutable value rebuilt from the seed and the outcome of each question,
so a restarted station and the platform's re-scoring find the same list.

Decisions where RULES is silent (pixdesk):

- A candidate with an accessibility adjustment gets accessible items only (as in v3).
- A validated live alert (RULES §4) replaces the question by another one of the same
  competence, picked as the test's questions are (highest level first, new tubes first),
  never an item already in the test, never a skill the test already asks in that competence
  (one question per skill, as when picking) and never the skill of a question whose alert
  was validated. When the bank has none left, the question is neutralised (it does not count,
  RULES §6's rate and 66 % share then apply) and the test moves on to the next one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.legacy import LegacyAnswer, LegacyResult, finalise_answers, score_legacy
from pixdesk.domain.legacy_picking import pick_questions
from pixdesk.domain.legacy_profile import PositioningProfile

__all__ = ["ENGINE_V2", "LegacyTest", "legacy_rng"]

ENGINE_V2: Final = "v2"


def legacy_rng(seed: int, draw: int) -> random.Random:
    """Return the generator of the test's picking (``draw`` 0) and of each replacement."""
    # Not a secret: fairness of the draw matters, unpredictability does not.
    return random.Random(f"pixdesk-v2/{seed}/{draw}")  # noqa: S311


@dataclass(frozen=True, slots=True)
class LegacyTest:
    """One candidate's v2 test; every move returns a new state.

    Attributes:
        questions: The test's questions as they stand (replacements applied), in order.
        answers: One per question passed: answered, or neutralised by a validated alert.
        replaced: Ids of the items a validated alert replaced (never asked again).
        excluded_skills: Skills of the questions whose alert was validated.
        draws: Replacements drawn so far.
    """

    bank: tuple[Item, ...] = field(repr=False, compare=False)
    profile: PositioningProfile
    seed: int
    accessibility_adjustment: bool
    questions: tuple[Item, ...]
    answers: tuple[LegacyAnswer, ...] = ()
    replaced: tuple[str, ...] = ()
    excluded_skills: frozenset[str] = frozenset()
    draws: int = 0

    @classmethod
    def start(
        cls,
        bank: Sequence[Item],
        profile: PositioningProfile,
        seed: int,
        *,
        accessibility_adjustment: bool = False,
    ) -> LegacyTest:
        """Return a new test with its questions picked (none when the bank has no match)."""
        pool = tuple(i for i in bank if i.accessible or not accessibility_adjustment)
        picked = pick_questions(profile, pool, legacy_rng(seed, 0))
        questions = tuple(item for items in picked.values() for item in items)
        return cls(pool, profile, seed, accessibility_adjustment, questions)

    @property
    def total(self) -> int:
        """Return the number of questions of the test."""
        return len(self.questions)

    @property
    def answer_count(self) -> int:
        """Return the index of the question on screen (questions passed so far)."""
        return len(self.answers)

    @property
    def current(self) -> Item | None:
        """Return the question to answer now (None once every question is passed)."""
        return self.questions[self.answer_count] if self.answer_count < self.total else None

    @property
    def is_finished(self) -> bool:
        """Tell whether no question is left."""
        return self.current is None

    def answer(self, status: AnswerStatus) -> LegacyTest:
        """Return the state after ``status`` on the current question."""
        item = self._current()
        return replace(
            self, answers=(*self.answers, LegacyAnswer(item.id, item.competence, status))
        )

    def validate_alert(self) -> LegacyTest:
        """Return the state after a validated alert on the current question (module docstring)."""
        item = self._current()
        excluded = self.excluded_skills | {item.skill}
        state = replace(
            self,
            replaced=(*self.replaced, item.id),
            excluded_skills=excluded,
            draws=self.draws + 1,
        )
        substitute = state._substitute(item)
        if substitute is None:
            neutralised = LegacyAnswer(item.id, item.competence, None, neutralised=True)
            return replace(state, answers=(*state.answers, neutralised))
        index = self.answer_count
        questions = (*self.questions[:index], substitute, *self.questions[index + 1 :])
        return replace(state, questions=questions)

    def final_answers(self, abort_reason: AbortReason | None) -> tuple[LegacyAnswer, ...]:
        """Return every question's answer, unanswered ones finalised (RULES §9).

        Neutralised questions are skipped and neutralised; questions not reached are skipped
        (a candidate abort, or no abort reason: the test ended normally or is not finalised
        yet) or skipped and neutralised (a technical abort).
        """
        passed = tuple(
            replace(a, status=AnswerStatus.SKIPPED) if a.status is None else a for a in self.answers
        )
        left = tuple(LegacyAnswer(i.id, i.competence, None) for i in self.questions[len(passed) :])
        reason = abort_reason or AbortReason.CANDIDATE
        return finalise_answers((*passed, *left), reason.value)

    def score(self, abort_reason: AbortReason | None = None) -> LegacyResult:
        """Score the test as it stands (see :meth:`final_answers`)."""
        return score_legacy(self.profile, self.final_answers(abort_reason))

    def _current(self) -> Item:
        item = self.current
        if item is None:
            raise ValueError("the test is finished")
        return item

    def _substitute(self, item: Item) -> Item | None:
        entry = self.profile.get(item.competence)
        if entry is None:
            return None
        asked = {i.skill for i in self.questions if i.competence == item.competence}
        barred = self.excluded_skills | asked
        skills = tuple(s for s in entry.skills if s.skill not in barred)
        alone = PositioningProfile((replace(entry, skills=skills),))
        used = {i.id for i in self.questions} | set(self.replaced)
        picked = pick_questions(
            alone, self.bank, legacy_rng(self.seed, self.draws), exclude_ids=used
        )
        found = picked.get(item.competence, ())
        return found[0] if found else None
