"""The hub against a hand-driven peer: framing, validation, handshake and replication rules."""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.codes import ErrorCode, JoinResult, SecurityIssue
from pixdesk.lab.frames import MAX_FRAME_SIZE
from pixdesk.lab.hub_config import HubSettings
from pixdesk.lab.messages import (
    Ack,
    ErrorMessage,
    EventBatch,
    Heartbeat,
    HeartbeatReply,
    HubHello,
    JoinReply,
    Resend,
    StationAuth,
    StationHello,
)
from pixdesk.store.events import Event
from tests.lab.harness import SESSION, Room, make_station, run
from tests.lab.raw import RawStation
from tests.store.helpers import seal


async def _error(raw: RawStation) -> ErrorMessage:
    message = await raw.receive()
    assert isinstance(message, ErrorMessage), message
    return message


async def _joined(room: Room, key: Ed25519PrivateKey | None = None) -> RawStation:
    raw = await RawStation.connect(room.address, key or Ed25519PrivateKey.generate())
    welcome = await raw.handshake()
    assert welcome.acked_seq is None
    reply = await raw.join()
    assert isinstance(reply, JoinReply)
    assert reply.result is JoinResult.MATCHED
    assert reply.acked_seq == 0
    return raw


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"{not json", ErrorCode.MALFORMED_FRAME),
        (b'{"id": 1, "type": "heartbeat"}', ErrorCode.MALFORMED_FRAME),  # not canonical
        (b'{"id":1.5,"type":"heartbeat"}', ErrorCode.MALFORMED_FRAME),  # a float
        (b'{"id":1,"id":2,"type":"heartbeat"}', ErrorCode.MALFORMED_FRAME),  # duplicate key
        (b"[1,2]", ErrorCode.MALFORMED_FRAME),  # not an object
        (b"\xff\xfe", ErrorCode.MALFORMED_FRAME),  # not UTF-8
    ],
)
def test_a_malformed_frame_is_refused_and_the_connection_closed(
    tmp_path: Path, payload: bytes, code: ErrorCode
) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            raw = await _joined(room)
            raw.send_frame(payload)
            error = await _error(raw)
            assert error.code == code
            assert error.fatal
            assert await raw.closed()

    run(scenario())


def test_a_frame_too_large_is_refused_from_its_header(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            raw = await RawStation.connect(room.address, Ed25519PrivateKey.generate())
            raw.send_bytes(struct.pack(">I", MAX_FRAME_SIZE + 1))  # no payload ever follows
            error = await _error(raw)
            assert error.code == ErrorCode.FRAME_TOO_LARGE
            assert await raw.closed()

    run(scenario())


def test_unknown_types_and_fields_are_answered_and_the_connection_kept(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            raw = await _joined(room)
            raw.send_object({"type": "teleport", "id": 7})
            error = await _error(raw)
            assert (error.code, error.ref_id, error.fatal) == (ErrorCode.UNKNOWN_TYPE, 7, False)
            raw.send_object({"type": "heartbeat", "id": 8, "colour": "blue"})
            error = await _error(raw)
            assert (error.code, error.ref_id) == (ErrorCode.UNKNOWN_FIELD, 8)
            raw.send_object({"type": "heartbeat"})
            assert (await _error(raw)).code == ErrorCode.MISSING_FIELD
            raw.send_object({"type": "heartbeat", "id": True})
            assert (await _error(raw)).code == ErrorCode.BAD_VALUE
            raw.send_object({"type": "ack", "seq": 1})  # a hub's message, sent to the hub
            assert (await _error(raw)).code == ErrorCode.UNEXPECTED_MESSAGE
            raw.send(Heartbeat(9))
            reply = await raw.receive()
            assert isinstance(reply, HeartbeatReply)
            assert reply.id == 9

    run(scenario())


def test_too_many_protocol_errors_close_the_connection(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            raw = await _joined(room)
            for i in range(17):
                raw.send_object({"type": "teleport", "id": i})
            codes = []
            while True:
                error = await _error(raw)
                codes.append(error.code)
                if error.fatal:
                    break
            assert codes == [ErrorCode.UNKNOWN_TYPE] * 16 + [ErrorCode.TOO_MANY_ERRORS]
            assert await raw.closed()

    run(scenario())


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"protocol": 2}, ErrorCode.UNSUPPORTED_VERSION),
        ({"session_number": "999"}, ErrorCode.UNKNOWN_SESSION),
        ({"station_id": "0123456789abcdef"}, ErrorCode.BAD_STATION_ID),
    ],
)
def test_a_bad_hello_is_refused(tmp_path: Path, change: dict[str, object], code: ErrorCode) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            key = Ed25519PrivateKey.generate()
            raw = await RawStation.connect(room.address, key)
            hello = StationHello(
                1, raw.station_id, key.public_key().public_bytes_raw(), SESSION, b"n" * 32
            )
            raw.send(dataclasses.replace(hello, **change))  # type: ignore[arg-type]
            error = await _error(raw)
            assert error.code == code
            assert error.fatal
            assert await raw.closed()
            issues = [r.issue for r in room.console.recorder.security]
            assert issues == (
                [SecurityIssue.BAD_STATION_ID] if code is ErrorCode.BAD_STATION_ID else []
            )

    run(scenario())


def test_a_station_that_cannot_sign_the_challenge_is_refused(tmp_path: Path) -> None:
    """Claiming a real station's key without holding it fails the challenge."""

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            victim = Ed25519PrivateKey.generate()
            raw = await RawStation.connect(room.address, victim)
            victim_key = victim.public_key().public_bytes_raw()
            raw.send(StationHello(1, raw.station_id, victim_key, SESSION, b"n" * 32))
            assert isinstance(await raw.receive(), HubHello)
            # Without the victim's private key, any signature is a guess.
            raw.send(StationAuth(Ed25519PrivateKey.generate().sign(b"anything")))
            error = await _error(raw)
            assert error.code == ErrorCode.AUTH_FAILED
            assert [r.issue for r in room.console.recorder.security] == [SecurityIssue.AUTH_FAILED]

    run(scenario())


def test_events_before_joining_are_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = make_station(tmp_path / "real")
            room.stations.append(station)
            events = station.append_answers(1)
            raw = await RawStation.connect(room.address, station.key)
            await raw.handshake()
            raw.send(EventBatch(tuple(events)))
            error = await _error(raw)
            assert (error.code, error.fatal) == (ErrorCode.NOT_JOINED, False)
            assert room.console.view().journal.head_of(station.station_id).seq == 0

    run(scenario())


def test_a_gap_asks_for_a_resend(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = make_station(tmp_path / "real")
            room.stations.append(station)
            events = station.append_answers(5)
            raw = await _joined(room, station.key)
            raw.send(EventBatch(tuple(events[:2])))
            assert await raw.receive() == Ack(2)
            raw.send(EventBatch(tuple(events[3:])))
            assert await raw.receive() == Resend(2)
            raw.send(EventBatch(tuple(events[1:])))  # seq 2 again: a duplicate, harmless
            assert await raw.receive() == Ack(5)
            assert (
                room.console.view().journal.verify(station.station_id, station.key.public_key()).ok
            )

    run(scenario())


def _forged(events: list[Event], key: Ed25519PrivateKey) -> list[Event]:
    """Events rewritten in the same station's name but signed with ``key``."""
    forged, prev = [], "0" * 64
    for event in events:
        again = seal(
            key,
            station_id=event.station_id,
            seq=event.seq,
            prev_hash=prev,
            event_type=event.type,
            body=event.body_dict(),
            mono_ns=event.mono_ns,
            wall_time=event.wall_time,
        )
        forged.append(again)
        prev = again.hash
    return forged


@pytest.mark.parametrize("how", ["replayed", "forged"])
def test_a_station_cannot_send_events_in_another_stations_name(tmp_path: Path, how: str) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            victim, intruder = (
                make_station(tmp_path / "victim"),
                make_station(tmp_path / "intruder"),
            )
            room.stations += [victim, intruder]
            stolen = victim.append_answers(2)
            events = stolen if how == "replayed" else _forged(stolen, intruder.key)
            raw = await _joined(room, intruder.key)
            raw.send(EventBatch(tuple(events)))
            error = await _error(raw)
            assert (error.code, error.fatal) == (ErrorCode.FOREIGN_STATION_ID, True)
            assert await raw.closed()
            reports = room.console.recorder.security
            assert [(r.issue, r.station_id) for r in reports] == [
                (SecurityIssue.FOREIGN_EVENTS, intruder.station_id)
            ]
            view = room.console.view().journal
            assert view.head_of(victim.station_id).seq == 0
            assert view.head_of(intruder.station_id).seq == 0

    run(scenario())


def test_a_tampered_event_is_rejected_reported_and_the_rest_kept(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = make_station(tmp_path / "real")
            room.stations.append(station)
            events = station.append_answers(3)
            bad = dataclasses.replace(
                events[2], body=canonical_bytes({**events[2].body_dict(), "status": "ok!"})
            )
            raw = await _joined(room, station.key)
            raw.send(EventBatch((events[0], events[1], bad)))
            assert await raw.receive() == Ack(2)
            error = await _error(raw)
            assert (error.code, error.fatal) == (ErrorCode.EVENT_REJECTED, True)
            assert [r.issue for r in room.console.recorder.security] == [
                SecurityIssue.EVENT_REJECTED
            ]
            assert room.console.view().journal.head_of(station.station_id).seq == 2

    run(scenario())


def test_a_silent_station_is_dropped(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub(settings=HubSettings(idle_timeout_s=0.3))
            raw = await _joined(room)
            error = await _error(raw)
            assert error.code == ErrorCode.IDLE_TIMEOUT
            await room.console.recorder.wait(lambda: bool(room.console.recorder.disconnected))
            assert room.console.recorder.disconnected == [
                (raw.station_id, ErrorCode.IDLE_TIMEOUT.value)
            ]

    run(scenario())
