"""Closing a station client while its connection is failing (found by bench/console_fanin.py)."""

from __future__ import annotations

import asyncio
from asyncio import sslproto
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


def test_a_close_cancelled_while_the_hub_answers_still_drops_the_socket(tmp_path: Path) -> None:
    """close() is cancelled while it waits for the hub's TLS close_notify (decisions §43).

    Left to TLS's shutdown, the socket stays open until the hub answers, and leaks if the
    loop stops first; it must be dropped at once.
    """

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            connection = client._connection
            assert connection is not None
            assert connection.channel is not None
            channel = connection.channel
            sock = channel._writer.transport.get_extra_info("socket")
            closing = asyncio.get_running_loop().create_task(channel.close())
            await asyncio.sleep(0)  # close() now waits for the hub's close_notify
            closing.cancel()
            with pytest.raises(asyncio.CancelledError):
                await closing
            assert sock.fileno() == -1

    run(scenario())


def test_a_connection_cancelled_right_after_its_handshake_drops_the_socket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The station closes just as its TLS handshake completes (decisions §43).

    asyncio would then start TLS's shutdown and keep the socket open until the hub answers,
    leaked if the loop stops first; the connection must drop it at once.
    """

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            await client.close()
            station.client = None
            connection = ClientConnection(client, room.address)
            opening = asyncio.get_running_loop().create_task(connection._open())
            sockets = []
            complete = sslproto.SSLProtocol._on_handshake_complete

            def complete_then_cancel(self: sslproto.SSLProtocol, exc: BaseException | None) -> None:
                complete(self, exc)
                if not self._server_side:  # the hub's side completes on this loop too
                    sockets.append(self._transport.get_extra_info("socket"))
                    opening.cancel()

            monkeypatch.setattr(
                sslproto.SSLProtocol, "_on_handshake_complete", complete_then_cancel
            )
            with pytest.raises(asyncio.CancelledError):
                await opening
            monkeypatch.undo()
            assert len(sockets) == 1
            assert sockets[0].fileno() == -1

    run(scenario())
