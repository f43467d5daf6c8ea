"""Offline resume codes on the station: check a typed code, and slow down guessing.

The codes themselves (format, hashing, checking against the hash of the same number) are
``pixdesk.crypto.resume_codes``, shared with the console that draws them and prints the
emergency sheet (docs/lab-protocol.md §7.5). The station holds only their Argon2id hashes,
received with the ``resume_codes`` command right after ``confirm_presence`` and journaled with
it (``command.received``); each use is journaled too (``test.resumed`` with ``via`` = ``code``
and ``code_number``), so a code works once per station, across restarts; the console tells every
station of the session about a use it sees in a replica (``codes_used``), so it works once per
session. Each wrong code is journaled (``resume_code.refused``, never the code typed), so a
restart does not forgive guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Final

from pixdesk.crypto.resume_codes import ResumeCodeError, verify_resume_code
from pixdesk.crypto.secret_hash import SecretHash


class ResumeCodeRefusal(StrEnum):
    """Why a typed resume code does not let the pupil resume."""

    NO_CODES = "RESUME_CODES_MISSING"  # the station never received the session's codes
    MALFORMED = "RESUME_CODE_MALFORMED"  # not NN-XXXX-XXXX
    WRONG = "RESUME_CODE_WRONG"  # no such code
    ALREADY_USED = "RESUME_CODE_ALREADY_USED"  # used before on this station
    TOO_MANY_TRIES = "RESUME_CODE_TOO_MANY_TRIES"  # wait before trying again


def check_code(
    typed: str, hashes: Sequence[SecretHash], used: frozenset[int]
) -> int | ResumeCodeRefusal:
    """Check a typed code (slow: one Argon2id computation); return its number or the refusal."""
    if not hashes:
        return ResumeCodeRefusal.NO_CODES
    try:
        return verify_resume_code(typed, hashes, used=used)
    except ResumeCodeError as exc:
        return ResumeCodeRefusal(exc.code.value)


class TryLimiter:
    """Slow down guessing: after 5 wrong codes, wait 30 s, doubled at each new lock-out.

    Argon2id already makes each guess cost a fraction of a second; the wait makes guessing
    from the keyboard hopeless. Times are monotonic nanoseconds (a changed clock changes
    nothing). A restarted station rebuilds it from the journaled refusals
    (:meth:`restored`).
    """

    FREE_TRIES: Final = 5
    FIRST_WAIT_NS: Final = 30 * 1_000_000_000
    MAX_WAIT_NS: Final = 15 * 60 * 1_000_000_000

    def __init__(self) -> None:
        """Start with no failure."""
        self._failures = 0
        self._lockouts = 0
        self._locked_until: int | None = None

    @classmethod
    def restored(cls, failures: int, now_ns: int) -> TryLimiter:
        """Rebuild the limiter of a restarted station from its count of wrong codes since the
        last one that worked.

        Conservative: when the last wrong code began a lock-out, the whole lock-out is served
        again from ``now_ns`` (the monotonic clock of the old run is gone).
        """
        limiter = cls()
        limiter._lockouts, limiter._failures = divmod(max(0, failures), cls.FREE_TRIES)
        if limiter._lockouts and not limiter._failures:
            wait = min(cls.MAX_WAIT_NS, cls.FIRST_WAIT_NS * 2 ** (limiter._lockouts - 1))
            limiter._locked_until = now_ns + wait
        return limiter

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
