"""The invigilator's start/resume authorisation and the clocks of a test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.authorisation import (
    MONOTONIC_CLOCK_RESET,
    AuthorisationPurpose,
    AuthorisationRefusal,
    ExamTiming,
    allowed_duration,
    authorisation_refusal,
    grant_authorisation,
    is_overtime,
    use_authorisation,
)
from pixdesk.domain.errors import DomainError
from tests.fakes import FakeClock

START = AuthorisationPurpose.START
RESUME = AuthorisationPurpose.RESUME


@pytest.mark.parametrize(
    ("wait", "refusal"),
    [
        (timedelta(0), None),
        (timedelta(minutes=14, seconds=59), None),
        (timedelta(minutes=15), None),
        (timedelta(minutes=15, seconds=1), AuthorisationRefusal.EXPIRED),
        (timedelta(hours=2), AuthorisationRefusal.EXPIRED),
    ],
)
def test_authorisation_is_valid_15_minutes(
    clock: FakeClock, wait: timedelta, refusal: AuthorisationRefusal | None
) -> None:
    """RULES §3: the invigilator's authorisation is valid 15 minutes (15:00 yes, 15:01 no)."""
    authorisation = grant_authorisation("c-1", START, clock)
    clock.advance(wait)
    assert authorisation_refusal(authorisation, clock, candidate_id="c-1", purpose=START) is refusal


def test_authorisation_is_consumed_on_use(clock: FakeClock) -> None:
    """RULES §3: the authorisation is single-use: the second use is refused."""
    authorisation = grant_authorisation("c-1", START, clock)
    clock.advance(timedelta(minutes=1))
    used = use_authorisation(authorisation, clock, candidate_id="c-1", purpose=START)
    assert used.is_used
    assert used.used_at == clock.now()
    assert not authorisation.is_used  # frozen: the original is left untouched
    with pytest.raises(DomainError) as caught:
        use_authorisation(used, clock, candidate_id="c-1", purpose=START)
    assert caught.value.code == AuthorisationRefusal.ALREADY_USED


def test_each_resume_needs_a_fresh_authorisation(clock: FakeClock) -> None:
    """RULES §3: every resume after a crash or disconnection needs a new authorisation."""
    start = use_authorisation(
        grant_authorisation("c-1", START, clock), clock, candidate_id="c-1", purpose=START
    )
    clock.advance(timedelta(minutes=20))  # first crash
    with pytest.raises(DomainError) as caught:
        use_authorisation(start, clock, candidate_id="c-1", purpose=RESUME)
    assert caught.value.code == AuthorisationRefusal.WRONG_PURPOSE
    first_resume = use_authorisation(
        grant_authorisation("c-1", RESUME, clock), clock, candidate_id="c-1", purpose=RESUME
    )
    clock.advance(timedelta(minutes=2))  # second crash, well within 15 minutes
    with pytest.raises(DomainError) as caught:
        use_authorisation(first_resume, clock, candidate_id="c-1", purpose=RESUME)
    assert caught.value.code == AuthorisationRefusal.ALREADY_USED
    second = grant_authorisation("c-1", RESUME, clock)
    assert use_authorisation(second, clock, candidate_id="c-1", purpose=RESUME).is_used


def test_authorisation_belongs_to_one_candidate(clock: FakeClock) -> None:
    """RULES §3: an authorisation given to one candidate does not let another one start."""
    authorisation = grant_authorisation("c-1", START, clock)
    with pytest.raises(DomainError) as caught:
        use_authorisation(authorisation, clock, candidate_id="c-2", purpose=START)
    assert caught.value.code == AuthorisationRefusal.WRONG_CANDIDATE
    assert caught.value.params == {"candidate_id": "c-2", "purpose": "start"}


def test_expired_authorisation_cannot_be_used(clock: FakeClock) -> None:
    """RULES §3: using an authorisation after 15 minutes raises AUTHORISATION_EXPIRED."""
    authorisation = grant_authorisation("c-1", START, clock)
    clock.advance(timedelta(minutes=15, seconds=1))
    with pytest.raises(DomainError) as caught:
        use_authorisation(authorisation, clock, candidate_id="c-1", purpose=START)
    assert caught.value.code == AuthorisationRefusal.EXPIRED


@pytest.mark.parametrize("jump", [timedelta(hours=-3), timedelta(hours=3), timedelta(days=2)])
def test_wall_clock_jump_does_not_change_validity(clock: FakeClock, jump: timedelta) -> None:
    """DESIGN §6: validity runs on the monotonic clock; changing the PC's clock changes nothing."""
    authorisation = grant_authorisation("c-1", START, clock)
    clock.advance(timedelta(minutes=10))
    clock.jump_wall(jump)
    assert authorisation_refusal(authorisation, clock, candidate_id="c-1", purpose=START) is None
    clock.advance(timedelta(minutes=6))
    clock.jump_wall(-jump)  # setting the clock back does not revive it either
    refusal = authorisation_refusal(authorisation, clock, candidate_id="c-1", purpose=START)
    assert refusal is AuthorisationRefusal.EXPIRED


def test_authorisation_from_before_a_reboot_is_refused() -> None:
    """DESIGN §6: a monotonic counter that went backwards (reboot) gives an unknown age: refuse."""
    before = FakeClock()
    before.advance(timedelta(hours=5))
    authorisation = grant_authorisation("c-1", START, before)
    after_reboot = FakeClock(start=before.now())
    refusal = authorisation_refusal(authorisation, after_reboot, candidate_id="c-1", purpose=START)
    assert refusal is AuthorisationRefusal.EXPIRED


@pytest.mark.parametrize(
    ("ratio", "duration"),
    [
        (Decimal(0), timedelta(minutes=105)),
        (Decimal("0.33"), timedelta(minutes=139, seconds=39)),
        (Decimal("0.5"), timedelta(minutes=157, seconds=30)),
        (Decimal(1), timedelta(minutes=210)),
        (Decimal("9.99"), timedelta(minutes=1153, seconds=57)),
    ],
)
def test_theoretical_duration_includes_extra_time(ratio: Decimal, duration: timedelta) -> None:
    """RULES §4 (pixdesk): theoretical end = start + 105 min × (1 + extra-time ratio)."""
    assert allowed_duration(ratio) == duration
    started = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
    timing = ExamTiming(started_at=started, started_mono_ns=0, extra_time_ratio=ratio)
    assert timing.theoretical_end == started + duration


def test_negative_extra_time_is_a_bug() -> None:
    """Forms refuse negative extra time, so meeting one here is a bug."""
    with pytest.raises(ValueError, match="negative"):
        allowed_duration(Decimal("-0.1"))


@pytest.mark.parametrize(
    ("elapsed", "overtime"),
    [
        (timedelta(minutes=105), False),
        (timedelta(minutes=105, seconds=1), True),
    ],
)
def test_overtime_starts_after_the_theoretical_end(
    clock: FakeClock, elapsed: timedelta, overtime: bool
) -> None:
    """RULES §4-5: overtime is flagged once the theoretical duration is exceeded."""
    timing = ExamTiming(started_at=clock.now(), started_mono_ns=clock.monotonic_ns())
    clock.advance(elapsed)
    assert timing.is_overtime(clock) is overtime
    assert is_overtime(elapsed, Decimal(0)) is overtime


def test_overtime_ignores_wall_clock_jumps(clock: FakeClock) -> None:
    """DESIGN §6: a station measures elapsed time on the monotonic clock; jumps change nothing."""
    timing = ExamTiming(
        started_at=clock.now(),
        started_mono_ns=clock.monotonic_ns(),
        extra_time_ratio=Decimal("0.5"),
    )
    clock.advance(timedelta(minutes=60))
    clock.jump_wall(timedelta(hours=5))
    assert timing.elapsed(clock) == timedelta(minutes=60)
    assert not timing.is_overtime(clock)
    assert not timing.must_force_end(clock)
    clock.advance(timedelta(minutes=98))
    clock.jump_wall(timedelta(hours=-10))
    assert timing.is_overtime(clock)


@pytest.mark.parametrize(
    ("elapsed", "force_end"),
    [
        (timedelta(hours=23, minutes=59, seconds=59), False),
        (timedelta(hours=24), True),
        (timedelta(hours=30), True),
    ],
)
def test_test_is_force_ended_24_hours_after_start(
    clock: FakeClock, elapsed: timedelta, force_end: bool
) -> None:
    """RULES §2: a test is force-ended 24 h after it started."""
    timing = ExamTiming(started_at=clock.now(), started_mono_ns=clock.monotonic_ns())
    clock.advance(elapsed)
    assert timing.must_force_end(clock) is force_end


def test_force_end_ignores_wall_clock_jumps(clock: FakeClock) -> None:
    """DESIGN §6: moving the PC's clock a day ahead does not end a test."""
    timing = ExamTiming(started_at=clock.now(), started_mono_ns=clock.monotonic_ns())
    clock.jump_wall(timedelta(days=1, hours=1))
    assert not timing.must_force_end(clock)


def test_elapsed_refuses_a_counter_from_before_a_reboot() -> None:
    """DESIGN §6: after a reboot the monotonic counter restarts; use the journaled elapsed time."""
    before = FakeClock()
    before.advance(timedelta(hours=1))
    timing = ExamTiming(started_at=before.now(), started_mono_ns=before.monotonic_ns())
    with pytest.raises(DomainError) as caught:
        timing.elapsed(FakeClock())
    assert caught.value.code == MONOTONIC_CLOCK_RESET


@given(
    percent=st.integers(min_value=0, max_value=999),
    minutes=st.integers(min_value=0, max_value=3000),
)
def test_overtime_is_exactly_past_the_allowed_duration(percent: int, minutes: int) -> None:
    """RULES §4: overtime ⇔ elapsed > 105 min × (1 + ratio); more extra time never hurts."""
    ratio = Decimal(percent) / 100
    elapsed = timedelta(minutes=minutes)
    assert is_overtime(elapsed, ratio) is (minutes * 100 > 105 * (100 + percent))
    assert is_overtime(elapsed, ratio + Decimal("0.01")) <= is_overtime(elapsed, ratio)
