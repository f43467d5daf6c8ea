"""Several stations' batches imported in one transaction (the console's replication worker)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlite_utils import Database

from pixdesk.store.chain import ChainHead, move_heads, read_heads
from pixdesk.store.events import Problem
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


def test_a_station_twice_in_one_drain_sees_what_the_first_batch_applied(
    opener: Callable[..., Database], rng: random.Random, console: Journal
) -> None:
    # Events and heads are written at the end of the transaction: the second batch must
    # still find the first one's events held (duplicates), not a hole or a fork.
    one = _station(opener, rng, "one")
    a = append_answers(one, 4)
    reports = console.import_batches([(a[:2], one.public_key), (a, one.public_key)])
    assert [(r.applied, r.duplicates, r.head_seq, r.ok) for r in reports] == [
        (2, 0, 2, True),
        (2, 2, 4, True),
    ]
    forged = replace(a[1], mono_ns=a[1].mono_ns + 1)
    [report] = console.import_batches([(a[2:], one.public_key), ([forged], one.public_key)])[1:]
    assert [(r.seq, r.problem) for r in report.rejected] == [(2, Problem.BAD_HASH)]
    assert console.verify("one", one.public_key).ok
    assert console.rebuild_projections() == 4


def test_heads_move_only_from_where_they_were_read(
    opener: Callable[..., Database], rng: random.Random, console: Journal
) -> None:
    one = _station(opener, rng, "one")
    a = append_answers(one, 2)
    console.import_events(a, one.public_key)
    conn = console_conn(console)
    head = read_heads(conn, ["one", "nobody"])
    assert (head["one"].seq, head["nobody"].seq) == (2, 0)
    conn.execute("BEGIN IMMEDIATE")
    try:
        moved = ChainHead("one", 3, "ab" * 32)
        assert not move_heads(conn, [(moved, 9, 1)])  # read at 1, but it is at 2 now
        assert move_heads(conn, [(moved, 9, 2), (ChainHead("two", 1, "cd" * 32), 10, 0)])
    finally:
        conn.execute("ROLLBACK")
    assert console.head_of("one").seq == 2


def console_conn(journal: Journal) -> Any:
    """The journal's own connection (these tests run outside any transaction)."""
    return journal._conn  # the store's SQL helpers take a raw connection


def test_an_append_after_an_import_takes_the_next_local_order(
    opener: Callable[..., Database], rng: random.Random, console: Journal
) -> None:
    one = _station(opener, rng, "one")
    console.import_batches([(append_answers(one, 2), one.public_key)])
    append_answers(console, 1)
    console.import_batches([(append_answers(one, 1), one.public_key)])
    rows = console_conn(console).execute(
        "SELECT station_id, seq, local_order FROM events ORDER BY local_order"
    )
    assert [tuple(row) for row in rows] == [
        ("one", 1, 1),
        ("one", 2, 2),
        ("console", 1, 3),
        ("one", 3, 4),
    ]
    assert console.head.seq == 1
