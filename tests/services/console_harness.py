"""A supervisor console and learner stations on loopback, all real: stores, keys, TLS, hub.

The console runs as the application runs it: a :class:`Console` with its own lab thread and
worker; the stations run real ``StationClient`` objects on a second lab thread, each with its
own encrypted store. A station's "learner" journals what learner mode would (join, start,
answers, alerts) and records every verified command its handler receives.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import b64u_encode
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import CommandReply, JoinOutcome
from pixdesk.lab.commands import SignedCommand
from pixdesk.lab.hub_config import HubSettings
from pixdesk.lab.loop_thread import LabThread
from pixdesk.lab.pins import MemoryPinStore
from pixdesk.lab.trust import StationTrust
from pixdesk.services.console_notices import Notice
from pixdesk.services.console_runtime import Console, ConsoleSettings
from pixdesk.services.console_session import ConsoleSession, ConsoleSessions
from pixdesk.services.console_values import RoomRow, SessionDraftHere
from pixdesk.services.station_store import StationStore
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import Station, make_station, open_store, start_client

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
SETTINGS = ConsoleSettings(
    host="127.0.0.1",
    port=0,
    advertise=False,
    kdf_params=CHEAP,
    resume_codes=4,
    hub=HubSettings(command_timeout_s=5.0),
)
LINES = "\n".join(
    [
        "DUPONT;Léa;04/05/2010;33",
        "MARTIN;Paul;02/01/2009;",
        "BERNARD;Zoé;08/07/2010;0",
    ]
)
DRAFT = SessionDraftHere(
    site="Lycée Hopper",
    room="Salle B12",
    date="2026-11-30",
    start_time="08:30",
    invigilators=("M. Turing",),
    candidate_lines=LINES,
)
WAIT = 10.0


class RoomListener:
    """Records what the console tells; lets a test wait for a condition."""

    def __init__(self) -> None:
        self.rows: dict[str, RoomRow] = {}
        self.notices: list[Notice] = []
        self._changed = threading.Condition()

    def rows_changed(self, rows: tuple[RoomRow, ...]) -> None:
        with self._changed:
            for row in rows:
                self.rows[row.candidate_id] = row
            self._changed.notify_all()

    def notice(self, notice: Notice) -> None:
        with self._changed:
            self.notices.append(notice)
            self._changed.notify_all()

    def wait(self, condition: Callable[[], bool], timeout: float = WAIT) -> None:
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                raise AssertionError("condition not reached in time")


@dataclass
class Learner:
    """A lab PC in learner mode, as far as the console can tell."""

    station: Station
    lab: LabThread
    candidate_id: str | None = None
    alerts: int = 0
    reply: Callable[[SignedCommand], CommandReply] = field(
        default=lambda command: CommandReply(accepted=True)
    )
    received: list[SignedCommand] = field(default_factory=list)
    hold: threading.Event | None = None
    _got: threading.Condition = field(default_factory=threading.Condition)

    @property
    def station_id(self) -> str:
        return self.station.station_id

    async def handle(self, command: SignedCommand) -> CommandReply:
        hold = self.hold
        if hold is not None:  # a slow station: answers once the test lets it
            await asyncio.to_thread(hold.wait, WAIT)
        with self._got:
            self.received.append(command)
            self._got.notify_all()
        return self.reply(command)

    def kinds(self) -> list[str]:
        with self._got:
            return [command.kind.value for command in self.received]

    def wait_command(self, kind: str, timeout: float = WAIT) -> SignedCommand:
        with self._got:
            found = self._got.wait_for(
                lambda: any(c.kind.value == kind for c in self.received), timeout
            )
            assert found, f"{kind} never reached the station; got {self.kinds()}"
            return next(c for c in self.received if c.kind.value == kind)

    def join(self, birth_name: str, first_name: str, birth: date, code: str, number: str) -> Any:
        client = self.station.client
        assert client is not None

        async def join() -> JoinOutcome:
            return await client.join(
                first_name=first_name,
                birth_name=birth_name,
                birth_date=birth,
                access_code=code,
            )

        outcome = self.lab.run(join(), timeout=WAIT)
        if outcome.candidate is not None:
            self.candidate_id = outcome.candidate.candidate_id
            key = b64u_encode(self.station.key.public_key().public_bytes_raw())
            self.append(
                EventType.CANDIDATE_JOINED,
                {"candidate_id": self.candidate_id, "session_id": number, "station_key": key},
            )
        return outcome

    def append(self, kind: EventType, body: dict[str, Any]) -> int:
        clock = self.station.clock
        clock.advance(timedelta(seconds=1))
        event = self.station.writer.journal.append(
            kind, body, mono_ns=clock.monotonic_ns(), wall_time=clock.now()
        )
        client = self.station.client
        assert client is not None
        client.notify_appended()
        return event.seq

    def start(self) -> int:
        return self.append(EventType.TEST_STARTED, {"candidate_id": self.candidate_id})

    def answer(self, index: int) -> int:
        return self.append(
            EventType.ANSWER_SAVED,
            {
                "candidate_id": self.candidate_id,
                "question_index": index,
                "item_id": f"rec{index:05d}",
                "status": "ok",
                "value": "réponse",
            },
        )

    def raise_alert(self, question_index: int) -> str:
        self.alerts += 1
        alert_id = f"alert-{self.station_id[:6]}-{self.alerts}"
        self.append(
            EventType.ALERT_RAISED,
            {
                "alert_id": alert_id,
                "candidate_id": self.candidate_id,
                "question_index": question_index,
            },
        )
        return alert_id

    def wait_acked(self, seq: int) -> None:
        client = self.station.client
        assert client is not None
        self.lab.run(client.wait_acked(seq), timeout=WAIT)


class LabRoom:
    """A console (created here or from a pack) and its learners, on loopback."""

    def __init__(
        self,
        tmp_path: Path,
        *,
        center_key: Ed25519PrivateKey | None = None,
        settings: ConsoleSettings = SETTINGS,
    ) -> None:
        self.tmp_path = tmp_path
        self.data_dir = tmp_path / "console"
        self.clock = FakeClock()
        self.center_key = center_key
        self.settings = settings
        self.console_lab = LabThread("test-console")
        self.station_lab = LabThread("test-stations")
        self.console_lab.start()
        self.station_lab.start()
        self.listener = RoomListener()
        self.learners: list[Learner] = []
        self.console: Console | None = None
        self.session: ConsoleSession | None = None
        self.stores: list[StationStore] = []
        self.sessions = ConsoleSessions(
            self.data_dir,
            center_public_key=center_key.public_key() if center_key else None,
            clock=self.clock,
            rng=random.Random(4),
            kdf_params=CHEAP,
        )

    def start(self, session: ConsoleSession, *, port: int = 0, listener: Any = None) -> Console:
        """Start a console for ``session`` (again, after a "crash")."""
        self.data_dir.mkdir(exist_ok=True)
        store, replica = open_store(self.data_dir), open_store(self.data_dir)
        self.stores += [store, replica]
        self.listener = RoomListener()
        self.session = session
        settings = replace(self.settings, port=port)
        self.console = Console(
            session,
            store=store,
            replica=replica,
            lab=self.console_lab,
            clock=self.clock,
            settings=settings,
            listener=listener or self.listener,
        )
        self.console.start()
        return self.console

    @property
    def address(self) -> ConsoleAddress:
        assert self.console is not None
        assert self.console.address is not None
        return ConsoleAddress("127.0.0.1", self.console.address.port)

    def learner(self, *, provisioned: bool = False, clock: FakeClock | None = None) -> Learner:
        """A new station, connected (not joined)."""
        directory = self.tmp_path / f"station-{len(self.learners)}"
        station = make_station(directory, clock or FakeClock())
        learner = Learner(station, self.station_lab)
        assert self.session is not None
        number = self.session.number_text
        trust = StationTrust(
            self.center_key.public_key() if provisioned and self.center_key else None,
            MemoryPinStore(),
        )

        async def begin() -> None:
            start_client(station, self.address, trust=trust, handler=learner.handle, session=number)
            client = station.client
            assert client is not None
            await station.recorder.wait(lambda: client.state.connected, WAIT)

        self.station_lab.run(begin(), timeout=WAIT)
        self.learners.append(learner)
        return learner

    def disconnect(self, learner: Learner) -> None:
        """Cut a station's link (its client stops; the hub notices)."""
        client = learner.station.client
        assert client is not None
        self.station_lab.run(client.close(), timeout=WAIT)

    def reconnect(self, learner: Learner) -> None:
        """Start a station's client again (same keys, same pins) and wait for the link."""
        station = learner.station
        old = station.client
        assert old is not None
        assert self.session is not None
        number = self.session.number_text

        async def again() -> None:
            start_client(
                station, self.address, trust=old.trust, handler=learner.handle, session=number
            )
            client = station.client
            assert client is not None
            await station.recorder.wait(lambda: client.state.connected, WAIT)

        self.station_lab.run(again(), timeout=WAIT)

    def crash_console(self) -> None:
        """Drop the console as a crash would (stations are not told)."""
        assert self.console is not None
        self.console.close(graceful=False)
        self.console = None

    def close(self) -> None:
        for learner in self.learners:
            client = learner.station.client
            if client is not None:
                self.station_lab.run(client.close(), timeout=WAIT)
        if self.console is not None:
            self.console.close()
        for learner in self.learners:
            learner.station.close()
        for store in self.stores:
            store.close()
        self.console_lab.stop()
        self.station_lab.stop()


@contextmanager
def lab_room(tmp_path: Path, **kwargs: Any) -> Iterator[LabRoom]:
    room = LabRoom(tmp_path, **kwargs)
    try:
        yield room
    finally:
        room.close()


def join(learner: Learner, session: ConsoleSession, index: int) -> str:
    """Join ``learner`` as the session's ``index``-th candidate; return the candidate id."""
    person = session.candidates[index]
    outcome = learner.join(
        person.birth_name,
        person.first_name,
        person.birth_date,
        session.access_code,
        session.number_text,
    )
    assert outcome.result.value == "MATCHED", outcome
    return person.candidate_id
