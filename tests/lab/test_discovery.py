"""Discovery: zeroconf on loopback for real, TXT records, and the typed-address fallback."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from pixdesk.lab.address import (
    DEFAULT_PORT,
    AddressError,
    AddressErrorCode,
    ConsoleAddress,
    parse_address,
)
from pixdesk.lab.discovery import (
    Advert,
    Advertiser,
    DiscoveryError,
    DiscoveryErrorCode,
    browse_consoles,
    decode_txt,
    discovery_resolver,
    encode_txt,
)
from tests.lab.harness import (
    ROOM,
    SESSION,
    Room,
    connected,
    make_session,
    make_station,
    run,
    start_client,
)

LOOPBACK = ["127.0.0.1"]
SHA = "ab" * 32


def test_a_station_finds_the_console_by_multicast_and_connects(tmp_path: Path) -> None:
    # A session number of its own: another test run on this machine may be advertising too.
    session = str(random.SystemRandom().randrange(10**8, 10**9))

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub(replace(make_session(room.console.session_key), number=session))
            tls, port = room.console.tls.sha256, room.address.port
            advertiser = Advertiser(interfaces=LOOPBACK, addresses=LOOPBACK)
            await advertiser.advertise(Advert(session, ROOM, tls, port))
            await advertiser.advertise(Advert("777", "Salle 3", tls, port))
            try:
                found = await browse_consoles(
                    timeout_s=10, session_number=session, interfaces=LOOPBACK
                )
                mine = [c for c in found if c.session_number == session]
                assert len(mine) == 1
                assert mine[0].room == ROOM
                assert mine[0].tls_sha256 == tls
                assert mine[0].addresses == (room.address,)
                station = make_station(tmp_path / "s")
                room.stations.append(station)
                resolver = discovery_resolver(session, timeout_s=10, interfaces=LOOPBACK)
                start_client(station, resolver, session=session)
                await connected(station)
            finally:
                await advertiser.close()

    run(scenario(), timeout=40)


def test_txt_records_round_trip() -> None:
    txt = encode_txt(Advert(SESSION, "Salle 12 — bâtiment B", SHA, 4433))
    received = {k.encode(): v.encode() for k, v in txt.items()}
    assert decode_txt(received) == (SESSION, "Salle 12 — bâtiment B", SHA)


@pytest.mark.parametrize(
    ("properties", "code"),
    [
        (
            {b"v": b"2", b"session": b"1", b"room": b"", b"tls": SHA.encode()},
            DiscoveryErrorCode.TXT_VERSION,
        ),
        ({b"session": b"1", b"room": b"", b"tls": SHA.encode()}, DiscoveryErrorCode.TXT_VERSION),
        (
            {b"v": b"1", b"session": b"x1", b"room": b"", b"tls": SHA.encode()},
            DiscoveryErrorCode.TXT_FIELD,
        ),
        (
            {b"v": b"1", b"session": b"1", b"room": b"", b"tls": b"abc"},
            DiscoveryErrorCode.TXT_FIELD,
        ),
        (
            {b"v": b"1", b"session": b"1", b"room": b"\xff", b"tls": SHA.encode()},
            DiscoveryErrorCode.TXT_FIELD,
        ),
        ({b"v": b"1", b"session": b"1", b"tls": SHA.encode(), b"room": None}, None),
    ],
)
def test_bad_txt_records_are_refused(
    properties: dict[bytes, bytes | None], code: DiscoveryErrorCode | None
) -> None:
    if code is None:
        assert decode_txt(properties) == ("1", "", SHA)
        return
    with pytest.raises(DiscoveryError) as error:
        decode_txt(properties)
    assert error.value.code is code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.168.1.20", ConsoleAddress("192.168.1.20", DEFAULT_PORT)),
        (" 192.168.1.20:4433 ", ConsoleAddress("192.168.1.20", 4433)),
        ("[fe80::1]:4433", ConsoleAddress("fe80::1", 4433)),
        ("[FE80::0:1]", ConsoleAddress("fe80::1", DEFAULT_PORT)),
        ("fe80::1", ConsoleAddress("fe80::1", DEFAULT_PORT)),
        ("prof-salle12", ConsoleAddress("prof-salle12", DEFAULT_PORT)),
        ("prof-salle12.local:80", ConsoleAddress("prof-salle12.local", 80)),
    ],
)
def test_typed_addresses(text: str, expected: ConsoleAddress) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", AddressErrorCode.EMPTY),
        ("   ", AddressErrorCode.EMPTY),
        ("192.168.1.20:", AddressErrorCode.BAD_PORT),
        ("192.168.1.20:0", AddressErrorCode.BAD_PORT),
        ("192.168.1.20:65536", AddressErrorCode.BAD_PORT),
        ("192.168.1.20:http", AddressErrorCode.BAD_PORT),
        ("192.168.1.20:٤٤", AddressErrorCode.BAD_PORT),
        ("192.168.1.300", AddressErrorCode.BAD_HOST),
        ("prof_salle", AddressErrorCode.BAD_HOST),
        ("-prof", AddressErrorCode.BAD_HOST),
        ("fe80::zz", AddressErrorCode.BAD_HOST),
        ("[192.168.1.20]:80", AddressErrorCode.BAD_HOST),
        ("[fe80::1:80", AddressErrorCode.BAD_BRACKETS),
        ("[fe80::1]x", AddressErrorCode.BAD_BRACKETS),
        ("fe80::1]:80", AddressErrorCode.BAD_BRACKETS),
    ],
)
def test_bad_typed_addresses(text: str, code: AddressErrorCode) -> None:
    with pytest.raises(AddressError) as error:
        parse_address(text)
    assert error.value.code is code


def test_addresses_print_as_people_type_them() -> None:
    assert str(ConsoleAddress("fe80::1", 4433)) == "[fe80::1]:4433"
    assert str(ConsoleAddress("10.0.0.2", 4433)) == "10.0.0.2:4433"
