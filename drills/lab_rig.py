"""The room used by the lab drills: a console hub and a swarm of stations, each a process.

Both run the real code on real stores: the hub (``pixdesk.lab.hub.Hub``, TLS 1.3) writes its
replica into an encrypted SQLCipher store; each station appends to its own SQLCipher journal
(fsync per append) and a real ``StationClient`` ships it. Keys travel on the children's stdin,
never on their command lines.

* ``python drills/lab_rig.py hub`` — the console. Reloads its TLS identity (saved encrypted in
  its data directory, so stations that pinned it accept it again after a restart) and what it
  knows of the room: stations admitted earlier (``admitted.txt``, written with fsync at each
  MATCHED join, as a console journals admissions) and every station its replica holds events
  of. Logs every import its observer hears to ``imports-<life>.jsonl`` (flushed per line), so
  a drill can tell whether any event was reported twice across restarts. Prints
  ``ready <port>``; a clean stop on ``stop`` or end of input.
* ``python drills/lab_rig.py stations`` — K stations. Each joins with its candidate's identity
  and the access code (retrying until MATCHED), then appends an answer every ``interval_s``
  (±20 %) whatever the link does. Each station timestamps every advance of its acknowledged
  seq on the monotonic clock: a gap between two acks is the outage it would report (the basis
  of a time credit). Prints ``joined K``, then ``status …`` every second; on ``stop`` it stops
  appending, waits (bounded) until the console acknowledged everything, and prints
  ``final <json>``.

The drills (``console_kill.py``, ``lan_cut.py``) use :class:`Child` to drive both, then
:func:`check_room` to compare every station's journal with the console's replica.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import queue
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client import StationClient
from pixdesk.lab.client_config import NotConnected
from pixdesk.lab.codes import JoinResult
from pixdesk.lab.handshake import station_id_for
from pixdesk.lab.hub import Hub
from pixdesk.lab.hub_config import HubSession
from pixdesk.lab.observers import EventsImported, JoinAttempt, LinkState, NullHubObserver
from pixdesk.lab.pins import MemoryPinStore
from pixdesk.lab.tls import generate_console_tls, load_console_tls, save_console_tls
from pixdesk.lab.trust import StationTrust
from pixdesk.store.database import open_database
from pixdesk.store.event_types import EventType
from pixdesk.store.journal import Journal

SESSION = "123456"
ROOM = "Salle des exercices"
ACCESS_CODE = "BCDF23"
RIG = Path(__file__).resolve()
GAP_REPORT_S = 1.0  # ack gaps longer than this are reported (stations append every ~0.2 s)
JOIN_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 90.0


class SystemClock:
    """The machine's clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic_ns(self) -> int:
        return time.monotonic_ns()


@dataclass(frozen=True)
class RoomSecrets:
    """Every key of a drill's room, drawn from one seeded generator."""

    console_db_key: bytes
    console_seed: bytes
    session_seed: bytes
    tls_password: bytes
    station_seeds: tuple[bytes, ...]
    station_db_keys: tuple[bytes, ...]

    @classmethod
    def draw(cls, rng: random.Random, stations: int) -> RoomSecrets:
        return cls(
            rng.randbytes(32),
            rng.randbytes(32),
            rng.randbytes(32),
            rng.randbytes(32),
            tuple(rng.randbytes(32) for _ in range(stations)),
            tuple(rng.randbytes(32) for _ in range(stations)),
        )

    def station_key(self, index: int) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.station_seeds[index])

    def console_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.console_seed)


def candidate(index: int) -> Candidate:
    """The candidate sitting at station ``index``."""
    return Candidate(
        f"cand-{index:03d}",
        int(SESSION),
        "ESSAI",
        f"Eleve{index:03d}",
        date(2010, 1, 1) + timedelta(days=index),
        Sex.F if index % 2 else Sex.M,
        birth_insee_code="75056",
    )


def station_db(directory: Path, index: int) -> Path:
    return directory / f"station-{index:03d}.db"


def prepare_console(directory: Path, secrets: RoomSecrets) -> None:
    """Create the console's TLS identity once: a restarted console presents the same one."""
    directory.mkdir(parents=True, exist_ok=True)
    save_console_tls(directory, generate_console_tls(now=datetime.now(UTC)), secrets.tls_password)


# ------------------------------------------------------------------------------ the hub


class _HubLog(NullHubObserver):
    """Journals admissions (fsync) and logs every import the console view is told about."""

    def __init__(self, directory: Path, life: int) -> None:
        self._admitted = directory / "admitted.txt"
        self._imports = (directory / f"imports-{life}.jsonl").open("a", encoding="utf-8")

    def join_attempted(self, attempt: JoinAttempt) -> None:
        if attempt.result is JoinResult.MATCHED:
            with self._admitted.open("a", encoding="utf-8") as out:
                out.write(attempt.station_id + "\n")
                out.flush()
                os.fsync(out.fileno())

    def events_imported(self, batch: EventsImported) -> None:
        self._imports.write(json.dumps([batch.station_id, batch.first_seq, batch.head_seq]) + "\n")
        self._imports.flush()

    def close(self) -> None:
        self._imports.close()


def _stdin_lines(loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str]:
    """Feed stdin lines to a queue from a daemon thread ("" at end of input)."""
    lines: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.strip())
        loop.call_soon_threadsafe(lines.put_nowait, "")

    threading.Thread(target=pump, daemon=True, name="stdin").start()
    return lines


async def run_hub(config: dict[str, Any]) -> int:
    """The console: serve the session until told to stop (or killed)."""
    commands = _stdin_lines(asyncio.get_running_loop())
    directory = Path(config["dir"])
    console_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(config["console_seed"]))
    console_id = station_id_for(console_key)
    db = open_database(directory / "console.db", bytes.fromhex(config["db_key"]))
    replica = Journal(db, console_id, console_key)
    admitted_file = directory / "admitted.txt"
    admitted = set(admitted_file.read_text().split()) if admitted_file.exists() else set()
    admitted |= {
        str(sid)
        for (sid,) in db.conn.execute("SELECT station_id FROM chain_heads")
        if sid != console_id
    }
    log = _HubLog(directory, int(config["life"]))
    clock = SystemClock()
    hub = Hub(
        tls=load_console_tls(directory, bytes.fromhex(config["tls_password"])),
        replica=replica,
        clock=clock,
        observer=log,
    )
    hub.add_session(
        HubSession(
            number=SESSION,
            room=ROOM,
            access_code=ACCESS_CODE,
            candidates=tuple(candidate(i) for i in range(int(config["stations"]))),
            session_key=Ed25519PrivateKey.from_private_bytes(bytes.fromhex(config["session_seed"])),
            admitted_stations=frozenset(admitted),
        )
    )
    _host, port = await hub.start(config["host"], int(config["port"]))
    print(f"ready {port} admitted={len(admitted)}", flush=True)
    while (await commands.get()) not in ("stop", ""):
        pass
    await hub.close()
    log.close()
    db.conn.close()
    print("stopped", flush=True)
    return 0


# ------------------------------------------------------------------------------ the stations


class _AckClock:
    """A station's observer: when each advance of its acknowledged seq arrived."""

    def __init__(self) -> None:
        self.acked = 0
        self.last_ack_ns = 0
        self.gaps: list[tuple[int, int]] = []  # (last ack before, first ack after), ns
        self.drops = 0
        self._connected = False

    def link_changed(self, state: LinkState) -> None:
        if state.connected != self._connected:
            self.drops += self._connected and not state.connected
            self._connected = state.connected
        if state.acked_seq is not None and state.acked_seq > self.acked:
            now = time.monotonic_ns()
            if self.last_ack_ns and now - self.last_ack_ns > GAP_REPORT_S * 1e9:
                self.gaps.append((self.last_ack_ns, now))
            self.acked, self.last_ack_ns = state.acked_seq, now

    def security_reported(self, report: object) -> None:
        print(f"station security report: {report}", file=sys.stderr, flush=True)


@dataclass
class _Station:
    index: int
    writer_db: Any
    reader_db: Any
    journal: Journal
    client: StationClient
    clock: _AckClock = field(default_factory=_AckClock)


def _answer(index: int, seq: int) -> dict[str, Any]:
    return {
        "candidate_id": f"cand-{index:03d}",
        "question_index": seq % 32,
        "item_id": f"rec{seq:014d}",
        "status": "ok" if seq % 3 else "ko",
        "value": f"réponse {seq}",
    }


def _append(journal: Journal, index: int, seq: int) -> None:
    """Append one answer durably (runs on the appending pool, as a learner's database worker)."""
    journal.append(
        EventType.ANSWER_SAVED,
        _answer(index, seq),
        mono_ns=time.monotonic_ns(),
        wall_time=datetime.now(UTC),
    )


async def _join(station: _Station) -> None:
    who = candidate(station.index)
    while True:
        if station.client.state.connected:
            try:
                outcome = await station.client.join(
                    first_name=who.first_name,
                    birth_name=who.birth_name,
                    birth_date=who.birth_date,
                    access_code=ACCESS_CODE,
                )
            except NotConnected:
                outcome = None
            if outcome is not None and outcome.result is JoinResult.MATCHED:
                return
            if outcome is not None:
                raise RuntimeError(f"station {station.index}: join {outcome.result}")
        await asyncio.sleep(0.1)


async def run_stations(config: dict[str, Any]) -> int:
    """K stations: join, append whatever the link does, drain on ``stop``."""
    loop = asyncio.get_running_loop()
    commands = _stdin_lines(loop)
    directory = Path(config["dir"])
    address = ConsoleAddress(config["host"], int(config["port"]))
    interval = float(config["interval_s"])
    rng = random.Random(int(config["seed"]))
    pool = ThreadPoolExecutor(4, thread_name_prefix="drill-append")
    stations: list[_Station] = []
    for index, seed_hex, key_hex in config["stations"]:
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
        db_key = bytes.fromhex(key_hex)
        writer_db = open_database(station_db(directory, index), db_key)
        reader_db = open_database(station_db(directory, index), db_key)
        sid = station_id_for(key)
        acks = _AckClock()
        client = StationClient(
            source=Journal(reader_db, sid, key),
            signing_key=key,
            trust=StationTrust(None, MemoryPinStore()),
            session_number=SESSION,
            address=address,
            clock=SystemClock(),
            observer=acks,
            rng=random.Random(rng.random()),
        )
        station = _Station(index, writer_db, reader_db, Journal(writer_db, sid, key), client, acks)
        stations.append(station)
        station.client.start()
    async with asyncio.timeout(JOIN_TIMEOUT_S):
        await asyncio.gather(*(_join(s) for s in stations))
    print(f"joined {len(stations)}", flush=True)
    appending = True

    async def append_forever(station: _Station) -> None:
        await asyncio.sleep(rng.random() * interval)
        while appending:
            seq = station.journal.head.seq + 1
            await loop.run_in_executor(pool, _append, station.journal, station.index, seq)
            station.client.notify_appended()
            await asyncio.sleep(interval * rng.uniform(0.8, 1.2))

    async def report_status() -> None:
        while True:
            await asyncio.sleep(1.0)
            appended = sum(s.journal.head.seq for s in stations)
            acked = sum(s.client.state.acked_seq or 0 for s in stations)
            connected = sum(s.client.state.connected for s in stations)
            print(f"status appended={appended} acked={acked} connected={connected}", flush=True)

    appenders = [loop.create_task(append_forever(s)) for s in stations]
    reporter = loop.create_task(report_status())
    while (await commands.get()) not in ("stop", ""):
        pass
    appending = False
    await asyncio.gather(*appenders)
    drained = True
    try:
        async with asyncio.timeout(DRAIN_TIMEOUT_S):
            while any((s.client.state.acked_seq or 0) < s.journal.head.seq for s in stations):
                await asyncio.sleep(0.05)
    except TimeoutError:
        drained = False
    reporter.cancel()
    final = {
        "drained": drained,
        "stations": [
            {
                "index": s.index,
                "station_id": s.client.station_id,
                "head": s.journal.head.seq,
                "acked": s.client.state.acked_seq or 0,
                "gaps": s.clock.gaps,
                "drops": s.clock.drops,
            }
            for s in stations
        ],
    }
    for station in stations:
        await station.client.close()
        station.reader_db.conn.close()
        station.writer_db.conn.close()
    pool.shutdown(wait=True)
    print("final " + json.dumps(final), flush=True)
    return 0


# ------------------------------------------------------------------------------ the drills' side


class Child:
    """A child process of the rig, fed a JSON config then commands on stdin.

    Its stdout lines are read by a thread into a queue, so waiting for one is bounded.
    """

    def __init__(
        self, role: str, config: dict[str, Any], log: Path, prefix: Sequence[str] = ()
    ) -> None:
        self._log = log.open("ab")
        self.role = role
        self.proc = subprocess.Popen(
            [*prefix, sys.executable, str(RIG), role],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send(json.dumps(config))

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    @property
    def stdin(self) -> IO[str]:
        assert self.proc.stdin is not None
        return self.proc.stdin

    def send(self, line: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stdin.write(line + "\n")
            self.stdin.flush()

    def expect(self, word: str, timeout: float) -> str:
        """Return the rest of the next stdout line starting with ``word``.

        Raises:
            RuntimeError: The child ended, or said nothing of the kind in time.
        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"no {word!r} from the {self.role} in {timeout:g} s") from None
            if line is None:
                raise RuntimeError(f"the {self.role} ended (see {self._log.name})")
            if line.startswith(word):
                return line[len(word) :].strip()

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug would."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._log.close()

    def finish(self, timeout: float = 30.0) -> None:
        """Close its input (a clean stop) and wait; kill it if it does not end in time."""
        with contextlib.suppress(OSError, ValueError):
            self.stdin.close()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def hub_config(
    directory: Path, secrets: RoomSecrets, stations: int, life: int, host: str, port: int
) -> dict[str, Any]:
    return {
        "dir": str(directory),
        "db_key": secrets.console_db_key.hex(),
        "console_seed": secrets.console_seed.hex(),
        "session_seed": secrets.session_seed.hex(),
        "tls_password": secrets.tls_password.hex(),
        "stations": stations,
        "life": life,
        "host": host,
        "port": port,
    }


def stations_config(
    directory: Path, secrets: RoomSecrets, host: str, port: int, interval_s: float, seed: int
) -> dict[str, Any]:
    return {
        "dir": str(directory),
        "host": host,
        "port": port,
        "interval_s": interval_s,
        "seed": seed,
        "stations": [
            [i, secrets.station_seeds[i].hex(), secrets.station_db_keys[i].hex()]
            for i in range(len(secrets.station_seeds))
        ],
    }


@dataclass
class RoomCheck:
    """The console's replica compared with every station's own journal."""

    events: int = 0
    lost: int = 0
    duplicated: int = 0
    mismatched: int = 0
    unverified: int = 0
    appended_while_down: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == self.duplicated == self.mismatched == self.unverified == 0


def check_room(
    console_dir: Path,
    stations_dir: Path,
    secrets: RoomSecrets,
    outages: Sequence[tuple[int, int]] = (),
) -> RoomCheck:
    """Compare each station's journal with the console's replica of it, event by event.

    ``lost``: a station event the replica lacks; ``mismatched``: held but different;
    ``duplicated``: a replica event the station never wrote, or an event the console's view
    was told about twice (across all the hub's lives); ``unverified``: a replica chain that
    does not verify with the station's key. ``appended_while_down`` counts station events
    appended inside the given outage windows (monotonic ns): proof the stations went on.
    """
    check = RoomCheck()
    console_key = secrets.console_key()
    db = open_database(console_dir / "console.db", secrets.console_db_key, create=False)
    try:
        console = Journal(db, station_id_for(console_key), console_key)
        for index in range(len(secrets.station_seeds)):
            key = secrets.station_key(index)
            sid = station_id_for(key)
            sdb = open_database(
                station_db(stations_dir, index), secrets.station_db_keys[index], create=False
            )
            try:
                own = Journal(sdb, sid, key)
                written = own.export_after(sid, 0)
                if not own.verify().ok:
                    check.problems.append(f"station {index}: its own journal does not verify")
            finally:
                sdb.conn.close()
            held = {event.seq: event for event in console.export_after(sid, 0)}
            check.events += len(written)
            for event in written:
                copy = held.pop(event.seq, None)
                if copy is None:
                    check.lost += 1
                elif copy != event:
                    check.mismatched += 1
                check.appended_while_down += any(a <= event.mono_ns < b for a, b in outages)
            check.duplicated += len(held)
            result = console.verify(sid, key.public_key())
            if not result.ok:
                check.unverified += 1
                check.problems.append(f"station {index}: replica {result.problem} at {result.seq}")
            if written and console.head_of(sid).seq != written[-1].seq:
                check.problems.append(f"station {index}: replica head is not the station's")
    finally:
        db.conn.close()
    told: Counter[tuple[str, int]] = Counter()
    for log in sorted(console_dir.glob("imports-*.jsonl")):
        for line in log.read_text().splitlines():
            sid, first, head = json.loads(line)
            told.update((sid, seq) for seq in range(first, head + 1))
    twice = sum(n - 1 for n in told.values() if n > 1)
    if twice:
        check.problems.append(f"{twice} events reported imported more than once")
    check.duplicated += twice
    if check.lost:
        check.problems.append(f"{check.lost} station events missing on the console")
    return check


def outage_lines(
    final: dict[str, Any], windows: Sequence[tuple[int, int]], what: str
) -> tuple[list[str], list[float]]:
    """Each station's measured outage for each window, and the time credit it would propose.

    A station's outage for a window is its ack gap (last ack before, first ack after, on its
    monotonic clock) that overlaps the window; the credit is that gap rounded up to the second.
    """
    lines, measured = [], []
    for number, (start, end) in enumerate(windows, 1):
        span = (end - start) / 1e9
        per_station = []
        for station in final["stations"]:
            gap = next(
                ((a, b) for a, b in station["gaps"] if a <= end and b >= start),
                None,
            )
            if gap is None:
                per_station.append(f"#{station['index']}: none")
                continue
            seconds = (gap[1] - gap[0]) / 1e9
            measured.append(seconds)
            per_station.append(f"#{station['index']}: {seconds:.2f} s → {math.ceil(seconds)} s")
        lines.append(
            f"outage {number} ({what} {span:.2f} s): measured by each station (last ack before"
            " → first ack after) and proposed time credit:"
        )
        lines.extend(
            "  " + "; ".join(per_station[i : i + 4]) for i in range(0, len(per_station), 4)
        )
    return lines, measured


def main(argv: list[str] | None = None) -> int:
    """Run one side of the room (``hub`` or ``stations``), configured on stdin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=("hub", "stations"))
    args = parser.parse_args(argv)
    config = json.loads(sys.stdin.readline())
    return asyncio.run(run_hub(config) if args.role == "hub" else run_stations(config))


if __name__ == "__main__":
    sys.exit(main())
