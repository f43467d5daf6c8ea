"""One side of a lab connection: send and receive checked messages over a TLS stream."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from pixdesk.lab.codes import ErrorCode
from pixdesk.lab.frames import ConnectionClosed, ProtocolError, encode_frame, read_frame
from pixdesk.lab.messages import ErrorMessage, Message, Side
from pixdesk.lab.wire import decode_message, encode_message

_log = logging.getLogger(__name__)

MAX_PROTOCOL_ERRORS = 16
"""Non-fatal protocol errors tolerated on one connection before it is closed."""


class Channel:
    """Frames and messages over one stream, with bounded writes and error accounting.

    Args:
        reader: The stream's reader.
        writer: The stream's writer.
        receiver: Which side this is (messages meant for the other side are refused).
        write_timeout_s: How long a write may wait for the peer to read, after which the
            peer is considered dead: a station that stops reading must not make the
            console buffer without bound.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        receiver: Side,
        write_timeout_s: float,
    ) -> None:
        """Wrap the stream."""
        self._reader = reader
        self._writer = writer
        self._receiver = receiver
        self._write_timeout = write_timeout_s
        self._errors = 0
        peer = writer.get_extra_info("peername")
        self.peer_host = str(peer[0]) if isinstance(peer, tuple) else ""
        self.peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)

    @property
    def ssl_object(self) -> object:
        """Return the TLS object of the stream (for the peer's certificate)."""
        return self._writer.get_extra_info("ssl_object")

    async def send(self, message: Message) -> None:
        """Send one message; wait (bounded) until the transport accepts more.

        Raises:
            ConnectionClosed: The connection is gone or the peer stopped reading.
        """
        if self._writer.is_closing():
            raise ConnectionClosed("closing")
        self._writer.write(encode_frame(encode_message(message)))
        if self._writer.transport.get_write_buffer_size() == 0:
            # Everything went to the socket: drain() would return at once. Skipping it saves
            # arming and cancelling a timer per message (the hub sends hundreds a second).
            return
        try:
            async with asyncio.timeout(self._write_timeout):
                await self._writer.drain()
        except TimeoutError as exc:
            raise ConnectionClosed("peer stopped reading") from exc
        except (ConnectionError, OSError) as exc:
            raise ConnectionClosed(str(exc)) from exc

    async def receive(self, *, strict: bool = False) -> Message:
        """Return the next valid message.

        A non-fatal protocol error (unknown type or field, bad value) is answered with an
        ``error`` message and reading goes on, unless ``strict`` (the handshake) or too many
        errors were seen, in which case it becomes fatal.

        Raises:
            ConnectionClosed: The stream ended.
            ProtocolError: A fatal problem; the caller reports it with :meth:`fail`.
        """
        while True:
            data = await read_frame(self._reader)
            try:
                return decode_message(data, receiver=self._receiver)
            except ProtocolError as exc:
                self._errors += 1
                if strict or self._errors > MAX_PROTOCOL_ERRORS:
                    exc.fatal = True
                    if not strict:
                        raise ProtocolError(
                            ErrorCode.TOO_MANY_ERRORS, exc.detail, fatal=True
                        ) from exc
                    raise
                await self.send(_error_message(exc))

    async def report(self, error: ProtocolError) -> None:
        """Send a non-fatal error about a message that was valid but not acceptable."""
        await self.send(_error_message(error))

    async def fail(self, error: ProtocolError) -> None:
        """Tell the peer why the connection ends (best effort), then close it."""
        with contextlib.suppress(ConnectionClosed, ValueError):
            async with asyncio.timeout(1.0):
                await self.send(_error_message(error, fatal=True))
        await self.close()

    def abort(self) -> None:
        """Drop the connection at once, without a word (what a crash looks like)."""
        self._writer.transport.abort()

    async def close(self) -> None:
        """Close the stream (best effort, bounded: a dead peer must not hang the closer)."""
        if not self._writer.is_closing():
            self._writer.close()
        try:
            async with asyncio.timeout(1.0):
                await self._writer.wait_closed()
        except (ConnectionError, OSError, TimeoutError):
            # A peer that never answers TLS's close_notify would keep the socket open for
            # the SSL shutdown timeout (30 s), past the loop's own end: drop it now.
            self._writer.transport.abort()
            await asyncio.sleep(0)  # abort() closes the socket on the next loop turn
        except asyncio.CancelledError:
            # Cancelled while waiting for the peer's close_notify (a client closed while its
            # connection was ending): TLS's shutdown would keep the socket open, and leak it
            # once the loop stops (docs/decisions.md §43). Drop it, then stop as asked.
            self._writer.transport.abort()
            raise


def _error_message(error: ProtocolError, *, fatal: bool | None = None) -> ErrorMessage:
    return ErrorMessage(
        code=error.code.value,
        detail=error.detail[:500],
        ref_id=error.ref_id,
        fatal=error.fatal if fatal is None else fatal,
    )
