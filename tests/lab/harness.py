"""A room on loopback for the lab tests: a real hub, real stations, real stores and keys."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.certificates import CertKind, issue_certificate
from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client import StationClient
from pixdesk.lab.client_config import (
    AddressResolver,
    ClientSettings,
    CommandHandler,
    CommandReply,
)
from pixdesk.lab.commands import SignedCommand
from pixdesk.lab.hub import Hub
from pixdesk.lab.hub_config import HubSession, HubSettings
from pixdesk.lab.observers import (
    EventsImported,
    JoinAttempt,
    LinkState,
    SecurityReport,
    StationInfo,
)
from pixdesk.lab.pins import MemoryPinStore
from pixdesk.lab.tls import ConsoleTlsIdentity, generate_console_tls
from pixdesk.lab.trust import StationTrust
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from tests.fakes import FakeClock
from tests.store.helpers import answer

T = TypeVar("T")

SESSION = "123456"
ROOM = "Salle 12"
ACCESS_CODE = "BCDF23"
T0 = FakeClock().now()
FAST = ClientSettings(
    backoff_initial_s=0.05,
    backoff_max_s=0.2,
    connect_timeout_s=5.0,
    heartbeat_interval_s=5.0,
    idle_timeout_s=15.0,
    ack_timeout_s=5.0,
    request_timeout_s=5.0,
    poll_interval_s=0.5,
)

CANDIDATES = (
    Candidate(
        "cand-lea", 123456, "Dupont", "Léa", date(2010, 5, 4), Sex.F, birth_insee_code="75056"
    ),
    Candidate(
        "cand-paul-1", 123456, "Martin", "Paul", date(2009, 1, 2), Sex.M, birth_insee_code="69123"
    ),
    Candidate(
        "cand-paul-2", 123456, "Martin", "Paul", date(2009, 1, 2), Sex.M, birth_insee_code="13055"
    ),
    Candidate(
        "cand-zoe", 123456, "Bernard", "Zoé", date(2010, 7, 8), Sex.F, birth_insee_code="33063"
    ),
)


def run(scenario: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Run one test scenario on a fresh event loop, bounded in time."""

    async def bounded() -> T:
        async with asyncio.timeout(timeout):
            return await scenario

    return asyncio.run(bounded())


class Recorder:
    """Records every observer callback (hub or station) and lets a test wait for one."""

    def __init__(self) -> None:
        self.connected: list[StationInfo] = []
        self.disconnected: list[tuple[str, str]] = []
        self.imported: list[EventsImported] = []
        self.joins: list[JoinAttempt] = []
        self.security: list[SecurityReport] = []
        self.states: list[LinkState] = []
        self.replica_failures: list[str] = []
        self._changed = asyncio.Event()

    def _poke(self) -> None:
        self._changed.set()

    def station_connected(self, info: StationInfo) -> None:
        self.connected.append(info)
        self._poke()

    def station_disconnected(self, station_id: str, reason: str) -> None:
        self.disconnected.append((station_id, reason))
        self._poke()

    def events_imported(self, batch: EventsImported) -> None:
        self.imported.append(batch)
        self._poke()

    def join_attempted(self, attempt: JoinAttempt) -> None:
        self.joins.append(attempt)
        self._poke()

    def security_reported(self, report: SecurityReport) -> None:
        self.security.append(report)
        self._poke()

    def replica_failed(self, detail: str) -> None:
        self.replica_failures.append(detail)
        self._poke()

    def link_changed(self, state: LinkState) -> None:
        self.states.append(state)
        self._poke()

    async def wait(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``condition()`` holds, re-checking at each callback."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                await self._changed.wait()


@dataclass
class Station:
    """A lab PC: its store (the learner's connection), a second connection for the client."""

    directory: Path
    writer: StationStore
    reader: StationStore
    key: Ed25519PrivateKey
    clock: FakeClock
    recorder: Recorder = field(default_factory=Recorder)
    client: StationClient | None = None
    commands: list[SignedCommand] = field(default_factory=list)

    @property
    def station_id(self) -> str:
        return self.writer.station_id

    def append_answers(self, count: int, candidate: str = "cand-lea") -> list[Event]:
        """Append answers durably, as the learner would, and tell the client."""
        start = self.writer.journal.head.seq
        events = []
        for i in range(count):
            self.clock.advance(timedelta(seconds=1))
            events.append(
                self.writer.journal.append(
                    EventType.ANSWER_SAVED,
                    answer(candidate, start + i),
                    mono_ns=self.clock.monotonic_ns(),
                    wall_time=self.clock.now(),
                )
            )
        if self.client is not None:
            self.client.notify_appended()
        return events

    async def accept(self, command: SignedCommand) -> CommandReply:
        self.commands.append(command)
        return CommandReply(accepted=True)

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


def open_store(directory: Path) -> StationStore:
    directory.mkdir(parents=True, exist_ok=True)
    return open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))


def make_station(directory: Path, clock: FakeClock | None = None) -> Station:
    writer = open_store(directory)
    reader = open_store(directory)
    key = Keystore(directory, use_os_keyring=False).station_key(create=False)
    return Station(directory, writer, reader, key, clock or FakeClock())


def make_session(
    session_key: Ed25519PrivateKey,
    *,
    tls: ConsoleTlsIdentity | None = None,
    center_key: Ed25519PrivateKey | None = None,
    pinned_tls_sha256: str | None = None,
    admitted: frozenset[str] = frozenset(),
) -> HubSession:
    """A session; with ``center_key``, certified and pinning ``pinned_tls_sha256`` or ``tls``."""
    cert = None
    if center_key is not None:
        pinned = pinned_tls_sha256 or (tls.sha256 if tls else "0" * 64)
        cert = issue_certificate(
            center_key,
            session_key.public_key(),
            kind=CertKind.SESSION,
            not_before=T0 - timedelta(hours=1),
            not_after=T0 + timedelta(days=1),
            extra={"session_number": SESSION, "console_tls_sha256": pinned},
        )
    return HubSession(
        number=SESSION,
        room=ROOM,
        access_code=ACCESS_CODE,
        candidates=CANDIDATES,
        session_key=session_key,
        session_cert=cert,
        admitted_stations=admitted,
    )


@dataclass
class Console:
    """The console's side: its store (the replica), TLS identity, hub."""

    directory: Path
    store: StationStore
    tls: ConsoleTlsIdentity
    session_key: Ed25519PrivateKey
    clock: FakeClock
    recorder: Recorder = field(default_factory=Recorder)
    hub: Hub | None = None
    address: ConsoleAddress | None = None
    _view: StationStore | None = None

    def view(self) -> StationStore:
        """Return a second connection to the console's store, for the test's checks."""
        if self._view is None:
            self._view = open_store(self.directory)
        return self._view

    def close(self) -> None:
        if self._view is not None:
            self._view.close()
        self.store.close()

    async def start_hub(
        self,
        session: HubSession | None = None,
        *,
        port: int = 0,
        settings: HubSettings | None = None,
    ) -> Hub:
        hub = Hub(
            tls=self.tls,
            replica=self.store.journal,
            clock=self.clock,
            observer=self.recorder,
            settings=settings,
        )
        hub.add_session(session or make_session(self.session_key))
        host, bound = await hub.start("127.0.0.1", port)
        self.hub, self.address = hub, ConsoleAddress(host, bound)
        return hub


def make_console(directory: Path) -> Console:
    return Console(
        directory,
        open_store(directory),
        generate_console_tls(now=T0),
        Ed25519PrivateKey.generate(),
        FakeClock(),
    )


def start_client(
    station: Station,
    address: ConsoleAddress | AddressResolver,
    *,
    trust: StationTrust | None = None,
    handler: CommandHandler | None = None,
    settings: ClientSettings = FAST,
    session: str = SESSION,
) -> StationClient:
    """Start a station client on the running loop."""
    client = StationClient(
        source=station.reader.journal,
        signing_key=station.key,
        trust=trust or StationTrust(None, MemoryPinStore()),
        session_number=session,
        address=address,
        clock=station.clock,
        handler=handler or station.accept,
        observer=station.recorder,
        settings=settings,
        rng=random.Random(7),
    )
    station.client = client
    client.start()
    return client


async def connected(station: Station, timeout: float = 10.0) -> None:
    """Wait until the station's client is authenticated with the hub."""
    client = station.client
    assert client is not None
    await station.recorder.wait(lambda: client.state.connected, timeout)


async def join_lea(client: StationClient, code: str = ACCESS_CODE) -> Any:
    return await client.join(
        first_name="Lea", birth_name="DUPONT", birth_date=date(2010, 5, 4), access_code=code
    )


class Room:
    """A console and its stations on loopback; everything opened is closed on exit.

    ``async with Room(tmp_path) as room:`` then ``await room.start_hub()`` and
    ``await room.station()`` (connected, not joined).
    """

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.console = make_console(tmp_path / "console")
        self.stations: list[Station] = []

    @property
    def hub(self) -> Hub:
        assert self.console.hub is not None
        return self.console.hub

    @property
    def address(self) -> ConsoleAddress:
        assert self.console.address is not None
        return self.console.address

    async def start_hub(
        self,
        session: HubSession | None = None,
        *,
        port: int = 0,
        settings: HubSettings | None = None,
    ) -> Hub:
        return await self.console.start_hub(session, port=port, settings=settings)

    async def station(
        self,
        *,
        trust: StationTrust | None = None,
        handler: CommandHandler | None = None,
        clock: FakeClock | None = None,
        wait: bool = True,
        settings: ClientSettings = FAST,
    ) -> Station:
        station = make_station(self.tmp_path / f"station-{len(self.stations)}", clock)
        self.stations.append(station)
        start_client(station, self.address, trust=trust, handler=handler, settings=settings)
        if wait:
            await connected(station)
        return station

    async def __aenter__(self) -> Room:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for station in self.stations:
            if station.client is not None:
                await station.client.close()
        if self.console.hub is not None:
            await self.console.hub.close()
        for station in self.stations:
            station.close()
        self.console.close()


Waiter = Callable[[], Awaitable[None]]
