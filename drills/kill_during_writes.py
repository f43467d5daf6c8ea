"""Drill: kill -9 a learner station while it saves answers; nothing acknowledged may be lost.

A child process (this script with ``--child``) opens the encrypted store and appends answer
events in a loop, printing ``<seq> <hash>`` (flushed) each time ``Journal.append`` has
returned: a printed line is an answer the candidate was told is saved. The parent kills the
child with SIGKILL at a random (seeded) instant, either while it opens the store (recovery,
first-time creation) or while it appends, then reopens the store itself and checks:

* ``verify()`` finds no broken link, bad hash, bad signature or gap;
* ``PRAGMA quick_check`` is ``ok``;
* every seq ever printed for this store is present with the printed hash.

A store is reused for ``--rounds-per-store`` kills (each child continues the chain left by the
previous one), then a fresh one starts, which keeps each full verify() short.

Prints ``kills=N lost=L corrupt=C`` last; exits 1 on any loss, corruption or child failure.

Usage: ``python drills/kill_during_writes.py --kills 200 [--seed 1] [--dir DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.store.database import open_database
from pixdesk.store.event_types import EventType
from pixdesk.store.journal import Journal

STATION = "drill-station"
# Kill windows: after the child says it is opening the store (an open takes ~1 ms, creation
# ~7 ms), or after it is ready to write.
OPEN_WINDOW_S = 0.004
WRITE_WINDOW_S = 0.08
OPEN_PHASE_SHARE = 0.3
CHILD_TIMEOUT_S = 30.0


def _child(db_path: Path) -> int:
    """Append answers forever, printing each acknowledged seq and hash."""
    secrets = json.loads(sys.stdin.readline())
    print("opening", flush=True)
    db = open_database(db_path, bytes.fromhex(secrets["key"]))
    signing_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secrets["seed"]))
    journal = Journal(db, STATION, signing_key)
    print("ready", flush=True)
    i = journal.head.seq
    while True:
        i += 1
        event = journal.append(
            EventType.ANSWER_SAVED,
            {
                "candidate_id": f"cand-{i % 20:04d}",
                "question_index": i % 32,
                "item_id": f"rec{i:014d}",
                "status": "ok",
                "value": f"réponse {i}",
            },
            mono_ns=time.monotonic_ns(),
            wall_time=datetime.now(UTC),
        )
        # Printed only now: the commit has been fsynced, the candidate would see "saved".
        sys.stdout.write(f"{event.seq} {event.hash}\n")
        sys.stdout.flush()


@dataclass
class _Store:
    path: Path
    key: bytes
    seed: bytes
    acknowledged: dict[int, str] = field(default_factory=dict)


@dataclass
class _Tally:
    kills: int = 0
    lost: set[tuple[str, int]] = field(default_factory=set)
    corrupt: int = 0
    child_failures: int = 0
    acknowledged: int = 0
    killed_while_opening: int = 0
    problems: list[str] = field(default_factory=list)


def _run_child(store: _Store, rng: random.Random, tally: _Tally, err_path: Path) -> list[str]:
    """Start a child, kill it at a random instant, return the complete lines it printed."""
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", "--db", str(store.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
        )
    if proc.stdin is None or proc.stdout is None:
        raise RuntimeError("child pipes missing")
    # The keys travel on stdin: command lines are visible to every user of the machine.
    proc.stdin.write(
        (json.dumps({"key": store.key.hex(), "seed": store.seed.hex()}) + "\n").encode()
    )
    proc.stdin.close()
    lines: list[str] = []
    seen = {"opening": threading.Event(), "ready": threading.Event()}

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            # A line cut by the kill has no newline: it was never fully acknowledged.
            if not raw.endswith(b"\n"):
                break
            text = raw.decode().strip()
            lines.append(text)
            if text in seen:
                seen[text].set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while_opening = rng.random() < OPEN_PHASE_SHARE
    phase = seen["opening" if while_opening else "ready"]
    delay = rng.uniform(0, OPEN_WINDOW_S if while_opening else WRITE_WINDOW_S)
    if phase.wait(CHILD_TIMEOUT_S) and proc.poll() is None:
        time.sleep(delay)
    if proc.poll() is not None:
        tally.child_failures += 1
        tally.problems.append(f"child exited by itself ({proc.returncode}): {err_path}")
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(CHILD_TIMEOUT_S)
    proc.stdout.close()
    tally.kills += 1
    tally.killed_while_opening += while_opening and not seen["ready"].is_set()
    return [line for line in lines if line not in seen]


def _check(store: _Store, tally: _Tally) -> None:
    """Reopen the store as the next run would, and compare it with what was acknowledged."""
    db = open_database(store.path, store.key)
    try:
        journal = Journal(db, STATION, Ed25519PrivateKey.from_private_bytes(store.seed))
        result = journal.verify()
        if not result.ok:
            tally.corrupt += 1
            tally.problems.append(f"verify: {result.problem} at seq {result.seq}: {result.detail}")
        (quick,) = db.conn.execute("PRAGMA quick_check").fetchone()
        if quick != "ok":
            tally.corrupt += 1
            tally.problems.append(f"quick_check: {quick}")
        held = dict(
            db.conn.execute("SELECT seq, hash FROM events WHERE station_id = ?", (STATION,))
        )
    finally:
        db.close()
    for seq, digest in store.acknowledged.items():
        # Counted once per (store, seq), however many later rounds still find it missing.
        if held.get(seq) != digest and (store.path.name, seq) not in tally.lost:
            tally.lost.add((store.path.name, seq))
            tally.problems.append(f"acknowledged seq {seq} {'changed' if seq in held else 'lost'}")


def _parent(kills: int, seed: int, rounds_per_store: int, directory: Path) -> int:
    rng = random.Random(seed)
    tally = _Tally()
    store: _Store | None = None
    started = time.monotonic()
    for round_no in range(kills):
        if store is None or round_no % rounds_per_store == 0:
            store = _Store(
                directory / f"store-{round_no:04d}.db", rng.randbytes(32), rng.randbytes(32)
            )
        for line in _run_child(store, rng, tally, directory / "child-stderr.txt"):
            seq_text, digest = line.split()
            store.acknowledged[int(seq_text)] = digest
            tally.acknowledged += 1
        _check(store, tally)
    elapsed = time.monotonic() - started
    print(
        f"acknowledged={tally.acknowledged} killed_while_opening={tally.killed_while_opening}"
        f" child_failures={tally.child_failures} seconds={elapsed:.1f}"
    )
    for problem in tally.problems[:20]:
        print(f"problem: {problem}")
    print(f"kills={tally.kills} lost={len(tally.lost)} corrupt={tally.corrupt}")
    return 0 if len(tally.lost) == tally.corrupt == tally.child_failures == 0 else 1


def main(argv: list[str] | None = None) -> int:
    """Run the drill (or, with ``--child``, the process being killed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds-per-store", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=None, help="keep the stores here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.db)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        return _parent(args.kills, args.seed, args.rounds_per_store, args.dir)
    with tempfile.TemporaryDirectory(prefix="pixdesk-drill-") as tmp:
        return _parent(args.kills, args.seed, args.rounds_per_store, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
