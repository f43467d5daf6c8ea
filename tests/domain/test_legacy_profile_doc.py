"""The positioning profile's JSON form: every refusal with its path and reason, round trips."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.legacy_profile import CompetenceProfile, PositioningProfile, ValidatedSkill
from pixdesk.domain.legacy_profile_doc import (
    MAX_SKILLS,
    ProfileFormatError,
    profile_doc,
    profile_from_doc,
)
from pixdesk.domain.referential import COMPETENCE_CODES


def _skill(name: str = "@rechercheInfo3", tube: str = "@rechercheInfo", level: int = 3) -> dict:
    return {"skill": name, "tube": tube, "level": level}


def _entry(code: str = "1.1", level: int = 3, pix: int = 24, skills: Any = None) -> dict:
    return {
        "competence": code,
        "level": level,
        "pix": pix,
        "skills": [_skill()] if skills is None else skills,
    }


GOOD: list[dict[str, Any]] = [
    _entry("1.1"),
    _entry("2.1", 2, 16, [_skill("@mail2", "@mail", 2), _skill("@mail1", "@mail", 1)]),
    _entry("5.2", 0, 0, []),
]


def _changed(path: tuple[Any, ...], value: Any) -> list[dict[str, Any]]:
    doc = copy.deepcopy(GOOD)
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


def _without(path: tuple[Any, ...]) -> list[dict[str, Any]]:
    doc = copy.deepcopy(GOOD)
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return doc


def _refused(doc: object) -> ProfileFormatError:
    with pytest.raises(ProfileFormatError) as refused:
        profile_from_doc(doc)
    return refused.value


REFUSALS = [
    # the document
    pytest.param({"1.1": GOOD[0]}, "", "invalid", id="not-a-list"),
    pytest.param(None, "", "invalid", id="null"),
    pytest.param([_entry(c) for c in COMPETENCE_CODES] + [_entry()], "", "too_many", id="17"),
    pytest.param([*GOOD, _entry("1.1")], "", "duplicate_competence", id="twice"),
    # a competence
    pytest.param([*GOOD, "1.1"], "[3]", "invalid", id="entry-not-object"),
    pytest.param(_without((0, "pix")), "[0].pix", "invalid", id="missing-pix"),
    pytest.param(_changed((1, "extra"), 1), "[1].extra", "invalid", id="extra-field"),
    pytest.param(
        _changed((0, "competence"), "6.1"),
        "[0].competence",
        "unknown_competence",
        id="unknown-code",
    ),
    pytest.param(
        _changed((0, "competence"), 1.1), "[0].competence", "unknown_competence", id="code-not-text"
    ),
    pytest.param(_changed((0, "level"), -1), "[0].level", "out_of_range", id="level-negative"),
    pytest.param(_changed((0, "level"), 9), "[0].level", "out_of_range", id="level-9"),
    pytest.param(_changed((0, "level"), "3"), "[0].level", "invalid", id="level-text"),
    pytest.param(_changed((0, "level"), True), "[0].level", "invalid", id="level-bool"),
    pytest.param(_changed((0, "level"), 3.0), "[0].level", "invalid", id="level-float"),
    pytest.param(_changed((2, "pix"), 65), "[2].pix", "out_of_range", id="pix-65"),
    pytest.param(_changed((2, "pix"), -8), "[2].pix", "out_of_range", id="pix-negative"),
    pytest.param(_changed((0, "skills"), {}), "[0].skills", "invalid", id="skills-not-list"),
    pytest.param(
        _changed((0, "skills"), [_skill(f"@s{i}") for i in range(MAX_SKILLS + 1)]),
        "[0].skills",
        "too_many",
        id="65-skills",
    ),
    # a skill
    pytest.param(
        _changed((1, "skills", 1), "@mail1"), "[1].skills[1]", "invalid", id="skill-not-object"
    ),
    pytest.param(
        _without((1, "skills", 0, "tube")), "[1].skills[0].tube", "invalid", id="skill-missing-tube"
    ),
    pytest.param(
        _changed((1, "skills", 0, "pix"), 8), "[1].skills[0].pix", "invalid", id="skill-extra-field"
    ),
    pytest.param(
        _changed((1, "skills", 1, "level"), 0),
        "[1].skills[1].level",
        "out_of_range",
        id="skill-level-0",
    ),
    pytest.param(
        _changed((1, "skills", 1, "level"), 9),
        "[1].skills[1].level",
        "out_of_range",
        id="skill-level-9",
    ),
    pytest.param(
        _changed((1, "skills", 0, "skill"), ""), "[1].skills[0].skill", "invalid", id="skill-empty"
    ),
    pytest.param(
        _changed((1, "skills", 0, "skill"), "@" + "x" * 64),
        "[1].skills[0].skill",
        "invalid",
        id="skill-65-chars",
    ),
    pytest.param(
        _changed((1, "skills", 0, "tube"), "@mail\n"),
        "[1].skills[0].tube",
        "invalid",
        id="tube-control-char",
    ),
    pytest.param(
        _changed((1, "skills", 0, "tube"), " @mail"),
        "[1].skills[0].tube",
        "invalid",
        id="tube-padded",
    ),
    pytest.param(
        _changed((1, "skills", 0, "skill"), 3),
        "[1].skills[0].skill",
        "invalid",
        id="skill-not-text",
    ),
]


@pytest.mark.parametrize(("doc", "path", "reason"), REFUSALS)
def test_every_refusal_names_its_path_and_reason(doc: object, path: str, reason: str) -> None:
    """RULES §6 profiles (pixdesk bounds): each refusal names the field and why."""
    refused = _refused(doc)
    assert (refused.path, refused.reason) == (path, reason)
    assert str(refused) == f"{path or '(profile)'}: {reason}"


def test_the_bounds_themselves_are_accepted() -> None:
    """RULES §6: 16 competences, levels up to 8 (64 pix); pixdesk's 64 skills of 64 chars."""
    doc = [
        _entry("1.1", 8, 64, [_skill(f"@s{i}", "@" + "t" * 63, 8) for i in range(MAX_SKILLS)]),
        _entry("1.2", 0, 0, [_skill("@a", "@a", 1)]),
    ]
    profile = profile_from_doc(doc)
    assert len(profile.competences[0].skills) == MAX_SKILLS
    assert profile_from_doc([_entry(c) for c in COMPETENCE_CODES]).competences[15].competence == (
        "5.2"
    )


def test_the_good_document_reads_as_the_profile() -> None:
    profile = profile_from_doc(GOOD)
    assert profile.competences[1] == CompetenceProfile(
        "2.1", 2, 16, (ValidatedSkill("@mail2", "@mail", 2), ValidatedSkill("@mail1", "@mail", 1))
    )
    assert profile.get("5.2") == CompetenceProfile("5.2", 0, 0, ())


def test_round_trip_through_json() -> None:
    doc = profile_doc(profile_from_doc(GOOD))
    assert profile_from_doc(json.loads(json.dumps(doc))) == profile_from_doc(doc)
    # The written form is canonical: competences in referential order, skills sorted.
    assert doc[1]["skills"] == [_skill("@mail1", "@mail", 1), _skill("@mail2", "@mail", 2)]
    assert profile_doc(profile_from_doc(doc)) == doc


def test_the_written_form_is_in_referential_order() -> None:
    shuffled = [GOOD[2], GOOD[0], GOOD[1]]
    assert [e["competence"] for e in profile_doc(profile_from_doc(shuffled))] == [
        "1.1",
        "2.1",
        "5.2",
    ]


_names = st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=8)
_skills = st.builds(ValidatedSkill, _names.map(lambda s: "@" + s), _names, st.integers(1, 8))


@st.composite
def _profiles(draw: st.DrawFn) -> PositioningProfile:
    codes = draw(st.lists(st.sampled_from(COMPETENCE_CODES), unique=True, max_size=16))
    return PositioningProfile(
        tuple(
            CompetenceProfile(
                code,
                draw(st.integers(0, 8)),
                draw(st.integers(0, 64)),
                tuple(draw(st.lists(_skills, max_size=5))),
            )
            for code in sorted(codes, key=COMPETENCE_CODES.index)
        )
    )


@given(_profiles())
def test_any_bounded_profile_round_trips(profile: PositioningProfile) -> None:
    """RULES §6 profiles travel as JSON: written then read, any bounded profile is the same."""
    doc = profile_doc(profile)
    back = profile_from_doc(json.loads(json.dumps(doc)))
    assert profile_doc(back) == doc
    assert [e.competence for e in back.competences] == [e.competence for e in profile.competences]
    for mine, theirs in zip(back.competences, profile.competences, strict=True):
        assert (mine.level, mine.pix) == (theirs.level, theirs.pix)
        assert sorted(mine.skills, key=repr) == sorted(theirs.skills, key=repr)
