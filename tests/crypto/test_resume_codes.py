"""Offline resume codes: drawn, printed, hashed, typed back on a station."""

from __future__ import annotations

import random

import pytest

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.resume_codes import (
    ALPHABET,
    MAX_COUNT,
    ResumeCodeError,
    ResumeCodeErrorCode,
    generate_resume_codes,
    hash_resume_codes,
    hashes_from_docs,
    hashes_to_docs,
    parse_resume_code,
    verify_resume_code,
)

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture(scope="module")
def sheet():
    codes = generate_resume_codes(5, rng=random.Random(3))
    return codes, hash_resume_codes(codes, params=CHEAP)


def test_codes_are_numbered_distinct_and_printable(sheet) -> None:
    codes, hashes = sheet
    assert [code.number for code in codes] == [1, 2, 3, 4, 5]
    assert len({code.secret for code in codes}) == 5
    assert all(len(code.secret) == 8 and set(code.secret) <= set(ALPHABET) for code in codes)
    assert codes[2].text == f"03-{codes[2].secret[:4]}-{codes[2].secret[4:]}"
    assert len(hashes) == 5
    assert all(code.secret not in str(h.to_doc()) for code, h in zip(codes, hashes, strict=True))


@pytest.mark.parametrize(
    "typed",
    ["{text}", "{lower}", " {compact} ", "3-{secret}", "3 {a} {b}", "03.{a}.{b}"],
)
def test_what_people_type_is_accepted(sheet, typed: str) -> None:
    codes, hashes = sheet
    code = codes[2]
    text = typed.format(
        text=code.text,
        lower=code.text.lower(),
        compact=code.text.replace("-", ""),
        secret=code.secret,
        a=code.secret[:4],
        b=code.secret[4:],
    )
    assert verify_resume_code(text, hashes) == 3


def test_wrong_unknown_used_and_malformed_codes_are_refused(sheet) -> None:
    codes, hashes = sheet

    def refusal(typed: str, used: frozenset[int] = frozenset()) -> ResumeCodeErrorCode:
        with pytest.raises(ResumeCodeError) as refused:
            verify_resume_code(typed, hashes, used=used)
        return refused.value.code

    other = f"02-{codes[0].secret[:4]}-{codes[0].secret[4:]}"  # code 1's secret, number 2
    assert refusal(other) is ResumeCodeErrorCode.WRONG_CODE
    assert refusal(f"09-{codes[0].secret}") is ResumeCodeErrorCode.WRONG_CODE
    assert refusal(codes[0].text, frozenset({1})) is ResumeCodeErrorCode.ALREADY_USED
    for bad in ("", "03", "03-AAAA-AAAA", "03-K7QD-M4P", "100-K7QD-M4PX", "00-K7QD-M4PX"):
        assert refusal(bad) is ResumeCodeErrorCode.MALFORMED
    assert parse_resume_code(codes[1].text.lower()) == (2, codes[1].secret)


def test_hashes_round_trip_and_bounds(sheet) -> None:
    codes, hashes = sheet
    again = hashes_from_docs(hashes_to_docs(hashes))
    assert verify_resume_code(codes[4].text, again) == 5
    for bad in ([], [{"alg": "md5"}], "x", [hashes[0].to_doc()] * (MAX_COUNT + 1)):
        with pytest.raises(ResumeCodeError):
            hashes_from_docs(bad)
    with pytest.raises(ValueError):
        generate_resume_codes(MAX_COUNT + 1)


def test_the_station_side_checker_accepts_the_console_codes(sheet) -> None:
    """Learner mode's checker (services/resume_codes.py) takes the console's codes."""
    station = pytest.importorskip("pixdesk.services.resume_codes")
    codes, hashes = sheet
    assert station.check_code(codes[3].text, hashes, frozenset()) == 4
