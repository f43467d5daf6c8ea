"""The running console: the room's hub, its rows, the invigilator's actions, the finalisation.

Threads (DESIGN.md §3, §5): the hub runs on the lab thread (``LabThread``); the console's
own store connection and its :class:`~pixdesk.services.console_room.Room` belong to ONE worker
thread of this class, which applies everything in order — the hub's news (imports, joins,
connections) and the actions' records. The hub writes the replica through its own connection
(``replica``). Public methods block their caller until done: call them from a task runner,
never from the UI thread, the lab thread or a listener.

A console that restarts builds the same room again from its store (every event, in local
order), serves the same keys (``ConsoleSession``) and passes the stations its replica knows as
admitted, so they re-send from where the replica stops without joining again.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Final, TypeVar

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.resume_codes import DEFAULT_COUNT
from pixdesk.crypto.station_kem import bank_key_aad, kem_public_from_text, seal_bank_key
from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.clock import Clock
from pixdesk.domain.finalisation import FinalisationProblem, check_finalisation
from pixdesk.lab.address import DEFAULT_PORT
from pixdesk.lab.codes import CommandStatus, JoinResult
from pixdesk.lab.commands import Command, CommandKind, new_command_id
from pixdesk.lab.discovery import Advert, Advertiser, Interfaces
from pixdesk.lab.hub import Hub
from pixdesk.lab.hub_config import CommandOutcome, HubSettings
from pixdesk.lab.loop_thread import LabThread
from pixdesk.lab.observers import EventsImported, JoinAttempt, SecurityReport, StationInfo
from pixdesk.services.console_actions import Action, ActionResult, AuthoriseResume
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_finalise import (
    FinalisationAnswers,
    FinalisationOutcome,
    FinalisationRefused,
    build_form,
    form_doc,
)
from pixdesk.services.console_handover import (
    codes_used_command,
    handover_command,
    handover_issued,
)
from pixdesk.services.console_minutes import read_minutes, with_minutes, write_minutes
from pixdesk.services.console_notices import ConsoleListener, Notice, NoticeKind, NullListener
from pixdesk.services.console_plans import Plan, PlanContext, Recorded, plan_action, record_plan
from pixdesk.services.console_room import Room, RoomEvent, parse_wall_time
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.console_start import lan_addresses, load_room, open_session_once
from pixdesk.services.console_values import DONE, RoomRow
from pixdesk.services.station_store import StationStore
from pixdesk.store.event_types import EventType

_log = logging.getLogger(__name__)
_T = TypeVar("_T")
ANY_HOST: Final = "0.0.0.0"  # noqa: S104 - the lab LAN: stations must reach the console
_IN_USE: Final = frozenset({errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)})
_NOTICED: Final = {
    EventType.ALERT_RAISED.value: NoticeKind.ALERT_RAISED,
    EventType.TEST_INTERRUPTED.value: NoticeKind.TEST_INTERRUPTED,
    EventType.TIME_CREDIT_PROPOSED.value: NoticeKind.CREDIT_PROPOSED,
    EventType.EXAM_MODE_DEGRADED.value: NoticeKind.EXAM_MODE_DEGRADED,
}


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    """How the console serves the room.

    Attributes:
        host: The address to listen on (all by default; tests pass loopback).
        port: The port (47474 by default; 0 for any free one).
        advertise: Announce the session by zeroconf (the typed address is the fallback).
        advertise_interfaces: Where to announce (None: every interface).
        kdf_params: Argon2id costs of the resume code hashes (tests pass cheap ones).
        resume_codes: How many codes the emergency sheet holds.
        hub: The hub's limits and timings.
    """

    host: str = ANY_HOST
    port: int = DEFAULT_PORT
    advertise: bool = True
    advertise_interfaces: Interfaces | None = None
    kdf_params: Argon2Params | None = None
    resume_codes: int = DEFAULT_COUNT
    hub: HubSettings | None = None


@dataclass(frozen=True, slots=True)
class RoomAddress:
    """Where stations find the console.

    Attributes:
        addresses: What to type on a station when discovery finds nothing
            (``192.168.1.20:47474``), one per network address of this PC.
        port: The port listened on.
        advertised: The session is announced on the LAN.
        tls_fingerprint: The console's TLS certificate short fingerprint.
    """

    addresses: tuple[str, ...]
    port: int
    advertised: bool
    tls_fingerprint: str


class Console:
    """Run one session's room.

    Args:
        session: The opened session (keys unsealed).
        store: This PC's store, on a connection for this console's worker only.
        replica: The same store on another connection, for the hub's replica writer.
        lab: The lab thread the hub runs on (started).
        clock: The console's clock: the room's reference time.
        settings: Address, discovery, resume codes, hub limits.
        listener: Told about changed rows and notices (on the worker thread).
    """

    def __init__(
        self,
        session: ConsoleSession,
        *,
        store: StationStore,
        replica: StationStore,
        lab: LabThread,
        clock: Clock,
        settings: ConsoleSettings | None = None,
        listener: ConsoleListener | None = None,
    ) -> None:
        self.session = session
        self.settings = settings or ConsoleSettings()
        self.address: RoomAddress | None = None
        self._store = store
        self._replica = replica
        self._lab = lab
        self._clock = clock
        self._listener: ConsoleListener = listener or NullListener()
        self._room = Room(session.session_id, session.candidates)
        self._ctx = PlanContext(self._room, session, clock, self._append)
        self._codes_in_flight: set[str] = set()
        self._joins_seen: dict[str, int] = {}  # station → candidate.joined imported so far
        self._used_in_flight: set[str] = set()
        self._handovers: dict[tuple[str, str], str] = {}  # (station, candidate) → lost answer
        self._keys_in_flight: set[tuple[str, str]] = set()
        # Bumped (and waited on) when a station's X25519 key or a bank key's answer comes in.
        self._key_news = threading.Condition()
        self._key_news_count = 0
        self._worker = concurrent.futures.ThreadPoolExecutor(1, "pixdesk-console")
        self._worker_ident: int | None = None
        self._hub: Hub | None = None
        self._tests_told: dict[str, str] = {}  # the running tests the hub was last told of
        self._advertiser: Advertiser | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> RoomAddress:
        """Rebuild the room, open the session (the first time: resume codes and their sheet),
        start the hub and announce it.

        Raises:
            ConsoleError: PORT_IN_USE, NETWORK_ERROR.
        """
        self._call(self._load)
        hub = Hub(
            tls=self.session.secrets.tls,
            replica=self._replica.journal,
            clock=self._clock,
            observer=_HubEvents(self),
            settings=self.settings.hub,
        )
        admitted, closed, running = self._call(
            lambda: (
                self._room.admitted_stations(),
                self._room.finalised,
                self._room.running_tests(),
            )
        )
        hub_session = self.session.hub_session(admitted=admitted, closed=closed)
        hub.add_session(replace(hub_session, test_stations=running))
        self._tests_told = running
        try:
            _host, port = self._lab.run(hub.start(self.settings.host, self.settings.port))
        except OSError as exc:
            self._lab.run(hub.replica.close())
            in_use = exc.errno in _IN_USE
            code = ConsoleErrorCode.PORT_IN_USE if in_use else ConsoleErrorCode.NETWORK_ERROR
            params = {"port": self.settings.port, "detail": exc.strerror or str(exc)}
            raise ConsoleError(code, params) from exc
        self._hub = hub
        self._submit(self._tell_running_tests)  # what changed while the hub was starting
        advertised = self.settings.advertise and self._advertise(port)
        if self.settings.host in (ANY_HOST, ""):
            hosts = lan_addresses() or ["127.0.0.1"]
        else:
            hosts = [self.settings.host]
        self.address = RoomAddress(
            tuple(f"{host}:{port}" for host in hosts),
            port,
            advertised,
            self.session.tls_fingerprint,
        )
        return self.address

    def close(self, *, graceful: bool = True) -> None:
        """Stop announcing and serving (stations keep working and reconnect later).

        Args:
            graceful: Tell the stations; False drops them as a crash would (drills, tests).
        """
        advertiser, self._advertiser = self._advertiser, None
        if advertiser is not None:
            try:
                self._lab.run(advertiser.close(), timeout=5)
            except (OSError, TimeoutError):
                _log.info("withdrawing the zeroconf advert failed", exc_info=True)
        hub, self._hub = self._hub, None
        if hub is not None:
            self._lab.run(hub.close(graceful=graceful), timeout=15)
        self._worker.shutdown(wait=True)

    # ------------------------------------------------------------------ reading

    def now(self) -> datetime:
        """Return the console's time (rows' status and time left are computed against it)."""
        return self._clock.now()

    def rows(self) -> tuple[RoomRow, ...]:
        """Return every candidate's row."""
        return self._call(self._room.rows)

    def row(self, candidate_id: str) -> RoomRow:
        """Return one candidate's row.

        Raises:
            ConsoleError: UNKNOWN_CANDIDATE.
        """

        def read() -> RoomRow:
            if candidate_id not in self._room:
                raise ConsoleError(ConsoleErrorCode.UNKNOWN_CANDIDATE)
            return self._room.row(candidate_id)

        return self._call(read)

    @property
    def finalised(self) -> bool:
        """Tell whether the session is finalised."""
        return self._call(lambda: self._room.finalised)

    # ------------------------------------------------------------------ actions

    def perform(self, action: Action) -> ActionResult:
        """Carry out an invigilator's action (blocks up to the hub's command timeout).

        Raises:
            ConsoleError: the action does not fit (UNKNOWN_*, NO_STATION, NOT_AVAILABLE,
                INVALID_*, SESSION_FINALISED); nothing was sent nor journaled.
        """
        planned = self._call(lambda: plan_action(self._ctx, action))
        if isinstance(planned, Recorded):
            self._call(lambda: self._publish(planned.changed))
            return planned.result
        if isinstance(planned.action, AuthoriseResume):
            refused = self._hand_over(planned)
            if refused is not None:
                return refused
        outcome = self._lab.run(self._send(planned))
        recorded = self._call(lambda: self._record(planned, outcome))
        return recorded.result

    def _hand_over(self, plan: Plan) -> ActionResult | None:
        """Send the candidate's test to the station they joined again on, when their test is
        on another (its PC died): the authorisation follows only once it took.

        Returns:
            None to go on; else the result to give (the handover's status and reason).
        """
        cid, station = plan.candidate_id, plan.station_id
        command = self._call(lambda: handover_command(self._room, self._store, cid, station))
        if command is None:
            return None
        refused = self._key_first(plan)
        if refused is not None:
            return refused
        # A handover whose answer was lost goes again under its id (DUPLICATE if it took).
        command_id = self._handovers.get((station, cid)) or new_command_id()
        hub = self._hub
        if hub is None:
            outcome = CommandOutcome(CommandStatus.NOT_CONNECTED, command_id)
        else:
            send = hub.send_command(station, command, command_id=command_id)
            outcome = self._lab.run(send)
        return self._call(lambda: self._handed_over(plan, command, command_id, outcome))

    def _key_first(self, plan: Plan) -> ActionResult | None:
        """Before a handover, open the station's sealed bank: the ``bank_key`` always precedes
        the ``handover`` (a station refuses a test whose items it cannot read, BANK_LOCKED).

        Waits, up to the hub's command timeout, for the station's X25519 key to replicate (its
        ``candidate.joined``) or for a key already on its way to be answered; sends it here
        otherwise.

        Returns:
            None once the key is delivered (or the session has none); else the result to give:
            the key's refusal, or TIMEOUT when it could not be sent in time.
        """
        station, cid = plan.station_id, plan.candidate_id
        hub_settings = self.settings.hub or HubSettings()
        deadline = time.monotonic() + hub_settings.command_timeout_s
        while True:
            with self._key_news:
                seen = self._key_news_count
            step = self._call(lambda: self._key_step(station, cid))
            if step is True:
                return None
            if step is not False:
                return self._send_key_now(plan, *step)
            remaining = deadline - time.monotonic()
            with self._key_news:
                news = self._key_news.wait_for(partial(self._key_news_since, seen), remaining)
            if not news:
                row = self._call(lambda: self._room.row(cid))
                status = CommandStatus.TIMEOUT
                return ActionResult(plan.action, cid, status, "BANK_LOCKED", None, row)

    def _send_key_now(self, plan: Plan, command: Command, command_id: str) -> ActionResult | None:
        """Send a ``bank_key`` and wait for the answer; None once delivered, else the result."""
        station, cid = plan.station_id, plan.candidate_id
        outcome = self._send_now(station, command, command_id)
        self._call(lambda: self._bank_key_sent(station, cid, command_id, outcome))
        if outcome.status.value in DONE:
            return None
        row = self._call(lambda: self._room.row(cid))
        return ActionResult(plan.action, cid, outcome.status, outcome.reason, command_id, row)

    def _key_news_since(self, seen: int) -> bool:
        """Tell whether key news came since ``seen`` (call with ``_key_news`` held)."""
        return self._key_news_count != seen

    def _key_step(self, station_id: str, candidate_id: str) -> bool | tuple[Command, str]:
        """On the worker: True when the station's bank key is delivered (or the session has
        none), False while it cannot be sent yet or is on its way, else the ``bank_key`` to
        send now (marked in flight)."""
        key = (station_id, candidate_id)
        if self.session.bank_key is None or key in self._room.bank_keys_delivered:
            return True
        if key in self._keys_in_flight:
            return False
        planned = self._bank_key_command(station_id)
        if planned is None:
            return False
        owed, command, command_id = planned
        if owed != candidate_id:  # another candidate sits there now: not this handover's key
            self._keys_in_flight.discard((station_id, owed))
            return False
        return command, command_id

    def _send_now(self, station_id: str, command: Command, command_id: str) -> CommandOutcome:
        hub = self._hub
        if hub is None:
            return CommandOutcome(CommandStatus.NOT_CONNECTED, command_id)
        return self._lab.run(hub.send_command(station_id, command, command_id=command_id))

    def _handed_over(
        self, plan: Plan, command: Command, command_id: str, outcome: CommandOutcome
    ) -> ActionResult | None:
        key = (plan.station_id, plan.candidate_id)
        if outcome.status is CommandStatus.TIMEOUT:
            self._handovers[key] = command_id
        else:
            self._handovers.pop(key, None)
        body: dict[str, Any] = {
            "session_id": self._room.session_id,
            "command_id": command_id,
            "station_id": plan.station_id,
            "kind": command.kind.value,
            "status": outcome.status.value,
            "candidate_id": plan.candidate_id,
            **handover_issued(command),
        }
        if outcome.reason:
            body["reason"] = outcome.reason
        self._publish(self._append(EventType.COMMAND_ISSUED, body))
        if outcome.status.value in DONE:
            return None
        row = self._room.row(plan.candidate_id)
        return ActionResult(
            plan.action, plan.candidate_id, outcome.status, outcome.reason, command_id, row
        )

    # ------------------------------------------------------------------ finalisation

    def finalisation_problems(
        self, answers: FinalisationAnswers
    ) -> tuple[FinalisationProblem, ...]:
        """Return every problem of the form against the room as it is now (empty: ready)."""
        return self._call(lambda: check_finalisation(build_form(self._room.rows(), answers)))

    def finalise(self, answers: FinalisationAnswers) -> FinalisationOutcome:
        """Finalise the session (RULES.md §9), then close it to new joins.

        Running tests end: a signed ``end_test`` goes to each connected station, and the
        console journals the end either way; the form is journaled with the finalisation.

        Raises:
            FinalisationRefused: with every problem of the form; nothing was done.
            ConsoleError: SESSION_FINALISED.
        """
        running = self._call(lambda: self._check_form(answers))
        outcomes = self._lab.run(self._end_all(running))
        outcome = self._call(lambda: self._record_finalisation(answers, running, outcomes))
        hub = self._hub
        if hub is not None:
            self._lab.call(hub.close_session, self.session.number_text).result()
        return with_minutes(outcome, self.write_minutes)

    def write_minutes(self) -> Path:
        """Write the incident minutes of the finalised session from the journal; return the file.

        Raises:
            ValueError: The session is not finalised.
            OSError, StoreError: The store cannot be read or the file written.
        """
        minutes = self._call(lambda: read_minutes(self._store, self.session))
        return write_minutes(minutes, self.session.directory)

    # ------------------------------------------------------------------ the worker

    def _call(self, fn: Callable[[], _T]) -> _T:
        if threading.get_ident() == self._worker_ident:
            return fn()
        return self._worker.submit(self._as_worker, fn).result()

    def _submit(self, fn: Callable[[], object]) -> None:
        try:
            future = self._worker.submit(self._as_worker, fn)
        except RuntimeError:
            return  # shut down: the console is closing
        future.add_done_callback(_log_failure)

    def _as_worker(self, fn: Callable[[], _T]) -> _T:
        self._worker_ident = threading.get_ident()
        return fn()

    def _load(self) -> None:
        load_room(self._room, self._store)
        issued_before = open_session_once(
            self._room,
            self.session,
            append=self._append,
            params=self.settings.kdf_params,
            count=self.settings.resume_codes,
        )
        if issued_before and not self.session.sheet_path.exists():
            self._notify(NoticeKind.SHEET_MISSING)

    def _append(self, kind: EventType, body: dict[str, Any]) -> set[str]:
        event = self._store.journal.append(
            kind, body, mono_ns=self._clock.monotonic_ns(), wall_time=self._clock.now()
        )
        at = parse_wall_time(event.wall_time)
        return self._room.apply(RoomEvent(event.station_id, event.type, body, at))

    def _publish(self, changed: set[str]) -> None:
        self._tell_running_tests()
        rows = tuple(self._room.row(cid) for cid in changed if cid in self._room)
        if rows:
            try:
                self._listener.rows_changed(rows)
            except Exception:  # noqa: BLE001 - a UI bug must not stop the room
                _log.exception("console listener failed")

    def _tell_running_tests(self) -> None:
        """Keep the hub's map of running tests current: a candidate who joins another PC
        hears that their test started elsewhere (it will be handed over and resume there)."""
        hub, running = self._hub, self._room.running_tests()
        if hub is None or running == self._tests_told:
            return
        self._tests_told = running
        future = self._lab.call(_set_test_stations, hub, self.session.number_text, running)
        future.add_done_callback(_log_failure)

    def _notify(self, kind: NoticeKind, candidate_id: str | None = None, **params: object) -> None:
        try:
            self._listener.notice(Notice(kind, self._clock.now(), candidate_id, params))
        except Exception:  # noqa: BLE001 - a UI bug must not stop the room
            _log.exception("console listener failed")

    async def _send(self, plan: Plan) -> CommandOutcome:
        hub = self._hub
        if hub is None:
            return CommandOutcome(CommandStatus.NOT_CONNECTED, plan.command_id)
        return await hub.send_command(plan.station_id, plan.command, command_id=plan.command_id)

    def _record(self, plan: Plan, outcome: CommandOutcome) -> Recorded:
        recorded = record_plan(self._ctx, plan, outcome)
        self._publish(recorded.changed)
        if recorded.codes_for is not None:
            self._ensure_codes(recorded.codes_for)
        return recorded

    # ------------------------------------------------------------------ hub news (worker)

    def _imported(self, batch: EventsImported) -> None:
        if batch.session_number != self.session.number_text:
            return
        count = batch.head_seq - batch.first_seq + 1
        events = self._store.journal.export_after(batch.station_id, batch.first_seq - 1, count)
        changed: set[str] = set()
        used_before = len(self._room.used_codes)
        for event in events:
            body = event.body_dict()
            changed |= self._room.apply(
                RoomEvent(event.station_id, event.type, body, parse_wall_time(event.wall_time))
            )
            if event.type == EventType.CANDIDATE_JOINED.value:
                station = event.station_id
                self._joins_seen[station] = self._joins_seen.get(station, 0) + 1
                # Its X25519 key is known now, and it takes commands: codes refused before
                # the join was journaled go again, then the bank key.
                self._ensure_codes(station)
                self._tell_key_news()
            kind = _NOTICED.get(event.type)
            cid = body.get("candidate_id")
            if kind is not None and isinstance(cid, str) and cid in self._room:
                question = body.get("question_index")
                extra = {"question": question + 1} if isinstance(question, int) else {}
                if isinstance(body.get("seconds"), int):
                    extra["seconds"] = body["seconds"]
                if kind is NoticeKind.EXAM_MODE_DEGRADED and isinstance(body.get("reason"), str):
                    extra["reason"] = body["reason"]
                self._notify(kind, cid, **extra)
        self._publish(changed)
        if len(self._room.used_codes) != used_before:
            for station in sorted(self._room.admitted_stations()):
                self._tell_used_codes(station)
        elif any(event.type == EventType.CANDIDATE_JOINED for event in events):
            # A station refuses commands until its join is journaled: tell it now.
            self._tell_used_codes(batch.station_id)

    def _connected(self, info: StationInfo) -> None:
        if info.session_number != self.session.number_text:
            return
        changed, credits = self._room.station_connected(info.station_id, self._clock.now())
        cid = self._room.candidate_at(info.station_id)
        if cid is not None:
            for seconds in credits:
                changed |= self._propose_credit(cid, seconds)
        self._publish(changed)
        self._ensure_codes(info.station_id)
        self._tell_used_codes(info.station_id)

    def _disconnected(self, station_id: str) -> None:
        self._publish(self._room.station_disconnected(station_id, self._clock.now()))

    def _joined(self, attempt: JoinAttempt) -> None:
        if attempt.session_number != self.session.number_text:
            return
        if attempt.result is JoinResult.MATCHED and attempt.candidate is not None:
            cid, station = attempt.candidate.candidate_id, attempt.station_id
            if cid not in self._room:
                return
            credits = self._room.join_matched(station, cid, self._clock.now())
            body = {"station_id": station, "candidate_id": cid, "session_id": self._room.session_id}
            changed = self._append(EventType.STATION_ADMITTED, body)
            for seconds in credits:
                changed |= self._propose_credit(cid, seconds)
            self._publish(changed | {cid})
            moved_from = self._room.row(cid).moved_from
            if moved_from is not None:  # their PC died: the resume hands the test over
                self._notify(NoticeKind.CANDIDATE_MOVED, cid, old_station=moved_from)
            else:
                self._notify(NoticeKind.STATION_JOINED, cid)
            self._ensure_codes(station)
            self._tell_used_codes(station)
        elif attempt.result is JoinResult.SEVERAL_MATCHES:
            names = [self._name(cid) for cid in attempt.several if cid in self._room]
            self._notify(NoticeKind.SEVERAL_MATCHES, names=", ".join(names))
        elif attempt.result is JoinResult.NO_MATCH:
            self._notify(NoticeKind.NO_MATCH)
        elif attempt.result is JoinResult.SESSION_CLOSED:
            self._notify(NoticeKind.JOIN_REFUSED_CLOSED)

    def _name(self, candidate_id: str) -> str:
        row = self._room.row(candidate_id)
        return f"{row.birth_name.upper()} {row.first_name}"

    def _propose_credit(self, candidate_id: str, seconds: int) -> set[str]:
        body = {
            "credit_id": secrets.token_hex(16),
            "candidate_id": candidate_id,
            "seconds": seconds,
            "cause": "disconnection",
        }
        changed = self._append(EventType.TIME_CREDIT_PROPOSED, body)
        self._notify(NoticeKind.CREDIT_PROPOSED, candidate_id, seconds=seconds)
        return changed

    def _ensure_codes(self, station_id: str) -> None:
        """Send the resume codes (and the bank key) to a station whose candidate is present,
        once."""
        self._ensure_bank_key(station_id)
        room = self._room
        cid = room.candidate_at(station_id)
        hub = self._hub
        if (
            hub is None
            or cid is None
            or not room.resume_code_hashes
            or station_id in room.codes_delivered
            or station_id in self._codes_in_flight
            or not room.is_connected(station_id)
            or room.row(cid).state not in (CandidateState.PRESENT, CandidateState.STARTED)
        ):
            return
        self._codes_in_flight.add(station_id)
        command = Command.resume_codes(cid, room.resume_code_hashes)
        command_id = new_command_id()
        joins = self._joins_seen.get(station_id, 0)

        async def send() -> None:
            outcome = await hub.send_command(station_id, command, command_id=command_id)
            self._submit(lambda: self._codes_sent(station_id, cid, command_id, outcome, joins))

        self._lab.submit(send()).add_done_callback(_log_failure)

    def _codes_sent(
        self,
        station_id: str,
        candidate_id: str,
        command_id: str,
        outcome: CommandOutcome,
        joins: int,
    ) -> None:
        """Journal the codes' delivery; send them again when the station refused them for
        want of its join and that join has replicated since (``joins``: those seen at send)."""
        self._codes_in_flight.discard(station_id)
        body: dict[str, Any] = {
            "session_id": self._room.session_id,
            "command_id": command_id,
            "station_id": station_id,
            "kind": "resume_codes",
            "status": outcome.status.value,
            "candidate_id": candidate_id,
        }
        if outcome.reason:
            body["reason"] = outcome.reason
        if outcome.token:
            body["token"] = outcome.token
        self._append(EventType.COMMAND_ISSUED, body)
        if outcome.status.value in DONE:
            self._notify(NoticeKind.CODES_DELIVERED, candidate_id)
        elif outcome.reason == "NOT_JOINED" and self._joins_seen.get(station_id, 0) > joins:
            self._ensure_codes(station_id)

    def _ensure_bank_key(self, station_id: str) -> None:
        """Send the sealed bank's key, HPKE-sealed to the station's X25519 key, to a station
        whose candidate's presence is confirmed, once per join (docs/item-banks.md §9)."""
        planned = self._bank_key_command(station_id)
        hub = self._hub
        if planned is None or hub is None:
            return
        cid, command, command_id = planned

        async def send() -> None:
            outcome = await hub.send_command(station_id, command, command_id=command_id)
            self._submit(lambda: self._bank_key_sent(station_id, cid, command_id, outcome))

        self._lab.submit(send()).add_done_callback(_log_failure)

    def _bank_key_command(self, station_id: str) -> tuple[str, Command, str] | None:
        """Return the candidate, ``bank_key`` command and id a station is owed now, marked in
        flight (None: no key, nobody present, its X25519 key unknown, delivered or on its way).
        """
        room, hub, bank_key = self._room, self._hub, self.session.bank_key
        cid = room.candidate_at(station_id)
        kem_text = room.station_kem_keys.get(station_id)
        if (
            hub is None
            or bank_key is None
            or cid is None
            or kem_text is None
            or (station_id, cid) in room.bank_keys_delivered
            or (station_id, cid) in self._keys_in_flight
            or not room.is_connected(station_id)
            or room.row(cid).state not in (CandidateState.PRESENT, CandidateState.STARTED)
        ):
            return None
        try:
            recipient = kem_public_from_text(kem_text)
        except ValueError:
            _log.warning("station %s published an unreadable X25519 key", station_id)
            return None
        aad = bank_key_aad(
            session_number=self.session.number_text,
            station_id=station_id,
            candidate_id=cid,
            bank_id=bank_key.bank_id,
        )
        sealed = seal_bank_key(recipient, bank_key.key, aad)
        command = Command.bank_key(cid, bank_key.bank_id, sealed)
        self._keys_in_flight.add((station_id, cid))
        return cid, command, new_command_id()

    def _bank_key_sent(
        self, station_id: str, candidate_id: str, command_id: str, outcome: CommandOutcome
    ) -> None:
        self._keys_in_flight.discard((station_id, candidate_id))
        body: dict[str, Any] = {
            "session_id": self._room.session_id,
            "command_id": command_id,
            "station_id": station_id,
            "kind": CommandKind.BANK_KEY.value,
            "status": outcome.status.value,
            "candidate_id": candidate_id,
        }
        if outcome.reason:
            body["reason"] = outcome.reason
        if outcome.token:
            body["token"] = outcome.token  # the key in it is sealed to the station
        self._append(EventType.COMMAND_ISSUED, body)
        self._tell_key_news()
        if outcome.status.value not in DONE:
            _log.warning("bank key to %s: %s %s", station_id, outcome.status, outcome.reason)

    def _tell_key_news(self) -> None:
        """Wake a handover waiting for a station's bank key (:meth:`_key_first`)."""
        with self._key_news:
            self._key_news_count += 1
            self._key_news.notify_all()

    def _tell_used_codes(self, station_id: str) -> None:
        """Tell a station the offline resume codes used elsewhere in the session (once each)."""
        hub = self._hub
        if hub is None or station_id in self._used_in_flight:
            return
        command = codes_used_command(self._room, station_id)
        if command is None:
            return
        self._used_in_flight.add(station_id)
        command_id = new_command_id()

        async def send() -> None:
            outcome = await hub.send_command(station_id, command, command_id=command_id)
            self._submit(lambda: self._used_told(station_id, command, command_id, outcome))

        self._lab.submit(send()).add_done_callback(_log_failure)

    def _used_told(
        self, station_id: str, command: Command, command_id: str, outcome: CommandOutcome
    ) -> None:
        self._used_in_flight.discard(station_id)
        body: dict[str, Any] = {
            "session_id": self._room.session_id,
            "command_id": command_id,
            "station_id": station_id,
            "kind": command.kind.value,
            "status": outcome.status.value,
            "candidate_id": command.args["candidate_id"],
            "numbers": list(command.args["numbers"]),
        }
        if outcome.reason:
            body["reason"] = outcome.reason
        self._append(EventType.COMMAND_ISSUED, body)
        if outcome.status.value in DONE:
            self._tell_used_codes(station_id)  # a code used while this one was on its way

    # ------------------------------------------------------------------ finalisation (worker)

    def _check_form(self, answers: FinalisationAnswers) -> list[tuple[str, str]]:
        if self._room.finalised:
            raise ConsoleError(ConsoleErrorCode.SESSION_FINALISED)
        problems = check_finalisation(build_form(self._room.rows(), answers))
        if problems:
            raise FinalisationRefused(problems)
        return [
            (row.candidate_id, row.station_id)
            for row in self._room.rows()
            if row.running
            and row.station_id is not None
            and self._room.is_connected(row.station_id)
        ]

    async def _end_all(
        self, running: Sequence[tuple[str, str]]
    ) -> list[tuple[str, str, str, CommandOutcome]]:
        hub = self._hub
        if hub is None or not running:
            return []

        async def end(cid: str, station: str) -> tuple[str, str, str, CommandOutcome]:
            command_id = new_command_id()
            outcome = await hub.send_command(station, Command.end_test(cid), command_id=command_id)
            return cid, station, command_id, outcome

        return list(await asyncio.gather(*(end(cid, station) for cid, station in running)))

    def _record_finalisation(
        self,
        answers: FinalisationAnswers,
        running: Sequence[tuple[str, str]],
        outcomes: Sequence[tuple[str, str, str, CommandOutcome]],
    ) -> FinalisationOutcome:
        for cid, station, command_id, outcome in outcomes:
            body: dict[str, Any] = {
                "session_id": self._room.session_id,
                "command_id": command_id,
                "station_id": station,
                "kind": "end_test",
                "status": outcome.status.value,
                "candidate_id": cid,
            }
            if outcome.token:
                body["token"] = outcome.token
            self._append(EventType.COMMAND_ISSUED, body)
        ended = tuple(row.candidate_id for row in self._room.rows() if row.running)
        for cid in ended:
            self._append(EventType.TEST_ENDED, {"candidate_id": cid, "reason": "finalisation"})
        form = build_form(self._room.rows(), answers)
        problems = check_finalisation(form)
        if problems:  # a test ended on its own between the check and now
            raise FinalisationRefused(problems)
        self._append(
            EventType.SESSION_FINALISED,
            {"session_id": self._room.session_id, "form": form_doc(form)},
        )
        self._publish(set(row.candidate_id for row in self._room.rows()))
        del running
        return FinalisationOutcome(
            ended=ended,
            commands=tuple((cid, outcome.status) for cid, _s, _c, outcome in outcomes),
            finalised_at=self._clock.now(),
        )

    # ------------------------------------------------------------------ discovery

    def _advertise(self, port: int) -> bool:
        interfaces = self.settings.advertise_interfaces
        advertiser = Advertiser() if interfaces is None else Advertiser(interfaces=interfaces)
        advert = Advert(
            self.session.number_text, self.session.room, self.session.secrets.tls.sha256, port
        )
        try:
            self._lab.run(advertiser.advertise(advert), timeout=10)
        except (OSError, TimeoutError, RuntimeError) as exc:
            # Multicast filtered or no network: the typed address still works.
            _log.warning("zeroconf advert failed: %s", exc)
            with contextlib.suppress(OSError, TimeoutError, RuntimeError):
                self._lab.run(advertiser.close(), timeout=5)
            return False
        self._advertiser = advertiser
        return True


class _HubEvents:
    """The hub's observer: hands everything to the console's worker, returns at once."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def station_connected(self, info: StationInfo) -> None:
        self._console._submit(lambda: self._console._connected(info))

    def station_disconnected(self, station_id: str, reason: str) -> None:
        self._console._submit(lambda: self._console._disconnected(station_id))

    def events_imported(self, batch: EventsImported) -> None:
        self._console._submit(lambda: self._console._imported(batch))

    def join_attempted(self, attempt: JoinAttempt) -> None:
        self._console._submit(lambda: self._console._joined(attempt))

    def security_reported(self, report: SecurityReport) -> None:
        console = self._console
        console._submit(
            lambda: console._notify(
                NoticeKind.SECURITY, None, issue=report.issue.value, station=report.station_id
            )
        )

    def replica_failed(self, detail: str) -> None:
        console = self._console
        console._submit(lambda: console._notify(NoticeKind.REPLICA_FAILED, None, detail=detail))


def _set_test_stations(hub: Hub, number: str, running: dict[str, str]) -> None:
    """Tell the hub (on the lab thread) where each running test of a session is."""
    session = hub.session(number)
    if session is not None:
        hub.add_session(replace(session, test_stations=running))


def _log_failure(future: concurrent.futures.Future[Any]) -> None:
    if future.cancelled():
        return
    error = future.exception()
    if error is not None:
        _log.error("console task failed", exc_info=error)
