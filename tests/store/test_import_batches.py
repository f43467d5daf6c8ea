"""Several stations' batches imported in one transaction (the console's replication worker)."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from sqlite_utils import Database

from pixdesk.store.journal import Journal
from tests.store.helpers import append_answers, signing_key


@pytest.fixture
def console(opener: Callable[..., Database], rng: random.Random) -> Journal:
    return Journal(opener("console.db"), "console", signing_key(rng))


def _station(opener: Callable[..., Database], rng: random.Random, name: str) -> Journal:
    return Journal(opener(f"{name}.db"), name, signing_key(rng))


def test_each_batch_is_applied_as_its_own_import_would_be(
    opener: Callable[..., Database], rng: random.Random, console: Journal
) -> None:
    one, two, three = (_station(opener, rng, n) for n in ("one", "two", "three"))
    a, b, c = append_answers(one, 4), append_answers(two, 3), append_answers(three, 2)
    console.import_events(a[:1], one.public_key)
    reports = console.import_batches(
        [
            (a, one.public_key),  # seq 1 held already: a duplicate, then 2..4
            (b[1:], two.public_key),  # starts at seq 2: a gap, nothing applied
            (c, one.public_key),  # the wrong key: rejected, stops only this batch
            (b, two.public_key),  # the same station again, in order: now applied
        ]
    )
    assert [(r.applied, r.duplicates, r.head_seq) for r in reports] == [
        (3, 1, 4),
        (0, 0, 0),
        (0, 0, 0),
        (3, 0, 3),
    ]
    assert reports[1].gap_at == 1
    assert reports[2].rejected[0].seq == 1
    assert console.verify("one", one.public_key).ok
    assert console.verify("two", two.public_key).ok
    assert console.head_of("three").seq == 0
    # Local order follows the batches: a projection rebuild replays the same history.
    assert console.rebuild_projections() == 7


def test_a_batch_mixing_stations_applies_nothing(
    opener: Callable[..., Database], rng: random.Random, console: Journal
) -> None:
    one, two = _station(opener, rng, "one"), _station(opener, rng, "two")
    a, b = append_answers(one, 2), append_answers(two, 2)
    with pytest.raises(ValueError, match="one station"):
        console.import_batches([(a, one.public_key), ([*a, *b], one.public_key)])
    assert console.head_of("one").seq == 0


def test_empty_batches(console: Journal) -> None:
    assert console.import_batches([]) == []
    [report] = console.import_batches([([], console.public_key)])
    assert (report.applied, report.head_seq) == (0, 0)
