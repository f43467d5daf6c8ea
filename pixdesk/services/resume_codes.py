"""Offline resume codes: one-time codes on the session's emergency sheet (DESIGN.md §5).

When the console is unreachable after a crash, the invigilator types one of these codes on the
station to let the pupil resume. The sheet lists numbered codes ``NN-XXXX-XXXX`` (two digits,
then eight characters of :data:`CODE_ALPHABET`: no vowels, no look-alikes, about 2^36.7 values
per code); the station holds only their slow, salted Argon2id hashes
(:mod:`pixdesk.crypto.secret_hash`), received from the console with the ``resume_codes``
command right after ``confirm_presence`` (docs/lab-protocol.md §7.2). The number selects the
hash, so one guess costs exactly one Argon2id computation; each code is usable once per
station, and every use is journaled (``test.resumed`` with ``via`` = ``code``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.secret_hash import SecretHash, hash_secret, verify_secret

CODE_ALPHABET: Final = "BCDFGHJKMPQRTVWXY2346789"
SECRET_LENGTH: Final = 8
DEFAULT_CODE_COUNT: Final = 10
_TYPED = re.compile(r"([0-9]{2})([" + CODE_ALPHABET + r"]{8})")


class ResumeCodeRefusal(StrEnum):
    """Why a typed resume code does not let the pupil resume."""

    NO_CODES = "RESUME_CODES_MISSING"  # the station never received the session's codes
    MALFORMED = "RESUME_CODE_MALFORMED"  # not NN-XXXX-XXXX
    WRONG = "RESUME_CODE_WRONG"  # no such code
    ALREADY_USED = "RESUME_CODE_ALREADY_USED"  # used before on this station
    TOO_MANY_TRIES = "RESUME_CODE_TOO_MANY_TRIES"  # wait before trying again


@dataclass(frozen=True, slots=True)
class ResumeCodeSheet:
    """A session's codes: the printed ones (for the emergency sheet) and their hashes.

    Attributes:
        codes: The codes as printed, ``codes[n - 1]`` numbered ``n``.
        hashes: What stations hold, in the same order.
    """

    codes: tuple[str, ...]
    hashes: tuple[SecretHash, ...]


def format_code(number: int, secret: str) -> str:
    """Return the printed form of code ``number``: ``07-BCDF-GH23``."""
    return f"{number:02d}-{secret[:4]}-{secret[4:]}"


def generate_resume_codes(
    count: int = DEFAULT_CODE_COUNT, *, params: Argon2Params | None = None
) -> ResumeCodeSheet:
    """Draw ``count`` fresh codes (OS randomness) and hash each with its own salt.

    Args:
        count: How many codes the sheet holds (1–32, the command's bound).
        params: Argon2id costs (the RFC 9106 default; tests pass cheap ones).
    """
    if not 1 <= count <= 32:
        raise ValueError("between 1 and 32 resume codes")
    codes, hashes = [], []
    for number in range(1, count + 1):
        secret = "".join(secrets.choice(CODE_ALPHABET) for _ in range(SECRET_LENGTH))
        codes.append(format_code(number, secret))
        hashes.append(hash_secret(_hashed_text(number, secret), params=params))
    return ResumeCodeSheet(tuple(codes), tuple(hashes))


def parse_code(typed: str) -> tuple[int, str] | None:
    """Read what was typed: spaces and dashes ignored, any case; None when malformed.

    Returns:
        ``(number, secret)``.
    """
    text = re.sub(r"[\s\-‐‑–—]", "", typed).upper()
    match = _TYPED.fullmatch(text)
    if match is None:
        return None
    return int(match.group(1)), match.group(2)


def check_code(
    typed: str, hashes: Sequence[SecretHash], used: frozenset[int]
) -> int | ResumeCodeRefusal:
    """Check a typed code (slow: one Argon2id computation); return its number or the refusal."""
    if not hashes:
        return ResumeCodeRefusal.NO_CODES
    parsed = parse_code(typed)
    if parsed is None:
        return ResumeCodeRefusal.MALFORMED
    number, secret = parsed
    if not 1 <= number <= len(hashes):
        return ResumeCodeRefusal.WRONG
    if not verify_secret(_hashed_text(number, secret), hashes[number - 1]):
        return ResumeCodeRefusal.WRONG
    if number in used:
        # Said only for a right code: a wrong guess learns nothing about which were used.
        return ResumeCodeRefusal.ALREADY_USED
    return number


def _hashed_text(number: int, secret: str) -> str:
    # The number is hashed with the secret, so a code cannot be typed under another number.
    return f"{number:02d}{secret}"


class TryLimiter:
    """Slow down guessing: after 5 wrong codes, wait 30 s, doubled at each new lock-out.

    Argon2id already makes each guess cost a fraction of a second; the wait makes guessing
    from the keyboard hopeless. Times are monotonic nanoseconds (a changed clock changes
    nothing); the limiter lives in memory (a restart resets it, but a restart takes longer
    than the wait).
    """

    FREE_TRIES: Final = 5
    FIRST_WAIT_NS: Final = 30 * 1_000_000_000
    MAX_WAIT_NS: Final = 15 * 60 * 1_000_000_000

    def __init__(self) -> None:
        """Start with no failure."""
        self._failures = 0
        self._lockouts = 0
        self._locked_until: int | None = None

    def wait_ns(self, now_ns: int) -> int:
        """Return how long to wait before the next try (0: try now)."""
        if self._locked_until is None:
            return 0
        return max(0, self._locked_until - now_ns)

    def failed(self, now_ns: int) -> None:
        """Count a wrong code."""
        self._failures += 1
        if self._failures >= self.FREE_TRIES:
            wait = min(self.MAX_WAIT_NS, self.FIRST_WAIT_NS * 2**self._lockouts)
            self._lockouts += 1
            self._failures = 0
            self._locked_until = now_ns + wait

    def succeeded(self) -> None:
        """Forget the failures."""
        self._failures = 0
        self._lockouts = 0
        self._locked_until = None
