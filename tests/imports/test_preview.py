"""What an import would change: added, updated, disabled, unchanged, keyed by INE."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pixdesk.domain.candidate import Sex
from pixdesk.imports.errors import ProblemCode, problem
from pixdesk.imports.models import RosterLearner, RosterParse
from pixdesk.imports.preview import REACTIVATED, PreviewCounts, preview


def learner(ine: str, **changes: object) -> RosterLearner:
    base = RosterLearner(
        ine=ine,
        birth_name=f"NOM {ine}",
        usage_name="",
        first_name="Camille",
        other_first_names=(),
        sex=Sex.F,
        birth_date=date(2010, 2, 4),
        birth_country_code="100",
        birth_department_code="075",
        birth_insee_code="75056",
        birth_city="",
        division="3A",
        mef_code="10310019110",
        status_code="ST",
        source_id=f"id-{ine}",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def parsed(*learners: RosterLearner) -> RosterParse:
    return RosterParse(learners=learners, uai="0781234A")


def test_each_learner_falls_in_one_category() -> None:
    known = [learner("A"), learner("B"), learner("C"), learner("D")]
    file = parsed(
        learner("A"),
        learner("B", division="3B", usage_name="MARTIN"),
        learner("E"),
        learner("C"),
    )

    result = preview(file, known)

    assert result.can_apply
    assert result.counts == PreviewCounts(added=1, updated=1, disabled=1, unchanged=2)
    assert [one.ine for one in result.added] == ["E"]
    [update] = result.updated
    assert (update.ine, update.changed_fields) == ("B", ("usage_name", "division"))
    assert (update.before.division, update.after.division) == ("3A", "3B")
    assert [one.ine for one in result.disabled] == ["D"]
    assert [one.ine for one in result.unchanged] == ["A", "C"]


def test_nobody_is_deleted_only_disabled() -> None:
    known = [learner("A"), learner("B")]

    result = preview(parsed(learner("C")), known)

    assert result.disabled == tuple(known)
    assert result.counts == PreviewCounts(added=1, updated=0, disabled=2, unchanged=0)


def test_the_ine_is_compared_ignoring_case_and_spaces() -> None:
    known = learner(" 120456789ab ", birth_name="NOM 120456789AB")

    result = preview(parsed(learner("120456789AB")), [known])

    assert result.counts == PreviewCounts(added=0, updated=0, disabled=0, unchanged=1)


def test_a_new_siecle_id_alone_is_no_change() -> None:
    result = preview(parsed(learner("A", source_id="9999")), [learner("A")])

    assert [one.ine for one in result.unchanged] == ["A"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birth_name", "AUTRE"),
        ("first_name", "Léa"),
        ("other_first_names", ("Zoé",)),
        ("sex", Sex.M),
        ("birth_date", date(2010, 2, 5)),
        ("birth_insee_code", "92012"),
        ("mef_code", "10310019111"),
        ("status_code", "AP"),
    ],
)
def test_every_identity_field_counts_as_a_change(field: str, value: object) -> None:
    result = preview(parsed(learner("A", **{field: value})), [learner("A")])

    assert result.updated[0].changed_fields == (field,)


def test_a_disabled_learner_back_in_the_file_is_reactivated() -> None:
    known = [learner("A"), learner("B")]

    result = preview(parsed(learner("A"), learner("B")), known, inactive_ines={"b"})

    [update] = result.updated
    assert (update.ine, update.changed_fields) == ("B", (REACTIVATED,))
    assert [one.ine for one in result.unchanged] == ["A"]


def test_a_disabled_learner_still_missing_is_left_alone() -> None:
    result = preview(parsed(learner("A")), [learner("A"), learner("B")], inactive_ines={"B"})

    assert result.counts == PreviewCounts(added=0, updated=0, disabled=0, unchanged=1)


def test_a_file_with_errors_cannot_be_applied_and_changes_nothing() -> None:
    errors = (problem(ProblemCode.SEX_CODE_REQUIRED, ine="A"),)
    file = RosterParse(errors=errors)

    result = preview(file, [learner("A"), learner("B")])

    assert not result.can_apply
    assert result.errors == errors
    assert result.counts == PreviewCounts(added=0, updated=0, disabled=0, unchanged=0)


def test_known_learners_sharing_an_ine_are_a_bug() -> None:
    with pytest.raises(ValueError, match="INE"):
        preview(parsed(), [learner("A"), learner("a")])
