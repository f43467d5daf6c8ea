"""Closing a station client while its connection is failing (found by bench/console_fanin.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pixdesk.lab.client_connection import ClientConnection
from pixdesk.lab.codes import ErrorCode, JoinResult
from pixdesk.lab.messages import ErrorMessage, Message
from tests.lab.harness import Room, join_lea, run


@pytest.mark.parametrize("turns", range(5))
def test_close_while_the_hub_shuts_down_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, turns: int
) -> None:
    """close() lands a few loop turns after the reader fails on the hub's SHUTTING_DOWN.

    At some of these instants the connection's TaskGroup raises the reader's failure and
    swallows the cancellation; the client must still stop instead of reconnecting forever.
    """

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            hub = await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            assert (await join_lea(client)).result is JoinResult.MATCHED
            loop = asyncio.get_running_loop()
            closing: list[asyncio.Task[None]] = []

            def close_later(remaining: int) -> None:
                if remaining:
                    loop.call_soon(close_later, remaining - 1)
                else:
                    closing.append(loop.create_task(client.close()))

            dispatch = ClientConnection._dispatch

            def dispatch_then_close(self: ClientConnection, message: Message) -> None:
                if isinstance(message, ErrorMessage) and message.code == ErrorCode.SHUTTING_DOWN:
                    close_later(turns)
                dispatch(self, message)

            monkeypatch.setattr(ClientConnection, "_dispatch", dispatch_then_close)
            await hub.close()
            async with asyncio.timeout(5):
                while not closing:
                    await asyncio.sleep(0.01)
            # asyncio.wait does not cancel what it waits for: a hung close() stays hung.
            done, _ = await asyncio.wait(closing, timeout=5)
            assert done == set(closing), "StationClient.close() hung"
            station.client = None  # closed already

    run(scenario())
