"""Certificate data and results-CSV rows, from either engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.legacy import (
    CompetenceProfile,
    LegacyAnswer,
    LegacyResult,
    LegacyStatus,
    PositioningProfile,
    score_legacy,
)
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.results import (
    GLOBAL_LEVEL_CODES,
    RESULTS_CSV_COLUMNS,
    CertificateData,
    CertificateStatus,
    from_v2,
    from_v3,
    results_csv_row,
)

PERSON: dict[str, Any] = {
    "centre": "Lycée Victor Hugo",
    "birth_name": "  Lefèvre-Durand ",
    "first_name": "Inès",
    "birth_date": date(2009, 3, 7),
    "birth_place": "Besançon (25)",
    "test_date": date(2026, 11, 30),
    "delivery_date": date(2026, 12, 14),
    "verification_code": "P-2B3C4D6F",
}
CSV_EXTRA: dict[str, Any] = {
    "certification_number": "123456",
    "external_id": "INE0001",
    "jury_comment": "",
    "session_number": "4242",
}


def _v3(**overrides: Any) -> CertificateData:
    values: dict[str, Any] = {
        "score": 431,
        "max_score": 895,
        "global_level": 4,
        "competence_levels": {"1.1": 5, "1.2": 3, "2.1": 0, "3.4": None},
        "status": "validated",
        **PERSON,
    }
    values.update(overrides)
    return from_v3(**values)


def test_v3_certificate_fields() -> None:
    cert = _v3()
    assert cert.birth_name == "LEFÈVRE-DURAND"
    assert cert.first_name == "Inès"
    assert (cert.pix_score, cert.max_score) == (431, 895)
    assert cert.global_level == "INDEPENDENT_4"
    assert cert.status is CertificateStatus.VALIDATED
    assert [code for code, _ in cert.competence_levels] == list(COMPETENCE_CODES)
    assert (cert.level_of("1.1"), cert.level_of("1.2")) == (5, 3)
    assert cert.level_of("2.1") is None  # level 0 is not a valid level
    assert cert.level_of("3.4") is None
    assert cert.level_of("5.2") is None  # not given: not tested


@pytest.mark.parametrize(("level", "code"), [(None, None), (0, None), (1, "BEGINNER_1")])
def test_pre_beginner_has_no_global_level(level: int | None, code: str | None) -> None:
    assert _v3(global_level=level).global_level == code


def test_global_level_codes_cover_levels_1_to_7() -> None:
    assert sorted(GLOBAL_LEVEL_CODES) == list(range(1, 8))
    with pytest.raises(ValueError, match="global level"):
        _v3(global_level=8)


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_a_certificate_not_validated_certifies_nothing(status: str) -> None:
    cert = _v3(status=status)
    assert cert.status == status
    assert (cert.pix_score, cert.global_level) == (0, None)
    assert all(level is None for _, level in cert.competence_levels)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "passed"}, "passed"),
        ({"competence_levels": {"6.1": 3}}, "unknown competences"),
        ({"competence_levels": {"1.1": 9}}, "out of range"),
        ({"score": 900}, "outside"),
        ({"score": -1}, "outside"),
        ({"verification_code": "P-2B3C4D6"}, "verification code"),
        ({"verification_code": "P-2B3C4D6A"}, "verification code"),  # A: not in the alphabet
        ({"verification_code": "X-2B3C4D6F"}, "verification code"),
        ({"delivery_date": date(2026, 11, 29)}, "before the test"),
    ],
)
def test_bad_values_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _v3(**overrides)


def test_negative_levels_mean_not_certified() -> None:
    """Pix marks an uncertified competence −1: it is shown as not valid."""
    assert _v3(competence_levels={"1.1": -1}).level_of("1.1") is None


def test_verification_code_is_stored_uppercase() -> None:
    assert _v3(verification_code=" p-2b3c4d6f ").verification_code == "P-2B3C4D6F"


# ---------------------------------------------------------------- v2


def _legacy_result(correct_per_competence: int) -> LegacyResult:
    profile = PositioningProfile(tuple(CompetenceProfile(c, 3, 28) for c in COMPETENCE_CODES[:6]))
    answers = []
    for i, code in enumerate(COMPETENCE_CODES[:6]):
        correct = 1 if i == 0 else correct_per_competence  # 1.1 gets row 3/1/0: U
        answers += [
            LegacyAnswer(f"{code}-{n}", code, AnswerStatus.OK if n < correct else AnswerStatus.KO)
            for n in range(3)
        ]
    return score_legacy(profile, answers)


def test_v2_certificate_takes_the_legacy_levels() -> None:
    result = _legacy_result(3)  # 16/18 = 89 %
    assert result.status is LegacyStatus.VALIDATED
    cert = from_v2(result, **PERSON)
    assert cert.status is CertificateStatus.VALIDATED
    assert (cert.pix_score, cert.max_score) == (5 * 28, 1024)
    assert cert.global_level is None
    assert cert.level_of("1.1") is None  # U
    assert [cert.level_of(c) for c in COMPETENCE_CODES[1:6]] == [3] * 5
    assert cert.level_of("4.1") is None  # not tested


def test_v2_rejected_certificate() -> None:
    result = _legacy_result(1)  # 6/18 = 33 %
    cert = from_v2(result, **PERSON)
    assert cert.status is CertificateStatus.REJECTED
    assert cert.pix_score == 0
    assert all(level is None for _, level in cert.competence_levels)


# ---------------------------------------------------------------- CSV


def test_csv_columns_order() -> None:
    assert RESULTS_CSV_COLUMNS[:8] == (
        "certification_number",
        "first_name",
        "last_name",
        "birth_date",
        "birth_place",
        "external_id",
        "status",
        "pix_score",
    )
    assert RESULTS_CSV_COLUMNS[8:24] == COMPETENCE_CODES
    assert RESULTS_CSV_COLUMNS[24:] == ("jury_comment", "session", "centre", "date")


def test_csv_row_with_dashes_where_not_valid() -> None:
    row = results_csv_row(_v3(), **CSV_EXTRA)
    assert len(row) == len(RESULTS_CSV_COLUMNS)
    cells = dict(zip(RESULTS_CSV_COLUMNS, row, strict=True))
    assert cells["certification_number"] == "123456"
    assert (cells["first_name"], cells["last_name"]) == ("Inès", "LEFÈVRE-DURAND")
    assert (cells["birth_date"], cells["date"]) == ("07/03/2009", "30/11/2026")
    assert (cells["birth_place"], cells["external_id"]) == ("Besançon (25)", "INE0001")
    assert (cells["status"], cells["pix_score"]) == ("validated", "431")
    assert (cells["1.1"], cells["1.2"]) == ("5", "3")
    assert [cells[c] for c in COMPETENCE_CODES[2:]] == ["-"] * 14
    assert (cells["jury_comment"], cells["session"]) == ("", "4242")
    assert cells["centre"] == "Lycée Victor Hugo"
    assert all(isinstance(cell, str) for cell in row)


def test_csv_row_of_a_rejected_v2_test_is_all_dashes() -> None:
    row = results_csv_row(
        from_v2(_legacy_result(1), **PERSON),
        **CSV_EXTRA,
        status_labels={
            CertificateStatus.VALIDATED: "Validée",
            CertificateStatus.REJECTED: "Rejetée",
            CertificateStatus.CANCELLED: "Annulée",
        },
    )
    cells = dict(zip(RESULTS_CSV_COLUMNS, row, strict=True))
    assert (cells["status"], cells["pix_score"]) == ("Rejetée", "0")
    assert [cells[c] for c in COMPETENCE_CODES] == ["-"] * 16
