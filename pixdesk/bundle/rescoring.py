"""Results from the journals by the domain engine: computed by the client, checked on the platform.

The same function computes a candidate's result on the console (the bundle's
``results.json``) and again on the platform, from the signed journals; stage 7 of
verification refuses any difference. What can be checked depends on what the verifier holds:

* always: the candidate exists, the number of answers and the count of each status;
* with ``seed`` and ``bank_id`` on ``test.started`` and the bank itself: the whole test is
  replayed (each journaled item must be the one the engine draws) and scored again; the
  score, level, capacity, competence levels, outcome and penalty must be the client's.
  Engine v2 (``test.started`` ``engine`` ``"v2"``) also needs the ``positioning_profile``
  journaled there: its questions are picked again from it and the seed, and the test is
  scored by ``score_legacy`` (level and capacity are then 0: v2 has neither).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.model import CandidateResult, Score, SessionData, StationJournal
from pixdesk.bundle.policy import BankResolver
from pixdesk.bundle.trails import Answer, Trail, TrailConflict, collect_trails, status_of
from pixdesk.domain.adaptive import AdaptiveTest
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.domain.legacy_test import ENGINE_V2, LegacyTest
from pixdesk.domain.samplebank import generate_bank
from pixdesk.domain.scoring import score_test

MICRO = 1_000_000
_SAMPLE_BANK = re.compile(r"sample:([0-9]{1,9}):([0-9]{1,4})")


class Rescore(StrEnum):
    """How far a candidate's result could be checked."""

    FULL = "full"  # replayed and scored again from the journal
    COUNTS = "counts"  # answers and statuses counted; not scored again (see the reason)


class Gap(StrEnum):
    """Why a result was not scored again."""

    NO_TEST_START = "no_test_start"
    NO_SEED = "no_seed"
    ENGINE_NOT_V3 = "engine_not_v3"  # an engine this verifier does not know (not v3 or v2)
    NO_BANK = "no_bank"
    NO_PROFILE = "no_profile"  # engine v2 without its positioning profile


@dataclass(frozen=True, slots=True)
class CandidateCheck:
    """The outcome of checking one candidate's result."""

    candidate_id: str
    level: Rescore
    gap: Gap | None = None
    score: Score | None = None  # what the verifier computed, when it could


class ReplayMismatch(ValueError):
    """The journal's items are not what the engine draws from its seed."""


def sample_banks(bank_id: str) -> Sequence[Item] | None:
    """Resolve ``sample:<seed>:<size>``, the synthetic bank of tests, benches and the demo."""
    match = _SAMPLE_BANK.fullmatch(bank_id)
    if match is None:
        return None
    return _sample_bank(int(match.group(1)), int(match.group(2)))


@functools.lru_cache(maxsize=8)
def _sample_bank(seed: int, size: int) -> tuple[Item, ...]:
    return generate_bank(seed, size)


def compute_result(
    trail: Trail, abort_reason: AbortReason | None, banks: BankResolver | None
) -> tuple[CandidateResult, Gap | None]:
    """Return a candidate's result from the trail, scored when possible, and why not.

    Raises:
        ReplayMismatch: the journal's items cannot come from the engine.
        ValueError: a status is not a known code.
    """
    statuses: Counter[str] = Counter()
    for answer in trail.answers:
        status = status_of(answer.status)
        if status is None:
            raise ValueError(f"unknown status {answer.status!r}")
        statuses[status.value] += 1
    score, gap = _score(trail, abort_reason, banks)
    return CandidateResult(trail.candidate_id, len(trail.answers), dict(statuses), score), gap


def client_results(
    journals: Sequence[StationJournal], session: SessionData, banks: BankResolver | None
) -> tuple[CandidateResult, ...]:
    """Compute the results a console puts in its bundle: one per candidate who answered.

    Raises:
        TrailConflict, ReplayMismatch, ValueError: the journals cannot be scored.
    """
    reasons = _abort_reasons(session)
    trails = collect_trails(journals)
    return tuple(
        compute_result(trail, reasons.get(candidate), banks)[0]
        for candidate, trail in trails.items()
        if trail.answers
    )


def check_results(
    results: Sequence[CandidateResult],
    journals: Sequence[StationJournal],
    session: SessionData,
    banks: BankResolver | None,
) -> tuple[CandidateCheck, ...]:
    """Check the client's results against the journals (verification stage 7).

    Raises:
        BundleError: ``RESULTS_INCONSISTENT`` naming the candidate and the field.
    """
    try:
        trails = collect_trails(journals)
        reasons = _abort_reasons(session)
    except TrailConflict as exc:
        _inconsistent(exc.candidate_id, "answers", str(exc))
    except ValueError as exc:
        _inconsistent("", "abort_reason", str(exc))
    known = set(session.candidate_ids())
    by_id = {result.candidate_id: result for result in results}
    for candidate in sorted(set(trails).union(by_id) - known):
        _inconsistent(candidate, "candidate", "not a candidate of the session")
    for candidate, trail in trails.items():
        if trail.answers and candidate not in by_id:
            _inconsistent(candidate, "missing", "answers in the journal but no result")
    checks = []
    for result in results:
        trail = trails.get(result.candidate_id, Trail(result.candidate_id))
        try:
            mine, gap = compute_result(trail, reasons.get(result.candidate_id), banks)
        except ReplayMismatch as exc:
            _inconsistent(result.candidate_id, "items", str(exc))
        except ValueError as exc:
            _inconsistent(result.candidate_id, "status", str(exc))
        if result.answer_count != mine.answer_count:
            _inconsistent(result.candidate_id, "answer_count", str(mine.answer_count))
        if dict(result.statuses) != dict(mine.statuses):
            _inconsistent(result.candidate_id, "statuses", str(dict(mine.statuses)))
        if mine.score is not None and result.score is not None and mine.score != result.score:
            _inconsistent(result.candidate_id, "score", str(mine.score.score))
        level = Rescore.FULL if mine.score is not None else Rescore.COUNTS
        checks.append(CandidateCheck(result.candidate_id, level, gap, mine.score))
    return tuple(checks)


def _score(
    trail: Trail, abort_reason: AbortReason | None, banks: BankResolver | None
) -> tuple[Score | None, Gap | None]:
    start = trail.start
    if start is None:
        return None, Gap.NO_TEST_START
    if start.engine not in ("v3", ENGINE_V2):
        return None, Gap.ENGINE_NOT_V3
    if start.seed is None or start.bank_id is None:
        return None, Gap.NO_SEED
    if start.engine == ENGINE_V2 and start.profile is None:
        return None, Gap.NO_PROFILE
    bank = banks(start.bank_id) if banks is not None else None
    if bank is None:
        return None, Gap.NO_BANK
    if start.profile is not None and start.engine == ENGINE_V2:
        return _legacy_score(trail, bank, start.seed, start.profile, abort_reason), None
    test = _replay(trail, bank, start.seed, start.accessibility_adjustment)
    scored = score_test(test, abort_reason)
    return (
        Score(
            engine="v3",
            outcome=scored.outcome.value,
            score=scored.score,
            level=int(scored.level),
            capacity_micro=round(scored.capacity * MICRO),
            competence_levels=dict(scored.competence_levels),
            penalised=scored.penalised,
        ),
        None,
    )


def _replay(trail: Trail, bank: Sequence[Item], seed: int, adjustment: bool) -> AdaptiveTest:
    # A validated alert replaces the question on screen at that index: its replacement is
    # the answer journaled at the same index (docs/bundle-format.md §7).
    test = AdaptiveTest.start(bank, seed, accessibility_adjustment=adjustment)
    pending = dict(trail.validated_alerts)
    for answer in trail.answers:
        for _ in range(pending.pop(answer.question_index, 0)):
            if test.current is None:
                raise ReplayMismatch(f"alert after the end, question {answer.question_index}")
            test = test.validate_alert()
        chosen = test.current.id if test.current is not None else None
        test = test.answer(_status_if_drawn(answer, chosen, "the engine draws"))
    return test


def _legacy_score(
    trail: Trail,
    bank: Sequence[Item],
    seed: int,
    profile: PositioningProfile,
    abort_reason: AbortReason | None,
) -> Score:
    test = _replay_legacy(trail, bank, seed, profile)
    result = test.score(abort_reason)
    return Score(
        engine=ENGINE_V2,
        outcome=result.status.value,
        score=result.pix_score,
        level=0,
        capacity_micro=0,
        competence_levels={c.competence: c.level for c in result.competences},
        penalised=False,
    )


def _replay_legacy(
    trail: Trail, bank: Sequence[Item], seed: int, profile: PositioningProfile
) -> LegacyTest:
    # The v2 list is fixed by the profile and the seed; a validated alert replaces the
    # question at its index by another of the same competence (or neutralises it and moves
    # on when the bank has none left: that index then has no answer).
    start = trail.start
    adjustment = start.accessibility_adjustment if start is not None else False
    test = LegacyTest.start(bank, profile, seed, accessibility_adjustment=adjustment)
    if start is not None and start.item_ids is not None:
        picked = tuple(item.id for item in test.questions)
        if start.item_ids != picked:
            raise ReplayMismatch(f"v2 list: journal has {start.item_ids}, picking gives {picked}")
    answers = {answer.question_index: answer for answer in trail.answers}
    pending = dict(trail.validated_alerts)
    while test.current is not None and (answers or pending):
        index = test.answer_count
        for _ in range(pending.pop(index, 0)):
            if test.answer_count != index or test.current is None:
                raise ReplayMismatch(f"alert after question {index} was neutralised")
            test = test.validate_alert()
        if test.answer_count != index:
            continue  # neutralised by the alert: the next question takes its place
        answer = answers.pop(index, None)
        if answer is None:
            break
        test = _legacy_answer(test, answer)
    if answers or pending:
        raise ReplayMismatch(f"answers or alerts beyond the v2 list: {sorted(answers)}")
    return test


def _legacy_answer(test: LegacyTest, answer: Answer) -> LegacyTest:
    chosen = test.current.id if test.current is not None else None
    return test.answer(_status_if_drawn(answer, chosen, "the v2 list has"))


def _status_if_drawn(answer: Answer, chosen: str | None, source: str) -> AnswerStatus:
    """Return the answer's status once its item is the one the engine puts on screen.

    Raises:
        ReplayMismatch: The journal answered another item than ``chosen``.
        ValueError: The status is not one the journal may hold.
    """
    if chosen != answer.item_id:
        raise ReplayMismatch(
            f"question {answer.question_index}: journal has {answer.item_id}, {source} {chosen}"
        )
    status = status_of(answer.status)
    if status is None:
        raise ValueError(f"unknown status {answer.status!r}")
    return status


def _abort_reasons(session: SessionData) -> Mapping[str, AbortReason]:
    return {candidate: AbortReason(code) for candidate, code in session.abort_reasons().items()}


def _inconsistent(candidate: str, field_name: str, detail: str) -> NoReturn:
    raise BundleError(
        BundleErrorCode.RESULTS_INCONSISTENT,
        f"{candidate}: {field_name}: {detail}",
        candidate=candidate,
        field=field_name,
    )
