"""Benchmark engine v3: capacity estimate and next-question choice on a 2,000-item bank.

Run ``python bench/engine.py``. Prints p50/p99 of both operations and the choice's ratio to
its budget (DESIGN.md §9: p99 ≤ 10 ms), then one JSON line for CI.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable

from pixdesk.domain.adaptive import AdaptiveTest, choose_next, estimate_capacity, probability
from pixdesk.domain.items import AnswerStatus, Item
from pixdesk.domain.samplebank import generate_bank

BANK_SIZE = 2_000
TESTS = 12  # simulated candidates whose histories feed the measurements
ROUNDS = 8  # timing passes over every history length
CHOICE_BUDGET_MS = 10.0


def _simulated_histories(bank: tuple[Item, ...], rng: random.Random) -> list[AdaptiveTest]:
    """Return finished 32-answer tests of candidates at capacities spread over −3…+3."""
    tests = []
    for seed in range(TESTS):
        true_capacity = rng.uniform(-3.0, 3.0)
        test = AdaptiveTest.start(bank, seed)
        while test.current is not None:
            item = test.current
            p = probability(item.discriminant, item.difficulty, true_capacity)
            test = test.answer(AnswerStatus.OK if rng.random() < p else AnswerStatus.KO)
        tests.append(test)
    return tests


def _time_ms(call: Callable[..., object], *args: object) -> float:
    start = time.perf_counter_ns()
    call(*args)
    return (time.perf_counter_ns() - start) / 1e6


def _percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def main() -> int:
    """Run the benchmark and print its figures."""
    rng = random.Random(2026)
    started = time.perf_counter()
    bank = generate_bank(11, BANK_SIZE)
    print(f"bank of {len(bank)} items generated in {(time.perf_counter() - started) * 1e3:.1f} ms")
    tests = _simulated_histories(bank, rng)

    estimates: list[float] = []
    choices: list[float] = []
    draw = random.Random(7)
    for _ in range(ROUNDS):
        for test in tests:
            answers = [
                (a.item.discriminant, a.item.difficulty, a.status.is_correct) for a in test.answers
            ]
            history = test.history
            for length in range(1, len(answers) + 1):
                estimates.append(_time_ms(estimate_capacity, answers[:length], -3.0, 0.5))
            for length in range(0, len(history), 4):
                capacity = rng.uniform(-3.0, 3.0)
                choices.append(_time_ms(choose_next, bank, history[:length], capacity, draw))

    estimate_p50, estimate_p99 = _percentile(estimates, 50), _percentile(estimates, 99)
    choice_p50, choice_p99 = _percentile(choices, 50), _percentile(choices, 99)
    print(f"estimate_capacity (1–32 answers, {len(estimates)} runs): ", end="")
    print(f"p50 {estimate_p50:.3f} ms, p99 {estimate_p99:.3f} ms")
    print(f"choose_next ({BANK_SIZE} items, {len(choices)} runs): ", end="")
    print(f"p50 {choice_p50:.3f} ms, p99 {choice_p99:.3f} ms")
    ratio = choice_p99 / CHOICE_BUDGET_MS
    print(f"choice p99 / budget {CHOICE_BUDGET_MS:.0f} ms = {ratio:.2f}", end="")
    print(" (within budget)" if ratio <= 1.0 else " (OVER BUDGET)")
    print(f"total {time.perf_counter() - started:.1f} s")
    print(
        json.dumps(
            {"choice_p99_ms": round(choice_p99, 3), "estimate_p99_ms": round(estimate_p99, 3)}
        )
    )
    return 0 if ratio <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
