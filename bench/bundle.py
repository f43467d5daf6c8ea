"""Benchmark: the bundle of a 20-candidate session, built and sealed, then opened and verified.

Budget (DESIGN.md §9): build + seal ≤ 500 ms, open + verify ≤ 300 ms, for a session of 20
stations with one candidate each (join, presence confirmation, start, 32 answers drawn by the
real v3 engine, end) plus the console's journal, center trust (center → session → station
certificates), real Ed25519/X25519 keys.

Measured, p50 (and max) over ``--runs`` runs after one warm-up:

* ``build_seal_ms``: files, manifest, signature, canonical archive, HPKE seal (the results
  are computed beforehand, as the console scores each test when it ends; their cost for the
  20 candidates is reported as ``results_ms``);
* ``open_verify_ms``: every stage of docs/bundle-format.md §8, results checked against the
  journals by counts and statuses (the verifier without the item bank);
* ``open_verify_rescore_ms``: the same with the bank, every test replayed and scored again
  (the receiver's full check; the engine's replay is most of the difference).

The last line printed is JSON: ``{"build_seal_ms": …, "open_verify_ms": …, …}``.

Usage: ``python bench/bundle.py [--runs 20] [--candidates 20]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from pixdesk.bundle.platform_key import generate_platform_key
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import client_results, sample_banks
from pixdesk.bundle.sample import sample_keys, sample_session
from pixdesk.bundle.verifier import open_bundle
from pixdesk.bundle.writer import build_bundle

BUDGET_BUILD_SEAL_MS = 500.0
BUDGET_OPEN_VERIFY_MS = 300.0
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _time(call: Callable[[], object], runs: int) -> tuple[float, float]:
    call()  # warm-up: imports, bank cache, first-use costs
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(samples), max(samples)


def _verdict(value: float, budget: float) -> str:
    return f"budget {budget:.0f} ms  {'OK' if value <= budget else 'OVER'}"


def run(runs: int, candidates: int) -> dict[str, float]:
    """Build the session once, then time each operation ``runs`` times."""
    keys = sample_keys(f"bench {time.time_ns()}", candidates)
    contents, signers = sample_session(keys, start=START, answers=32)
    platform = generate_platform_key("bench platform")
    created = datetime.now(UTC)
    events = sum(len(journal.events) for journal in contents.journals)

    def results() -> object:
        return client_results(contents.journals, contents.session, sample_banks)

    def build() -> bytes:
        return build_bundle(contents, signers, platform.public(), created=created)

    sealed = build()
    full = VerifyPolicy(banks=sample_banks)
    results_ms, _ = _time(results, runs)
    build_ms, build_max = _time(build, runs)
    open_ms, open_max = _time(lambda: open_bundle(sealed, platform), runs)
    rescore_ms, rescore_max = _time(lambda: open_bundle(sealed, platform, full), runs)
    print(f"session: {candidates} candidates, {len(contents.journals)} journals, {events} events")
    print(f"bundle: {len(sealed)} bytes sealed")
    print(f"results (client, scored):  p50 {results_ms:7.1f} ms")
    print(
        f"build + seal:              p50 {build_ms:7.1f} ms  max {build_max:7.1f} ms"
        f"  {_verdict(build_ms, BUDGET_BUILD_SEAL_MS)}"
    )
    print(
        f"open + verify:             p50 {open_ms:7.1f} ms  max {open_max:7.1f} ms"
        f"  {_verdict(open_ms, BUDGET_OPEN_VERIFY_MS)}"
    )
    print(f"open + verify + re-score:  p50 {rescore_ms:7.1f} ms  max {rescore_max:7.1f} ms")
    return {
        "build_seal_ms": round(build_ms, 1),
        "open_verify_ms": round(open_ms, 1),
        "open_verify_rescore_ms": round(rescore_ms, 1),
        "results_ms": round(results_ms, 1),
        "bundle_bytes": len(sealed),
    }


def main() -> None:
    """Parse the options, run, print the JSON line."""
    parser = argparse.ArgumentParser(description="bundle build/seal and open/verify timings")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--candidates", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.candidates)))


if __name__ == "__main__":
    main()
