"""Generate and check the short codes of a session (RULES.md §2 and §10).

Every generator takes the RNG as an argument: production passes ``secrets.SystemRandom()``
(a ``random.Random`` subclass), tests a seeded ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection

from pixdesk.domain.errors import DomainError

# No vowels (no words), no look-alikes (0/O, 1/I/L, 5/S): codes are read aloud and copied by hand.
ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
ACCESS_CODE_LETTER_COUNT = 4
ACCESS_CODE_DIGIT_COUNT = 2

INVIGILATOR_PASSWORD_ALPHABET = "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"  # noqa: S105 (alphabet)
INVIGILATOR_PASSWORD_LENGTH = 6

VERIFICATION_CODE_PREFIX = "P-"
VERIFICATION_CODE_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
VERIFICATION_CODE_LENGTH = 8

DEFAULT_MAX_ATTEMPTS = 1000

CODE_SPACE_EXHAUSTED = "CODE_SPACE_EXHAUSTED"


def normalise_access_code(text: str) -> str:
    """Return ``text`` as an access code is stored: trimmed and uppercase.

    Args:
        text: What a candidate or an invigilator typed.

    Returns:
        The canonical form; it may still be invalid (see :func:`is_valid_access_code`).
    """
    return text.strip().upper()


def is_valid_access_code(text: str) -> bool:
    """Tell whether ``text`` is an access code, ignoring case and surrounding spaces."""
    code = normalise_access_code(text)
    letters = code[:ACCESS_CODE_LETTER_COUNT]
    digits = code[ACCESS_CODE_LETTER_COUNT:]
    return (
        len(letters) == ACCESS_CODE_LETTER_COUNT
        and len(digits) == ACCESS_CODE_DIGIT_COUNT
        and all(char in ACCESS_CODE_LETTERS for char in letters)
        and all(char in ACCESS_CODE_DIGITS for char in digits)
    )


def access_codes_match(entered: str, expected: str) -> bool:
    """Tell whether what a candidate typed is the session's access code (join step 2).

    Args:
        entered: The code as typed, in any case.
        expected: The session's code.

    Returns:
        True when both are valid codes and equal once normalised.
    """
    return is_valid_access_code(entered) and (
        normalise_access_code(entered) == normalise_access_code(expected)
    )


def generate_access_code(
    rng: random.Random,
    existing: Collection[str] = (),
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> str:
    """Draw a new session access code, unique among ``existing``.

    Args:
        rng: The source of randomness.
        existing: Codes already in use, in any case.
        max_attempts: Draws to try before giving up.

    Returns:
        Four letters then two digits, uppercase.

    Raises:
        DomainError: ``CODE_SPACE_EXHAUSTED`` when every draw collided.
    """

    def draw() -> str:
        letters = "".join(rng.choice(ACCESS_CODE_LETTERS) for _ in range(ACCESS_CODE_LETTER_COUNT))
        digits = "".join(rng.choice(ACCESS_CODE_DIGITS) for _ in range(ACCESS_CODE_DIGIT_COUNT))
        return letters + digits

    taken = {normalise_access_code(code) for code in existing}
    return _draw_unique(draw, taken, max_attempts, kind="access_code")


def is_valid_invigilator_password(text: str) -> bool:
    """Tell whether ``text`` is an invigilator password (case matters: both cases are used)."""
    return (
        len(text) == INVIGILATOR_PASSWORD_LENGTH
        and len(set(text)) == INVIGILATOR_PASSWORD_LENGTH
        and all(char in INVIGILATOR_PASSWORD_ALPHABET for char in text)
    )


def generate_invigilator_password(rng: random.Random) -> str:
    """Draw an invigilator password: six distinct characters of the password alphabet."""
    return "".join(rng.sample(INVIGILATOR_PASSWORD_ALPHABET, INVIGILATOR_PASSWORD_LENGTH))


def normalise_verification_code(text: str) -> str:
    """Return a certificate verification code trimmed and uppercase, as it is stored."""
    return text.strip().upper()


def is_valid_verification_code(text: str) -> bool:
    """Tell whether ``text`` is a certificate verification code, ignoring case."""
    code = normalise_verification_code(text)
    body = code.removeprefix(VERIFICATION_CODE_PREFIX)
    return (
        code.startswith(VERIFICATION_CODE_PREFIX)
        and len(body) == VERIFICATION_CODE_LENGTH
        and all(char in VERIFICATION_CODE_ALPHABET for char in body)
    )


def generate_verification_code(
    rng: random.Random,
    existing: Collection[str] = (),
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> str:
    """Draw a new certificate verification code, unique among ``existing``.

    Args:
        rng: The source of randomness.
        existing: Codes already issued, in any case.
        max_attempts: Draws to try before giving up.

    Returns:
        ``P-`` then eight characters of the verification alphabet.

    Raises:
        DomainError: ``CODE_SPACE_EXHAUSTED`` when every draw collided.
    """

    def draw() -> str:
        body = "".join(
            rng.choice(VERIFICATION_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH)
        )
        return VERIFICATION_CODE_PREFIX + body

    taken = {normalise_verification_code(code) for code in existing}
    return _draw_unique(draw, taken, max_attempts, kind="verification_code")


def _draw_unique(
    draw: Callable[[], str],
    taken: set[str],
    max_attempts: int,
    *,
    kind: str,
) -> str:
    for _ in range(max_attempts):
        code = draw()
        if code not in taken:
            return code
    raise DomainError(CODE_SPACE_EXHAUSTED, {"kind": kind, "attempts": max_attempts})
