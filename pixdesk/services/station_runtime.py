"""Learner mode without Qt: the station's store, its link to the console, its bank, its test.

:class:`StationRuntime` is what the learner UI talks to (through its task runner: every call
but :meth:`StationRuntime.snapshot` may touch the disk or the network). Every change follows
one rule: decide from the current :class:`ExamRecord`, append the event (the append returns
once the commit is durable), move the record with the same fold a restart replays, THEN tell
the client (``notify_appended``) and the listeners. So "Réponse enregistrée" is never shown for
an answer a power cut could lose, and a restarted station lands on the very same question.

Thread safety: one lock guards the record and the journal; nothing waits on the lab thread
while holding it (the lab thread itself takes it to carry out commands and report the link).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pixdesk.crypto.hpke import HpkeError
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.sealed_bank import SealedBankError
from pixdesk.crypto.station_kem import (
    bank_key_aad,
    kem_public_text,
    open_bank_key,
    station_kem_key,
)
from pixdesk.imports.bank_problems import BankRejectedError
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import CommandReply
from pixdesk.lab.commands import CommandKind, SignedCommand
from pixdesk.lab.discovery import FoundConsole
from pixdesk.lab.observers import LinkState
from pixdesk.lab.trust import StationTrust
from pixdesk.services.resume_codes import TryLimiter
from pixdesk.services.station_actions import StationActions
from pixdesk.services.station_bank import SealedStationBank, StationBank
from pixdesk.services.station_bodies import command_body, joined_body
from pixdesk.services.station_config import JoinForm, StationConfig, StationError
from pixdesk.services.station_link import ConnectOutcome, JoinAnswer, StationLink
from pixdesk.services.station_pins import open_pin_store
from pixdesk.services.station_record import EndReason, ExamRecord, JoinedCandidate, Phase
from pixdesk.services.station_replay import Context, ReplayError, fold
from pixdesk.services.station_rules import Refusal, command_refusal
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.services.station_transfer import transfer_body
from pixdesk.services.station_views import (
    StationSnapshot,
    link_view,
    question_view,
    time_view,
)
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from pixdesk.store.verify import VerifyResult

_log = logging.getLogger(__name__)

PINS_FILE = "console-pins.json"
_NEEDS_ITEMS = frozenset({EventType.TEST_STARTED.value, EventType.TEST_TRANSFERRED.value})
"""Events a restarted station cannot fold without its bank's items."""
Listener = Callable[[StationSnapshot], None]


class StationRuntime(StationActions):
    """A learner station: open it, let the pupil join and sit the test, close it.

    Build it with :meth:`open`. Read :meth:`snapshot` (or subscribe) for what to show; call
    :meth:`connect` then :meth:`join`, then :meth:`start_test`, :meth:`answer`,
    :meth:`skip`, :meth:`focus_lost`, :meth:`report_problem`, :meth:`resume_with_code`
    (see :class:`~pixdesk.services.station_actions.StationActions`). Console commands arrive
    by the link and are carried out by :meth:`carry_out`.
    """

    def __init__(
        self,
        config: StationConfig,
        writer: StationStore,
        reader: StationStore,
        keystore: Keystore,
    ) -> None:
        """Use :meth:`open`."""
        self.config = config
        self.clock = config.clock
        # A sealed bank shows nothing until its key arrives: no item, no content.
        self._sealed: SealedStationBank | None = None
        self.bank: StationBank
        if isinstance(config.bank, SealedStationBank):
            self._sealed, self.bank = config.bank, config.bank.locked()
        else:
            self.bank = config.bank
        self._bank_open = self._sealed is None
        self.station_id = writer.station_id
        self.station_fingerprint = writer.fingerprint
        self._writer = writer
        self._reader = reader
        self._context = Context(self.bank, config.engine)
        self._rng = config.rng or random.SystemRandom()
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._record: ExamRecord | None = None
        self._last_saved_at: datetime | None = None
        self._temp: Path | None = None
        self._versions = itertools.count(1)
        self._commands = ThreadPoolExecutor(1, thread_name_prefix="pixdesk-station-commands")
        self._closing = threading.Event()
        self._ticker: threading.Thread | None = None
        signing_key = keystore.station_key(create=False)
        self.station_public_key = signing_key.public_key().public_bytes_raw()
        self._station_key = b64u_encode(self.station_public_key)
        self._kem = station_kem_key(signing_key)
        self.station_kem_key = kem_public_text(self._kem)
        # Pins live in the store (on the link's connection); an older pin file is imported.
        pins = open_pin_store(reader.db.conn, writer.data_dir / PINS_FILE, config.clock)
        trust = StationTrust(config.center_key, pins)
        self.link = StationLink(
            source=reader.journal,
            signing_key=signing_key,
            trust=trust,
            clock=config.clock,
            handler=self._handle_command,
            on_change=self._link_changed,
            settings=config.client_settings,
            discovery_timeout_s=config.discovery_timeout_s,
        )
        super().__init__()

    # ---------------------------------------------------------------- opening and closing

    @classmethod
    def open(cls, config: StationConfig) -> StationRuntime:
        """Open the store, rebuild the test from the journal, start the link.

        A test under way when the station stopped is marked interrupted (journaled): the
        pupil goes back to the same question once the console authorises the resume or the
        invigilator types an offline resume code.

        Raises:
            KeystoreError, StoreError: The store cannot be opened.
            ReplayError: The journal does not fit this bank.
        """
        keystore = config.keystore or Keystore(config.data_dir)
        writer = open_station_store(config.data_dir, keystore=keystore)
        try:
            reader = open_station_store(config.data_dir, keystore=keystore)
        except BaseException:
            writer.close()
            raise
        runtime = cls(config, writer, reader, keystore)
        try:
            runtime._recover()
            runtime._start_ticker()
            runtime.link.start()
            record = runtime._record
            if record is not None:
                runtime.link.ensure(record.candidate.session_number, runtime._address(record))
        except BaseException:
            runtime.close()
            raise
        return runtime

    def close(self) -> None:
        """Disconnect and close the store (nothing is lost: everything is journaled)."""
        self._closing.set()
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.join()
        self.link.close()
        self._commands.shutdown(wait=True)
        self._reader.close()
        self._writer.close()
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)

    def _recover(self) -> None:
        events = self._writer.journal.export_after(self.station_id, 0)
        # Only the last pupil's test matters (a join starts a new record): fold from there,
        # opening a sealed bank with the key this station journaled (offline).
        joins = [i for i, event in enumerate(events) if event.type == EventType.CANDIDATE_JOINED]
        record: ExamRecord | None = None
        for event in events[joins[-1] if joins else 0 :]:
            if event.type in _NEEDS_ITEMS and not self._bank_open:
                raise ReplayError("BANK_LOCKED", "the journaled bank key does not open the bank")
            record = fold(record, event, self._context)
            self._bank_follows(event, record)
        with self._lock:
            if record is None or record.phase is Phase.ENDED:
                # A finished test stays in the journal; the station is free for the next pupil.
                self._record = None
                return
            self._record = record
            self._last_saved_at = _parse_wall(record.last_saved)
            engine = record.engine
            if record.start is not None and engine is not None and engine.current is None:
                self._append(EventType.TEST_ENDED, self._ended_body(EndReason.COMPLETED))
            self._write_mirrors()
            # Stopped between an answer and the next question: journal that question now, as
            # the running station would have, so the resume page and the test show it.
            self._follow_up()
            current = self._record
            if current is not None and current.interruptible:
                body = {"candidate_id": current.candidate.candidate_id}
                self._append(EventType.TEST_INTERRUPTED, body)
            self._end_if_too_old()
            current = self._record
            if current is not None:
                # Wrong codes typed before the stop still count (the lock-out is served again).
                self._tries = TryLimiter.restored(current.code_failures, self.clock.monotonic_ns())

    # ---------------------------------------------------------------- the 24 h limit

    def enforce_time_limit(self) -> bool:
        """Force-end a test that started 24 h ago (``test.ended``, ``abandoned``).

        Called at opening, after a handover and every ``time_limit_tick_s`` by a thread of
        the station; True when it ended the test now.
        """
        with self._lock:
            ended = self._end_if_too_old()
        if ended:
            self._notify()
        return ended

    def _end_if_too_old(self) -> bool:
        """Journal the forced end of a test past its lifetime (call with the lock held)."""
        record = self._record
        if record is None or not record.past_lifetime(self.clock.monotonic_ns()):
            return False
        self._append(EventType.TEST_ENDED, self._ended_body(EndReason.ABANDONED))
        return True

    def _start_ticker(self) -> None:
        def tick() -> None:
            while not self._closing.wait(self.config.time_limit_tick_s):
                try:
                    self.enforce_time_limit()
                except Exception:  # noqa: BLE001 - a full disk must not kill the ticker
                    _log.exception("checking the 24 h limit failed")

        self._ticker = threading.Thread(target=tick, name="pixdesk-station-tick", daemon=True)
        self._ticker.start()

    # ---------------------------------------------------------------- reading

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with a new snapshot after every change (from any thread)."""
        self._listeners.append(listener)

    def snapshot(self) -> StationSnapshot:
        """Return what to show now (no disk, no network)."""
        with self._lock:
            return self._snapshot()

    @property
    def record(self) -> ExamRecord | None:
        """Return the test as journaled so far (None before a join)."""
        return self._record

    def journal_events(self) -> list[Event]:
        """Return this station's whole journal (disk read; tests and diagnostics)."""
        with self._lock:
            return self._writer.journal.export_after(self.station_id, 0)

    def verify_journal(self) -> VerifyResult:
        """Walk this station's chain from seq 1 (hashes, signatures, bodies): disk read."""
        with self._lock:
            return self._writer.journal.verify()

    # ---------------------------------------------------------------- console and join

    def search_consoles(self, timeout_s: float | None = None) -> list[FoundConsole]:
        """Look for consoles on the LAN (blocking: worker threads only)."""
        return self.link.search(timeout_s)

    def connect(self, session_number: str, address: ConsoleAddress | None) -> ConnectOutcome:
        """Connect to the console of ``session_number`` (typed address, configured one, or
        discovery) and wait for it (blocking: worker threads only)."""
        target = address or self.config.console_address
        outcome = self.link.connect(session_number, target, self.config.connect_timeout_s)
        self._notify()
        return outcome

    def join(self, form: JoinForm) -> JoinAnswer:
        """Send the pupil's join (after :meth:`connect`); on a match, journal it.

        Raises:
            StationError: ``WRONG_PHASE`` when a pupil is already joined here.
        """
        with self._lock:
            if self._record is not None:
                raise StationError(Refusal.WRONG_PHASE)
        answer = self.link.join(
            first_name=form.first_name,
            birth_name=form.birth_name,
            birth_date=form.birth_date,
            access_code=form.access_code,
        )
        outcome = answer.outcome
        if answer.matched and outcome is not None and outcome.candidate is not None:
            info = outcome.candidate
            console = self.link.state.console
            target = self.link.target_address
            candidate = JoinedCandidate(
                candidate_id=info.candidate_id,
                first_name=info.first_name,
                birth_name=info.birth_name,
                birth_date=info.birth_date,
                extra_time_percent=info.extra_time_percent,
                accessibility_adjustment=info.accessibility_adjustment,
                session_number=form.session_number,
                room=console.room if console is not None else "",
                console_address=str(target) if target is not None else None,
                profile=info.positioning_profile,
                started_elsewhere=info.started_elsewhere,
            )
            with self._lock:
                body = joined_body(candidate, self._station_key, self.station_kem_key)
                self._append(EventType.CANDIDATE_JOINED, body)
        self._notify()
        return answer

    # ---------------------------------------------------------------- console commands

    async def _handle_command(self, command: SignedCommand) -> CommandReply:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._commands, self.carry_out, command)

    def carry_out(self, command: SignedCommand) -> CommandReply:
        """Carry out a verified command: journal ``command.received`` (durable) first.

        A command already carried out (its id is in the journal, e.g. retried after a
        restart) is answered accepted without being done again.
        """
        with self._lock:
            record = self._record
            if record is not None and command.command_id in record.commands:
                return CommandReply(accepted=True)
            refusal = command_refusal(record, command)
            opened: StationBank | None = None
            if refusal is None and record is not None:
                opened, refusal = self._bank_for(command, record)
            if refusal is not None or record is None:
                return CommandReply(accepted=False, reason=(refusal or Refusal.NOT_JOINED).value)
            if command.kind is CommandKind.HANDOVER:
                reply = self._take_over(command, record)
            else:
                console_ms = self.link.console_now_ms()
                age = console_ms - command.issued_at_ms if console_ms is not None else 0
                body = command_body(command, record.candidate.candidate_id, age)
                self._append(EventType.COMMAND_RECEIVED, body)
                if opened is not None:
                    self._use_bank(opened)  # its (sealed) key is durable: a restart reopens it
                self._write_mirrors()
                self._follow_up()
                reply = CommandReply(accepted=True)
        self._notify()
        return reply

    def _take_over(self, command: SignedCommand, record: ExamRecord) -> CommandReply:
        """Journal a handed-over test (``test.transferred``) once its events check out (call
        with the lock held): no ``command.received``, the events are the record."""
        checked = transfer_body(command, record, self._context, self.station_id)
        if isinstance(checked, Refusal):
            _log.warning("handover refused: %s", checked.value)
            return CommandReply(accepted=False, reason=checked.value)
        self._append(EventType.TEST_TRANSFERRED, checked)
        self._write_mirrors()
        self._end_if_too_old()
        return CommandReply(accepted=True)

    # ---------------------------------------------------------------- internals

    def _append(self, event_type: EventType, body: dict[str, Any]) -> Event:
        """Append durably, move the record, wake the client (call with the lock held)."""
        event = self._writer.journal.append(
            event_type, body, mono_ns=self.clock.monotonic_ns(), wall_time=self.clock.now()
        )
        self._record = fold(self._record, event, self._context)
        if event_type == EventType.CANDIDATE_JOINED:
            self._lock_bank()  # a new pupil: their presence must be confirmed again
        self.link.notify_appended()
        return event

    # ---------------------------------------------------------------- the sealed bank

    @property
    def bank_ready(self) -> bool:
        """Tell whether the bank's items can be read (always, for a plaintext bank)."""
        return self._bank_open

    def start_test(self) -> StationSnapshot:
        """Start the test (:meth:`StationActions.start_test`), once the bank is open.

        Raises:
            StationError: ``BANK_LOCKED`` while a sealed bank waits for its key, or as
                :meth:`StationActions.start_test`.
        """
        with self._lock:
            record = self._record
            if not self._bank_open and record is not None and record.phase is Phase.INSTRUCTIONS:
                raise StationError(Refusal.BANK_LOCKED)
            return super().start_test()

    def _bank_for(
        self, command: SignedCommand, record: ExamRecord
    ) -> tuple[StationBank | None, Refusal | None]:
        """Check what a command needs of the bank; open it for a ``bank_key`` (no journal).

        Returns:
            The bank a sealed bank's key opened (None otherwise), and the refusal, if any.
        """
        if command.kind is CommandKind.HANDOVER and not self._bank_open:
            return None, Refusal.BANK_LOCKED  # a handed-over test needs its items first
        if command.kind is not CommandKind.BANK_KEY:
            return None, None
        if command.args.get("bank_id") != self.bank.bank_id:
            return None, Refusal.WRONG_BANK
        if self._bank_open:
            return None, None  # a plaintext bank, or one already open: nothing to do
        opened = self._open_sealed(record, command.args)
        return (opened, None) if opened is not None else (None, Refusal.BANK_KEY_INVALID)

    def _open_sealed(self, record: ExamRecord, args: Mapping[str, Any]) -> StationBank | None:
        """Open the sealed bank with a key sealed to this station (disk read, ~0.1 s)."""
        sealed = self._sealed
        if sealed is None:
            return None
        aad = bank_key_aad(
            session_number=record.candidate.session_number,
            station_id=self.station_id,
            candidate_id=record.candidate.candidate_id,
            bank_id=str(args.get("bank_id", "")),
        )
        try:
            return sealed.open(open_bank_key(str(args.get("sealed_key", "")), self._kem, aad))
        except (HpkeError, SealedBankError, BankRejectedError, OSError) as exc:
            _log.warning("the sealed bank did not open: %s", exc)
            return None

    def _bank_follows(self, event: Event, record: ExamRecord | None) -> None:
        """On restart: lock at each join; open with a journaled ``bank_key`` (offline)."""
        if event.type == EventType.CANDIDATE_JOINED:
            self._lock_bank()
            return
        if self._bank_open or record is None or event.type != EventType.COMMAND_RECEIVED:
            return
        body = event.body_dict()
        args = body.get("args")
        if body.get("kind") != CommandKind.BANK_KEY.value or not isinstance(args, dict):
            return
        if args.get("bank_id") == self.bank.bank_id:
            opened = self._open_sealed(record, args)
            if opened is not None:
                self._use_bank(opened)

    def _use_bank(self, bank: StationBank) -> None:
        self.bank = bank
        self._context = replace(self._context, bank=bank)
        self._bank_open = True

    def _lock_bank(self) -> None:
        if self._sealed is not None and self._bank_open:
            self._use_bank(self._sealed.locked())
            self._bank_open = False

    def _write_mirrors(self) -> None:
        """Journal the station-side records of what commands decided (call with the lock)."""
        record = self._record
        if record is None:
            return
        candidate_id = record.candidate.candidate_id
        for resolved in record.unmirrored:
            if resolved.validated:
                body = {
                    "alert_id": resolved.alert_id,
                    "subcategory": resolved.subcategory or "",
                    "candidate_id": candidate_id,
                }
                self._append(EventType.ALERT_VALIDATED, body)
            else:
                body = {"alert_id": resolved.alert_id, "candidate_id": candidate_id}
                self._append(EventType.ALERT_DISMISSED, body)
        record = self._record
        if record is not None and record.end_reason is not None and not record.end_journaled:
            self._append(EventType.TEST_ENDED, self._ended_body(record.end_reason))

    def _ended_body(self, reason: EndReason) -> dict[str, Any]:
        record = self._record
        candidate_id = record.candidate.candidate_id if record is not None else ""
        return {"candidate_id": candidate_id, "reason": reason.value}

    def _address(self, record: ExamRecord) -> ConsoleAddress | None:
        from pixdesk.lab.address import AddressError, parse_address

        typed = record.candidate.console_address
        if typed:
            try:
                return parse_address(typed)
            except AddressError:
                _log.warning("journaled console address %r unreadable", typed)
        return self.config.console_address

    def _link_changed(self, state: LinkState) -> None:
        self._notify()

    def _notify(self) -> None:
        snapshot = self.snapshot()
        for listener in list(self._listeners):
            try:
                listener(snapshot)
            except Exception:  # noqa: BLE001 - a UI bug must not stop the station
                _log.exception("a station listener failed")

    def _snapshot(self) -> StationSnapshot:
        record = self._record
        now = self.clock.monotonic_ns()
        state = self.link.state
        queued = 0
        if state.joined or record is not None:
            queued = max(0, self._writer.journal.head.seq - (state.acked_seq or 0))
        link = link_view(state, queued)
        phase = record.phase if record is not None else Phase.NOT_JOINED
        version = next(self._versions)  # under the lock: versions follow the state's order
        if record is None:
            return StationSnapshot(
                phase,
                self.station_id,
                self.station_fingerprint,
                link,
                now,
                version=version,
                bank_ready=self._bank_open,
            )
        console_now = self.link.console_now() or self.clock.now()
        return StationSnapshot(
            phase=phase,
            station_id=self.station_id,
            station_fingerprint=self.station_fingerprint,
            link=link,
            taken_ns=now,
            candidate=record.candidate,
            question=question_view(
                record, dict(self.bank.contents), now, self.config.engine.max_questions
            ),
            time=time_view(record, self.config.engine, now, console_now),
            answered=len(record.answers),
            last_saved_at=self._last_saved_at,
            alert_id=record.alert.alert_id if record.alert else None,
            resume_codes=bool(record.resume_codes),
            end_reason=record.end_reason,
            version=version,
            bank_ready=self._bank_open,
            moved_here=record.candidate.started_elsewhere and record.start is None,
        )

    def _display_now(self) -> datetime:
        """Return the time to show: the console's when known (its clock is the room's)."""
        return self.link.console_now() or self.clock.now()

    def _temp_dir(self) -> Path:
        if self._temp is None:
            self._temp = Path(tempfile.mkdtemp(prefix="pixdesk-attachments-"))
        return self._temp


def _parse_wall(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
