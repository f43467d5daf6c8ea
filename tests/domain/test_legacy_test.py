"""Engine v2 as a test moving one answer at a time (:class:`LegacyTest`): the fixed list,
replacements after a validated alert, neutralisation, accessible items, determinism."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.items import AnswerStatus, Item, ItemType
from pixdesk.domain.legacy import (
    CompetenceProfile,
    LegacyAnswer,
    LegacyStatus,
    PositioningProfile,
    ValidatedSkill,
    pick_questions,
    score_legacy,
)
from pixdesk.domain.legacy_test import LegacyTest, legacy_rng
from pixdesk.domain.referential import COMPETENCE_CODES

OK, KO = AnswerStatus.OK, AnswerStatus.KO
# Listed out of referential order on purpose: the test asks them in referential order.
TESTED = ("3.1", "1.2", "5.1", "1.1", "2.3")
SKILLS = tuple(
    ValidatedSkill(f"@{tube}{level}", f"@{tube}", level)
    for tube, level in (("a", 4), ("b", 4), ("c", 4), ("d", 4), ("e", 3), ("a", 3))
)


def _item(code: str, skill: ValidatedSkill, n: int, *, accessible: bool = False) -> Item:
    return Item(
        id=f"{code}{skill.skill}#{n}",
        competence=code,
        tube=skill.tube,
        skill=skill.skill,
        level=skill.level,
        type=ItemType.QCU,
        discriminant=1.0,
        difficulty=0.0,
        accessible=accessible,
    )


def _profile(
    skills: Sequence[ValidatedSkill] = SKILLS, codes: Sequence[str] = TESTED
) -> PositioningProfile:
    return PositioningProfile(tuple(CompetenceProfile(c, 4, 32, tuple(skills)) for c in codes))


def _bank(
    skills: Sequence[ValidatedSkill] = SKILLS, per_skill: int = 2, codes: Sequence[str] = TESTED
) -> list[Item]:
    # Every other item is accessible, so that both kinds exist for every skill.
    return [
        _item(code, skill, n, accessible=n % 2 == 1)
        for code in codes
        for skill in skills
        for n in range(per_skill)
    ]


def _ids(items: Sequence[Item]) -> list[str]:
    return [item.id for item in items]


# ---------------------------------------------------------------- the list


def test_the_list_is_three_questions_per_competence_in_referential_order() -> None:
    """RULES §6: three questions per certifiable competence, asked competence by competence."""
    test = LegacyTest.start(_bank(), _profile(), seed=11)
    codes = [item.competence for item in test.questions]
    expected_order = [c for c in COMPETENCE_CODES if c in TESTED]
    assert codes == [c for c in expected_order for _ in range(3)]
    assert test.total == 15
    assert len(set(_ids(test.questions))) == 15
    # The list is the picking's, drawn with the test's seed (draw 0), flattened in order.
    picked = pick_questions(_profile(), _bank(), legacy_rng(11, 0))
    assert _ids(test.questions) == [i.id for items in picked.values() for i in items]


def test_an_uncertified_competence_gets_no_question() -> None:
    """RULES §6: questions only for the certifiable competences (level ≥ 1)."""
    profile = PositioningProfile((*_profile().competences, CompetenceProfile("4.1", 0, 0, SKILLS)))
    test = LegacyTest.start(_bank(codes=(*TESTED, "4.1")), profile, seed=3)
    assert "4.1" not in {item.competence for item in test.questions}
    assert test.total == 15


def test_a_bank_without_matching_items_gives_an_empty_finished_test() -> None:
    test = LegacyTest.start(_bank(codes=("4.2",)), _profile(), seed=3)
    assert test.total == 0
    assert test.current is None
    assert test.is_finished


# ---------------------------------------------------------------- answer_count and current


def test_answer_count_is_the_index_of_the_question_on_screen() -> None:
    test = LegacyTest.start(_bank(), _profile(), seed=5)
    assert (test.answer_count, test.current) == (0, test.questions[0])
    assert not test.is_finished
    moved = test.answer(OK)
    assert test.answer_count == 0  # a new state each move: the old one is untouched
    assert moved.answer_count == 1
    assert moved.current == moved.questions[1]
    assert moved.answers == (LegacyAnswer(test.questions[0].id, test.questions[0].competence, OK),)


def test_the_test_finishes_after_the_last_question_and_refuses_more() -> None:
    test = LegacyTest.start(_bank(), _profile(), seed=5)
    for _ in range(test.total):
        test = test.answer(KO)
    assert test.answer_count == test.total
    assert test.current is None
    assert test.is_finished
    with pytest.raises(ValueError, match="finished"):
        test.answer(OK)
    with pytest.raises(ValueError, match="finished"):
        test.validate_alert()


def test_answers_keep_their_status_and_competence() -> None:
    test = LegacyTest.start(_bank(), _profile(), seed=8)
    statuses = [OK, KO, AnswerStatus.SKIPPED, AnswerStatus.TIMED_OUT, AnswerStatus.PARTIALLY]
    for status in statuses:
        test = test.answer(status)
    assert [a.status for a in test.answers] == statuses
    assert [a.item_id for a in test.answers] == _ids(test.questions[:5])
    assert [a.competence for a in test.answers] == [i.competence for i in test.questions[:5]]


# ---------------------------------------------------------------- validated alerts


def test_s6_a_validated_alert_replaces_the_question_within_its_competence() -> None:
    """RULES §6 three questions per competence, kept after a validated alert (RULES §4)."""
    test = LegacyTest.start(_bank(per_skill=3), _profile(), seed=21)
    test = test.answer(OK)
    flagged = test.current
    assert flagged is not None
    after = test.validate_alert()
    substitute = after.current
    assert substitute is not None
    assert after.answer_count == 1  # the same question index, another item
    assert after.total == test.total
    assert substitute.competence == flagged.competence
    assert substitute.id not in _ids(test.questions)
    assert substitute.skill != flagged.skill
    assert after.replaced == (flagged.id,)
    assert after.excluded_skills == {flagged.skill}
    assert after.draws == 1
    # Only that question changed.
    assert _ids(after.questions[:1]) == _ids(test.questions[:1])
    assert _ids(after.questions[2:]) == _ids(test.questions[2:])


def test_s6_replacements_never_repeat_an_item_or_a_flagged_skill_then_neutralise() -> None:
    """RULES §6: alert after alert on the same question, each replacement is new, in the same
    competence, of a skill not yet flagged; when none is left the question is neutralised."""
    test = LegacyTest.start(_bank(per_skill=2), _profile(), seed=4)
    first = test.current
    assert first is not None
    code = first.competence
    seen_items = set(_ids(test.questions))
    flagged_skills: list[str] = []
    while test.answer_count == 0:
        current = test.current
        assert current is not None
        assert current.competence == code
        assert current.skill not in flagged_skills
        flagged_skills.append(current.skill)
        test = test.validate_alert()
        if test.answer_count == 0:
            replacement = test.current
            assert replacement is not None
            assert replacement.id not in seen_items
            seen_items.add(replacement.id)
    # Six skills in the competence, the other two questions hold two of them: four flagged.
    others = {item.skill for item in test.questions[1:3]}
    assert len(flagged_skills) == len(SKILLS) - len(others) == 4
    assert not others & set(flagged_skills)
    (neutralised,) = test.answers
    assert neutralised.neutralised
    assert neutralised.status is None
    assert neutralised.competence == code
    assert test.current == test.questions[1]  # the test moved on


def test_s6_with_no_other_item_in_the_competence_the_question_is_neutralised() -> None:
    """RULES §6: a question that cannot be replaced is neutralised and does not count."""
    skills = SKILLS[:3]
    test = LegacyTest.start(_bank(skills, per_skill=1), _profile(skills), seed=9)
    flagged = test.current
    assert flagged is not None
    after = test.validate_alert()
    assert after.questions == test.questions  # nothing to replace it with
    assert after.answers == (LegacyAnswer(flagged.id, flagged.competence, None, neutralised=True),)
    assert after.answer_count == 1
    assert after.current == test.questions[1]
    assert after.replaced == (flagged.id,)
    # The neutralised question is skipped and neutralised at the end; it never counts.
    for _ in range(after.total - 1):
        after = after.answer(OK)
    final = after.final_answers(None)
    assert final[0] == LegacyAnswer(flagged.id, flagged.competence, AnswerStatus.SKIPPED, True)
    result = after.score()
    assert result.reproducibility_rate == 100  # 14 of 14 counted, the neutralised one left out
    assert result.status is LegacyStatus.VALIDATED


def test_s6_a_replacement_skips_items_of_the_skill_still_in_the_list() -> None:
    """RULES §6: one question per skill; a replacement never takes a skill already asked."""
    test = LegacyTest.start(_bank(per_skill=4), _profile(), seed=30)
    for _ in range(3):
        test = test.validate_alert()
        block = test.questions[:3]
        assert len({item.skill for item in block}) == 3
        assert len({item.id for item in block}) == 3


# ---------------------------------------------------------------- accessibility


def test_s6_an_accessibility_adjustment_gets_accessible_items_only() -> None:
    """RULES §6 picking (and RULES §3's adjustment): only accessible items, replacements too."""
    test = LegacyTest.start(_bank(per_skill=4), _profile(), seed=13, accessibility_adjustment=True)
    assert test.total == 15
    assert all(item.accessible for item in test.questions)
    for _ in range(3):
        test = test.validate_alert()
        assert test.current is not None
        assert test.current.accessible
    plain = LegacyTest.start(_bank(per_skill=4), _profile(), seed=13)
    assert not all(item.accessible for item in plain.questions)


def test_an_accessibility_adjustment_without_accessible_items_gives_no_question() -> None:
    bank = [item for item in _bank() if not item.accessible]
    test = LegacyTest.start(bank, _profile(), seed=13, accessibility_adjustment=True)
    assert test.total == 0


# ---------------------------------------------------------------- determinism


def _walk(bank: Sequence[Item], seed: int) -> tuple[list[str], list[str]]:
    test = LegacyTest.start(bank, _profile(), seed)
    start = _ids(test.questions)
    test = test.answer(OK).validate_alert().validate_alert().answer(KO)
    test = test.answer(OK).answer(OK).validate_alert()
    return start, _ids(test.questions)


def test_s6_the_same_seed_gives_the_same_list_and_the_same_replacements() -> None:
    """RULES §6 picking, replayable: the seed fixes the list and every replacement."""
    bank = _bank(per_skill=3)
    first = _walk(bank, 77)
    assert _walk(bank, 77) == first
    shuffled = list(bank)
    random.Random(1).shuffle(shuffled)
    assert _walk(shuffled, 77) == first  # whatever the order of the bank
    assert len({tuple(_walk(bank, seed)[0]) for seed in range(12)}) > 1  # the seed matters
    assert len({tuple(_walk(bank, seed)[1]) for seed in range(12)}) > 1


def test_replacement_draws_are_independent_generators() -> None:
    assert legacy_rng(5, 1).random() == legacy_rng(5, 1).random()
    assert legacy_rng(5, 1).random() != legacy_rng(5, 2).random()
    assert legacy_rng(5, 0).random() != legacy_rng(6, 0).random()


# ---------------------------------------------------------------- finalisation and score


def test_s9_unreached_questions_follow_the_abort_reason() -> None:
    """RULES §9 for v2: skipped after a candidate abort, skipped and neutralised after a
    technical one; no reason counts as a candidate abort."""
    test = LegacyTest.start(_bank(), _profile(), seed=2).answer(OK).answer(KO)
    for reason in (None, AbortReason.CANDIDATE):
        final = test.final_answers(reason)
        assert len(final) == 15
        assert [a.status for a in final[2:]] == [AnswerStatus.SKIPPED] * 13
        assert not any(a.neutralised for a in final)
    technical = test.final_answers(AbortReason.TECHNICAL)
    assert all(a.neutralised and a.status is AnswerStatus.SKIPPED for a in technical[2:])
    assert [a.status for a in technical[:2]] == [OK, KO]
    assert test.score(AbortReason.TECHNICAL).status is LegacyStatus.CANCELLED


def test_the_score_is_score_legacy_of_the_final_answers() -> None:
    test = LegacyTest.start(_bank(), _profile(), seed=6)
    statuses = [OK, OK, KO] * 5
    for status in statuses:
        test = test.answer(status)
    answers = [
        LegacyAnswer(item.id, item.competence, status)
        for item, status in zip(test.questions, statuses, strict=True)
    ]
    assert test.score() == score_legacy(_profile(), answers)
    assert test.score().status is LegacyStatus.VALIDATED
