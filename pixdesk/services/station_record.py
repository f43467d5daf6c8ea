"""One candidate's test on a station, as values: what the journal says so far.

A :class:`ExamRecord` is rebuilt by folding the station's journal (``station_replay``); the
live station moves it with exactly the same function after each append, so what a pupil sees
after a crash is what they saw before it. Every value is frozen; every move returns a new one.

Time is kept as *active* time on the monotonic clock (:class:`ActiveClock`): the sum of the
stretches the station was running, each measured between two monotonic readings of the same
run. A changed wall clock changes nothing; a reboot (the monotonic counter starts again) ends
a stretch at the last journaled event, so time while the PC was down is not counted against
the pupil (nor is the time between the last event and a crash: at most one question's worth).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Final, Protocol

from pixdesk.crypto.secret_hash import SecretHash
from pixdesk.domain.candidate import extra_time_ratio_from_percent
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.legacy_profile import PositioningProfile


class Phase(StrEnum):
    """Where the station stands; each has its page in the learner UI."""

    NOT_JOINED = "not_joined"
    WAITING_PRESENCE = "waiting_presence"
    INSTRUCTIONS = "instructions"  # start authorised, not started yet
    QUESTION = "question"
    ALERT_PENDING = "alert_pending"  # answering blocked until the invigilator decides
    RESUME_NEEDED = "resume_needed"  # restarted mid-test: a fresh authorisation or a code
    ENDED = "ended"


class EndReason(StrEnum):
    """Why a test ended (``test.ended`` ``reason``)."""

    COMPLETED = "completed"
    INVIGILATOR = "invigilator"
    ABANDONED = "abandoned"  # force-ended 24 h after its start (RULES.md §2)


TEST_LIFETIME_NS: Final = 24 * 3600 * 1_000_000_000
"""A test is force-ended this long after it started (RULES.md §2), measured by
:attr:`ExamRecord.age` (docs/decisions.md: monotonic within a run, wall time across a stop)."""


class QuestionEngine(Protocol):
    """What the station asks of an engine: v3's ``AdaptiveTest`` and v2's ``LegacyTest``."""

    @property
    def current(self) -> Item | None:
        """The question to answer now (None once the test is over)."""

    @property
    def answer_count(self) -> int:
        """The index of the question to answer now."""

    def answer(self, status: AnswerStatus) -> QuestionEngine:
        """Return the state after ``status`` on the current question."""

    def validate_alert(self) -> QuestionEngine:
        """Return the state after a validated alert on the current question."""


@dataclass(frozen=True, slots=True)
class ActiveClock:
    """Active time on the monotonic clock, across restarts (see the module docstring).

    Attributes:
        accumulated_ns: Time counted in the stretches already closed.
        running_since: Monotonic start of the current stretch (None: paused or not started).
        last_seen: The latest monotonic reading of the current run (journaled events).
    """

    accumulated_ns: int = 0
    running_since: int | None = None
    last_seen: int = 0

    def start(self, mono_ns: int) -> ActiveClock:
        """Run from ``mono_ns`` (keeps what was counted before)."""
        if self.running_since is not None:
            return self.seen(mono_ns)
        return replace(self, running_since=mono_ns, last_seen=mono_ns)

    def pause(self, mono_ns: int) -> ActiveClock:
        """Stop counting at ``mono_ns``."""
        if self.running_since is None:
            return self
        counted = max(0, mono_ns - self.running_since)
        return ActiveClock(self.accumulated_ns + counted, None, mono_ns)

    def seen(self, mono_ns: int) -> ActiveClock:
        """Note a reading of the current run (an event was journaled then)."""
        if self.running_since is None or mono_ns < self.last_seen:
            return self
        return replace(self, last_seen=mono_ns)

    def interrupted(self) -> ActiveClock:
        """Close the stretch at its last reading: the run ended (crash, power cut, quit)."""
        return self.pause(self.last_seen) if self.running_since is not None else self

    def elapsed_ns(self, now_ns: int) -> int:
        """Return the active time at ``now_ns`` (a reading of the current run)."""
        if self.running_since is None:
            return self.accumulated_ns
        return self.accumulated_ns + max(0, now_ns - self.running_since)


@dataclass(frozen=True, slots=True)
class JoinedCandidate:
    """Who sits at this station, as the console's join result said.

    Attributes:
        candidate_id: The console's id for the candidate.
        first_name: First name.
        birth_name: Birth name.
        birth_date: ``YYYY-MM-DD``.
        extra_time_percent: Extra time, a decimal text (``"33"``).
        accessibility_adjustment: Accessible items only; leaving a focused item is no fault.
        session_number: The session joined.
        room: The room the console announced.
        console_address: The typed console address, if one was typed (else discovery).
        profile: The positioning profile the console sent (engine v2 when certifiable).
        started_elsewhere: The console said their test is under way on another PC: it will
            be handed over and resume here.
    """

    candidate_id: str
    first_name: str
    birth_name: str
    birth_date: str
    extra_time_percent: str
    accessibility_adjustment: bool
    session_number: str
    room: str
    console_address: str | None = None
    profile: PositioningProfile | None = None
    started_elsewhere: bool = False

    @property
    def extra_time_ratio(self) -> Decimal:
        """Return the extra time as a ratio (0.33 for 33 %)."""
        return extra_time_ratio_from_percent(self.extra_time_percent)


@dataclass(frozen=True, slots=True)
class Grant:
    """An unused authorisation to start, anchored on this run's monotonic clock."""

    command_id: str
    granted_mono_ns: int


@dataclass(frozen=True, slots=True)
class Shown:
    """The question on screen.

    Attributes:
        question_index: Its index (0-based; the screen shows index + 1).
        item_id: The item.
        timer_s: Its timer with extra time, for a timed item.
        focus_lost: The pupil left the window while on this (focused) item.
        clock: Active time on this question (paused while an alert is pending).
    """

    question_index: int
    item_id: str
    timer_s: int | None
    focus_lost: bool = False
    clock: ActiveClock = ActiveClock()


@dataclass(frozen=True, slots=True)
class PendingAlert:
    """A problem the pupil reported, waiting for the invigilator."""

    alert_id: str
    question_index: int
    item_id: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """An alert the console resolved whose station-side record is not journaled yet."""

    alert_id: str
    validated: bool
    subcategory: str | None


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    """An answer durably saved."""

    question_index: int
    item_id: str
    status: str
    wall_time: str


@dataclass(frozen=True, slots=True)
class ExamStart:
    """How the test was drawn (``test.started``): enough to replay and re-score it."""

    bank_id: str
    seed: int
    engine: str
    wall_time: str
    total: int | None = None  # v2: the fixed number of questions (v3: the engine's maximum)


@dataclass(frozen=True, slots=True)
class ExamRecord:
    """One candidate's test on this station, from their join on.

    Attributes:
        candidate: Who.
        start_grant: An unused authorisation to start (presence confirmed).
        start: The test's start, once started.
        engine: The test as it stands (v3 adaptive, or v2 for a certifiable profile).
        shown: The question on screen.
        alert: The alert waiting for the invigilator.
        needs_resume: The station restarted mid-test; answering waits for an authorisation.
        end_reason: Why the test ended, once ended.
        end_journaled: This station journaled ``test.ended`` (an ended-by-command test gets
            it right after the command).
        unmirrored: Alerts resolved by command whose ``alert.*`` record is still to write.
        extra_seconds: Time added by the invigilator.
        test_clock: Active time of the test.
        answers: Every answer saved.
        resume_codes: The session's offline resume code hashes.
        used_codes: Numbers of the codes already used here.
        commands: Ids of the commands carried out.
        last_saved: Wall time (journal form) of the last answer saved.
        age: Time since the test started, alerts and waits included (the 24 h limit):
            monotonic within a run; across a stop, the wall-clock gap (never negative).
        last_wall: Wall time (journal form) of the candidate's latest event.
        code_failures: Wrong offline resume codes since the last one that worked.
        transferred_from: The station the test was handed over from, if any.
    """

    candidate: JoinedCandidate
    start_grant: Grant | None = None
    start: ExamStart | None = None
    engine: QuestionEngine | None = None
    shown: Shown | None = None
    alert: PendingAlert | None = None
    needs_resume: bool = False
    end_reason: EndReason | None = None
    end_journaled: bool = False
    unmirrored: tuple[Resolved, ...] = ()
    extra_seconds: int = 0
    test_clock: ActiveClock = ActiveClock()
    answers: tuple[SavedAnswer, ...] = ()
    resume_codes: tuple[SecretHash, ...] = ()
    used_codes: frozenset[int] = frozenset()
    commands: frozenset[str] = frozenset()
    last_saved: str | None = None
    age: ActiveClock = ActiveClock()
    last_wall: str | None = None
    code_failures: int = 0
    transferred_from: str | None = None

    @property
    def phase(self) -> Phase:
        """Derive the phase from the facts (never stored, so it cannot disagree with them)."""
        if self.end_reason is not None:
            return Phase.ENDED
        if self.start is not None:
            if self.needs_resume:
                return Phase.RESUME_NEEDED
            return Phase.ALERT_PENDING if self.alert is not None else Phase.QUESTION
        if self.start_grant is not None:
            return Phase.INSTRUCTIONS
        return Phase.WAITING_PRESENCE

    @property
    def question_index(self) -> int:
        """Return the index of the question to answer now (the number of answers)."""
        return self.engine.answer_count if self.engine is not None else 0

    def interrupted(self) -> ExamRecord:
        """Return the record after the station stopped (crash, power cut or quit).

        A test under way needs a fresh authorisation to go on, and so does one not started
        yet (an authorisation is valid for one run: its age cannot be measured across a
        reboot); clocks stop at the last event of the run that ended.
        """
        shown = self.shown
        if shown is not None:
            shown = replace(shown, clock=shown.clock.interrupted())
        started = self.start is not None and self.end_reason is None
        return replace(
            self,
            start_grant=None,
            test_clock=self.test_clock.interrupted(),
            age=self.age.interrupted(),
            shown=shown,
            needs_resume=self.needs_resume or started,
        )

    def restarted(self, mono_ns: int, wall_time: str, gap_ns: int) -> ExamRecord:
        """Return the record once a new run (or another station) carries on the test.

        The test's age goes on from ``mono_ns``, plus ``gap_ns``: the wall-clock time between
        its last event and ``wall_time`` (the caller makes it non-negative).
        """
        if self.start is None or self.end_reason is not None:
            return self
        age = ActiveClock(self.age.accumulated_ns + gap_ns, mono_ns, mono_ns)
        return replace(self, age=age, last_wall=wall_time)

    def past_lifetime(self, now_ns: int) -> bool:
        """Tell whether the test has run for 24 h (force-end it: ``abandoned``)."""
        if self.start is None or self.end_reason is not None:
            return False
        return self.age.elapsed_ns(now_ns) >= TEST_LIFETIME_NS

    @property
    def interruptible(self) -> bool:
        """Tell whether a restart must be journaled (``test.interrupted``): a test under way,
        even one already waiting to resume (the event marks where a run ended, for its age),
        or an unused start authorisation."""
        return self.phase in (
            Phase.INSTRUCTIONS,
            Phase.QUESTION,
            Phase.ALERT_PENDING,
            Phase.RESUME_NEEDED,
        )
