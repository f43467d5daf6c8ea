"""Frames and messages on their own: every type round-trips, every bound is enforced."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import replace

import pytest

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.codes import CommandStatus, ErrorCode, JoinResult
from pixdesk.lab.frames import (
    MAX_FRAME_SIZE,
    ConnectionClosed,
    ProtocolError,
    decode_payload,
    encode_frame,
    read_frame,
)
from pixdesk.lab.messages import (
    Ack,
    CandidateInfo,
    CommandMessage,
    CommandResult,
    ErrorMessage,
    EventBatch,
    Heartbeat,
    HeartbeatReply,
    HubHello,
    HubWelcome,
    JoinReply,
    JoinRequest,
    Message,
    MessageType,
    Resend,
    Side,
    StationAuth,
    StationHello,
)
from pixdesk.lab.wire import decode_message, encode_message
from pixdesk.store.events import Event

EVENT = Event(
    "0123456789abcdef",
    1,
    "0" * 64,
    "a" * 64,
    5,
    "2026-11-30T08:00:00.000000Z",
    "answer.saved",
    b'{"a":"\xc3\xa9"}',
    b"\x01" * 64,
)

SAMPLES: list[tuple[Message, Side]] = [
    (StationHello(1, "0123456789abcdef", b"k" * 32, "123456", b"n" * 32), Side.HUB),
    (
        HubHello(
            1,
            "123456",
            "Salle 12",
            1_700_000_000_000,
            b"c" * 32,
            b"s" * 32,
            None,
            "f" * 64,
            b"g" * 64,
        ),
        Side.STATION,
    ),
    (
        HubHello(1, "123456", "", 0, b"c" * 32, b"s" * 32, "abc.def", "f" * 64, b"g" * 64),
        Side.STATION,
    ),
    (StationAuth(b"s" * 64), Side.HUB),
    (HubWelcome(1, None), Side.STATION),
    (HubWelcome(1, 42), Side.STATION),
    (JoinRequest(3, "123456", "Léa", "Dupont", "2010-05-04", "bcdf23"), Side.HUB),
    (
        JoinReply(
            3,
            JoinResult.MATCHED,
            CandidateInfo("c", "Léa", "Dupont", "2010-05-04", "33.5", True),
            None,
            0,
        ),
        Side.STATION,
    ),
    (
        JoinReply(
            3,
            JoinResult.MATCHED,
            CandidateInfo("c", "Léa", "Dupont", "2010-05-04", "0", False, started_elsewhere=True),
            None,
            0,
        ),
        Side.STATION,
    ),
    (JoinReply(3, JoinResult.RATE_LIMITED, None, 30_000, None), Side.STATION),
    (EventBatch((EVENT,)), Side.HUB),
    (Ack(7), Side.STATION),
    (Resend(6), Side.STATION),
    (Heartbeat(9), Side.HUB),
    (HeartbeatReply(9, 1_700_000_000_000), Side.STATION),
    (CommandMessage("a.b"), Side.STATION),
    (CommandResult("0" * 32, CommandStatus.REJECTED, "WHY"), Side.HUB),
    (ErrorMessage("BAD_VALUE", "x", None, False), Side.HUB),
    (ErrorMessage("FORK", "", 4, True), Side.STATION),
]


@pytest.mark.parametrize(("message", "receiver"), SAMPLES)
def test_every_message_round_trips(message: Message, receiver: Side) -> None:
    frame = encode_frame(encode_message(message))
    (length,) = struct.unpack(">I", frame[:4])
    assert length == len(frame) - 4
    assert decode_message(decode_payload(frame[4:]), receiver=receiver) == message


def test_started_elsewhere_is_sent_only_when_true_and_absent_means_false() -> None:
    """Older stations refuse unknown fields, older hubs do not send it (lab-protocol §4)."""
    lea = CandidateInfo("c", "Léa", "Dupont", "2010-05-04", "0", False)
    plain = encode_message(JoinReply(3, JoinResult.MATCHED, lea, None, 0))
    assert "started_elsewhere" not in plain["candidate"]
    moved = replace(lea, started_elsewhere=True)
    older = encode_message(JoinReply(3, JoinResult.MATCHED, moved, None, 0))
    assert older["candidate"]["started_elsewhere"] is True
    del older["candidate"]["started_elsewhere"]  # what a hub of before sends
    decoded = decode_message(older, receiver=Side.STATION)
    assert isinstance(decoded, JoinReply)
    assert decoded.candidate == lea
    older["candidate"]["started_elsewhere"] = "yes"
    with pytest.raises(ProtocolError) as error:
        decode_message(older, receiver=Side.STATION)
    assert error.value.code is ErrorCode.BAD_VALUE


def test_every_type_has_a_sample() -> None:
    assert {m.TYPE for m, _ in SAMPLES} == set(MessageType)


def test_a_message_for_the_other_side_is_unexpected() -> None:
    with pytest.raises(ProtocolError) as error:
        decode_message(encode_message(Ack(1)), receiver=Side.HUB)
    assert error.value.code is ErrorCode.UNEXPECTED_MESSAGE
    assert not error.value.fatal


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            {
                "type": "station.hello",
                "protocol": 1,
                "station_id": "0123456789ABCDEF",
                "station_key": "a" * 43,
                "session_number": "1",
                "nonce": "a" * 43,
            },
            ErrorCode.BAD_VALUE,
        ),
        ({"type": "station.auth", "signature": "AA"}, ErrorCode.BAD_VALUE),  # 1 byte, not 64
        ({"type": "station.auth", "signature": "A" * 85 + "B"}, ErrorCode.BAD_VALUE),  # stray bits
        (
            {
                "type": "join.request",
                "id": -1,
                "session_number": "1",
                "first_name": "",
                "birth_name": "",
                "birth_date": "",
                "access_code": "",
            },
            ErrorCode.BAD_VALUE,
        ),
        (
            {
                "type": "join.request",
                "id": 1,
                "session_number": "1",
                "first_name": "x" * 101,
                "birth_name": "",
                "birth_date": "",
                "access_code": "",
            },
            ErrorCode.BAD_VALUE,
        ),
        ({"type": "events", "events": []}, ErrorCode.BAD_VALUE),
        ({"type": "events", "events": [{"seq": 1}]}, ErrorCode.BAD_VALUE),
        ({"type": "events", "events": [{**EVENT.to_wire(), "seq": 0}]}, ErrorCode.BAD_VALUE),
        (
            {"type": "events", "events": [{**EVENT.to_wire(), "signature": "zz" * 64}]},
            ErrorCode.BAD_VALUE,
        ),
        ({"type": "events", "events": [{**EVENT.to_wire(), "extra": 1}]}, ErrorCode.BAD_VALUE),
        (
            {"type": "command.result", "command_id": "0" * 32, "status": "MAYBE", "reason": None},
            ErrorCode.BAD_VALUE,
        ),
        ({"type": "heartbeat", "id": 2**63}, ErrorCode.BAD_VALUE),
        ({"type": 5}, ErrorCode.UNKNOWN_TYPE),
        ({"id": 1}, ErrorCode.UNKNOWN_TYPE),
    ],
)
def test_bad_fields_are_refused(data: dict[str, object], code: ErrorCode) -> None:
    with pytest.raises(ProtocolError) as error:
        decode_message(data, receiver=Side.HUB)
    assert error.value.code is code


def test_too_many_events_in_a_batch() -> None:
    data = {"type": "events", "events": [EVENT.to_wire()] * 513}
    with pytest.raises(ProtocolError) as error:
        decode_message(data, receiver=Side.HUB)
    assert error.value.code is ErrorCode.BAD_VALUE


def test_a_sender_cannot_build_an_oversized_or_float_frame() -> None:
    with pytest.raises(ValueError, match="frame limit"):
        encode_frame({"type": "x", "pad": "a" * MAX_FRAME_SIZE})
    with pytest.raises(ValueError, match="cannot be sent"):
        encode_frame({"type": "x", "f": 1.5})


def _reader(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x00", b"\x00\x00\x00\x05{}", b"\x00\x00\x00\x02{"],
)
def test_a_stream_that_ends_inside_a_frame_is_closed(data: bytes) -> None:
    async def scenario() -> None:
        with pytest.raises(ConnectionClosed):
            await read_frame(_reader(data))

    asyncio.run(scenario())


def test_an_empty_frame_and_a_deep_one_are_malformed() -> None:
    async def scenario() -> None:
        with pytest.raises(ProtocolError) as error:
            await read_frame(_reader(b"\x00\x00\x00\x00"))
        assert error.value.code is ErrorCode.MALFORMED_FRAME
        deep = b"[" * 100_000 + b"]" * 100_000
        with pytest.raises(ProtocolError) as error:
            await read_frame(_reader(struct.pack(">I", len(deep)) + deep))
        assert error.value.code is ErrorCode.MALFORMED_FRAME

    asyncio.run(scenario())


def test_frames_carry_canonical_json() -> None:
    frame = encode_frame(encode_message(Heartbeat(1)))
    assert (
        frame[4:]
        == canonical_bytes({"type": "heartbeat", "id": 1})
        == b'{"id":1,"type":"heartbeat"}'
    )
