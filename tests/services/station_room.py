"""A room for the learner-station tests: a REAL hub on loopback (tests/lab/harness.py's console,
run on a thread of its own) and real stations (StationRuntime on real encrypted stores).

The station's API is synchronous (the UI calls it from worker threads), so the hub cannot
share the test's thread: it runs on a LabThread, and the test talks to it through ``run``.
"""

from __future__ import annotations

import functools
import random
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.resume_codes import ResumeCode, generate_resume_codes, hash_resume_codes
from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.domain.items import Item
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.commands import Command
from pixdesk.lab.hub_config import CommandOutcome, HubSession
from pixdesk.lab.loop_thread import LabThread
from pixdesk.services.station_bank import StationBank, load_demo_bank
from pixdesk.services.station_config import JoinForm, StationConfig
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_views import StationSnapshot
from pixdesk.store.events import Event
from tests.fakes import FakeClock
from tests.lab.harness import ACCESS_CODE, CANDIDATES, FAST, ROOM, SESSION, Console, make_console

CHEAP_ARGON2 = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)

ZOE = Candidate(
    "cand-zoe-a11y",
    123456,
    "Petit",
    "Zoé",
    date(2010, 3, 9),
    Sex.F,
    birth_insee_code="33063",
    extra_time_ratio=Decimal("0.33"),
    accessibility_adjustment=True,
)
ROSTER = (*CANDIDATES, ZOE)


def lea_form(code: str = ACCESS_CODE) -> JoinForm:
    return JoinForm(SESSION, "Léa", "Dupont", date(2010, 5, 4), code)


def zoe_form() -> JoinForm:
    return JoinForm(SESSION, "zoe", "PETIT", date(2010, 3, 9), ACCESS_CODE)


@functools.cache
def demo_bank() -> StationBank:
    return load_demo_bank()


def bank_where(bank_id: str, change: Callable[[Item], Item]) -> StationBank:
    """The demo bank with every item changed (every item timed, focused…)."""
    base = demo_bank()
    return replace(base, bank_id=bank_id, items=tuple(change(item) for item in base.items))


class ConsoleSide:
    """The console: its store (the replica), TLS identity and session key, its hub."""

    def __init__(self, directory: Path, clock: FakeClock) -> None:
        self.console: Console = make_console(directory)
        self.console.clock = clock
        self.thread = LabThread("test-console")
        self.thread.start()
        self.codes: tuple[str, ...] | None = None  # the emergency sheet, as printed
        self.port = 0

    def session(self, **changes: Any) -> HubSession:
        base = HubSession(
            number=SESSION,
            room=ROOM,
            access_code=ACCESS_CODE,
            candidates=ROSTER,
            session_key=self.console.session_key,
        )
        return replace(base, **changes)

    def start(self, session: HubSession | None = None) -> ConsoleAddress:
        self.thread.run(self.console.start_hub(session or self.session(), port=self.port), 10)
        address = self.console.address
        assert address is not None
        self.port = address.port
        return address

    def stop(self, *, graceful: bool = False) -> None:
        hub = self.console.hub
        assert hub is not None
        self.thread.run(hub.close(graceful=graceful), 10)
        self.console.hub = None

    def send(self, station_id: str, command: Command) -> CommandOutcome:
        hub = self.console.hub
        assert hub is not None
        return self.thread.run(hub.send_command(station_id, command), 15)

    def confirm(self, station: StationRuntime, candidate_id: str = "cand-lea") -> None:
        """Confirm presence and hand the station the session's resume codes."""
        assert self.send(station.station_id, Command.confirm_presence(candidate_id)).status == (
            "ACCEPTED"
        )
        if self.codes is None:
            sheet: tuple[ResumeCode, ...] = generate_resume_codes(4)
            self.codes = tuple(code.text for code in sheet)
            self.hashes = hash_resume_codes(sheet, params=CHEAP_ARGON2)
        command = Command.resume_codes(candidate_id, self.hashes)
        assert self.send(station.station_id, command).status == "ACCEPTED"

    def replica(self, station_id: str) -> list[Event]:
        return self.console.view().journal.export_after(station_id, 0)

    def close(self) -> None:
        if self.console.hub is not None:
            self.stop()
        self.thread.stop()
        self.console.close()


def open_station(
    directory: Path,
    clock: FakeClock,
    *,
    bank: StationBank | None = None,
    address: ConsoleAddress | None = None,
    seed: int = 7,
    tick_s: float = 30.0,
) -> StationRuntime:
    directory.mkdir(parents=True, exist_ok=True)
    config = StationConfig(
        data_dir=directory,
        bank=bank or demo_bank(),
        clock=clock,
        keystore=Keystore(directory, use_os_keyring=False),
        console_address=address,
        client_settings=FAST,
        connect_timeout_s=10.0,
        rng=random.Random(seed),
        time_limit_tick_s=tick_s,
    )
    return StationRuntime.open(config)


class Watcher:
    """Waits, without sleeping, for a station's snapshot to satisfy a condition."""

    def __init__(self, station: StationRuntime) -> None:
        self._station = station
        self._changed = threading.Condition()
        station.subscribe(self._seen)

    def _seen(self, snapshot: StationSnapshot) -> None:
        with self._changed:
            self._changed.notify_all()

    def until(self, condition: Callable[[StationSnapshot], bool], timeout: float = 10.0) -> None:
        with self._changed:
            ok = self._changed.wait_for(lambda: condition(self._station.snapshot()), timeout)
        assert ok, f"condition not met: {self._station.snapshot()}"


def right_answer(item: Item) -> Any:
    """A correct response to ``item`` (from its solution), in the grading's shapes."""
    solution = item.solution
    kind = item.type.value
    if kind == "QCU":
        return next(iter(solution.choices))
    if kind == "QCM":
        return sorted(solution.choices)
    if kind in ("QROC", "QROC_NUM"):
        return solution.variants["answer"][0]
    if kind == "QROCM_IND":
        return {name: variants[0] for name, variants in solution.variants.items()}
    names = sorted(solution.variants)
    pool = list(dict.fromkeys(v for name in names for v in solution.variants[name]))
    return {name: pool[i] for i, name in enumerate(names)}


def wrong_answer(item: Item) -> Any:
    kind = item.type.value
    if kind == "QCU":
        return next(p for p in item.proposals if p not in item.solution.choices)
    if kind == "QCM":
        return [p for p in item.proposals if p not in item.solution.choices][:1] or ["zz"]
    if kind in ("QROC", "QROC_NUM"):
        return "999999 faux"
    return {name: "faux" for name in item.solution.variants}
