"""What the learner UI shows, as plain values computed from the record, the link and the clock.

A snapshot is taken after every change and handed to the UI; countdowns between snapshots are
computed from the deadlines it carries (monotonic nanoseconds) and the same injected clock, so
the UI never asks the station anything to tick a timer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pixdesk.domain.adaptive import EngineConfig
from pixdesk.domain.authorisation import allowed_duration
from pixdesk.domain.items import Item
from pixdesk.imports.bank_format import ItemContent
from pixdesk.lab.codes import LinkProblem
from pixdesk.lab.observers import LinkState
from pixdesk.services.station_record import EndReason, ExamRecord, JoinedCandidate, Phase

_NS = 1_000_000_000


@dataclass(frozen=True, slots=True)
class LinkView:
    """The connection to the console, as the pupil and the invigilator see it.

    Attributes:
        connected: Connected and authenticated now.
        queued: Journaled events the console has not acknowledged yet (kept on this PC).
        room: The console's room, once it has answered.
        session_number: Its session.
        degraded: No provisioned center key vouches for the console (fingerprint check).
        session_fingerprint: The session key's short fingerprint, to compare with the console.
        problem: Why the link is down, when it is.
    """

    connected: bool = False
    queued: int = 0
    room: str | None = None
    session_number: str | None = None
    degraded: bool = False
    session_fingerprint: str | None = None
    problem: LinkProblem | None = None


@dataclass(frozen=True, slots=True)
class QuestionView:
    """The question on screen.

    Attributes:
        index: 0-based index (as journaled).
        total: Questions in the test.
        item: The engine's item (type, flags).
        content: What it shows.
        timer_s: Its timer with extra time (timed items).
        timer_deadline_ns: Monotonic time the timer runs out (None: not timed, or paused).
        timer_left_ns: Time left on the timer when the snapshot was taken.
        focus_lost: The pupil left the window on this focused item.
    """

    index: int
    total: int
    item: Item
    content: ItemContent
    timer_s: int | None
    timer_deadline_ns: int | None
    timer_left_ns: int | None
    focus_lost: bool

    @property
    def number(self) -> int:
        """Return the number shown to the pupil (1-based)."""
        return self.index + 1


@dataclass(frozen=True, slots=True)
class TimeView:
    """The test's time: informational, overtime flagged (RULES.md §5).

    Attributes:
        allowed: Theoretical duration with extra time and added time.
        elapsed: Active time so far (monotonic clock).
        overtime_at_ns: Monotonic time overtime begins, while the test runs.
        theoretical_end: When overtime begins, by the console's clock when known.
    """

    allowed: timedelta
    elapsed: timedelta
    overtime_at_ns: int | None
    theoretical_end: datetime | None

    @property
    def overtime(self) -> bool:
        """Tell whether the pupil is past the theoretical duration."""
        return self.elapsed > self.allowed

    @property
    def remaining(self) -> timedelta:
        """Return the time left before overtime (never negative)."""
        return max(timedelta(0), self.allowed - self.elapsed)


@dataclass(frozen=True, slots=True)
class StationSnapshot:
    """Everything the learner UI shows, at one instant (``taken_ns``).

    ``version`` grows with each snapshot taken: listeners are called from several threads, so
    a snapshot may arrive after a newer one; the UI keeps the newest.
    """

    phase: Phase
    station_id: str
    station_fingerprint: str
    link: LinkView
    taken_ns: int
    candidate: JoinedCandidate | None = None
    question: QuestionView | None = None
    time: TimeView | None = None
    answered: int = 0
    last_saved_at: datetime | None = None
    alert_id: str | None = None
    resume_codes: bool = False
    end_reason: EndReason | None = None
    version: int = 0
    bank_ready: bool = True
    """False while a sealed bank waits for its key: no question can be shown yet."""
    moved_here: bool = False
    """The pupil's test started on another PC and waits to be handed over here: it will
    resume at their question (no instructions), once the invigilator authorises it."""


def link_view(state: LinkState, queued: int) -> LinkView:
    """Describe the link for the UI."""
    console = state.console
    return LinkView(
        connected=state.connected,
        queued=queued,
        room=console.room if console else None,
        session_number=console.session_number if console else None,
        degraded=console.degraded if console else False,
        session_fingerprint=console.session_fingerprint if console else None,
        problem=None if state.connected else state.problem,
    )


def question_view(
    record: ExamRecord, contents: dict[str, ItemContent] | None, now_ns: int, total: int
) -> QuestionView | None:
    """Describe the question on screen (None when none is).

    ``total`` is v3's number of questions; a v2 test has its own, fixed at its start.
    """
    engine, shown = record.engine, record.shown
    if engine is None or shown is None or engine.current is None or contents is None:
        return None
    deadline = left = None
    if shown.timer_s is not None:
        left = shown.timer_s * _NS - shown.clock.elapsed_ns(now_ns)
        if shown.clock.running_since is not None:
            deadline = now_ns + left
    return QuestionView(
        index=shown.question_index,
        total=record.start.total if record.start and record.start.total is not None else total,
        item=engine.current,
        content=contents[shown.item_id],
        timer_s=shown.timer_s,
        timer_deadline_ns=deadline,
        timer_left_ns=left,
        focus_lost=shown.focus_lost,
    )


def time_view(
    record: ExamRecord, config: EngineConfig, now_ns: int, console_now: datetime | None
) -> TimeView | None:
    """Describe the test's time (None before the start)."""
    if record.start is None:
        return None
    allowed = allowed_duration(
        record.candidate.extra_time_ratio, config.theoretical_duration
    ) + timedelta(seconds=record.extra_seconds)
    elapsed_ns = record.test_clock.elapsed_ns(now_ns)
    elapsed = timedelta(microseconds=elapsed_ns // 1000)
    running = record.test_clock.running_since is not None
    overtime_at = now_ns + (allowed - elapsed) // timedelta(microseconds=1) * 1000
    end = console_now + (allowed - elapsed) if console_now is not None and running else None
    return TimeView(allowed, elapsed, overtime_at if running else None, end)
