"""Session access codes, invigilator passwords, certificate verification codes."""

from __future__ import annotations

import random
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.codes import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    CODE_SPACE_EXHAUSTED,
    INVIGILATOR_PASSWORD_ALPHABET,
    VERIFICATION_CODE_ALPHABET,
    access_codes_match,
    generate_access_code,
    generate_invigilator_password,
    generate_verification_code,
    is_valid_access_code,
    is_valid_invigilator_password,
    is_valid_verification_code,
    normalise_access_code,
)
from pixdesk.domain.errors import DomainError

seeds = st.integers(min_value=0, max_value=2**64)


def test_alphabets_are_the_rules_ones() -> None:
    """RULES §2, §10: the alphabets have no vowels and no look-alikes (0, 1, 5, O, I, L, S)."""
    assert ACCESS_CODE_LETTERS == "BCDFGHJKMPQRTVWXY"
    assert ACCESS_CODE_DIGITS == "2346789"
    assert INVIGILATOR_PASSWORD_ALPHABET == "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"
    assert VERIFICATION_CODE_ALPHABET == "2346789BCDFGHJKMPQRTVWXY"
    for alphabet in (ACCESS_CODE_LETTERS, ACCESS_CODE_DIGITS, VERIFICATION_CODE_ALPHABET):
        assert not set(alphabet) & set("AEIOUL015S")


@given(seed=seeds)
def test_access_code_is_four_letters_then_two_digits(seed: int) -> None:
    """RULES §2: access code = 4 letters of BCDFGHJKMPQRTVWXY then 2 digits of 2346789."""
    code = generate_access_code(random.Random(seed))
    assert len(code) == 6
    assert all(char in ACCESS_CODE_LETTERS for char in code[:4])
    assert all(char in ACCESS_CODE_DIGITS for char in code[4:])
    assert is_valid_access_code(code)


@given(seed=seeds)
def test_access_code_is_unique_against_existing(seed: int) -> None:
    """RULES §2: a new access code never repeats one in use, whatever its case."""
    first = generate_access_code(random.Random(seed))
    # The same seed would draw the same code first: it must draw again.
    second = generate_access_code(random.Random(seed), existing={first.lower()})
    assert second != first
    assert is_valid_access_code(second)


def test_access_code_gives_up_with_a_code_when_every_draw_collides() -> None:
    """RULES §2 uniqueness: a generator finding no free code raises CODE_SPACE_EXHAUSTED."""
    taken = generate_access_code(random.Random(7))
    with pytest.raises(DomainError) as caught:
        generate_access_code(random.Random(7), existing=[taken], max_attempts=1)
    assert caught.value.code == CODE_SPACE_EXHAUSTED


def test_generators_accept_the_system_random() -> None:
    """Production passes secrets.SystemRandom(), a random.Random subclass."""
    rng = secrets.SystemRandom()
    assert is_valid_access_code(generate_access_code(rng))
    assert is_valid_invigilator_password(generate_invigilator_password(rng))
    assert is_valid_verification_code(generate_verification_code(rng))


@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("BCDF23", True),
        ("bcdf23", True),
        ("  bCdF23 ", True),
        ("BCDF2", False),
        ("BCDF234", False),
        ("BCD234", False),
        ("ACDF23", False),  # vowel
        ("BCDF25", False),  # 5 looks like S
        ("BCDF01", False),
        ("BCDL23", False),
        ("23BCDF", False),
        ("BC DF23", False),
        ("", False),
    ],
)
def test_access_code_validation_ignores_case(typed: str, valid: bool) -> None:
    """RULES §3 join step 2: the access code is checked case-insensitively."""
    assert is_valid_access_code(typed) is valid


def test_access_code_normalises_to_trimmed_uppercase() -> None:
    """RULES §3 join step 2: what the candidate types is compared uppercase and trimmed."""
    assert normalise_access_code(" bcdf23\n") == "BCDF23"


@pytest.mark.parametrize(
    ("entered", "matches"),
    [("bcdf23", True), ("BCDF23", True), (" Bcdf23 ", True), ("BCDF24", False), ("", False)],
)
def test_access_codes_match_case_insensitively(entered: str, matches: bool) -> None:
    """RULES §3 join step 2: the access code (case-insensitive) lets the candidate in."""
    assert access_codes_match(entered, "BCDF23") is matches


@given(seed=seeds)
def test_invigilator_password_has_six_distinct_characters(seed: int) -> None:
    """RULES §2: invigilator password = 6 distinct characters of its alphabet."""
    password = generate_invigilator_password(random.Random(seed))
    assert len(password) == 6
    assert len(set(password)) == 6
    assert set(password) <= set(INVIGILATOR_PASSWORD_ALPHABET)
    assert is_valid_invigilator_password(password)


@pytest.mark.parametrize(
    ("password", "valid"),
    [
        ("b2C!*?", True),
        ("bbC!*?", False),  # repeated character
        ("b2C!*", False),
        ("b2C!*?x", False),
        ("b2C!*a", False),  # vowel
        ("b2C!*1", False),  # 1 looks like l
        ("B2C!*?", True),
        ("b2c!*?", True),
    ],
)
def test_invigilator_password_validation(password: str, valid: bool) -> None:
    """RULES §2: a password with a repeat, a foreign character or the wrong length is refused."""
    assert is_valid_invigilator_password(password) is valid


@given(seed=seeds)
def test_verification_code_is_p_dash_and_eight_characters(seed: int) -> None:
    """RULES §10: verification code = "P-" + 8 characters of 2346789BCDFGHJKMPQRTVWXY."""
    code = generate_verification_code(random.Random(seed))
    assert code.startswith("P-")
    assert len(code) == 10
    assert all(char in VERIFICATION_CODE_ALPHABET for char in code[2:])
    assert is_valid_verification_code(code)


@given(seed=seeds)
def test_verification_code_is_unique_against_issued_ones(seed: int) -> None:
    """RULES §10: a verification code is unique among the codes already issued."""
    first = generate_verification_code(random.Random(seed))
    second = generate_verification_code(random.Random(seed), existing=[first.lower()])
    assert second != first


def test_verification_code_gives_up_when_every_draw_collides() -> None:
    """Uniqueness: CODE_SPACE_EXHAUSTED rather than a duplicate certificate code."""
    taken = generate_verification_code(random.Random(3))
    with pytest.raises(DomainError) as caught:
        generate_verification_code(random.Random(3), existing=[taken], max_attempts=1)
    assert caught.value.code == CODE_SPACE_EXHAUSTED


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("P-BCDF2346", True),
        ("p-bcdf2346", True),
        ("P-BCDF234", False),
        ("P-BCDF23467", False),
        ("Q-BCDF2346", False),
        ("PBCDF23467", False),
        ("P-BCDF2345", False),  # 5
        ("P-ACDF2346", False),  # vowel
    ],
)
def test_verification_code_validation(code: str, valid: bool) -> None:
    """RULES §10: only "P-" + 8 characters of the verification alphabet is a code."""
    assert is_valid_verification_code(code) is valid
