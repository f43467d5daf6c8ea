"""The legacy engine (v2): certifiability, picking, the RULES §6 table, pix score, finalisation."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pixdesk.domain.items import AnswerStatus, Item, ItemType
from pixdesk.domain.legacy import (
    RULE_TABLE,
    CompetenceProfile,
    LegacyAnswer,
    LegacyResult,
    LegacyStatus,
    PositioningProfile,
    RateBand,
    ValidatedSkill,
    Verdict,
    certifiable_competences,
    competence_verdict,
    finalise_answers,
    is_certifiable,
    pick_questions,
    rate_band,
    reproducibility_rate,
    score_legacy,
    too_many_neutralised,
)
from pixdesk.domain.referential import COMPETENCE_CODES

OK, KO = AnswerStatus.OK, AnswerStatus.KO
BANDS = {">=80": RateBand.HIGH, "70-80": RateBand.MEDIUM, "<70": RateBand.LOW}
# A rate well inside each band, for the end-to-end checks.
RATE_IN_BAND = {">=80": 90, "70-80": 75, "<70": 60}

# RULES.md §6 copied independently of the code under test: asked, correct, neutralised
# (None = "any"), then the verdicts for ≥ 80 %, 70–80 %, < 70 %.
RULES_6 = [
    (3, 3, 0, "VVV"),
    (3, 2, 0, "VDD"),
    (3, 2, 1, "VVV"),
    (3, 1, 0, "UUU"),
    (3, 1, 1, "VDU"),
    (3, 1, 2, "VVD"),
    (3, 0, None, "UUU"),
    (2, 2, 0, "VVV"),
    (2, 1, 0, "VDU"),
    (2, 1, 1, "VVD"),
    (2, 0, None, "UUU"),
    (1, 1, 0, "VVD"),
    (1, 0, None, "UUU"),
]


def _table_cases() -> list[object]:
    cases: list[object] = []
    for asked, correct, neutralised, verdicts in RULES_6:
        # "any" is every possible count, from none to all the questions.
        counts = range(asked + 1) if neutralised is None else [neutralised]
        for n in counts:
            for band, verdict in zip(BANDS, verdicts, strict=True):
                row = f"{asked}/{correct}/{'any' if neutralised is None else n}"
                case_id = f"RULES §6 table {row} n={n} {band}"
                cases.append(pytest.param(asked, correct, n, band, Verdict(verdict), id=case_id))
    return cases


TABLE_CASES = _table_cases()

TARGET = "1.1"  # the competence under test; the others fill in the rate
TARGET_LEVEL, TARGET_PIX = 3, 30


def _profile(
    levels: dict[str, int] | None = None, pix: dict[str, int] | None = None
) -> PositioningProfile:
    levels = levels if levels is not None else dict.fromkeys(COMPETENCE_CODES, 4)
    pix = pix or {}
    return PositioningProfile(
        tuple(CompetenceProfile(c, lvl, pix.get(c, lvl * 8 + 4)) for c, lvl in levels.items())
    )


def _answers(code: str, asked: int, correct: int, neutralised: int) -> list[LegacyAnswer]:
    """Questions of one competence: the correct ones, then the neutralised, then wrong ones."""
    statuses = [OK] * correct + [KO] * (asked - correct)
    return [
        LegacyAnswer(f"{code}-{i}", code, s, neutralised=correct <= i < correct + neutralised)
        for i, s in enumerate(statuses)
    ]


def _test_with_rate(asked: int, correct: int, neutralised: int, rate: int) -> list[LegacyAnswer]:
    """Give TARGET these counts and fill other competences so the whole test has ``rate``."""
    for fillers in range(15, 3, -1):
        for filler_correct in range(3 * fillers + 1):
            counted = asked - neutralised + 3 * fillers
            if reproducibility_rate(correct + filler_correct, counted) != rate:
                continue
            answers = _answers(TARGET, asked, correct, neutralised)
            left = filler_correct
            for code in COMPETENCE_CODES[1 : fillers + 1]:
                answers += _answers(code, 3, min(left, 3), 0)
                left -= min(left, 3)
            return answers
    raise AssertionError(f"no filler gives {rate} %")


def _score_target(answers: list[LegacyAnswer]) -> LegacyResult:
    levels = dict.fromkeys(COMPETENCE_CODES, 4) | {TARGET: TARGET_LEVEL}
    return score_legacy(_profile(levels, {TARGET: TARGET_PIX}), answers)


@pytest.mark.parametrize(("asked", "correct", "neutralised", "band", "expected"), TABLE_CASES)
def test_rule_table_lookup(
    asked: int, correct: int, neutralised: int, band: str, expected: Verdict
) -> None:
    """RULES §6 table: each row gives its verdict in each rate band."""
    assert competence_verdict(asked, correct, neutralised, BANDS[band]) is expected


@pytest.mark.parametrize(("asked", "correct", "neutralised", "band", "expected"), TABLE_CASES)
def test_rule_table_through_scoring(
    asked: int, correct: int, neutralised: int, band: str, expected: Verdict
) -> None:
    """RULES §6 table: a whole test applies the row to the level and pix of the competence."""
    answers = _test_with_rate(asked, correct, neutralised, RATE_IN_BAND[band])
    result = _score_target(answers)
    assert result.status is LegacyStatus.VALIDATED
    target = result.competences[0]
    assert (target.competence, target.asked, target.correct) == (TARGET, asked, correct)
    assert target.neutralised == neutralised
    assert target.verdict is expected
    level_pix = {
        Verdict.KEEP: (TARGET_LEVEL, TARGET_PIX),
        Verdict.DOWNGRADE: (TARGET_LEVEL - 1, TARGET_PIX - 8),
        Verdict.UNCERTIFIED: (0, 0),
    }
    assert (target.level, target.pix) == level_pix[expected]


def test_rule_table_in_code_is_the_rules_table() -> None:
    """RULES §6: the verdict table in the code is the RULES table, row for row."""
    expected = {
        (a, c, "any" if n is None else n): tuple(Verdict(v) for v in vs) for a, c, n, vs in RULES_6
    }
    assert expected == RULE_TABLE


def test_rule_table_covers_every_possible_count() -> None:
    for asked in (1, 2, 3):
        for correct in range(asked + 1):
            for neutralised in range(asked - correct + 1):
                for band in RateBand:
                    competence_verdict(asked, correct, neutralised, band)


def test_rule_table_treats_neutralised_questions_as_removed() -> None:
    """The documented reading: a row with n neutralised = the row with n fewer questions."""
    for (asked, correct, neutralised), _ in RULE_TABLE.items():
        if isinstance(neutralised, int) and neutralised and correct:
            for band in RateBand:
                with_n = competence_verdict(asked, correct, neutralised, band)
                assert with_n is competence_verdict(asked - neutralised, correct, 0, band)


@pytest.mark.parametrize(("asked", "correct", "neutralised"), [(4, 4, 0), (2, 2, 1), (3, -1, 0)])
def test_impossible_counts_are_refused(asked: int, correct: int, neutralised: int) -> None:
    with pytest.raises(ValueError, match="impossible"):
        competence_verdict(asked, correct, neutralised, RateBand.HIGH)


def test_a_certifiable_competence_without_questions_is_not_certified() -> None:
    assert competence_verdict(0, 0, 0, RateBand.HIGH) is Verdict.UNCERTIFIED
    answers = _test_with_rate(3, 3, 0, 90)
    result = _score_target([a for a in answers if a.competence != "1.2"])
    second = next(c for c in result.competences if c.competence == "1.2")
    assert (second.asked, second.verdict, second.pix) == (0, Verdict.UNCERTIFIED, 0)


@pytest.mark.parametrize(
    ("rate", "band"),
    [
        (100, RateBand.HIGH),
        (80, RateBand.HIGH),
        (79, RateBand.MEDIUM),
        (70, RateBand.MEDIUM),
        (69, RateBand.LOW),
        (0, RateBand.LOW),
    ],
)
def test_rate_band_boundaries(rate: int, band: RateBand) -> None:
    """RULES §6: the rate bands are ≥ 80 %, 70–80 % and < 70 % (80 is high, 70 is medium)."""
    assert rate_band(rate) is band


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (80, Verdict.KEEP),
        (79, Verdict.DOWNGRADE),
        (70, Verdict.DOWNGRADE),
        (69, Verdict.UNCERTIFIED),
    ],
)
def test_band_boundaries_through_scoring(rate: int, expected: Verdict) -> None:
    """RULES §6: row 2/1/0 (V D U) moves at 80 and at 70."""
    result = _score_target(_test_with_rate(2, 1, 0, rate))
    assert result.reproducibility_rate == rate
    assert result.competences[0].verdict is expected


@pytest.mark.parametrize(
    ("rate", "status"), [(49, LegacyStatus.REJECTED), (50, LegacyStatus.VALIDATED)]
)
def test_rejection_below_50_percent(rate: int, status: LegacyStatus) -> None:
    """RULES §6: a rate under 50 % rejects the test with 0 pix; 50 % is validated."""
    result = _score_target(_test_with_rate(3, 3, 0, rate))
    assert (result.reproducibility_rate, result.status) == (rate, status)
    if status is LegacyStatus.REJECTED:
        assert result.pix_score == 0
        assert all(c.verdict is Verdict.UNCERTIFIED for c in result.competences)
    else:
        assert result.pix_score > 0


@pytest.mark.parametrize(
    ("correct", "counted", "percent"),
    [
        (1, 8, 13),  # Python's round() would give 12 (half to even)
        (3, 8, 38),
        (99, 200, 50),
        (159, 200, 80),
        (139, 200, 70),
        (1, 3, 33),
        (2, 3, 67),
        (0, 5, 0),
        (5, 5, 100),
    ],
)
def test_reproducibility_rate_rounds_half_up(correct: int, counted: int, percent: int) -> None:
    """RULES §6: reproducibility rate = correct ÷ non-neutralised, percent rounded half up."""
    assert reproducibility_rate(correct, counted) == percent


@pytest.mark.parametrize(
    ("asked", "neutralised", "cancelled"),
    [(100, 35, True), (100, 34, False), (47, 16, True), (3, 1, False), (20, 7, True)],
)
def test_cancellation_below_66_percent_is_exact(
    asked: int, neutralised: int, cancelled: bool
) -> None:
    """RULES §6: 65 % cancels, 66 % does not; 31/47 = 65.96 % cancels although it rounds to 66."""
    assert too_many_neutralised(asked, neutralised) is cancelled


@pytest.mark.parametrize(
    ("neutralised", "status"), [(16, LegacyStatus.VALIDATED), (17, LegacyStatus.CANCELLED)]
)
def test_cancellation_through_scoring(neutralised: int, status: LegacyStatus) -> None:
    """RULES §6: 48 questions: 32 left (66.7 %) stands, 31 left (64.6 %) is cancelled."""
    answers: list[LegacyAnswer] = []
    for i, code in enumerate(COMPETENCE_CODES):
        answers += _answers(code, 3, 2 - (i == 0), 1 + (i == 0 and neutralised == 17))
    result = score_legacy(_profile(), answers)
    assert result.status is status
    assert (result.pix_score > 0) is (status is LegacyStatus.VALIDATED)


def test_cancellation_wins_over_rejection() -> None:
    """RULES §6: too few non-neutralised questions cancel the test even with a rate under 50 %."""
    answers: list[LegacyAnswer] = []
    for code in COMPETENCE_CODES[:5]:
        answers += _answers(code, 3, 0, 2)
    result = score_legacy(_profile(), answers)
    assert result.reproducibility_rate == 0
    assert result.status is LegacyStatus.CANCELLED


def test_all_neutralised_is_cancelled_without_a_rate() -> None:
    """RULES §6: every question neutralised cancels the test, with no rate and 0 pix."""
    answers = [a for code in COMPETENCE_CODES[:5] for a in _answers(code, 3, 0, 3)]
    result = score_legacy(_profile(), answers)
    assert (result.status, result.reproducibility_rate, result.pix_score) == (
        LegacyStatus.CANCELLED,
        None,
        0,
    )


def test_no_question_at_all_is_rejected() -> None:
    result = score_legacy(_profile(), [])
    assert (result.status, result.reproducibility_rate) == (LegacyStatus.REJECTED, None)


def test_zero_pix_is_rejected() -> None:
    """Level-1 competences downgraded to level 0 with 8 pix left nothing: rejected."""
    profile = _profile(dict.fromkeys(COMPETENCE_CODES[:5], 1), dict.fromkeys(COMPETENCE_CODES, 8))
    answers = [a for code in COMPETENCE_CODES[:5] for a in _answers(code, 3, 2, 0)]
    result = score_legacy(profile, answers)  # 10/15 = 67 % → row 3/2/0 gives D
    assert result.status is LegacyStatus.REJECTED
    assert result.pix_score == 0


def test_downgrade_from_level_1_is_not_a_valid_level() -> None:
    """RULES §6: D on a level-1 competence leaves level 0 (not certified) and 8 pix fewer."""
    levels = dict.fromkeys(COMPETENCE_CODES, 4) | {TARGET: 1}
    profile = _profile(levels, {TARGET: 12})
    result = score_legacy(profile, _test_with_rate(3, 2, 0, 75))
    target = result.competences[0]
    assert (target.verdict, target.level, target.pix) == (Verdict.DOWNGRADE, 0, 4)
    assert result.level_of(TARGET) is None
    assert result.level_of("1.2") == 4


def test_neutralised_correct_and_partially_answers_do_not_count_as_correct() -> None:
    """RULES §6: neither a neutralised correct answer nor a partial one counts as correct."""
    neutralised_ok = LegacyAnswer("a", TARGET, OK, neutralised=True)
    partially = LegacyAnswer("b", TARGET, AnswerStatus.PARTIALLY)
    assert not neutralised_ok.counts_as_correct
    assert not partially.counts_as_correct


def test_scoring_refuses_unanswered_questions_and_unknown_competences() -> None:
    with pytest.raises(ValueError, match="finalise"):
        score_legacy(_profile(), [LegacyAnswer("a", TARGET, None)])
    profile = _profile({"1.2": 3})
    with pytest.raises(ValueError, match="outside the profile"):
        score_legacy(profile, [LegacyAnswer("a", TARGET, OK)])


@pytest.mark.parametrize("certifiable", [4, 5])
def test_certifiable_needs_five_competences_at_level_1(certifiable: int) -> None:
    """RULES §6: a profile is certifiable with at least 5 competences at level ≥ 1."""
    levels = {c: (2 if i < certifiable else 0) for i, c in enumerate(COMPETENCE_CODES)}
    profile = _profile(levels)
    assert is_certifiable(profile) is (certifiable >= 5)
    assert certifiable_competences(profile) == COMPETENCE_CODES[:certifiable]


def test_profile_refuses_duplicates_and_unknown_codes() -> None:
    with pytest.raises(ValueError, match="twice"):
        PositioningProfile((CompetenceProfile("1.1", 1, 8), CompetenceProfile("1.1", 2, 16)))
    with pytest.raises(ValueError, match="unknown"):
        CompetenceProfile("9.9", 1, 8)
    with pytest.raises(ValueError, match="negative"):
        CompetenceProfile("1.1", -1, 8)


# ---------------------------------------------------------------- picking


def _item(code: str, skill: ValidatedSkill, n: int) -> Item:
    return Item(
        id=f"{code}{skill.skill}#{n}",
        competence=code,
        tube=skill.tube,
        skill=skill.skill,
        level=skill.level,
        type=ItemType.QCU,
        discriminant=1.0,
        difficulty=0.0,
    )


def _skills(*spec: tuple[str, int]) -> tuple[ValidatedSkill, ...]:
    return tuple(ValidatedSkill(f"{tube}{level}", tube, level) for tube, level in spec)


def _picking_setup(
    skills: tuple[ValidatedSkill, ...], per_skill: int = 2
) -> tuple[PositioningProfile, list[Item]]:
    entries = tuple(CompetenceProfile(c, 3, 28, skills) for c in COMPETENCE_CODES[:5])
    bank = [_item(e.competence, s, n) for e in entries for s in skills for n in range(per_skill)]
    return PositioningProfile(entries), bank


WIDE = _skills(("@a", 5), ("@b", 5), ("@c", 5), ("@d", 5), ("@a", 4), ("@e", 3), ("@f", 2))


def test_picks_three_questions_per_certifiable_competence(rng: random.Random) -> None:
    """RULES §6: three questions per certifiable competence, none for the others."""
    profile, bank = _picking_setup(WIDE)
    not_certifiable = CompetenceProfile("5.2", 0, 0, WIDE)
    profile = PositioningProfile((*profile.competences, not_certifiable))
    bank += [_item("5.2", s, 0) for s in WIDE]
    picks = pick_questions(profile, bank, rng)
    assert list(picks) == list(COMPETENCE_CODES[:5])
    for code, items in picks.items():
        assert len(items) == 3
        assert {i.competence for i in items} == {code}


def test_picks_from_the_highest_level_first(rng: random.Random) -> None:
    """RULES §6: questions are taken from the skills at the highest level reached."""
    profile, bank = _picking_setup(WIDE)
    for items in pick_questions(profile, bank, rng).values():
        assert [i.level for i in items] == [5, 5, 5]


def test_descends_to_lower_levels_when_the_highest_is_short(rng: random.Random) -> None:
    """RULES §6: when the highest level has too few skills, picking goes on at the levels below."""
    profile, bank = _picking_setup(_skills(("@a", 6), ("@b", 4), ("@c", 4), ("@d", 2)))
    for items in pick_questions(profile, bank, rng).values():
        assert [i.level for i in items] == [6, 4, 4]


def test_new_tubes_come_first() -> None:
    """RULES §6 new tubes first: @a5 and @a5bis share a tube, so one of them while @b, @c remain."""
    skills = (
        ValidatedSkill("@a5", "@a", 5),
        ValidatedSkill("@a5bis", "@a", 5),
        ValidatedSkill("@b5", "@b", 5),
        ValidatedSkill("@c5", "@c", 5),
    )
    profile, bank = _picking_setup(skills)
    for seed in range(30):
        for items in pick_questions(profile, bank, random.Random(seed)).values():
            assert len({i.tube for i in items}) == 3


def test_an_old_tube_is_reused_rather_than_asking_fewer_questions(rng: random.Random) -> None:
    """RULES §6: with no new tube left, an asked tube is reused rather than asking fewer."""
    skills = (ValidatedSkill("@a5", "@a", 5), ValidatedSkill("@a4", "@a", 4))
    profile, bank = _picking_setup(skills, per_skill=1)
    for items in pick_questions(profile, bank, rng).values():
        assert [i.skill for i in items] == ["@a5", "@a4"]  # fewer than 3: the bank is short


def test_never_picks_the_same_item_twice(rng: random.Random) -> None:
    profile, bank = _picking_setup(WIDE, per_skill=1)
    bank += bank  # a bank listing items twice must not make them asked twice
    excluded = {bank[0].id}
    picks = pick_questions(profile, bank, rng, exclude_ids=excluded)
    ids = [i.id for items in picks.values() for i in items]
    assert len(ids) == len(set(ids)) == 15
    assert not excluded & set(ids)


def test_a_skill_listed_twice_does_not_repeat_its_item(rng: random.Random) -> None:
    """The same skill under two tubes (a profile glitch) still has one item to give."""
    skills = (ValidatedSkill("@a5", "@a", 5), ValidatedSkill("@a5", "@z", 5))
    profile, bank = _picking_setup(skills[:1], per_skill=1)
    profile = PositioningProfile(
        tuple(CompetenceProfile(e.competence, 3, 28, skills) for e in profile.competences)
    )
    for items in pick_questions(profile, bank, rng).values():
        assert len(items) == 1


def test_picking_is_deterministic_given_the_seed() -> None:
    profile, bank = _picking_setup(WIDE, per_skill=4)
    first = pick_questions(profile, bank, random.Random(7))
    shuffled = list(reversed(bank))
    assert pick_questions(profile, shuffled, random.Random(7)) == first
    draws = {
        tuple(
            i.id
            for items in pick_questions(profile, bank, random.Random(s)).values()
            for i in items
        )
        for s in range(10)
    }
    assert len(draws) > 1  # the seed matters: the draw is not a fixed order


# ---------------------------------------------------------------- pix score


@st.composite
def _tests(draw: st.DrawFn) -> tuple[PositioningProfile, list[LegacyAnswer], int]:
    entries, answers = [], []
    for code in COMPETENCE_CODES:
        level = draw(st.integers(0, 10))
        entries.append(CompetenceProfile(code, level, draw(st.integers(0, 100))))
        asked = draw(st.integers(0, 3))
        correct = draw(st.integers(0, asked))
        neutralised = draw(st.integers(0, asked - correct))
        answers += _answers(code, asked, correct, neutralised)
    return PositioningProfile(tuple(entries)), answers, draw(st.integers(1, 8))


@settings(max_examples=60, deadline=None, database=None)
@given(_tests())
def test_pix_score_is_bounded(case: tuple[PositioningProfile, list[LegacyAnswer], int]) -> None:
    """RULES §6: 8 pix per level over 16 competences; the score is their sum, ≤ 128 × max level."""
    profile, answers, max_level = case
    result = score_legacy(profile, answers, max_level=max_level)
    assert result.max_score == 16 * 8 * max_level
    assert 0 <= result.pix_score <= result.max_score <= 1024
    assert result.pix_score == sum(c.pix for c in result.competences)
    for c in result.competences:
        assert 0 <= c.level <= max_level
        assert 0 <= c.pix <= 8 * max_level


def test_perfect_test_at_level_8_scores_1024() -> None:
    """RULES §6: 8 pix per level over 16 competences: a perfect test at level 8 scores 1024."""
    profile = _profile(dict.fromkeys(COMPETENCE_CODES, 8), dict.fromkeys(COMPETENCE_CODES, 64))
    answers = [a for code in COMPETENCE_CODES for a in _answers(code, 3, 3, 0)]
    result = score_legacy(profile, answers)
    assert (result.status, result.pix_score, result.max_score) == (
        LegacyStatus.VALIDATED,
        1024,
        1024,
    )


def test_maximum_level_is_configurable() -> None:
    """RULES §6: the maximum level is configurable (level 6 gives 768 pix; above 8 is refused)."""
    profile = _profile(dict.fromkeys(COMPETENCE_CODES, 8), dict.fromkeys(COMPETENCE_CODES, 64))
    answers = [a for code in COMPETENCE_CODES for a in _answers(code, 3, 3, 0)]
    result = score_legacy(profile, answers, max_level=6)
    assert (result.pix_score, result.max_score) == (768, 768)
    assert {c.level for c in result.competences} == {6}
    with pytest.raises(ValueError, match="max_level"):
        score_legacy(profile, answers, max_level=9)


# ---------------------------------------------------------------- finalisation


def _unfinished() -> list[LegacyAnswer]:
    return [
        LegacyAnswer("q1", TARGET, OK),
        LegacyAnswer("q2", TARGET, KO, neutralised=True),
        LegacyAnswer("q3", TARGET, None),
    ]


def test_candidate_abort_marks_unanswered_skipped() -> None:
    """RULES §9 (v2): a candidate abort marks the unanswered questions skipped, not neutralised."""
    done = finalise_answers(_unfinished(), "candidate")
    assert done[:2] == tuple(_unfinished()[:2])
    assert (done[2].status, done[2].neutralised) == (AnswerStatus.SKIPPED, False)


def test_technical_abort_neutralises_unanswered() -> None:
    """RULES §9 (v2): a technical abort neutralises the unanswered questions."""
    done = finalise_answers(_unfinished(), "technical")
    assert done[:2] == tuple(_unfinished()[:2])
    assert (done[2].status, done[2].neutralised) == (AnswerStatus.SKIPPED, True)


def test_finalisation_changes_the_verdict() -> None:
    """RULES §9 (v2): row 3/1/1 (skipped counts as wrong, 67 % → U) vs 3/1/2 (neutralised → V)."""
    rest = [a for code in COMPETENCE_CODES[1:5] for a in _answers(code, 3, 2, 0)]
    candidate = score_legacy(_profile(), [*finalise_answers(_unfinished(), "candidate"), *rest])
    technical = score_legacy(_profile(), [*finalise_answers(_unfinished(), "technical"), *rest])
    assert candidate.competences[0].verdict is not technical.competences[0].verdict
    assert technical.competences[0].neutralised == 2


def test_finalisation_refuses_an_unknown_reason() -> None:
    with pytest.raises(ValueError, match="weather"):
        finalise_answers(_unfinished(), "weather")
