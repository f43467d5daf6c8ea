"""Benchmark: an answer saved durably versus a bare SQLite commit of a row of the same size.

Budget (DESIGN.md §9): the p99 of ``Journal.append`` (SQLCipher encryption + hash chain +
Ed25519 signature + fsync through ``synchronous=FULL`` in WAL) is at most 2 ms and at most
1.5 times the p99 of a bare stdlib-sqlite3 single-row commit (WAL, ``synchronous=FULL``, same
pragmas otherwise) measured in the same run.

The two are interleaved, one append then one bare commit, so that both see the same disk
and CPU weather. The last line printed is JSON, for scripts:
``{"append_p99_ms": …, "bare_p99_ms": …, "ratio_p99": …}``.

Usage: ``python bench/answer_commit.py [--count 5000] [--warmup 200] [--dir DIR]``
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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.store.database import DEFAULT_BUSY_TIMEOUT_S, open_database
from pixdesk.store.event_types import EventType
from pixdesk.store.journal import Journal

BUDGET_P99_MS = 2.0
BUDGET_RATIO = 1.5


def _answer(i: int) -> dict[str, object]:
    # A realistic answer: a QROC text answer on one of 32 questions of one of 20 candidates.
    return {
        "candidate_id": f"cand-{i % 20:04d}",
        "question_index": i % 32,
        "item_id": f"rec{i:014d}",
        "status": "ok" if i % 3 else "ko",
        "value": f"réponse libre numéro {i}",
    }


def _open_bare(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=DEFAULT_BUSY_TIMEOUT_S)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    return conn


def _percentile(sorted_ns: list[int], fraction: float) -> float:
    index = min(len(sorted_ns) - 1, round(fraction * (len(sorted_ns) - 1)))
    return sorted_ns[index] / 1e6


def run(count: int, warmup: int, directory: Path) -> dict[str, float]:
    """Time ``count`` appends and ``count`` bare commits, interleaved; return the figures."""
    db = open_database(directory / "store.db", os.urandom(32))
    bare = _open_bare(directory / "bare.db")
    try:
        journal = Journal(db, "station-bench", Ed25519PrivateKey.generate())
        append_ns: list[int] = []
        bare_ns: list[int] = []
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
            t2 = time.perf_counter_ns()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO t (data) VALUES (?)", (row,))
            bare.execute("COMMIT")
            t3 = time.perf_counter_ns()
            if i >= warmup:
                append_ns.append(t1 - t0)
                bare_ns.append(t3 - t2)
    finally:
        bare.close()
        db.close()
    append_ns.sort()
    bare_ns.sort()
    figures = {
        "append_p50_ms": _percentile(append_ns, 0.50),
        "append_p99_ms": _percentile(append_ns, 0.99),
        "append_mean_ms": statistics.fmean(append_ns) / 1e6,
        "bare_p50_ms": _percentile(bare_ns, 0.50),
        "bare_p99_ms": _percentile(bare_ns, 0.99),
        "bare_mean_ms": statistics.fmean(bare_ns) / 1e6,
    }
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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pixdesk-bench-", dir=args.dir) as tmp:
        f = run(args.count, args.warmup, Path(tmp))
        if args.breakdown:
            b = breakdown(2000, Path(tmp))
            print(
                f"breakdown: Ed25519 sign p50 {b['sign_p50_ms']:.3f} ms;"
                f" append without fsync p50 {b['append_nosync_p50_ms']:.3f} ms;"
                f" {b['wal_frames_per_append']:.2f} encrypted WAL frames per append"
            )
    for name in ("append", "bare"):
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
