"""What the pupil does during the test: start, answer, skip, leave the window, report a problem,
resume with a code; and what follows each step (the next question, the end).

Mixed into :class:`~pixdesk.services.station_runtime.StationRuntime`; every method follows
its rule: check the phase (``station_rules.ACTIONS``), append durably, then notify.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pixdesk.domain.authorisation import (
    Authorisation,
    AuthorisationPurpose,
    authorisation_refusal,
    timer_with_extra_time,
)
from pixdesk.domain.grading import check_answer
from pixdesk.imports.bank_format import Attachment
from pixdesk.services.resume_codes import ResumeCodeRefusal, TryLimiter, check_code
from pixdesk.services.station_bodies import (
    ENGINE_V3,
    Response,
    encode_response,
    journal_status,
    legacy_start_fields,
)
from pixdesk.services.station_config import AnswerReceipt, ResumeOutcome, StationError
from pixdesk.services.station_record import EndReason, ExamRecord, Phase
from pixdesk.services.station_rules import Action, Refusal, action_refusal
from pixdesk.store.event_types import EventType

if TYPE_CHECKING:
    import random

    from pixdesk.domain.clock import Clock
    from pixdesk.services.station_bank import StationBank
    from pixdesk.services.station_link import StationLink
    from pixdesk.services.station_views import StationSnapshot
    from pixdesk.store.events import Event

_NS = 1_000_000_000
SEED_BOUND = 2**31
"""Seeds are drawn below this: an integer every JSON reader keeps exactly."""


class StationActions:
    """The pupil's side of the test (see the module docstring)."""

    if TYPE_CHECKING:
        clock: Clock
        bank: StationBank
        link: StationLink
        station_id: str
        _lock: threading.RLock
        _record: ExamRecord | None
        _rng: random.Random
        _last_saved_at: datetime | None

        def _append(self, event_type: EventType, body: dict[str, Any]) -> Event: ...
        def _notify(self) -> None: ...
        def _snapshot(self) -> StationSnapshot: ...
        def _display_now(self) -> datetime: ...
        def _temp_dir(self) -> Path: ...

    def __init__(self) -> None:
        """Start with no failed resume code."""
        self._tries = TryLimiter()

    # ---------------------------------------------------------------- the test

    def start_test(self) -> StationSnapshot:
        """Start the test with the invigilator's authorisation (single use, 15 minutes).

        Raises:
            StationError: ``WRONG_PHASE``…, or ``AUTHORISATION_EXPIRED``: ask for a new one.
        """
        with self._lock:
            record = self._checked(Action.START)
            grant = record.start_grant
            if grant is None:
                raise StationError(Refusal.WRONG_PHASE)  # the INSTRUCTIONS phase has one
            authorisation = Authorisation(
                record.candidate.candidate_id,
                AuthorisationPurpose.START,
                self.clock.now(),
                grant.granted_mono_ns,
            )
            refusal = authorisation_refusal(
                authorisation,
                self.clock,
                candidate_id=record.candidate.candidate_id,
                purpose=AuthorisationPurpose.START,
            )
            if refusal is not None:
                raise StationError(refusal.value)
            seed = self._rng.randrange(SEED_BOUND)
            body: dict[str, Any] = {
                "candidate_id": record.candidate.candidate_id,
                "bank_id": self.bank.bank_id,
                "bank_version": self.bank.version,
                "seed": seed,
                "engine": ENGINE_V3,
                "accessibility_adjustment": record.candidate.accessibility_adjustment,
                "extra_time_percent": record.candidate.extra_time_percent,
                "authorisation": grant.command_id,
            }
            body.update(legacy_start_fields(record.candidate, self.bank, seed))
            self._append(EventType.TEST_STARTED, body)
            self._follow_up()
            snapshot = self._snapshot()
        self._notify()
        return snapshot

    def answer(self, response: Response, *, question_index: int | None = None) -> AnswerReceipt:
        """Grade and save the answer to the question on screen, then show the next one.

        Returns once the answer is durable on this PC; ``saved_at`` is what to show.

        Args:
            response: What the pupil gave (None: skipped).
            question_index: The question the UI showed when the pupil answered; another
                question on the station means the screen was stale, and nothing is saved.

        Raises:
            StationError: Not answering now (``WRONG_PHASE`` while an alert is pending…),
                or ``STALE_QUESTION``.
            StoreError: The answer could not be saved (disk full…): nothing changed.
        """
        with self._lock:
            record = self._checked(Action.ANSWER)
            engine, shown = record.engine, record.shown
            if engine is None or engine.current is None or shown is None:
                raise StationError(Refusal.WRONG_PHASE)  # a question is on screen in QUESTION
            if question_index is not None and question_index != shown.question_index:
                raise StationError(Refusal.STALE_QUESTION)
            item = engine.current
            now = self.clock.monotonic_ns()
            timed_out = (
                shown.timer_s is not None and shown.clock.elapsed_ns(now) > shown.timer_s * _NS
            )
            status = check_answer(
                item,
                response,
                timed_out=timed_out,
                focused_out=shown.focus_lost,
                accessibility_adjustment=record.candidate.accessibility_adjustment,
            )
            body: dict[str, Any] = {
                "candidate_id": record.candidate.candidate_id,
                "question_index": shown.question_index,
                "item_id": item.id,
                "status": journal_status(status),
                "timed_out": timed_out,
                "focused_out": shown.focus_lost,
                "time_ms": shown.clock.elapsed_ns(now) // 1_000_000,
            }
            value = encode_response(response)
            if value is not None:
                body["value"] = value
            self._append(EventType.ANSWER_SAVED, body)
            # Durable now: only from here may the pupil be told it is saved.
            saved_at = self._display_now()
            self._last_saved_at = saved_at
            self._follow_up()
            receipt = AnswerReceipt(status, shown.question_index, saved_at, self._snapshot())
        self._notify()
        return receipt

    def skip(self, *, question_index: int | None = None) -> AnswerReceipt:
        """Skip the question on screen (counted as not answered correctly)."""
        return self.answer(None, question_index=question_index)

    def focus_lost(self) -> bool:
        """Record that the pupil left the window; True when it matters for this question.

        Only focused items record it, once per question. A candidate with an accessibility
        adjustment is never penalised (grading knows), but the fact is still journaled.
        """
        with self._lock:
            record = self._record
            if action_refusal(record, Action.FOCUS_LOST) is not None or record is None:
                return False
            engine, shown = record.engine, record.shown
            if engine is None or engine.current is None or shown is None:
                return False
            if not engine.current.focused or shown.focus_lost:
                return False
            body = {
                "candidate_id": record.candidate.candidate_id,
                "question_index": shown.question_index,
                "item_id": shown.item_id,
            }
            self._append(EventType.FOCUS_LOST, body)
        self._notify()
        return True

    def exam_mode_degraded(self, reasons: tuple[str, ...]) -> int:
        """Tell the console what exam mode could not lock (``full_screen``, ``stay_on_top``).

        The test goes on anyway: each reason is journaled (``exam_mode.degraded``), and the
        console shows it as a notice. Nothing is written before a join (no candidate).

        Returns:
            How many reasons were journaled.
        """
        with self._lock:
            record = self._record
            if record is None or not reasons:
                return 0
            for reason in reasons:
                body = {"candidate_id": record.candidate.candidate_id, "reason": reason}
                self._append(EventType.EXAM_MODE_DEGRADED, body)
        self._notify()
        return len(reasons)

    def report_problem(self) -> str:
        """Raise a live alert on the question on screen; answering waits for the invigilator.

        Returns:
            The alert's id.
        """
        with self._lock:
            record = self._checked(Action.REPORT_PROBLEM)
            shown = record.shown
            if shown is None:
                raise StationError(Refusal.WRONG_PHASE)
            alert_id = f"{self.station_id}-{secrets.token_hex(6)}"
            body = {
                "alert_id": alert_id,
                "candidate_id": record.candidate.candidate_id,
                "question_index": shown.question_index,
                "item_id": shown.item_id,
            }
            self._append(EventType.ALERT_RAISED, body)
        self._notify()
        return alert_id

    def resume_with_code(self, typed: str) -> ResumeOutcome:
        """Resume after a restart with an offline resume code (slow: Argon2id).

        The code is checked outside the lock (a fraction of a second); five wrong codes make
        the station wait (30 s, doubled at each further lock-out).
        """
        with self._lock:
            record = self._checked(Action.RESUME_WITH_CODE)
            hashes, used = record.resume_codes, record.used_codes
            wait = self._tries.wait_ns(self.clock.monotonic_ns())
        if wait > 0:
            return ResumeOutcome(False, ResumeCodeRefusal.TOO_MANY_TRIES.value, -(-wait // _NS))
        checked = check_code(typed, hashes, used)
        with self._lock:
            if isinstance(checked, ResumeCodeRefusal):
                current = self._record
                if checked is not ResumeCodeRefusal.NO_CODES and current is not None:
                    # Durable before it counts: a restart must not forgive it (never the code).
                    refused = {"candidate_id": current.candidate.candidate_id}
                    refused["reason"] = checked.value
                    self._append(EventType.RESUME_CODE_REFUSED, refused)
                    self._tries.failed(self.clock.monotonic_ns())
                return ResumeOutcome(False, checked.value)
            self._tries.succeeded()
            current = self._record
            if current is None or current.phase is not Phase.RESUME_NEEDED:
                return ResumeOutcome(True)  # the console authorised it meanwhile
            body = {
                "candidate_id": current.candidate.candidate_id,
                "via": "code",
                "code_number": checked,
            }
            self._append(EventType.TEST_RESUMED, body)
            self._follow_up()
        self._notify()
        return ResumeOutcome(True)

    def attachment_file(self, name: str) -> Path:
        """Write an attachment of the question on screen to a temporary file (disk I/O).

        Raises:
            AttachmentError: Unknown, missing, or changed since the bank was signed.
            StationError: No question on screen.
        """
        with self._lock:
            record = self._record
            shown = record.shown if record is not None else None
            if shown is None:
                raise StationError(Refusal.WRONG_PHASE)
            item_id = shown.item_id
        attachment, data = self.bank.attachment(item_id, name)
        return _write_temp(self._temp_dir(), attachment, data)

    # ---------------------------------------------------------------- what follows

    def _checked(self, action: Action) -> ExamRecord:
        record = self._record
        refusal = action_refusal(record, action)
        if refusal is not None or record is None:
            raise StationError(refusal or Refusal.NOT_JOINED)
        return record

    def _follow_up(self) -> None:
        """Show the next question, or end a test with none left (call with the lock held)."""
        record = self._record
        if record is None or record.phase is not Phase.QUESTION or record.shown is not None:
            return
        engine = record.engine
        if engine is None:
            return
        candidate_id = record.candidate.candidate_id
        if engine.current is None:
            self._append(
                EventType.TEST_ENDED,
                {"candidate_id": candidate_id, "reason": EndReason.COMPLETED.value},
            )
            return
        item = engine.current
        body: dict[str, Any] = {
            "candidate_id": candidate_id,
            "question_index": engine.answer_count,
            "item_id": item.id,
        }
        if item.timer_seconds is not None:
            body["timer_s"] = timer_with_extra_time(
                item.timer_seconds, record.candidate.extra_time_ratio
            )
        self._append(EventType.QUESTION_SHOWN, body)


def _write_temp(directory: Path, attachment: Attachment, data: bytes) -> Path:
    target = directory / attachment.name
    target.write_bytes(data)
    return target
