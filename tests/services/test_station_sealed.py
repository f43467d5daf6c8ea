"""A station on a sealed bank, against a real hub: no item before presence is confirmed and the
key has arrived (sealed to this station); a restart reopens the bank from the station's own
journal, offline; the key never appears in clear in a journal."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.crypto.station_kem import bank_key_aad, kem_public_from_text, seal_bank_key
from pixdesk.domain.items import AnswerStatus
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command
from pixdesk.services.station_bank import (
    AttachmentError,
    SealedStationBank,
    load_sealed_station_bank,
    seal_demo_bank,
)
from pixdesk.services.station_config import StationError
from pixdesk.services.station_record import Phase
from pixdesk.services.station_replay import ReplayError
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import (
    ConsoleSide,
    Watcher,
    demo_bank,
    lea_form,
    open_station,
    right_answer,
)

LEA = "cand-lea"


@functools.cache
def _sealed_once(directory: str) -> tuple[SealedStationBank, BankKey]:
    return seal_demo_bank(Path(directory))


class Room:
    def __init__(self, tmp_path: Path, sealed_dir: Path) -> None:
        self.directory = tmp_path / "station"
        self.clock = FakeClock()
        self.sealed, self.key = _sealed_once(str(sealed_dir))
        self.console = ConsoleSide(tmp_path / "console", self.clock)
        self.address = self.console.start()
        self.station: StationRuntime | None = None

    def open(self) -> StationRuntime:
        self.station = open_station(
            self.directory, self.clock, bank=self.sealed, address=self.address
        )
        return self.station

    def restart(self) -> StationRuntime:
        assert self.station is not None
        self.station.close()
        return self.open()

    def joined(self, station: StationRuntime) -> StationRuntime:
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).matched
        return station

    def kem_key(self, station: StationRuntime) -> str:
        """What the console reads: the X25519 key in the replicated candidate.joined."""
        watcher = Watcher(station)
        watcher.until(lambda s: s.link.queued == 0)
        joined = [
            e.body_dict()
            for e in self.console.replica(station.station_id)
            if e.type == EventType.CANDIDATE_JOINED
        ]
        return str(joined[-1]["station_kem_key"])

    def bank_key(
        self, station: StationRuntime, *, candidate: str = LEA, to: str | None = None
    ) -> Command:
        recipient = kem_public_from_text(to or self.kem_key(station))
        aad = bank_key_aad(
            session_number=SESSION,
            station_id=station.station_id,
            candidate_id=candidate,
            bank_id=self.key.bank_id,
        )
        return Command.bank_key(LEA, self.key.bank_id, seal_bank_key(recipient, self.key.key, aad))

    def close(self) -> None:
        if self.station is not None:
            self.station.close()
        self.console.close()


@pytest.fixture
def room(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    sealed_dir = tmp_path_factory.getbasetemp() / "sealed-demo-bank"
    sealed_dir.mkdir(exist_ok=True)
    one = Room(tmp_path, sealed_dir)
    yield one
    one.close()


def _key_in_clear(events: list[Event], key: bytes) -> list[int]:
    forms = (b64u_encode(key).encode(), key.hex().encode(), key.hex().upper().encode(), key)
    return [event.seq for event in events if any(form in bytes(event.body) for form in forms)]


def test_the_header_is_readable_without_the_key(room: Room) -> None:
    sealed = load_sealed_station_bank(room.sealed.path, room.sealed.trusted_platform_keys)
    assert (sealed.bank_id, sealed.version) == (demo_bank().bank_id, demo_bank().version)
    locked = sealed.locked()
    assert locked.items == ()
    assert dict(locked.contents) == {}


def test_no_question_before_presence_and_key_then_the_test_runs(room: Room) -> None:
    station = room.joined(room.open())
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.WAITING_PRESENCE
    assert not snapshot.bank_ready
    assert station.bank.items == ()
    assert dict(station.bank.contents) == {}
    room.console.confirm(station)  # presence confirmed, resume codes: but no key yet
    assert station.snapshot().phase is Phase.INSTRUCTIONS
    with pytest.raises(StationError) as refused:
        station.start_test()
    assert refused.value.code == "BANK_LOCKED"
    assert station.record is not None
    assert station.record.start is None
    with pytest.raises(StationError):
        station.attachment_file("notes-classe.csv")

    # Keys that do not fit are refused and journal nothing.
    before = len(station.journal_events())
    stranger = b64u_encode(X25519PrivateKey.generate().public_key().public_bytes_raw())
    for command, reason in (
        (room.bank_key(station, to=stranger), "BANK_KEY_INVALID"),
        (room.bank_key(station, candidate="cand-max"), "BANK_KEY_INVALID"),
        (
            Command.bank_key(LEA, "another-bank", room.bank_key(station).args["sealed_key"]),
            "WRONG_BANK",
        ),
    ):
        outcome = room.console.send(station.station_id, command)
        assert (outcome.status, outcome.reason) == (CommandStatus.REJECTED, reason)
    assert len(station.journal_events()) == before
    assert not station.snapshot().bank_ready

    outcome = room.console.send(station.station_id, room.bank_key(station))
    assert outcome.status is CommandStatus.ACCEPTED
    assert station.snapshot().bank_ready
    snapshot = station.start_test()
    assert snapshot.phase is Phase.QUESTION
    assert snapshot.question is not None
    assert snapshot.question.content.stem
    item = snapshot.question.item
    assert station.answer(right_answer(item)).status is AnswerStatus.OK

    Watcher(station).until(lambda s: s.link.queued == 0)
    for events in (station.journal_events(), room.console.replica(station.station_id)):
        assert _key_in_clear(events, room.key.key) == []
    received = [
        e.body_dict()
        for e in station.journal_events()
        if e.type == EventType.COMMAND_RECEIVED and e.body_dict()["kind"] == "bank_key"
    ]
    assert len(received) == 1
    assert set(received[0]["args"]) == {
        "candidate_id",
        "bank_id",
        "sealed_key",
    }


def test_a_restarted_station_reopens_its_bank_from_its_journal_offline(room: Room) -> None:
    station = room.joined(room.open())
    room.console.confirm(station)
    assert room.console.send(station.station_id, room.bank_key(station)).status == "ACCEPTED"
    station.start_test()
    for _ in range(2):
        question = station.snapshot().question
        assert question is not None
        station.answer(right_answer(question.item))
    before = station.snapshot().question
    assert before is not None
    codes = room.console.codes
    assert codes is not None
    room.console.stop()  # the console is gone: nothing can send the key again

    station = room.restart()
    snapshot = station.snapshot()
    assert snapshot.bank_ready
    assert snapshot.phase is Phase.RESUME_NEEDED
    assert snapshot.question is not None
    assert snapshot.question.item.id == before.item.id
    assert station.resume_with_code(codes[0]).resumed
    resumed = station.snapshot().question
    assert resumed is not None
    assert resumed.content.stem == before.content.stem
    assert station.answer(right_answer(resumed.item)).status is AnswerStatus.OK
    assert _key_in_clear(station.journal_events(), room.key.key) == []


def test_a_restart_before_the_key_stays_locked(room: Room) -> None:
    station = room.joined(room.open())
    room.console.confirm(station)
    station = room.restart()
    assert not station.snapshot().bank_ready
    assert station.bank.items == ()


def test_a_bank_replaced_under_a_started_test_is_refused(room: Room, tmp_path: Path) -> None:
    station = room.joined(room.open())
    room.console.confirm(station)
    assert room.console.send(station.station_id, room.bank_key(station)).status == "ACCEPTED"
    station.start_test()
    station.close()
    room.station = None
    other, _other_key = seal_demo_bank(tmp_path)  # same bank, another key
    with pytest.raises(ReplayError, match="BANK_LOCKED"):
        open_station(room.directory, room.clock, bank=other, address=room.address)


def test_attachment_is_served_from_memory(room: Room) -> None:
    sealed = room.sealed.open(room.key.key)
    assert sealed.folder is None
    assert sealed.files is not None
    item = next(i for i in sealed.items if sealed.content(i.id).attachments)
    attachment = sealed.content(item.id).attachments[0]
    found, data = sealed.attachment(item.id, attachment.name)
    assert found == attachment
    assert len(data) == attachment.size
    with pytest.raises(AttachmentError):
        sealed.attachment(item.id, "nope.txt")
