"""The legacy engine (v2): certify a positioning profile with three questions per competence.

RULES.md §6 and the v2 part of §9. Decisions where RULES is silent (pixdesk):

- Percents are whole numbers rounded half up (79.5 % → 80 %), computed with integers so that
  no float error moves a candidate across a boundary. Bands: ``≥ 80``, ``70 ≤ r < 80``,
  ``< 70``; all competences are rejected when that rounded rate is ``< 50``.
- The 66 % share of non-neutralised questions is compared exactly, without rounding
  (31 of 47 = 65.96 % cancels).
- Cancellation is checked before rejection: a mostly neutralised test is a technical failure,
  not the candidate's. A test whose competences earn 0 pix in total is rejected (as in v3).
- The rule table is complete for 1–3 questions: with neutralised questions removed it gives
  the same verdict as the row with ``asked − neutralised`` questions and none neutralised
  (a tested property). A certifiable competence that got no question is not certified; more
  than three questions, or counts that do not add up, are errors.
- A neutralised question never counts as correct, whatever its status; ``partially`` is not
  correct. A downgraded level-1 competence ends at level 0 and keeps ``pix − 8`` pix (≥ 0).
- Levels and pix of the profile are capped at the configured maximum level.
- Picking (:mod:`pixdesk.domain.legacy_picking`) and the positioning profile
  (:mod:`pixdesk.domain.legacy_profile`) live apart; their public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.legacy_picking import QUESTIONS_PER_COMPETENCE, pick_questions
from pixdesk.domain.legacy_profile import (
    MIN_CERTIFIABLE_COMPETENCES,
    CompetenceProfile,
    PositioningProfile,
    ValidatedSkill,
    certifiable_competences,
    entries_in_order,
    is_certifiable,
)
from pixdesk.domain.referential import COMPETENCE_CODES, MAX_LEVEL

__all__ = [
    "ANY",
    "CANCELLATION_BELOW_PERCENT",
    "MIN_CERTIFIABLE_COMPETENCES",
    "PIX_PER_LEVEL",
    "QUESTIONS_PER_COMPETENCE",
    "REJECTION_BELOW_PERCENT",
    "RULE_TABLE",
    "CompetenceProfile",
    "CompetenceResult",
    "LegacyAnswer",
    "LegacyResult",
    "LegacyStatus",
    "PositioningProfile",
    "RateBand",
    "ValidatedSkill",
    "Verdict",
    "certifiable_competences",
    "competence_verdict",
    "finalise_answers",
    "is_certifiable",
    "pick_questions",
    "rate_band",
    "reproducibility_rate",
    "score_legacy",
    "too_many_neutralised",
]

PIX_PER_LEVEL: Final = 8
REJECTION_BELOW_PERCENT: Final = 50
CANCELLATION_BELOW_PERCENT: Final = 66


class Verdict(StrEnum):
    """What RULES §6 does to a competence's positioning level."""

    KEEP = "V"  # keep the level
    DOWNGRADE = "D"  # level − 1 and − 8 pix
    UNCERTIFIED = "U"  # not certified


class RateBand(StrEnum):
    """The reproducibility-rate columns of the rule table."""

    HIGH = ">=80"
    MEDIUM = "70-80"
    LOW = "<70"


class LegacyStatus(StrEnum):
    """Global outcome of a v2 certification."""

    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


ANY: Final = "any"  # the "any" of the neutralised column

_V, _D, _U = Verdict.KEEP, Verdict.DOWNGRADE, Verdict.UNCERTIFIED
_BANDS: Final = (RateBand.HIGH, RateBand.MEDIUM, RateBand.LOW)

# RULES §6, row for row: (asked, correct, neutralised) → verdicts for ≥ 80, 70–80, < 70.
RULE_TABLE: Final[dict[tuple[int, int, int | str], tuple[Verdict, Verdict, Verdict]]] = {
    (3, 3, 0): (_V, _V, _V),
    (3, 2, 0): (_V, _D, _D),
    (3, 2, 1): (_V, _V, _V),
    (3, 1, 0): (_U, _U, _U),
    (3, 1, 1): (_V, _D, _U),
    (3, 1, 2): (_V, _V, _D),
    (3, 0, ANY): (_U, _U, _U),
    (2, 2, 0): (_V, _V, _V),
    (2, 1, 0): (_V, _D, _U),
    (2, 1, 1): (_V, _V, _D),
    (2, 0, ANY): (_U, _U, _U),
    (1, 1, 0): (_V, _V, _D),
    (1, 0, ANY): (_U, _U, _U),
}


@dataclass(frozen=True, slots=True)
class LegacyAnswer:
    """One asked question of a v2 test; ``status`` is None while it is unanswered."""

    item_id: str
    competence: str
    status: AnswerStatus | None
    neutralised: bool = False

    @property
    def counts_as_correct(self) -> bool:
        """Tell whether the answer is right and counts (a neutralised one never does)."""
        return not self.neutralised and self.status is AnswerStatus.OK


@dataclass(frozen=True, slots=True)
class CompetenceResult:
    """The verdict on one tested competence and the level and pix it certifies."""

    competence: str
    asked: int
    correct: int
    neutralised: int
    verdict: Verdict
    level: int  # 0 when not certified
    pix: int


@dataclass(frozen=True, slots=True)
class LegacyResult:
    """The outcome of a v2 certification."""

    status: LegacyStatus
    reproducibility_rate: int | None  # None when no question counts
    pix_score: int
    max_score: int
    competences: tuple[CompetenceResult, ...]  # tested or certifiable ones, referential order

    def level_of(self, code: str) -> int | None:
        """Return the certified level of ``code``; None when not tested or not valid."""
        if self.status is not LegacyStatus.VALIDATED:
            return None
        found = next((c for c in self.competences if c.competence == code), None)
        if found is None or found.verdict is Verdict.UNCERTIFIED or found.level < 1:
            return None
        return found.level


def reproducibility_rate(correct: int, counted: int) -> int:
    """Return ``correct ÷ counted`` as a percent rounded half up (1/8 → 13, not 12)."""
    if counted <= 0 or not 0 <= correct <= counted:
        raise ValueError(f"bad counts: {correct} correct of {counted}")
    return (200 * correct + counted) // (2 * counted)


def rate_band(rate: int) -> RateBand:
    """Return the table column of a rounded rate: 80 is ``≥ 80``, 70 is ``70–80``."""
    if rate >= 80:
        return RateBand.HIGH
    return RateBand.MEDIUM if rate >= 70 else RateBand.LOW


def too_many_neutralised(asked: int, neutralised: int) -> bool:
    """Tell whether fewer than 66 % of the questions remain (exact, no rounding)."""
    return (asked - neutralised) * 100 < CANCELLATION_BELOW_PERCENT * asked


def competence_verdict(asked: int, correct: int, neutralised: int, band: RateBand) -> Verdict:
    """Return the RULES §6 verdict for one competence's counts in a rate band."""
    possible = min(correct, neutralised) >= 0 and correct + neutralised <= asked
    if not possible or asked > QUESTIONS_PER_COMPETENCE:
        raise ValueError(f"impossible counts: {asked} asked, {correct} ok, {neutralised} n")
    if asked == 0:
        return Verdict.UNCERTIFIED
    row = RULE_TABLE.get((asked, correct, neutralised)) or RULE_TABLE[(asked, correct, ANY)]
    return row[_BANDS.index(band)]


def finalise_answers(
    answers: Sequence[LegacyAnswer], abort_reason: str
) -> tuple[LegacyAnswer, ...]:
    """End an unfinished test: unanswered questions become skipped or neutralised (RULES §9).

    Args:
        answers: Every question of the test, unanswered ones with ``status=None``.
        abort_reason: ``"candidate"`` (they become skipped) or ``"technical"`` (they become
            skipped and neutralised).

    Raises:
        ValueError: For any other abort reason.
    """
    technical = AbortReason(abort_reason) is AbortReason.TECHNICAL
    return tuple(
        a
        if a.status is not None
        else replace(a, status=AnswerStatus.SKIPPED, neutralised=a.neutralised or technical)
        for a in answers
    )


def score_legacy(
    profile: PositioningProfile,
    answers: Sequence[LegacyAnswer],
    *,
    max_level: int = MAX_LEVEL,
) -> LegacyResult:
    """Turn a finished (or finalised) v2 test into certified levels and a pix score.

    Args:
        profile: The positioning profile the questions were picked from.
        answers: Every asked question, answered or neutralised.
        max_level: The highest level that can be certified (8 pix per level).

    Raises:
        ValueError: On an unanswered question (finalise first), a competence missing from
            the profile, or more than three questions in a competence.
    """
    if not 1 <= max_level <= MAX_LEVEL:
        raise ValueError(f"max_level out of range: {max_level}")
    max_score = len(COMPETENCE_CODES) * PIX_PER_LEVEL * max_level
    if any(a.status is None for a in answers):
        raise ValueError("unanswered question: finalise the test first")
    tested = {a.competence for a in answers}
    if missing := tested - {c.competence for c in profile.competences}:
        raise ValueError(f"answers for competences outside the profile: {sorted(missing)}")
    asked = len(answers)
    neutralised = sum(a.neutralised for a in answers)
    correct = sum(a.counts_as_correct for a in answers)
    rate = reproducibility_rate(correct, asked - neutralised) if asked > neutralised else None
    band = rate_band(rate) if rate is not None else RateBand.LOW
    entries = entries_in_order(profile, tested | set(certifiable_competences(profile)))
    results = tuple(_certify(e, answers, band, max_level) for e in entries)
    if asked and too_many_neutralised(asked, neutralised):
        status = LegacyStatus.CANCELLED
    elif rate is None or rate < REJECTION_BELOW_PERCENT:
        status = LegacyStatus.REJECTED
    else:
        total = sum(r.pix for r in results)
        status = LegacyStatus.VALIDATED if total > 0 else LegacyStatus.REJECTED
    if status is not LegacyStatus.VALIDATED:
        # Nothing is certified, but the counts stay visible for the jury.
        results = tuple(replace(r, verdict=Verdict.UNCERTIFIED, level=0, pix=0) for r in results)
    return LegacyResult(status, rate, sum(r.pix for r in results), max_score, results)


def _certify(
    entry: CompetenceProfile, answers: Sequence[LegacyAnswer], band: RateBand, max_level: int
) -> CompetenceResult:
    mine = [a for a in answers if a.competence == entry.competence]
    asked, correct = len(mine), sum(a.counts_as_correct for a in mine)
    neutralised = sum(a.neutralised for a in mine)
    verdict = competence_verdict(asked, correct, neutralised, band)
    level, pix = min(entry.level, max_level), min(entry.pix, PIX_PER_LEVEL * max_level)
    if verdict is Verdict.DOWNGRADE:
        level, pix = max(level - 1, 0), max(pix - PIX_PER_LEVEL, 0)
    elif verdict is Verdict.UNCERTIFIED:
        level, pix = 0, 0
    return CompetenceResult(entry.competence, asked, correct, neutralised, verdict, level, pix)
