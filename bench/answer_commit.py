"""Benchmark: an answer saved durably versus a bare SQLite commit of a row of the same size.

Budget (DESIGN.md §9): the p99 of ``Journal.append`` (SQLCipher encryption + hash chain +
Ed25519 signature + projection + fsync through ``synchronous=FULL`` in WAL) is at most 2 ms
and at most 1.5 times the p99 of a bare commit measured in the same run.

The bare commit (the budget's baseline, printed by the bench) is the stdlib ``sqlite3``,
unencrypted, 4096-byte pages like the store, WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE``,
one INSERT of a random blob as long as the event row's stored fields, ``COMMIT``, in a rowid
table. The two are interleaved, one append then one bare commit, so that both see the same
disk and CPU weather. ``--decompose`` interleaves two more references, reported but not
budgeted: the same bare commit through SQLCipher's own SQLite build without a key (same
engine as the store), and with the store's key and cipher settings (what encryption alone
costs). The last line printed is JSON, for scripts:
``{"append_p99_ms": …, "bare_p99_ms": …, "ratio_p99": …}``.

Usage: ``python bench/answer_commit.py [--count 5000] [--warmup 200] [--dir DIR]
[--breakdown] [--decompose]``
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.store.database import CIPHER_SETTINGS, DEFAULT_BUSY_TIMEOUT_S, open_database
from pixdesk.store.event_types import EventType
from pixdesk.store.journal import Journal

BUDGET_P99_MS = 2.0
BUDGET_RATIO = 1.5
BASELINE = (
    f"stdlib sqlite3 {sqlite3.sqlite_version}, unencrypted, 4096-byte pages, WAL,"
    " synchronous=FULL, one row of the event's size per commit"
)
# The optional references of --decompose: name -> what it is.
REFERENCES = {
    "plain": "same commit, SQLCipher's SQLite build without a key",
    "cipher": "same commit, SQLCipher with the store's key and cipher settings",
}


def _answer(i: int) -> dict[str, object]:
    # A realistic answer: a QROC text answer on one of 32 questions of one of 20 candidates.
    return {
        "candidate_id": f"cand-{i % 20:04d}",
        "question_index": i % 32,
        "item_id": f"rec{i:014d}",
        "status": "ok" if i % 3 else "ko",
        "value": f"réponse libre numéro {i}",
    }


def _open_bare(path: Path, driver: Any = sqlite3, key: bytes | None = None) -> Any:
    conn = driver.connect(str(path), isolation_level=None, timeout=DEFAULT_BUSY_TIMEOUT_S)
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for sql in CIPHER_SETTINGS:
            conn.execute(sql)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    return conn


def _percentile(sorted_ns: list[int], fraction: float) -> float:
    index = min(len(sorted_ns) - 1, round(fraction * (len(sorted_ns) - 1)))
    return sorted_ns[index] / 1e6


def _timed_commit(conn: Any, row: bytes) -> int:
    t0 = time.perf_counter_ns()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t (data) VALUES (?)", (row,))
    conn.execute("COMMIT")
    return time.perf_counter_ns() - t0


def run(count: int, warmup: int, directory: Path, *, decompose: bool = False) -> dict[str, float]:
    """Time ``count`` appends and ``count`` bare commits, interleaved; return the figures.

    With ``decompose``, each round also times the :data:`REFERENCES` commits.
    """
    db = open_database(directory / "store.db", os.urandom(32))
    bares = {"bare": _open_bare(directory / "bare.db")}
    if decompose:
        bares["plain"] = _open_bare(directory / "plain.db", sqlcipher3)
        bares["cipher"] = _open_bare(directory / "cipher.db", sqlcipher3, os.urandom(32))
    try:
        journal = Journal(db, "station-bench", Ed25519PrivateKey.generate())
        samples: dict[str, list[int]] = {name: [] for name in ("append", *bares)}
        mono = time.monotonic_ns
        for i in range(warmup + count):
            body = _answer(i)
            t0 = time.perf_counter_ns()
            event = journal.append(
                EventType.ANSWER_SAVED, body, mono_ns=mono(), wall_time=datetime.now(UTC)
            )
            t1 = time.perf_counter_ns()
            # The bare row carries as many bytes as the event row stores.
            row = os.urandom(
                len(event.body) + len(event.signature) + 2 * 64 + len(event.wall_time) + 40
            )
            if i >= warmup:
                samples["append"].append(t1 - t0)
            for name, conn in bares.items():
                elapsed = _timed_commit(conn, row)
                if i >= warmup:
                    samples[name].append(elapsed)
    finally:
        for conn in bares.values():
            conn.close()
        db.close()
    figures: dict[str, float] = {}
    for name, values in samples.items():
        values.sort()
        figures[f"{name}_p50_ms"] = _percentile(values, 0.50)
        figures[f"{name}_p99_ms"] = _percentile(values, 0.99)
        figures[f"{name}_mean_ms"] = statistics.fmean(values) / 1e6
    figures["ratio_p50"] = figures["append_p50_ms"] / figures["bare_p50_ms"]
    figures["ratio_p99"] = figures["append_p99_ms"] / figures["bare_p99_ms"]
    return figures


def breakdown(count: int, directory: Path) -> dict[str, float]:
    """Measure where an append's time goes: signing alone, and appends without the fsync."""
    signer = Ed25519PrivateKey.generate()
    digest = bytes(32)
    sign_ns = []
    for _ in range(count):
        t0 = time.perf_counter_ns()
        signer.sign(digest)
        sign_ns.append(time.perf_counter_ns() - t0)
    db = open_database(directory / "nosync.db", os.urandom(32))
    try:
        db.conn.execute("PRAGMA synchronous = OFF")  # everything but the fsync
        db.conn.execute("PRAGMA wal_autocheckpoint = 0")  # and count the WAL frames written
        journal = Journal(db, "station-bench", signer)
        nosync_ns = []
        wal = directory / "nosync.db-wal"
        for i in range(count):
            t0 = time.perf_counter_ns()
            journal.append(
                EventType.ANSWER_SAVED, _answer(i), mono_ns=i, wall_time=datetime.now(UTC)
            )
            nosync_ns.append(time.perf_counter_ns() - t0)
        (page_size,) = db.conn.execute("PRAGMA page_size").fetchone()
        frames = wal.stat().st_size / (int(page_size) + 24) / count
    finally:
        db.close()
    sign_ns.sort()
    nosync_ns.sort()
    return {
        "sign_p50_ms": _percentile(sign_ns, 0.5),
        "append_nosync_p50_ms": _percentile(nosync_ns, 0.5),
        "wal_frames_per_append": frames,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the figures and the JSON line; exit 1 if over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the databases")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time signing and appends without fsync"
    )
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="also time the bare commit through SQLCipher's build, unkeyed and keyed",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pixdesk-bench-", dir=args.dir) as tmp:
        f = run(args.count, args.warmup, Path(tmp), decompose=args.decompose)
        if args.breakdown:
            b = breakdown(2000, Path(tmp))
            print(
                f"breakdown: Ed25519 sign p50 {b['sign_p50_ms']:.3f} ms;"
                f" append without fsync p50 {b['append_nosync_p50_ms']:.3f} ms;"
                f" {b['wal_frames_per_append']:.2f} encrypted WAL frames per append"
            )
    print(f"bare = {BASELINE}")
    if args.decompose:
        for name, what in REFERENCES.items():
            print(f"{name} = {what} (not budgeted)")
    names = ("append", "bare", *(REFERENCES if args.decompose else ()))
    for name in names:
        print(
            f"{name:6s} x{args.count}: p50 {f[name + '_p50_ms']:.3f} ms"
            f"  p99 {f[name + '_p99_ms']:.3f} ms  mean {f[name + '_mean_ms']:.3f} ms"
        )
    print(f"ratio: p50 {f['ratio_p50']:.2f}x  p99 {f['ratio_p99']:.2f}x")
    within = f["append_p99_ms"] <= BUDGET_P99_MS and f["ratio_p99"] <= BUDGET_RATIO
    verdict = "met" if within else "MISSED"
    print(f"budget (p99 <= {BUDGET_P99_MS} ms and <= {BUDGET_RATIO}x bare): {verdict}")
    print(
        json.dumps(
            {
                "append_p99_ms": round(f["append_p99_ms"], 4),
                "bare_p99_ms": round(f["bare_p99_ms"], 4),
                "ratio_p99": round(f["ratio_p99"], 3),
            }
        )
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
