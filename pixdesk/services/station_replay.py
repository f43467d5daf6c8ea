"""Fold a station's journal into the test it records: the one function for live and replay.

The live station appends an event, then moves its :class:`ExamRecord` with :func:`fold`; a
restarted station folds its whole journal the same way. Questions come from engine v3 seeded
by ``test.started`` (engine v2's fixed list when ``test.started`` says ``"v2"``: a candidate
with a certifiable positioning profile): each ``question.shown`` and ``answer.saved`` must name
the item the engine draws, else the journal is not this bank's and the station refuses to go
on (:class:`ReplayError`) rather than show a pupil a different test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from pixdesk.crypto.secret_hash import SecretHash
from pixdesk.domain.adaptive import AdaptiveTest, EngineConfig
from pixdesk.domain.legacy_profile_doc import ProfileFormatError, profile_from_doc
from pixdesk.domain.legacy_test import ENGINE_V2, LegacyTest
from pixdesk.lab.commands import CommandKind
from pixdesk.services.station_bank import StationBank
from pixdesk.services.station_bodies import candidate_of, domain_status
from pixdesk.services.station_record import (
    ActiveClock,
    EndReason,
    ExamRecord,
    ExamStart,
    Grant,
    PendingAlert,
    QuestionEngine,
    Resolved,
    SavedAnswer,
    Shown,
)
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event

_NS_PER_MS = 1_000_000


class ReplayError(Exception):
    """The journal does not fit the engine and bank this station runs (``code`` says how)."""

    def __init__(self, code: str, detail: str = "") -> None:
        """Build the error."""
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Context:
    """What folding needs besides the events: the bank and the engine settings."""

    bank: StationBank
    config: EngineConfig = field(default_factory=EngineConfig)


def fold(record: ExamRecord | None, event: Event, context: Context) -> ExamRecord | None:
    """Return the record after ``event`` (None before any join).

    Raises:
        ReplayError: The event contradicts the engine or the bank.
    """
    body = event.body_dict()
    if event.type == EventType.CANDIDATE_JOINED:
        # A new join starts a new record: the journal of a lab PC spans many sessions.
        return ExamRecord(candidate=candidate_of(body))
    if record is None or body.get("candidate_id", record.candidate.candidate_id) != (
        record.candidate.candidate_id
    ):
        return record
    if event.type == EventType.TEST_INTERRUPTED:
        # Its monotonic time belongs to the new run: clocks close at the old run's last event;
        # the test's age (24 h limit) also counts the wall-clock time the station was down.
        gap = wall_gap_ns(record.last_wall, event.wall_time)
        return record.interrupted().restarted(event.mono_ns, event.wall_time, gap)
    record = _seen(record, event)
    handler = _HANDLERS.get(event.type)
    return record if handler is None else handler(record, body, event, context)


def fold_all(events: list[Event], context: Context) -> ExamRecord | None:
    """Fold a whole journal from an empty station."""
    record: ExamRecord | None = None
    for event in events:
        record = fold(record, event, context)
    return record


def wall_gap_ns(earlier: str | None, later: str) -> int:
    """Return the time between two journal wall times, in ns; 0 when negative or unknown."""
    if earlier is None:
        return 0
    try:
        gap = parse_journal_time(later) - parse_journal_time(earlier)
    except ValueError:
        return 0
    return max(0, gap // timedelta(microseconds=1) * 1000)


def parse_journal_time(text: str) -> datetime:
    """Read a journal ``wall_time`` (``YYYY-MM-DDTHH:MM:SS.ffffffZ``, UTC).

    Raises:
        ValueError: Not in that form.
    """
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _seen(record: ExamRecord, event: Event) -> ExamRecord:
    mono_ns = event.mono_ns
    shown = record.shown
    if shown is not None:
        shown = replace(shown, clock=shown.clock.seen(mono_ns))
    return replace(
        record,
        test_clock=record.test_clock.seen(mono_ns),
        age=record.age.seen(mono_ns),
        shown=shown,
        last_wall=event.wall_time,
    )


_Handler = Callable[[ExamRecord, Mapping[str, Any], Event, Context], ExamRecord]


def _test_started(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    bank_id = str(body.get("bank_id", ""))
    if bank_id != context.bank.bank_id:
        raise ReplayError("BANK_MISMATCH", f"journal {bank_id}, station {context.bank.bank_id}")
    seed = body["seed"]
    engine = _engine(record, body, context)
    total = engine.total if isinstance(engine, LegacyTest) else None
    start = ExamStart(bank_id, seed, str(body.get("engine", "v3")), event.wall_time, total)
    return replace(
        record,
        start=start,
        engine=engine,
        start_grant=None,
        test_clock=ActiveClock().start(event.mono_ns),
        age=ActiveClock().start(event.mono_ns),
    )


def _engine(record: ExamRecord, body: Mapping[str, Any], context: Context) -> QuestionEngine:
    """Start the engine ``test.started`` names: v2 from its profile and item list, else v3."""
    adjustment = record.candidate.accessibility_adjustment
    if body.get("engine") != ENGINE_V2:
        return AdaptiveTest.start(
            context.bank.items, body["seed"], context.config, accessibility_adjustment=adjustment
        )
    try:
        profile = profile_from_doc(body.get("positioning_profile"))
    except ProfileFormatError as exc:
        raise ReplayError("BAD_PROFILE", str(exc)) from None
    legacy = LegacyTest.start(
        context.bank.items, profile, body["seed"], accessibility_adjustment=adjustment
    )
    picked = [item.id for item in legacy.questions]
    if body.get("item_ids") != picked:
        raise ReplayError("ITEM_MISMATCH", f"v2 list: journal {body.get('item_ids')}, {picked}")
    return legacy


def _check_current(record: ExamRecord, body: Mapping[str, Any]) -> QuestionEngine:
    engine = record.engine
    if engine is None:
        raise ReplayError("NOT_STARTED", str(body.get("item_id")))
    current = engine.current.id if engine.current is not None else None
    if body["item_id"] != current or body["question_index"] != engine.answer_count:
        raise ReplayError(
            "ITEM_MISMATCH",
            f"question {body['question_index']}: journal {body['item_id']}, engine {current}",
        )
    return engine


def _question_shown(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    _check_current(record, body)
    timer = body.get("timer_s")
    shown = Shown(
        body["question_index"],
        body["item_id"],
        timer if isinstance(timer, int) else None,
        clock=ActiveClock().start(event.mono_ns),
    )
    return replace(record, shown=shown)


def _focus_lost(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    shown = record.shown
    if shown is None or shown.item_id != body["item_id"]:
        return record
    return replace(record, shown=replace(shown, focus_lost=True))


def _answer_saved(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    engine = _check_current(record, body)
    status = domain_status(str(body["status"]))
    saved = SavedAnswer(body["question_index"], body["item_id"], status.value, event.wall_time)
    return replace(
        record,
        engine=engine.answer(status),
        shown=None,
        answers=(*record.answers, saved),
        last_saved=event.wall_time,
    )


def _alert_raised(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    shown = record.shown
    if shown is not None:
        shown = replace(shown, clock=shown.clock.pause(event.mono_ns))
    alert = PendingAlert(str(body["alert_id"]), body["question_index"], str(body.get("item_id")))
    return replace(record, alert=alert, shown=shown)


def _alert_mirrored(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    left = tuple(r for r in record.unmirrored if r.alert_id != body["alert_id"])
    return replace(record, unmirrored=left)


def _test_resumed(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    code = body.get("code_number")
    if not isinstance(code, int):
        return _resumed(record, event.mono_ns)
    used = record.used_codes | {code}
    return _resumed(replace(record, used_codes=used, code_failures=0), event.mono_ns)


def _code_refused(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    return replace(record, code_failures=record.code_failures + 1)


def _test_transferred(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    """Carry on the test another station journaled (its events, folded the same way).

    The test stopped there at its last event, as after a crash: it waits for an
    authorisation; its age goes on with the wall-clock gap between the two stations' events.
    """
    moved = transferred_record(body, context)
    gap = wall_gap_ns(moved.last_wall, event.wall_time)
    moved = moved.interrupted().restarted(event.mono_ns, event.wall_time, gap)
    command_id = body.get("command_id")
    commands = record.commands | moved.commands
    return replace(
        moved,
        candidate=record.candidate,
        commands=commands | {command_id} if isinstance(command_id, str) else commands,
        resume_codes=record.resume_codes or moved.resume_codes,
        used_codes=record.used_codes | moved.used_codes,
        code_failures=record.code_failures,
        transferred_from=str(body["source_station_id"]),
        last_wall=event.wall_time,
    )


def transferred_record(body: Mapping[str, Any], context: Context) -> ExamRecord:
    """Fold the events a ``test.transferred`` (or a ``handover``'s checks) carries.

    Raises:
        ReplayError: ``TRANSFER_INVALID``: not a test under way of one candidate, or events
            that do not fit this bank and engine.
    """
    try:
        events = [Event.from_wire(doc) for doc in body["events"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ReplayError("TRANSFER_INVALID", "events") from exc
    moved = fold_all(events, context)
    if moved is None or moved.start is None:
        raise ReplayError("TRANSFER_INVALID", "no test started")
    if moved.candidate.candidate_id != body.get("candidate_id"):
        raise ReplayError("TRANSFER_INVALID", "another candidate")
    return moved


def _resumed(record: ExamRecord, mono_ns: int) -> ExamRecord:
    shown = record.shown
    if shown is not None and record.alert is None:
        shown = replace(shown, clock=shown.clock.start(mono_ns))
    return replace(
        record, needs_resume=False, test_clock=record.test_clock.start(mono_ns), shown=shown
    )


def _ended(record: ExamRecord, reason: EndReason, mono_ns: int) -> ExamRecord:
    shown = record.shown
    if shown is not None:
        shown = replace(shown, clock=shown.clock.pause(mono_ns))
    return replace(
        record,
        end_reason=record.end_reason or reason,
        test_clock=record.test_clock.pause(mono_ns),
        shown=shown,
    )


def _test_ended(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    try:
        reason = EndReason(str(body["reason"]))
    except ValueError:
        reason = EndReason.INVIGILATOR
    return replace(_ended(record, reason, event.mono_ns), end_journaled=True)


def _command_received(
    record: ExamRecord, body: Mapping[str, Any], event: Event, context: Context
) -> ExamRecord:
    kind = CommandKind(str(body["kind"]))
    args: Mapping[str, Any] = body.get("args") or {}
    mono = event.mono_ns
    record = replace(record, commands=record.commands | {str(body["command_id"])})
    if kind in (CommandKind.CONFIRM_PRESENCE, CommandKind.AUTHORISE_START):
        age_ns = int(body.get("age_ms", 0)) * _NS_PER_MS
        return replace(record, start_grant=Grant(str(body["command_id"]), mono - age_ns))
    if kind is CommandKind.CANCEL_PRESENCE:
        return replace(record, start_grant=None)
    if kind is CommandKind.AUTHORISE_RESUME:
        return _resumed(record, mono) if record.needs_resume else record
    if kind is CommandKind.ADD_TIME:
        return replace(record, extra_seconds=record.extra_seconds + int(args["seconds"]))
    if kind is CommandKind.END_TEST:
        return _ended(record, EndReason.INVIGILATOR, mono)
    if kind is CommandKind.RESUME_CODES:
        codes = tuple(SecretHash.from_doc(doc) for doc in args["codes"])
        return replace(record, resume_codes=codes)
    if kind is CommandKind.CODES_USED:
        numbers = frozenset(n for n in args["numbers"] if isinstance(n, int))
        return replace(record, used_codes=record.used_codes | numbers)
    if kind is CommandKind.BANK_KEY:
        return record  # the runtime opens the sealed bank with it (station_runtime)
    return _alert_decided(record, kind, args, mono)


def _alert_decided(
    record: ExamRecord, kind: CommandKind, args: Mapping[str, Any], mono_ns: int
) -> ExamRecord:
    alert = record.alert
    if alert is None or alert.alert_id != args.get("alert_id"):
        return record
    if kind is CommandKind.VALIDATE_ALERT and record.engine is not None:
        # The question does not count: the engine excludes its skill and draws another,
        # shown at the same index (docs/bundle-format.md §7).
        resolved = Resolved(alert.alert_id, True, str(args.get("subcategory")))
        return replace(
            record,
            engine=record.engine.validate_alert(),
            alert=None,
            shown=None,
            unmirrored=(*record.unmirrored, resolved),
        )
    shown = record.shown
    if shown is not None and not record.needs_resume:
        shown = replace(shown, clock=shown.clock.start(mono_ns))
    resolved = Resolved(alert.alert_id, False, None)
    return replace(record, alert=None, shown=shown, unmirrored=(*record.unmirrored, resolved))


_HANDLERS: Mapping[str, _Handler] = {
    EventType.TEST_STARTED: _test_started,
    EventType.QUESTION_SHOWN: _question_shown,
    EventType.FOCUS_LOST: _focus_lost,
    EventType.ANSWER_SAVED: _answer_saved,
    EventType.ALERT_RAISED: _alert_raised,
    EventType.ALERT_VALIDATED: _alert_mirrored,
    EventType.ALERT_DISMISSED: _alert_mirrored,
    EventType.TEST_RESUMED: _test_resumed,
    EventType.TEST_ENDED: _test_ended,
    EventType.COMMAND_RECEIVED: _command_received,
    EventType.TEST_TRANSFERRED: _test_transferred,
    EventType.RESUME_CODE_REFUSED: _code_refused,
}
