"""Finding the console on the lab LAN: DNS-SD over multicast DNS (zeroconf).

The hub advertises one ``_pixdesk._tcp.local.`` service per session it serves, with TXT
records ``v`` (``1``), ``session`` (number), ``room`` and ``tls`` (SHA-256 of its TLS
certificate, hex). The TXT records are a convenience, not a trust anchor: anyone on the LAN can
advertise anything, so a station still checks the console as ``trust.StationTrust`` says;
``tls`` only lets the learner UI tell two consoles apart before connecting. When multicast is
filtered (many school networks), the typed address (``address.parse_address``) is the fallback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import ifaddr  # zeroconf's own dependency, always installed with it
from zeroconf import InterfaceChoice, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import AddressResolver

SERVICE_TYPE = "_pixdesk._tcp.local."
TXT_VERSION = "1"
_SESSION = re.compile(r"[0-9]{1,12}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MAX_ROOM = 100

Interfaces = InterfaceChoice | list[str]
_log = logging.getLogger(__name__)


class DiscoveryErrorCode(StrEnum):
    """Why an advertisement was ignored."""

    TXT_VERSION = "TXT_VERSION"
    TXT_FIELD = "TXT_FIELD"


class DiscoveryError(ValueError):
    """An advertisement that is not a pixdesk console of this version."""

    def __init__(self, code: DiscoveryErrorCode, detail: str = "") -> None:
        """Build the error."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code


@dataclass(frozen=True, slots=True)
class Advert:
    """What the hub advertises for one session."""

    session_number: str
    room: str
    tls_sha256: str
    port: int


@dataclass(frozen=True, slots=True)
class FoundConsole:
    """A console found on the LAN (unverified until the station connects)."""

    name: str
    session_number: str
    room: str
    tls_sha256: str
    addresses: tuple[ConsoleAddress, ...]


def encode_txt(advert: Advert) -> dict[str, str]:
    """Return the TXT records of an advert."""
    return {
        "v": TXT_VERSION,
        "session": advert.session_number,
        "room": advert.room[:_MAX_ROOM],
        "tls": advert.tls_sha256,
    }


def decode_txt(properties: Mapping[bytes, bytes | None]) -> tuple[str, str, str]:
    """Return ``(session number, room, tls sha256)`` from received TXT records.

    Raises:
        DiscoveryError: Another version, or a missing or malformed field.
    """
    values: dict[str, str] = {}
    for key, value in properties.items():
        try:
            values[key.decode("ascii")] = (value or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise DiscoveryError(DiscoveryErrorCode.TXT_FIELD, "encoding") from None
    if values.get("v") != TXT_VERSION:
        raise DiscoveryError(DiscoveryErrorCode.TXT_VERSION, values.get("v", ""))
    session, room, tls = values.get("session", ""), values.get("room", ""), values.get("tls", "")
    if not _SESSION.fullmatch(session) or not _SHA256.fullmatch(tls) or len(room) > _MAX_ROOM:
        raise DiscoveryError(DiscoveryErrorCode.TXT_FIELD)
    return session, room, tls


class Advertiser:
    """Advertise the hub's sessions on the LAN until closed.

    Args:
        interfaces: Where to answer (all interfaces by default; tests pass loopback).
        addresses: The addresses to announce; by default every IPv4 address of the PC
            except loopback.
    """

    def __init__(
        self, *, interfaces: Interfaces = InterfaceChoice.All, addresses: Sequence[str] = ()
    ) -> None:
        """Prepare (nothing is sent before :meth:`advertise`)."""
        self._interfaces = interfaces
        self._addresses = list(addresses) or _lan_ipv4_addresses()
        self._zc: AsyncZeroconf | None = None
        self._infos: list[AsyncServiceInfo] = []

    async def advertise(self, advert: Advert) -> None:
        """Announce one session (call once per session the hub serves)."""
        if self._zc is None:
            self._zc = AsyncZeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
        host = f"pixdesk-{advert.tls_sha256[:12]}.local."
        info = AsyncServiceInfo(
            SERVICE_TYPE,
            f"pixdesk-{advert.session_number}-{advert.tls_sha256[:8]}.{SERVICE_TYPE}",
            port=advert.port,
            properties=encode_txt(advert),
            server=host,
            parsed_addresses=self._addresses,
        )
        await self._zc.async_register_service(info, allow_name_change=True)
        self._infos.append(info)

    async def close(self) -> None:
        """Withdraw every advert and stop answering."""
        if self._zc is None:
            return
        for info in self._infos:
            with contextlib.suppress(OSError):
                await self._zc.async_unregister_service(info)
        await self._zc.async_close()
        self._zc, self._infos = None, []


def _lan_ipv4_addresses() -> list[str]:
    """Return this PC's IPv4 addresses except loopback (what stations can reach)."""
    return [
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not str(ip.ip).startswith("127.")
    ]


async def browse_consoles(
    *,
    timeout_s: float = 3.0,
    session_number: str | None = None,
    interfaces: Interfaces = InterfaceChoice.All,
) -> list[FoundConsole]:
    """Look for consoles on the LAN.

    Args:
        timeout_s: How long to listen.
        session_number: Return as soon as a console serving this session is found.
        interfaces: Where to ask.

    Returns:
        The consoles found (adverts of another version or malformed are ignored).
    """
    zc = AsyncZeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
    found: dict[str, FoundConsole] = {}
    wanted = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def resolve(name: str) -> None:
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if not await info.async_request(zc.zeroconf, 1500):
            return
        try:
            session, room, tls = decode_txt(info.properties)
        except DiscoveryError as exc:
            _log.info("ignoring advert %s: %s", name, exc)
            return
        addresses = tuple(ConsoleAddress(a, info.port or 0) for a in info.parsed_addresses())
        found[name] = FoundConsole(name, session, room, tls, addresses)
        if session_number is not None and session == session_number:
            wanted.set()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            task = asyncio.get_running_loop().create_task(resolve(name))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    browser = AsyncServiceBrowser(zc.zeroconf, SERVICE_TYPE, handlers=[on_change])
    try:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await wanted.wait()
    finally:
        await browser.async_cancel()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await zc.async_close()
    return list(found.values())


def discovery_resolver(
    session_number: str, *, timeout_s: float = 3.0, interfaces: Interfaces = InterfaceChoice.All
) -> AddressResolver:
    """Return an address resolver for ``StationClient`` that browses for the session."""

    async def resolve() -> ConsoleAddress | None:
        consoles = await browse_consoles(
            timeout_s=timeout_s, session_number=session_number, interfaces=interfaces
        )
        for console in consoles:
            if console.session_number == session_number and console.addresses:
                return console.addresses[0]
        return None

    return resolve
