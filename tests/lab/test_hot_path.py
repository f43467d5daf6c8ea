"""The hub's hot-path shortcuts behave exactly like what they replace (bench/console_fanin.py)."""

from __future__ import annotations

import asyncio

import pytest

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.codes import ErrorCode
from pixdesk.lab.frames import ProtocolError, decode_payload
from pixdesk.lab.hub_connection import IdleTimer
from pixdesk.lab.schema import RecordError, decode_record
from pixdesk.lab.wire import _EVENT_SCHEMA, _decode_event
from pixdesk.store.events import Event


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"type": "heartbeat", "id": 7},
        {"b": [1, -2, 2**63 - 1, True, False, None], "a": {"z": "é", "y": '\u2028\x00"\\'}},
        {"events": [{"body": '{"value":"réponse 1"}', "seq": 1, "é": "ü", "\U0001f600": ""}]},
        {"nested": [[[{"k": [{}]}]]], "": ""},
    ],
)
def test_the_canonical_check_on_receipt_gives_canonical_bytes(value: dict[str, object]) -> None:
    payload = canonical_bytes(value)
    assert decode_payload(payload) == value


@pytest.mark.parametrize(
    "payload",
    [b'{"id":1,"id":1,"type":"heartbeat"}', b'{"id":1.0}', b'{"id": 1}', b"[1]", b'{"a":{"a":'],
)
def test_the_canonical_check_on_receipt_refuses_the_rest(payload: bytes) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_payload(payload)
    assert (caught.value.code, caught.value.fatal) == (ErrorCode.MALFORMED_FRAME, True)


async def _session(idle_s: float) -> None:
    """A connection's life as the hub sees it, under an idle timer."""
    async with asyncio.timeout(None) as scope:
        idle = IdleTimer(scope, idle_s)
        try:
            idle.busy()  # a message handled for longer than the idle timeout
            await asyncio.sleep(0.5)
            idle.waiting()
            for _ in range(6):  # messages more often than the idle timeout
                await asyncio.sleep(0.1)
                idle.busy()
                idle.waiting()
            await asyncio.sleep(10)  # then silence
        finally:
            idle.cancel()


def test_the_idle_timer_counts_only_time_spent_waiting() -> None:
    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(TimeoutError):
            await _session(0.2)
        return loop.time() - started

    elapsed = asyncio.run(scenario())
    assert 1.25 <= elapsed < 3.0  # 0.5 busy + 0.6 of messages + 0.2 of silence


_GOOD_EVENT: dict[str, object] = {
    "station_id": "a1b2c3d4e5f60718",
    "seq": 3,
    "prev_hash": "0" * 64,
    "hash": "ab" * 32,
    "mono_ns": 12,
    "wall_time": "2026-11-30T08:00:00.000000Z",
    "type": "answer.saved",
    "body": '{"a":"é"}',
    "signature": "cd" * 64,
}
_BAD_VALUES: dict[str, list[object]] = {
    "station_id": ["", "x" * 65, 7, None],
    "seq": [0, -1, 2**63, True, "3", 3.0],
    "prev_hash": ["0" * 63, "0" * 65, "A" * 64, "g" * 64, 0],
    "hash": ["ab" * 31, "AB" * 32, None],
    "mono_ns": [-1, 2**63, False, "1"],
    "wall_time": ["", "x" * 41, 1],
    "type": ["", "t" * 65, []],
    "body": ["{", "x" * (256 * 1024 + 1), b"{}"],
    "signature": ["cd" * 63, "CD" * 64, "cd" * 65, 1],
}


def _schema_decode(value: dict[str, object]) -> Event | str:
    try:
        return Event.from_wire(decode_record(value, _EVENT_SCHEMA, skip=frozenset()))
    except RecordError as exc:
        return f"refused: {exc}"


def _fast_decode(value: dict[str, object]) -> Event | str:
    try:
        return _decode_event(value)
    except ValueError as exc:
        return f"refused: {exc}"


@pytest.mark.parametrize(
    "value",
    [
        _GOOD_EVENT,
        {**_GOOD_EVENT, "seq": 2**63 - 1, "mono_ns": 0, "body": "{}", "station_id": "s" * 64},
        {**_GOOD_EVENT, "extra": 1},
        {k: v for k, v in _GOOD_EVENT.items() if k != "body"},
        *({**_GOOD_EVENT, name: bad} for name, values in _BAD_VALUES.items() for bad in values),
    ],
)
def test_the_inlined_event_checks_are_the_schemas(value: dict[str, object]) -> None:
    assert _fast_decode(value) == _schema_decode(value)
