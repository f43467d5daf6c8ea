"""Offline resume codes: one-time codes an invigilator types on a station when the console is gone.

DESIGN.md §5: when the console is unreachable, a candidate whose station crashed may resume
once the invigilator types, on that station, one of the codes printed on the session's
*emergency sheet*. The console draws the codes when it opens the session, prints them, and
sends the stations only slow salted hashes of them (Argon2id, ``crypto.secret_hash``), inside a
command signed by the session key (docs/lab-protocol.md §7.2, ``resume_codes``: the n-th hash
is code number n). A station checks a typed code against the hash of the same number, accepts
each number once, and journals every use.

A code reads ``NN-XXXX-XXXX``: ``NN`` its number on the sheet (01–32), then 8 characters of
``2346789BCDFGHJKMPQRTVWXY`` (no vowels, no look-alikes: 24⁸ ≈ 2³⁶·⁷). The number is not
secret; it only tells the station which hash to try, so one attempt costs one Argon2id, not
N. What people type is forgiving: case, spaces and dashes are ignored, ``3-K7QD-M4PX`` is
``03-K7QD-M4PX``. Format of the hashes: docs/lab-protocol.md §7.5.

Usage (console)::

    codes = generate_resume_codes()              # print code.text on the sheet
    hashes = hash_resume_codes(codes)            # slow: ~0.1-0.3 s per code
    Command.resume_codes(candidate_id, hashes)   # what the stations get

Usage (station)::

    hashes = command.args["codes"]               # from the verified command
    number = verify_resume_code(typed, hashes, used=numbers_already_used)  # or raises
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import CryptoError
from pixdesk.crypto.secret_hash import (
    SecretHash,
    SecretHashFormatError,
    hash_secret,
    verify_secret,
)
from pixdesk.domain.codes import VERIFICATION_CODE_ALPHABET

ALPHABET: Final = VERIFICATION_CODE_ALPHABET
SECRET_LENGTH: Final = 8
DEFAULT_COUNT: Final = 12
MAX_COUNT: Final = 32  # the ``resume_codes`` command carries at most 32 hashes
_TYPED: Final = re.compile(rf"([0-9]{{1,2}})([{ALPHABET}]{{{SECRET_LENGTH}}})")
_IGNORED: Final = str.maketrans("", "", " -._\u00a0\u202f\t")


class ResumeCodeErrorCode(StrEnum):
    """Why a typed resume code is refused (the station's UI turns these into sentences)."""

    MALFORMED = "RESUME_CODE_MALFORMED"  # not NN-XXXX-XXXX
    WRONG_CODE = "RESUME_CODE_WRONG"  # no code with this number, or another secret
    ALREADY_USED = "RESUME_CODE_ALREADY_USED"  # a right code, used before on this station


class ResumeCodeError(CryptoError):
    """A resume code that cannot be used; ``code`` says why."""

    code: ResumeCodeErrorCode

    def __init__(self, code: ResumeCodeErrorCode, detail: str = "") -> None:
        """Build the error (``detail`` never holds the typed code)."""
        super().__init__(code, detail)


@dataclass(frozen=True, slots=True)
class ResumeCode:
    """One code of the emergency sheet (in clear: only the console and the paper hold it).

    Attributes:
        number: Its line on the sheet, 1-32.
        secret: The 8 characters after the number.
    """

    number: int
    secret: str

    @property
    def text(self) -> str:
        """Return the code as printed: ``03-K7QD-M4PX``."""
        return f"{self.number:02d}-{self.secret[:4]}-{self.secret[4:]}"


def generate_resume_codes(
    count: int = DEFAULT_COUNT, *, rng: random.Random | None = None
) -> tuple[ResumeCode, ...]:
    """Draw ``count`` codes numbered 1..count, with distinct secrets.

    Args:
        count: How many (1-32).
        rng: Randomness for tests; the OS's cryptographic source otherwise.
    """
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"between 1 and {MAX_COUNT} codes")
    source = rng or secrets.SystemRandom()
    drawn: list[str] = []
    while len(drawn) < count:
        secret = "".join(source.choice(ALPHABET) for _ in range(SECRET_LENGTH))
        if secret not in drawn:
            drawn.append(secret)
    return tuple(ResumeCode(number, secret) for number, secret in enumerate(drawn, start=1))


def hash_resume_codes(
    codes: Sequence[ResumeCode], *, params: Argon2Params | None = None
) -> tuple[SecretHash, ...]:
    """Hash each code with its own random salt (slow on purpose: Argon2id).

    What is hashed is the number (two digits) then the secret, ``"03K7QDM4PX"``: a secret
    typed under another number does not match.

    Args:
        codes: The codes of the sheet, numbered 1..N in order (``generate_resume_codes``).
        params: Argon2id costs (tests pass cheap ones); RFC 9106's second recommendation
            (64 MiB, 3 passes) otherwise.

    Returns:
        The hashes, the n-th one for code number n.
    """
    if [code.number for code in codes] != list(range(1, len(codes) + 1)):
        raise ValueError("codes must be numbered 1..N in order")
    return tuple(
        hash_secret(_hashed_text(code.number, code.secret), params=params) for code in codes
    )


def parse_resume_code(typed: str) -> tuple[int, str]:
    """Return ``(number, secret)`` from what someone typed.

    Case, spaces, dashes, dots and underscores are ignored; the number may have one digit.

    Raises:
        ResumeCodeError: MALFORMED.
    """
    compact = typed.translate(_IGNORED).upper()
    match = _TYPED.fullmatch(compact)
    if match is None or not compact.isascii():
        raise ResumeCodeError(ResumeCodeErrorCode.MALFORMED)
    number = int(match.group(1))
    if not 1 <= number <= MAX_COUNT:
        raise ResumeCodeError(ResumeCodeErrorCode.MALFORMED, "number")
    return number, match.group(2)


def verify_resume_code(
    typed: str, hashes: Sequence[SecretHash], *, used: Collection[int] = ()
) -> int:
    """Check a typed code and return its number (the caller journals the use).

    Args:
        typed: What the invigilator typed on the station.
        hashes: The hashes the console sent, the n-th for code number n.
        used: The numbers already used on this station.

    Returns:
        The number of the code, to mark as used.

    Raises:
        ResumeCodeError: MALFORMED, WRONG_CODE (no such number, or another secret) or
            ALREADY_USED — said only of a right code, so a wrong guess learns nothing about
            which codes were used. A check costs one Argon2id computation; the station
            should count failures and slow down after a few.
    """
    number, secret = parse_resume_code(typed)
    if number > len(hashes) or not verify_secret(_hashed_text(number, secret), hashes[number - 1]):
        raise ResumeCodeError(ResumeCodeErrorCode.WRONG_CODE)
    if number in used:
        raise ResumeCodeError(ResumeCodeErrorCode.ALREADY_USED)
    return number


def hashes_to_docs(hashes: Iterable[SecretHash]) -> list[dict[str, Any]]:
    """Return the JSON form of a sheet's hashes: a list, the n-th for code number n."""
    return [one.to_doc() for one in hashes]


def hashes_from_docs(docs: object) -> tuple[SecretHash, ...]:
    """Read a list written by :func:`hashes_to_docs`.

    Raises:
        ResumeCodeError: MALFORMED (not a list, 0 or more than 32 entries, a bad entry).
    """
    if not isinstance(docs, list) or not 1 <= len(docs) <= MAX_COUNT:
        raise ResumeCodeError(ResumeCodeErrorCode.MALFORMED, "list")
    try:
        return tuple(SecretHash.from_doc(doc) for doc in docs)
    except SecretHashFormatError as exc:
        raise ResumeCodeError(ResumeCodeErrorCode.MALFORMED, str(exc)) from exc


def _hashed_text(number: int, secret: str) -> str:
    return f"{number:02d}{secret}"
