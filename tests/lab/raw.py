"""A hand-driven station for protocol tests: every frame is written by the test."""

from __future__ import annotations

import asyncio
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.codes import PROTOCOL_VERSION
from pixdesk.lab.frames import ConnectionClosed, read_frame
from pixdesk.lab.handshake import station_auth_payload, station_id_for
from pixdesk.lab.messages import (
    HubHello,
    HubWelcome,
    JoinRequest,
    Message,
    Side,
    StationAuth,
    StationHello,
)
from pixdesk.lab.tls import client_context, peer_certificate_sha256
from pixdesk.lab.wire import decode_message, encode_message
from tests.lab.harness import ACCESS_CODE, SESSION


@dataclass
class RawStation:
    """One TLS connection to the hub, driven frame by frame."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    key: Ed25519PrivateKey
    tls_sha256: str

    @classmethod
    async def connect(cls, address: ConsoleAddress, key: Ed25519PrivateKey) -> RawStation:
        reader, writer = await asyncio.open_connection(
            address.host, address.port, ssl=client_context()
        )
        sha = peer_certificate_sha256(writer.get_extra_info("ssl_object"))
        return cls(reader, writer, key, sha)

    @property
    def station_id(self) -> str:
        return station_id_for(self.key)

    def send_bytes(self, data: bytes) -> None:
        self.writer.write(data)

    def send_frame(self, payload: bytes) -> None:
        self.writer.write(struct.pack(">I", len(payload)) + payload)

    def send_object(self, value: dict[str, Any]) -> None:
        self.send_frame(canonical_bytes(value))

    def send(self, message: Message) -> None:
        self.send_object(encode_message(message))

    async def receive(self) -> Message:
        async with asyncio.timeout(5):
            return decode_message(await read_frame(self.reader), receiver=Side.STATION)

    async def closed(self) -> bool:
        """Return True once the hub has closed the connection (after any last frames)."""
        try:
            async with asyncio.timeout(5):
                while True:
                    await read_frame(self.reader)
        except ConnectionClosed:
            return True

    async def handshake(
        self, *, session: str = SESSION, station_id: str | None = None
    ) -> HubWelcome:
        nonce = secrets.token_bytes(32)
        sid = station_id or self.station_id
        key_bytes = self.key.public_key().public_bytes_raw()
        self.send(StationHello(PROTOCOL_VERSION, sid, key_bytes, session, nonce))
        hello = await self.receive()
        assert isinstance(hello, HubHello), hello
        payload = station_auth_payload(
            nonce=nonce,
            challenge=hello.challenge,
            station_id=sid,
            session_number=session,
            tls_sha256=self.tls_sha256,
        )
        self.send(StationAuth(self.key.sign(payload)))
        welcome = await self.receive()
        assert isinstance(welcome, HubWelcome), welcome
        return welcome

    async def join(self) -> Message:
        self.send(JoinRequest(1, SESSION, "Léa", "Dupont", "2010-05-04", ACCESS_CODE))
        return await self.receive()

    async def close(self) -> None:
        self.writer.close()
        try:
            async with asyncio.timeout(2):
                await self.writer.wait_closed()
        except (ConnectionError, OSError, TimeoutError):
            pass
