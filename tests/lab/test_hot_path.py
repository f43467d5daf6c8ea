"""The hub's hot-path shortcuts behave exactly like what they replace (bench/console_fanin.py)."""

from __future__ import annotations

import asyncio
import json

import pytest

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.frames import _canonical_form, decode_payload
from pixdesk.lab.hub_connection import IdleTimer


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
    parsed = json.loads(payload)
    assert _canonical_form(parsed) == payload
    assert decode_payload(payload) == value


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
