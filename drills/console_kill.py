"""Drill: the console is killed (SIGKILL) mid-session and restarted; nothing lost or duplicated.

A real hub (``lab_rig.py hub``: TLS 1.3, SQLCipher replica) serves K real stations
(``lab_rig.py stations``: SQLCipher journals, fsync per append, real ``StationClient``) on
loopback. The stations join with the access code, then append an answer every ``--interval``
seconds whatever the link does. At a random (seeded) instant the hub process is killed with
SIGKILL — no goodbye, its last transaction possibly half-written — and after ``--down``
seconds a new hub process is started on the same data directory and port, as an invigilator
restarting the console would. Stations notice, reconnect with backoff, and re-send from what
the restarted console's replica holds. After the last restart and ``--settle`` seconds the
stations stop appending and wait until the console acknowledged everything; then the console
stops cleanly and the drill checks, station by station, event by event:

* every event of every station's own journal is on the console's replica, byte for byte, and
  the replica's chain verifies with the station's key (``lost``, ``mismatched``, unverified);
* the replica holds nothing a station did not write, and the console's view was never told
  about the same event twice across its lives (``duplicated``);
* the stations went on appending while the console was down.

Each station measures the outage it saw (last ack before the kill → first ack after, on its
monotonic clock): the time credit it would propose is printed for each kill.

Last line: ``kills=N stations=K events=E lost=L duplicated=D``; exit 1 on any loss,
duplicate, mismatch, failed verification or incomplete drain.

Usage: ``python drills/console_kill.py [--stations 20] [--kills 3] [--up 8] [--down 3]
[--interval 0.2] [--settle 3] [--seed 1] [--dir DIR]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

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

HOST = "127.0.0.1"


def run(args: argparse.Namespace, directory: Path) -> int:
    """Run the drill in ``directory``; return the exit code."""
    rng = random.Random(args.seed)
    secrets = RoomSecrets.draw(rng, args.stations)
    console_dir, stations_dir = directory / "console", directory / "stations"
    stations_dir.mkdir(parents=True, exist_ok=True)
    prepare_console(console_dir, secrets)
    started = time.monotonic()
    children: list[Child] = []
    windows: list[tuple[int, int]] = []

    def start_hub(life: int, port: int) -> tuple[Child, int]:
        config = hub_config(console_dir, secrets, args.stations, life, HOST, port)
        hub = Child("hub", config, directory / "hub-stderr.txt")
        children.append(hub)
        return hub, int(hub.expect("ready", 60).split()[0])

    try:
        hub, port = start_hub(1, 0)
        config = stations_config(stations_dir, secrets, HOST, port, args.interval, args.seed)
        swarm = Child("stations", config, directory / "stations-stderr.txt")
        children.append(swarm)
        swarm.expect("joined", JOIN_TIMEOUT_S + 10)
        for kill in range(args.kills):
            time.sleep(rng.uniform(0.5 * args.up, 1.5 * args.up))
            killed_at = time.monotonic_ns()
            hub.kill()
            time.sleep(args.down)
            hub, _ = start_hub(kill + 2, port)
            windows.append((killed_at, time.monotonic_ns()))
        time.sleep(args.settle)
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
    check = check_room(console_dir, stations_dir, secrets, windows)
    lines, measured = outage_lines(final, windows, "console down")
    for line in lines:
        print(line)
    unmeasured = args.kills * args.stations - len(measured)
    resent = sum(
        1
        for life in range(2, args.kills + 2)
        if (console_dir / f"imports-{life}.jsonl").exists()
        and (console_dir / f"imports-{life}.jsonl").stat().st_size > 0
    )
    print(
        f"stations drained={final['drained']} link_drops="
        f"{sum(s['drops'] for s in final['stations'])} appended_while_down="
        f"{check.appended_while_down} restarts_that_received_events={resent}/{args.kills}"
        f" outages_unmeasured={unmeasured} mismatched={check.mismatched}"
        f" unverified={check.unverified} seconds={time.monotonic() - started:.1f}"
    )
    for problem in check.problems[:20]:
        print(f"problem: {problem}")
    print(
        f"kills={args.kills} stations={args.stations} events={check.events}"
        f" lost={check.lost} duplicated={check.duplicated}"
    )
    went_on = args.kills == 0 or check.appended_while_down > 0
    return 0 if check.ok and final["drained"] and went_on and not check.problems else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the drill in a temporary (or given) directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=20)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--up", type=float, default=8.0, help="mean seconds between kills")
    parser.add_argument("--down", type=float, default=3.0, help="seconds the console stays dead")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between answers")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after the last restart")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="keep the stores here")
    args = parser.parse_args(argv)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        return run(args, Path(tempfile.mkdtemp(prefix="console-kill-", dir=args.dir)))
    with tempfile.TemporaryDirectory(prefix="pixdesk-drill-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
