"""The invigilator's start/resume authorisation and the clocks of a test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.adaptive import EngineConfig
from pixdesk.domain.authorisation import (
    MONOTONIC_CLOCK_RESET,
    THEORETICAL_DURATION,
    AuthorisationPurpose,
    AuthorisationRefusal,
    ExamTiming,
    allowed_duration,
    authorisation_refusal,
    grant_authorisation,
    is_overtime,
    timer_with_extra_time,
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
    """RULES §3, §4: every resume after a crash or disconnection needs a new authorisation."""
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


# ---------------------------------------------------------------- configured duration


@pytest.mark.parametrize(
    ("minutes", "ratio", "overtime_after"),
    [
        (105, Decimal(0), timedelta(minutes=105)),
        (60, Decimal(0), timedelta(minutes=60)),
        (60, Decimal("0.5"), timedelta(minutes=90)),
        (120, Decimal("0.25"), timedelta(minutes=150)),
    ],
)
def test_configured_duration_moves_the_overtime_flag(
    clock: FakeClock, minutes: int, ratio: Decimal, overtime_after: timedelta
) -> None:
    """RULES §4-5: overtime is past the session's configured duration, plus extra time."""
    base = EngineConfig(duration_minutes=minutes).theoretical_duration
    assert allowed_duration(ratio, base) == overtime_after
    timing = ExamTiming(
        started_at=clock.now(),
        started_mono_ns=clock.monotonic_ns(),
        extra_time_ratio=ratio,
        base_duration=base,
    )
    assert timing.theoretical_end == clock.now() + overtime_after
    clock.advance(overtime_after)
    assert not timing.is_overtime(clock)
    assert not is_overtime(overtime_after, ratio, base)
    clock.advance(timedelta(seconds=1))
    assert timing.is_overtime(clock)
    assert is_overtime(overtime_after + timedelta(seconds=1), ratio, base)


def test_default_duration_is_the_certification_105_minutes() -> None:
    """RULES §4-5: without configuration the base is 105 minutes, as EngineConfig's default."""
    assert EngineConfig().theoretical_duration == THEORETICAL_DURATION == timedelta(minutes=105)
    started = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
    assert ExamTiming(started_at=started, started_mono_ns=0).theoretical_end == started + (
        timedelta(minutes=105)
    )


@pytest.mark.parametrize("base", [timedelta(0), timedelta(minutes=-5)])
def test_a_duration_that_is_not_positive_is_a_bug(base: timedelta) -> None:
    """EngineConfig refuses it, so meeting one here is a bug."""
    with pytest.raises(ValueError, match="positive"):
        allowed_duration(Decimal(0), base)
    with pytest.raises(ValueError, match="positive"):
        ExamTiming(
            started_at=datetime(2026, 11, 30, tzinfo=UTC), started_mono_ns=0, base_duration=base
        )


def test_allowed_duration_rounds_up_to_the_microsecond() -> None:
    """(pixdesk) Extra time never rounds a candidate's time down: 3 µs × 1.1 gives 4 µs."""
    assert allowed_duration(Decimal("0.1"), timedelta(microseconds=3)) == timedelta(microseconds=4)


# ---------------------------------------------------------------- timed items


@pytest.mark.parametrize(
    ("timer", "ratio", "extended"),
    [
        (45, Decimal(0), 45),
        (60, Decimal("0.5"), 90),
        (20, Decimal("0.25"), 25),
        (45, Decimal("0.33"), 60),  # 59.85 s
        (30, Decimal("0.01"), 31),  # 30.3 s: rounding to the nearest would take 0.3 s away
        (40, Decimal("0.335"), 54),  # 53.4 s, from "33,5 %"
        (1, Decimal("9.99"), 11),  # 10.99 s
    ],
)
def test_timed_items_get_the_extra_time(timer: int, ratio: Decimal, extended: int) -> None:
    """RULES §7 (pixdesk): a timed item's timer gets the extra time, rounded up to the second."""
    assert timer_with_extra_time(timer, ratio) == extended


@given(
    timer=st.integers(min_value=1, max_value=3600),
    percent=st.decimals(min_value=0, max_value=Decimal("999.99"), places=2),
)
def test_the_extended_timer_never_takes_time_away(timer: int, percent: Decimal) -> None:
    """RULES §7 (pixdesk): timer × (1 + ratio) ≤ extended timer < that + 1 s, never below."""
    ratio = percent / 100
    exact = timer * (1 + ratio)
    extended = timer_with_extra_time(timer, ratio)
    assert timer <= extended
    assert exact <= extended < exact + 1


@pytest.mark.parametrize(
    ("timer", "ratio"), [(0, Decimal(0)), (-5, Decimal(0)), (30, Decimal("-0.1"))]
)
def test_a_timer_that_is_not_positive_or_negative_extra_time_is_a_bug(
    timer: int, ratio: Decimal
) -> None:
    """The bank gives positive timers and forms refuse negative extra time: either is a bug."""
    with pytest.raises(ValueError, match=r"positive|negative"):
        timer_with_extra_time(timer, ratio)
