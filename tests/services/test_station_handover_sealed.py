"""A candidate's test moves to another PC when both run on a sealed bank (docs/item-banks.md §9,
docs/lab-protocol.md §7.7): the new PC's bank stays locked until the console sends it the key
(sealed to it), and the console always sends that key before the handover, so that the test
goes on at the same question.

All real: the supervisor console, TLS on loopback, two learner stations on their own
encrypted stores, the demo bank sealed under a fresh key; only the clock is fake.
"""

from __future__ import annotations

import random
from pathlib import Path

from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import CommandKind
from pixdesk.services.console_actions import AuthoriseResume, ConfirmPresence
from pixdesk.services.console_session import ConsoleSessions
from pixdesk.services.console_values import Connection
from pixdesk.services.station_bank import SealedStationBank, seal_demo_bank
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from tests.services.console_harness import CHEAP, DRAFT, LabRoom, lab_room
from tests.services.station_room import Watcher, open_station
from tests.services.test_station_handover import all_acked, answer, seat


def _sealed(directory: Path) -> tuple[SealedStationBank, BankKey]:
    """The demo bank sealed under a fresh key: the same ``.pxbank`` is on both PCs."""
    directory.mkdir()
    return seal_demo_bank(directory)


def _sealed_room(room: LabRoom, key: BankKey) -> None:
    """The console of ``room`` creates its sessions with the bank key of its configuration."""
    room.sessions = ConsoleSessions(
        room.data_dir,
        center_public_key=None,
        clock=room.clock,
        rng=random.Random(4),
        kdf_params=CHEAP,
        bank_key=key,
    )


def _received(station: StationRuntime) -> list[tuple[str, str]]:
    """The station's commands and transfers, in journal order: (event type, command kind)."""
    seen: list[tuple[str, str]] = []
    for event in station.journal_events():
        if event.type == EventType.COMMAND_RECEIVED:
            seen.append((event.type, str(event.body_dict().get("kind"))))
        elif event.type == EventType.TEST_TRANSFERRED:
            seen.append((event.type, ""))
    return seen


def _clear_key_in(events: list[Event], key: BankKey) -> bool:
    clear = b64u_encode(key.key).encode()
    return any(clear in bytes(e.body) or key.key in bytes(e.body) for e in events)


def test_a_sealed_test_moves_to_a_fresh_pc_which_gets_the_key_before_the_handover(
    tmp_path: Path,
) -> None:
    sealed, key = _sealed(tmp_path / "bank")
    with lab_room(tmp_path) as room:
        _sealed_room(room, key)
        session = room.sessions.create_here(DRAFT)
        assert session.bank_key == key
        console = room.start(session)
        first = open_station(tmp_path / "pc-a", room.clock, bank=sealed, address=room.address)
        try:
            lea = seat(room, first, session)
            assert not first.snapshot().bank_ready
            assert console.perform(ConfirmPresence(lea)).status is CommandStatus.ACCEPTED
            Watcher(first).until(lambda s: s.bank_ready and s.resume_codes)
            first.start_test()
            for right in (True, False, True):
                answer(first, right=right)
            all_acked(first)
            before = first.snapshot()
        finally:
            first.close()  # the PC dies
        room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)

        second = open_station(tmp_path / "pc-b", room.clock, bank=sealed, address=room.address)
        try:
            assert seat(room, second, session) == lea
            assert not second.snapshot().bank_ready  # a fresh PC: its bank is locked

            # The invigilator authorises at once: the console sends the key first, then the test.
            resumed = console.perform(AuthoriseResume(lea))

            assert resumed.status is CommandStatus.ACCEPTED, resumed.reason
            after = second.snapshot()
            assert after.bank_ready
            assert after.phase is Phase.QUESTION
            assert after.question is not None
            assert before.question is not None
            assert (after.question.index, after.question.item.id) == (
                before.question.index,
                before.question.item.id,
            )
            assert after.answered == 3
            kinds = _received(second)
            bank_at = kinds.index((EventType.COMMAND_RECEIVED.value, CommandKind.BANK_KEY.value))
            moved_at = kinds.index((EventType.TEST_TRANSFERRED.value, ""))
            assert bank_at < moved_at
            answer(second)  # the items are there: the test goes on
            assert second.snapshot().answered == 4
            all_acked(second)
            assert not _clear_key_in(second.journal_events(), key)
        finally:
            second.close()


def test_a_key_the_new_pc_refuses_stops_the_handover(tmp_path: Path) -> None:
    """B's bank was sealed under another key: the console's key does not open it, so neither
    the handover nor the authorisation is sent, and B's journal holds no transfer."""
    _ours, key = _sealed(tmp_path / "bank")
    others, _other_key = _sealed(tmp_path / "other-bank")  # same bank, another key
    with lab_room(tmp_path) as room:
        _sealed_room(room, key)
        session = room.sessions.create_here(DRAFT)
        console = room.start(session)
        first = open_station(tmp_path / "pc-a", room.clock, address=room.address)  # plaintext
        try:
            lea = seat(room, first, session)
            assert console.perform(ConfirmPresence(lea)).status is CommandStatus.ACCEPTED
            Watcher(first).until(lambda s: s.resume_codes)
            first.start_test()
            answer(first)
            all_acked(first)
        finally:
            first.close()
        room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)

        second = open_station(tmp_path / "pc-b", room.clock, bank=others, address=room.address)
        try:
            assert seat(room, second, session) == lea

            resumed = console.perform(AuthoriseResume(lea))

            assert resumed.status is CommandStatus.REJECTED
            assert resumed.reason == "BANK_KEY_INVALID"
            assert not second.snapshot().bank_ready
            assert second.snapshot().phase is Phase.WAITING_PRESENCE
            assert (EventType.TEST_TRANSFERRED.value, "") not in _received(second)
        finally:
            second.close()
