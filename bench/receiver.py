"""Benchmark: the reference receiver's ingest of sealed session bundles over loopback HTTP.

A real receiver (Starlette on uvicorn, in a thread) takes ``--bundles`` uploads of a
``--candidates``-candidate session (32 answers each, center trust, real keys) sent one after
the other by the sync client: create, one chunk, complete. Each complete opens the seal,
verifies every stage, re-scores every candidate from the journals (the sample bank is
resolvable), writes the file and the rows, and signs the receipt; the client verifies it.

The session is sealed once per upload (a fresh HPKE ephemeral key each time), so every upload
is a distinct file with its own bundle id; the platform sees re-exports of one session.

Printed: per-upload time p50 / p99 / max (client side, end to end), uploads per second, and a
last JSON line ``{"bundles": …, "ingest_p50_ms": …, "ingest_p99_ms": …, "ingest_per_s": …}``.

Usage: ``python bench/receiver.py [--bundles 50] [--candidates 20]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pixdesk.bundle.platform_key import generate_platform_key
from pixdesk.bundle.sample import sample_keys, sample_session
from pixdesk.bundle.writer import build_bundle
from pixdesk.sync.client import PlatformEndpoint, Upload, UploadClient
from pixdesk.sync.protocol import bundle_id_of_file
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.server import receiver_in_thread
from pixdesk.sync.receiver.settings import ReceiverSettings

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(bundles: int, candidates: int) -> dict[str, float]:
    """Upload ``bundles`` sealed bundles and time each delivery."""
    platform = generate_platform_key("bench platform")
    keys = sample_keys(f"bench receiver {time.time_ns()}", candidates)
    contents, signers = sample_session(keys, start=START, answers=32)
    created = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="pixdesk-bench-") as tmp:
        root = Path(tmp)
        files = []
        for index in range(bundles):
            data = build_bundle(contents, signers, platform.public(), created=created)
            path = root / f"bundle-{index}.pixbundle"
            path.write_bytes(data)
            sha = hashlib.sha256(data).hexdigest()
            files.append(Upload(bundle_id_of_file(sha), sha, len(data), path))
        settings = ReceiverSettings(root / "receiver", platform, rate_burst=10 * bundles + 100)
        samples: list[float] = []
        with receiver_in_thread(settings) as receiver:
            endpoint = PlatformEndpoint(receiver.url, platform.public().sign_key)
            with UploadClient(endpoint) as client:
                client.deliver(files[0])  # warm-up: imports, bank cache, connection
                wall0 = time.perf_counter()
                for upload in files[1:]:
                    t0 = time.perf_counter_ns()
                    client.deliver(upload)
                    samples.append((time.perf_counter_ns() - t0) / 1e6)
                wall = time.perf_counter() - wall0
        db = ReceiverDatabase(settings.data_dir / "receiver.db")
        try:
            counts = db.counts()
        finally:
            db.close()
    if counts["bundles"] != bundles:
        raise SystemExit(f"stored {counts['bundles']} bundles, expected {bundles}")
    size = files[0].size
    print(f"session: {candidates} candidates x 32 answers; bundle {size} bytes sealed")
    print(f"stored: {counts['bundles']} bundles, {counts['results']} results")
    p50, p99 = statistics.median(samples), _percentile(samples, 0.99)
    print(f"ingest (upload, verify, re-score, store, receipt), {len(samples)} uploads:")
    print(f"  p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   max {max(samples):7.1f} ms")
    print(f"  {len(samples) / wall:.1f} bundles/s sequential")
    return {
        "bundles": float(bundles),
        "bundle_bytes": float(size),
        "ingest_p50_ms": round(p50, 1),
        "ingest_p99_ms": round(p99, 1),
        "ingest_per_s": round(len(samples) / wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(run(max(2, args.bundles), args.candidates)))


if __name__ == "__main__":
    main()
