"""Time rules of a test: the invigilator's authorisation, the theoretical end, the 24 h stop,
and the extra time added to timed items.

Durations are measured with the monotonic clock of the machine that measures them (RULES.md
§3 and §4, DESIGN.md §6): someone changing a PC's clock must change nothing. Wall time is kept
only to show and journal *when* something happened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Final

from pixdesk.domain.clock import Clock
from pixdesk.domain.errors import DomainError

AUTHORISATION_VALIDITY: Final = timedelta(minutes=15)
THEORETICAL_DURATION: Final = timedelta(minutes=105)
FORCE_END_AFTER: Final = timedelta(hours=24)

_NS_PER_MICROSECOND: Final = 1_000


def _ns(delta: timedelta) -> int:
    return (delta // timedelta(microseconds=1)) * _NS_PER_MICROSECOND


class AuthorisationPurpose(StrEnum):
    """What an authorisation lets a candidate do."""

    START = "start"  # given by confirming presence
    RESUME = "resume"  # after a crash or a disconnection


class AuthorisationRefusal(StrEnum):
    """Why an authorisation cannot be used."""

    WRONG_CANDIDATE = "AUTHORISATION_WRONG_CANDIDATE"
    WRONG_PURPOSE = "AUTHORISATION_WRONG_PURPOSE"
    ALREADY_USED = "AUTHORISATION_ALREADY_USED"
    EXPIRED = "AUTHORISATION_EXPIRED"


@dataclass(frozen=True, slots=True)
class Authorisation:
    """The invigilator's single-use permission for one candidate to start or resume.

    Attributes:
        candidate_id: Who may use it.
        purpose: Start or resume.
        granted_at: Wall time of the grant, for the journal and the screen.
        granted_mono_ns: Monotonic time of the grant on the granting machine; validity is
            measured from it.
        used_at: Wall time it was used, None while unused.
    """

    candidate_id: str
    purpose: AuthorisationPurpose
    granted_at: datetime
    granted_mono_ns: int
    used_at: datetime | None = None

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


def grant_authorisation(
    candidate_id: str, purpose: AuthorisationPurpose, clock: Clock
) -> Authorisation:
    """Grant a fresh authorisation, valid for 15 minutes from now."""
    return Authorisation(
        candidate_id=candidate_id,
        purpose=purpose,
        granted_at=clock.now(),
        granted_mono_ns=clock.monotonic_ns(),
    )


def authorisation_refusal(
    authorisation: Authorisation,
    clock: Clock,
    *,
    candidate_id: str,
    purpose: AuthorisationPurpose,
) -> AuthorisationRefusal | None:
    """Tell why ``authorisation`` cannot be used now, or None if it can.

    Args:
        authorisation: The authorisation presented.
        clock: The clock of the machine that granted it.
        candidate_id: Who presents it.
        purpose: What they want to do.

    Returns:
        The first reason for refusal, or None.
    """
    if authorisation.candidate_id != candidate_id:
        return AuthorisationRefusal.WRONG_CANDIDATE
    if authorisation.purpose is not purpose:
        return AuthorisationRefusal.WRONG_PURPOSE
    if authorisation.is_used:
        return AuthorisationRefusal.ALREADY_USED
    age_ns = clock.monotonic_ns() - authorisation.granted_mono_ns
    # A negative age means the counter restarted (a reboot): the age is unknown, so refuse.
    if age_ns < 0 or age_ns > _ns(AUTHORISATION_VALIDITY):
        return AuthorisationRefusal.EXPIRED
    return None


def use_authorisation(
    authorisation: Authorisation,
    clock: Clock,
    *,
    candidate_id: str,
    purpose: AuthorisationPurpose,
) -> Authorisation:
    """Consume ``authorisation`` and return it marked used.

    Raises:
        DomainError: With an :class:`AuthorisationRefusal` code when it cannot be used.
    """
    refusal = authorisation_refusal(
        authorisation, clock, candidate_id=candidate_id, purpose=purpose
    )
    if refusal is not None:
        raise DomainError(refusal, {"candidate_id": candidate_id, "purpose": str(purpose)})
    return replace(authorisation, used_at=clock.now())


def _with_extra_time(units: int, extra_time_ratio: Decimal) -> int:
    """Return ``units`` × (1 + extra-time ratio), rounded up to a whole unit.

    The one rounding rule of extra time (pixdesk): round **up**, so that a candidate never
    loses any part of the time they are owed. Callers choose the unit: microseconds for the
    test's duration, seconds for an item's timer.

    Raises:
        ValueError: When the ratio is negative (a bug: forms refuse it).
    """
    if extra_time_ratio < 0:
        raise ValueError(f"negative extra-time ratio: {extra_time_ratio}")
    return int((Decimal(units) * (1 + extra_time_ratio)).to_integral_value(rounding=ROUND_CEILING))


def allowed_duration(
    extra_time_ratio: Decimal, base: timedelta = THEORETICAL_DURATION
) -> timedelta:
    """Return the theoretical duration with the candidate's extra time (pixdesk rule).

    Args:
        extra_time_ratio: The candidate's extra time (0.33 for 33 %).
        base: The theoretical duration of the test: 105 minutes in certification, or the
            session's configured one (``EngineConfig.theoretical_duration``).

    Returns:
        ``base`` × (1 + extra-time ratio), rounded up to the microsecond (never down, so
        the candidate loses no time).

    Raises:
        ValueError: When the ratio is negative (a bug: forms refuse it) or ``base`` is not
            positive.
    """
    if base <= timedelta(0):
        raise ValueError(f"theoretical duration must be positive: {base}")
    microseconds = _with_extra_time(base // timedelta(microseconds=1), extra_time_ratio)
    return timedelta(microseconds=microseconds)


def timer_with_extra_time(timer_seconds: int, extra_time_ratio: Decimal) -> int:
    """Return a timed item's timer with the candidate's extra time (RULES §7, pixdesk).

    Uses the rule of :func:`allowed_duration`, in whole seconds: ``timer_seconds`` ×
    (1 + extra-time ratio), rounded **up** to the whole second so that a pupil never loses
    time (45 s at 33 % → 59.85 s → 60 s).

    Args:
        timer_seconds: The item's timer, as the bank gives it.
        extra_time_ratio: The candidate's extra time (0.33 for 33 %).

    Returns:
        The timer the station runs for this candidate, in seconds.

    Raises:
        ValueError: When the timer is not positive (a bank error) or the ratio is negative.
    """
    if timer_seconds <= 0:
        raise ValueError(f"timer must be positive: {timer_seconds} s")
    return _with_extra_time(timer_seconds, extra_time_ratio)


def is_overtime(
    elapsed: timedelta, extra_time_ratio: Decimal, base: timedelta = THEORETICAL_DURATION
) -> bool:
    """Tell whether a test that has run for ``elapsed`` is past its theoretical duration.

    Args:
        elapsed: How long the test has run (monotonic clock).
        extra_time_ratio: The candidate's extra time.
        base: The test's theoretical duration before extra time (105 minutes by default).
    """
    return elapsed > allowed_duration(extra_time_ratio, base)


MONOTONIC_CLOCK_RESET: Final = "MONOTONIC_CLOCK_RESET"


@dataclass(frozen=True, slots=True)
class ExamTiming:
    """When one candidate's test started, and how long they are given.

    Attributes:
        started_at: Wall time of the start, shown to the invigilator.
        started_mono_ns: Monotonic time of the start on the measuring machine.
        extra_time_ratio: The candidate's extra time (0.33 for 33 %).
        base_duration: The theoretical duration before extra time: 105 minutes in
            certification, or the session's ``EngineConfig.theoretical_duration``.
    """

    started_at: datetime
    started_mono_ns: int
    extra_time_ratio: Decimal = Decimal(0)
    base_duration: timedelta = THEORETICAL_DURATION

    def __post_init__(self) -> None:
        if self.base_duration <= timedelta(0):
            raise ValueError(f"theoretical duration must be positive: {self.base_duration}")

    @property
    def allowed_time(self) -> timedelta:
        """Return base duration × (1 + extra-time ratio): when overtime begins."""
        return allowed_duration(self.extra_time_ratio, self.base_duration)

    @property
    def theoretical_end(self) -> datetime:
        """Return start + base duration × (1 + extra-time ratio), as shown on the console."""
        return self.started_at + self.allowed_time

    def elapsed(self, clock: Clock) -> timedelta:
        """Return how long the test has been running, from the monotonic clock.

        Raises:
            DomainError: ``MONOTONIC_CLOCK_RESET`` when the counter is behind the start (the
                machine restarted); the caller must use the journaled elapsed time instead.
        """
        elapsed_ns = clock.monotonic_ns() - self.started_mono_ns
        if elapsed_ns < 0:
            raise DomainError(MONOTONIC_CLOCK_RESET, {"behind_ns": -elapsed_ns})
        return timedelta(microseconds=elapsed_ns // _NS_PER_MICROSECOND)

    def is_overtime(self, clock: Clock) -> bool:
        """Tell whether the candidate has gone past their theoretical duration."""
        return self.elapsed(clock) > self.allowed_time

    def must_force_end(self, clock: Clock) -> bool:
        """Tell whether the test must be force-ended: 24 h have passed since it started."""
        return self.elapsed(clock) >= FORCE_END_AFTER
