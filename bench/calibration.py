"""Calibration check of the demo bank: does the adaptive test find a candidate's capacity?

Simulated candidates of known capacity θ sit engine v3 (certification settings: start −3,
variation cap 0.5, 32 questions) on ``resources/banks/demo``; each answer is right with the
2PL probability of the item's own calibration. Prints, per capacity band, the bias and RMSE
of the final estimate and the score it gives, then how evenly the 16 competences are
covered, and a final JSON line ``{"rmse": …, "bias": …}`` over true capacities −2 … 3.

Run ``python bench/calibration.py`` (``--no-cap`` to compare without the variation cap,
``--candidates N`` per band). Seeded: the same run prints the same figures.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from pixdesk.crypto.platform_keys import demo_platform_private_key
from pixdesk.domain.adaptive import AdaptiveTest, EngineConfig, probability
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.scoring import ScoringConfig, global_level, score_from_capacity
from pixdesk.imports.bank_verify import load_bank

BANK = Path(__file__).resolve().parents[1] / "resources" / "banks" / "demo"
BANDS = tuple(x / 2 for x in range(-4, 7))  # −2.0 … 3.0 by 0.5
RMSE_TARGET = 0.5


def sit(bank: tuple[Item, ...], theta: float, seed: int, config: EngineConfig) -> AdaptiveTest:
    """Return the finished test of a simulated candidate of capacity ``theta``."""
    answers = random.Random(f"calibration/{seed}")
    test = AdaptiveTest.start(bank, seed, config)
    while test.current is not None:
        item = test.current
        right = answers.random() < probability(item.discriminant, item.difficulty, theta)
        test = test.answer(AnswerStatus.OK if right else AnswerStatus.KO)
    return test


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=200, help="candidates per band")
    parser.add_argument("--no-cap", action="store_true", help="no variation cap")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    loaded = load_bank(BANK, [demo_platform_private_key().public_key()])
    bank, scoring = loaded.bank.items, loaded.bank.scoring
    config = EngineConfig(variation_percent=None) if args.no_cap else EngineConfig()
    print(
        f"bank {loaded.bank.header.bank_id} {loaded.bank.header.version}: {len(bank)} items; "
        f"start {config.start_capacity}, cap {config.variation_percent}, "
        f"{config.max_questions} questions, {args.candidates} candidates per band"
    )
    errors: list[float] = []
    per_competence: Counter[str] = Counter()
    all_visited = 0
    tests = 0
    print(f"{'θ':>5} {'bias':>7} {'RMSE':>6} {'error rate':>10} {'score':>6} level")
    for band, theta in enumerate(BANDS):
        band_errors, rates, scores = [], [], []
        for candidate in range(args.candidates):
            test = sit(bank, theta, band * 10_000 + candidate, config)
            band_errors.append(test.capacity - theta)
            rates.append(test.estimate.error_rate)
            scores.append(score_from_capacity(test.capacity, scoring))
            competences = Counter(item.competence for item in test.history)
            per_competence.update(competences)
            all_visited += len(competences) == len(COMPETENCE_CODES)
            tests += 1
        errors += band_errors
        bias = statistics.fmean(band_errors)
        rmse = math.sqrt(statistics.fmean(e * e for e in band_errors))
        score = round(statistics.median(scores))
        print(
            f"{theta:>5.1f} {bias:>+7.3f} {rmse:>6.3f} {statistics.fmean(rates):>10.3f} "
            f"{score:>6} {global_level(score).name} (true θ: {_level(theta, scoring)})"
        )
    _print_coverage(per_competence, all_visited, tests, config.max_questions)
    rmse = math.sqrt(statistics.fmean(e * e for e in errors))
    bias = statistics.fmean(errors)
    verdict = "within" if rmse <= RMSE_TARGET else "ABOVE"
    print(f"overall: RMSE {rmse:.3f} ({verdict} the {RMSE_TARGET} target), bias {bias:+.3f}")
    print(f"{tests} tests in {time.perf_counter() - started:.1f} s")
    print(json.dumps({"rmse": round(rmse, 4), "bias": round(bias, 4)}))
    return 0 if rmse <= RMSE_TARGET else 1


def _level(theta: float, scoring: ScoringConfig) -> str:
    return global_level(score_from_capacity(theta, scoring)).name


def _print_coverage(counts: Counter[str], all_visited: int, tests: int, questions: int) -> None:
    expected = questions / len(COMPETENCE_CODES)
    means = {code: counts[code] / tests for code in COMPETENCE_CODES}
    print(f"coverage: questions per competence per test (even = {expected:.2f})")
    print("  " + "  ".join(f"{code} {means[code]:.2f}" for code in COMPETENCE_CODES))
    spread = statistics.pstdev(means.values())
    print(
        f"  min {min(means.values()):.2f}, max {max(means.values()):.2f}, "
        f"standard deviation {spread:.3f}; every competence visited in "
        f"{100 * all_visited / tests:.1f} % of the tests"
    )


if __name__ == "__main__":
    sys.exit(main())
