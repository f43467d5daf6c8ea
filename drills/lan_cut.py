"""Drill: the room's LAN is cut for a while; stations keep working; afterwards nothing is lost.

A real hub and K real stations (``lab_rig.py``: TLS 1.3, SQLCipher stores on both sides, real
``StationClient``) run on a private network of their own; the stations join, then append an
answer every ``--interval`` seconds whatever the link does. After ``--before`` seconds the
link is cut for ``--cut`` seconds, then restored; after ``--after`` seconds the stations stop
appending and wait (bounded) until the console acknowledged everything. The drill then checks
every station's journal against the console's replica, event by event (nothing lost, nothing
duplicated, every replica chain verified with the station's key; see ``lab_rig.check_room``)
and that the stations went on appending during the cut.

Each station measures the outage it saw — the gap between its last ack before the cut and
its first ack after, on its monotonic clock — which is what it would propose as a time credit
(rounded up to the second); the drill prints it for every station.

How the LAN is cut (``--mode``, printed in the summary):

* ``netns`` (default when run as root with iproute2): two network namespaces made by the
  drill, ``pxd-h<tag>`` (the console) and ``pxd-s<tag>`` (the stations), joined by a veth
  pair with link-local addresses 169.254.74.1 and .2 that exist only inside them; the cut is
  ``ip link set <station end> down`` — packets vanish, no reset is sent, like a pulled cable
  or a dead switch. Everything the drill made is deleted at the end, even on failure or
  SIGTERM/SIGINT.
* ``proxy`` (fallback without namespaces): the stations reach the hub through a TCP relay on
  127.0.0.1 run by the drill; the cut stops the relay from forwarding (bytes are held, as TCP
  would retransmit them) and from accepting (new connections are refused).

Last line: ``cut=<s> mode=<mode> stations=K events=E lost=L duplicated=D``; exit 1 on any
loss, duplicate, mismatch, failed verification or incomplete drain.

Usage: ``python drills/lan_cut.py [--stations 20] [--cut 30] [--before 5] [--after 5]
[--interval 0.2] [--mode auto|netns|proxy] [--seed 1] [--dir DIR]`` (DESIGN.md §10's
partition of 10 minutes is ``--cut 600``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from lab_rig import (
    DRAIN_TIMEOUT_S,
    JOIN_TIMEOUT_S,
    Child,
    RoomSecrets,
    check_room,
    hub_config,
    outage_lines,
    prepare_console,
    stations_config,
)

NETNS_HUB_ADDRESS = "169.254.74.1"  # link-local, only inside the drill's own namespaces
NETNS_STATION_ADDRESS = "169.254.74.2"
NETNS_PORT = 47474
LOOPBACK = "127.0.0.1"


class Namespaces:
    """Two network namespaces joined by a veth pair, made and removed by the drill."""

    def __init__(self) -> None:
        tag = str(os.getpid())  # interface names stay within 15 characters
        self.hub_ns, self.station_ns = f"pxd-h{tag}", f"pxd-s{tag}"
        self.hub_if, self.station_if = f"pxdh{tag}", f"pxds{tag}"
        self.made: list[str] = []

    @staticmethod
    def remove_stale() -> None:
        """Delete namespaces left by an earlier run of this drill that was killed outright."""
        listed = subprocess.run(
            ["ip", "netns", "list"], capture_output=True, text=True, timeout=10, check=False
        )
        for line in listed.stdout.splitlines():
            name = line.split()[0] if line.split() else ""
            match = re.fullmatch(r"pxd-[hs](\d+)", name)
            if match and not Path(f"/proc/{match.group(1)}").exists():
                subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)

    @staticmethod
    def _ip(*args: str) -> None:
        subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)

    def create(self) -> None:
        for ns in (self.hub_ns, self.station_ns):
            self._ip("netns", "add", ns)
            self.made.append(ns)
            self._ip("-n", ns, "link", "set", "lo", "up")
        self._ip(
            "link", "add", self.hub_if, "netns", self.hub_ns, "type", "veth",
            "peer", "name", self.station_if, "netns", self.station_ns,
        )  # fmt: skip
        for ns, dev, address in (
            (self.hub_ns, self.hub_if, NETNS_HUB_ADDRESS),
            (self.station_ns, self.station_if, NETNS_STATION_ADDRESS),
        ):
            self._ip("-n", ns, "addr", "add", f"{address}/30", "dev", dev)
            self._ip("-n", ns, "link", "set", dev, "up")

    def prefix(self, ns: str) -> list[str]:
        return ["ip", "netns", "exec", ns]

    def cut(self) -> None:
        self._ip("-n", self.station_ns, "link", "set", self.station_if, "down")

    def restore(self) -> None:
        self._ip("-n", self.station_ns, "link", "set", self.station_if, "up")

    def delete(self) -> None:
        # Deleting a namespace deletes its end of the veth pair, and with it the other end.
        for ns in reversed(self.made):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10, check=False)
        self.made.clear()


class Relay:
    """A TCP relay on loopback between the stations and the hub, that can be cut."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        with socket.socket() as probe:
            probe.bind((LOOPBACK, 0))
            self.port = int(probe.getsockname()[1])
        self._loop = asyncio.new_event_loop()
        self._up = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._call(self._open())

    def _call(self, coro: object) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)  # type: ignore[arg-type]

    async def _open(self) -> None:
        self._up.set()
        self._server = await asyncio.start_server(self._accept, LOOPBACK, self.port)

    async def _shut(self) -> None:
        self._up.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            hub_reader, hub_writer = await asyncio.open_connection(LOOPBACK, self._target)
        except OSError:
            writer.close()
            return
        for source, sink in ((reader, hub_writer), (hub_reader, writer)):
            task = asyncio.get_running_loop().create_task(self._pipe(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                await self._up.wait()  # during a cut, bytes wait here (TCP would retransmit)
                sink.write(data)
                await sink.drain()
            await self._up.wait()
        sink.close()

    def cut(self) -> None:
        self._call(self._shut())

    def restore(self) -> None:
        self._call(self._open())

    def close(self) -> None:
        async def stop() -> None:
            await self._shut()
            for task in list(self._pipes):
                task.cancel()
            await asyncio.gather(*self._pipes, return_exceptions=True)

        with contextlib.suppress(Exception):
            self._call(stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def _netns_usable() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("ip") is not None


def _stop_on_signals() -> None:
    """Turn SIGTERM/SIGHUP into SystemExit, so the cleanup in ``finally`` runs."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def run(args: argparse.Namespace, directory: Path) -> int:
    """Run the drill in ``directory``; return the exit code."""
    rng = random.Random(args.seed)
    secrets = RoomSecrets.draw(rng, args.stations)
    console_dir, stations_dir = directory / "console", directory / "stations"
    stations_dir.mkdir(parents=True, exist_ok=True)
    prepare_console(console_dir, secrets)
    mode = args.mode if args.mode != "auto" else ("netns" if _netns_usable() else "proxy")
    started = time.monotonic()
    children: list[Child] = []
    namespaces: Namespaces | None = None
    relay: Relay | None = None
    windows: list[tuple[int, int]] = []
    try:
        hub_prefix: Sequence[str] = ()
        station_prefix: Sequence[str] = ()
        if mode == "netns":
            namespaces = Namespaces()
            try:
                Namespaces.remove_stale()
                namespaces.create()
            except (OSError, subprocess.SubprocessError) as exc:
                namespaces.delete()
                namespaces = None
                if args.mode == "netns":
                    raise
                print(f"network namespaces unavailable ({exc}): using the loopback relay")
                mode = "proxy"
        if namespaces is not None:
            hub_prefix = namespaces.prefix(namespaces.hub_ns)
            station_prefix = namespaces.prefix(namespaces.station_ns)
            hub_host, hub_port, station_host = NETNS_HUB_ADDRESS, NETNS_PORT, NETNS_HUB_ADDRESS
        else:
            hub_host, hub_port, station_host = LOOPBACK, 0, LOOPBACK
        config = hub_config(console_dir, secrets, args.stations, 1, hub_host, hub_port)
        hub = Child("hub", config, directory / "hub-stderr.txt", hub_prefix)
        children.append(hub)
        port = int(hub.expect("ready", 60).split()[0])
        if mode == "proxy":
            relay = Relay(port)
            port = relay.port
        config = stations_config(
            stations_dir, secrets, station_host, port, args.interval, args.seed
        )
        swarm = Child("stations", config, directory / "stations-stderr.txt", station_prefix)
        children.append(swarm)
        swarm.expect("joined", JOIN_TIMEOUT_S + 10)
        time.sleep(args.before)
        link = namespaces if namespaces is not None else relay
        assert link is not None
        cut_at = time.monotonic_ns()
        link.cut()
        time.sleep(args.cut)
        link.restore()
        windows.append((cut_at, time.monotonic_ns()))
        time.sleep(args.after)
        swarm.send("stop")
        final = json.loads(swarm.expect("final", DRAIN_TIMEOUT_S + 30))
        swarm.finish()
        hub.send("stop")
        hub.expect("stopped", 30)
        hub.finish()
    finally:
        for child in children:
            if child.proc.poll() is None:
                child.kill()
        if relay is not None:
            relay.close()
        if namespaces is not None:
            namespaces.delete()
    check = check_room(console_dir, stations_dir, secrets, windows)
    lines, measured = outage_lines(final, windows, "LAN cut")
    for line in lines:
        print(line)
    if measured:
        print(
            f"outage measured by the stations: min {min(measured):.2f} s, max"
            f" {max(measured):.2f} s for a cut of {args.cut:g} s"
        )
    print(
        f"stations drained={final['drained']} link_drops="
        f"{sum(s['drops'] for s in final['stations'])} appended_while_cut="
        f"{check.appended_while_down} outages_unmeasured={args.stations - len(measured)}"
        f" mismatched={check.mismatched} unverified={check.unverified}"
        f" seconds={time.monotonic() - started:.1f}"
    )
    for problem in check.problems[:20]:
        print(f"problem: {problem}")
    print(
        f"cut={args.cut:g}s mode={mode} stations={args.stations} events={check.events}"
        f" lost={check.lost} duplicated={check.duplicated}"
    )
    went_on = check.appended_while_down > 0
    return 0 if check.ok and final["drained"] and went_on and not check.problems else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the drill in a temporary (or given) directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=20)
    parser.add_argument("--cut", type=float, default=30.0, help="seconds without a LAN")
    parser.add_argument("--before", type=float, default=5.0, help="seconds before the cut")
    parser.add_argument("--after", type=float, default=5.0, help="seconds after the cut")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between answers")
    parser.add_argument("--mode", choices=("auto", "netns", "proxy"), default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="keep the stores here")
    args = parser.parse_args(argv)
    if args.mode == "netns" and not _netns_usable():
        parser.error("netns mode needs root and iproute2 (ip)")
    _stop_on_signals()
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        return run(args, Path(tempfile.mkdtemp(prefix="lan-cut-", dir=args.dir)))
    with tempfile.TemporaryDirectory(prefix="pixdesk-drill-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
