"""The journal: chaining, signatures, verify(), and the replica protocol."""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.store.event_types import EventType, InvalidEventError
from pixdesk.store.events import ZERO_HASH, ChainEncoder, Event, Problem, hash_input
from pixdesk.store.journal import Journal
from tests.store.helpers import Clock, answer, append_answers, seal, signing_key, tamper

N = 9


@pytest.fixture
def events(journal: Journal) -> list[Event]:
    return append_answers(journal, N)


@pytest.fixture
def console(opener: Callable[..., Database], rng: random.Random) -> Journal:
    return Journal(opener("console.db"), "console", signing_key(rng))


# ---------------------------------------------------------------- append and the format


def test_append_chains_and_signs(journal: Journal, events: list[Event]) -> None:
    assert [e.seq for e in events] == list(range(1, N + 1))
    assert events[0].prev_hash == ZERO_HASH
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert journal.head.seq == N
    assert journal.head.hash == events[-1].hash
    assert journal.export_after("learner-1", 0) == events


def test_hash_and_signature_follow_the_documented_formula(
    journal: Journal, events: list[Event]
) -> None:
    event = events[3]
    document = {
        "station_id": event.station_id,
        "seq": event.seq,
        "prev_hash": event.prev_hash,
        "type": event.type,
        "body": event.body_dict(),
        "mono_ns": event.mono_ns,
        "wall_time": event.wall_time,
    }
    digest = hashlib.sha256(canonical_bytes(document)).digest()
    assert event.hash == digest.hex()
    journal.public_key.verify(event.signature, digest)  # raises if wrong
    assert event.wall_time == "2026-11-30T08:00:04.000000Z"
    assert event.body == canonical_bytes(answer("cand-1", 3))


@pytest.mark.parametrize("station", ["learner-1", 'poste «B» "12"\\', "é"])
@pytest.mark.parametrize("event_type", ["answer.saved", 'type "x"'])
@pytest.mark.parametrize("mono_ns", [0, -5, 2**63 - 1])
def test_chain_encoder_equals_canonical_form(station: str, event_type: str, mono_ns: int) -> None:
    fields: dict[str, Any] = {
        "seq": 12,
        "prev_hash": "ab" * 32,
        "event_type": event_type,
        "body": canonical_bytes({"é": "ü", "a": [1, None, True]}),
        "mono_ns": mono_ns,
        "wall_time": "2026-11-30T08:00:00.000001Z",
    }
    fast = ChainEncoder(station).hash_input(**fields)
    assert fast == hash_input(station_id=station, **fields)
    body = {"é": "ü", "a": [1, None, True]}
    full = {k: v for k, v in fields.items() if k not in ("event_type", "body")}
    assert fast == canonical_bytes(full | {"station_id": station, "type": event_type, "body": body})


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"prev_hash": 'x"\\\u2028é\x00', "wall_time": "\U0001f600"},  # as a tampered row may hold
        {"seq": True},  # bool is an int to canonical_bytes: kept as before (no fast path)
        {"mono_ns": 2**70},
    ],
)
def test_hash_input_is_the_canonical_document_whatever_the_fields(
    changes: dict[str, Any],
) -> None:
    fields: dict[str, Any] = {
        "station_id": 'poste «B» "12"',
        "seq": 3,
        "prev_hash": "cd" * 32,
        "event_type": "answer.saved",
        "body": canonical_bytes({"a": "é"}),
        "mono_ns": 5,
        "wall_time": "2026-11-30T08:00:00.000001Z",
    } | changes
    document = {k: v for k, v in fields.items() if k not in ("event_type", "body")}
    document |= {"type": fields["event_type"], "body": {"a": "é"}}
    assert hash_input(**fields) == canonical_bytes(document)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("station_id", "\ud800", UnicodeEncodeError),
        ("body", "{}", TypeError),
        ("seq", 1.0, ValueError),
    ],
)
def test_hash_input_refuses_what_cannot_be_hashed(field: str, value: Any, error: type) -> None:
    fields: dict[str, Any] = {
        "station_id": "s",
        "seq": 1,
        "prev_hash": ZERO_HASH,
        "event_type": "answer.saved",
        "body": b"{}",
        "mono_ns": 0,
        "wall_time": "w",
    }
    with pytest.raises(error):
        hash_input(**(fields | {field: value}))


@pytest.mark.parametrize(
    ("event_type", "body", "error"),
    [
        ("answer.guessed", answer("c", 1), InvalidEventError),
        (EventType.ANSWER_SAVED, {"candidate_id": "c"}, InvalidEventError),
        (EventType.ANSWER_SAVED, answer("c", 1) | {"question_index": "1"}, InvalidEventError),
        (EventType.ANSWER_SAVED, answer("c", 1) | {"question_index": True}, InvalidEventError),
        (EventType.ANSWER_SAVED, answer("c", 1) | {"score": 0.5}, ValueError),
    ],
)
def test_append_refuses_bad_events(
    journal: Journal, events: list[Event], event_type: str, body: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        journal.append(event_type, body, **Clock().tick())
    assert journal.head.seq == N
    assert journal.verify().ok


def test_append_refuses_naive_wall_time(journal: Journal) -> None:
    with pytest.raises(ValueError, match="timezone"):
        journal.append(EventType.ANSWER_SAVED, answer("c", 1), mono_ns=1, wall_time=datetime.now())
    assert journal.head.seq == 0


def test_journal_rows_are_append_only(db: Database, events: list[Event]) -> None:
    with pytest.raises(Exception, match="append-only"):
        db.conn.execute("UPDATE events SET body = x'00' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only"):
        db.conn.execute("DELETE FROM events WHERE seq = 1")


def test_two_connections_share_one_chain(
    opener: Callable[..., Database], journal: Journal, station_key: Ed25519PrivateKey
) -> None:
    other = Journal(opener(), "learner-1", station_key)
    clock = Clock()
    journal.append(EventType.ANSWER_SAVED, answer("c", 1), **clock.tick())
    second = other.append(EventType.ANSWER_SAVED, answer("c", 2), **clock.tick())
    third = journal.append(EventType.ANSWER_SAVED, answer("c", 3), **clock.tick())
    assert (second.seq, third.seq) == (2, 3)
    assert third.prev_hash == second.hash
    assert journal.verify().ok


# ---------------------------------------------------------------- verify()


def test_verify_passes_an_intact_chain(journal: Journal, events: list[Event]) -> None:
    result = journal.verify()
    assert result.ok
    assert (result.checked, result.problem, result.seq) == (N, None, None)


def _flip_text(value: str, at: int) -> str:
    replacement = "0" if value[at] != "0" else "1"
    return value[:at] + replacement + value[at + 1 :]


def _flip_bytes(value: bytes, at: int) -> bytes:
    return value[:at] + bytes([value[at] ^ 0x01]) + value[at + 1 :]


MUTATIONS: list[tuple[str, Callable[[Any], Any], Problem]] = [
    ("body", lambda v: _flip_bytes(v, 0), Problem.BAD_HASH),
    ("body", lambda v: _flip_bytes(v, len(v) // 2), Problem.BAD_HASH),
    ("body", lambda v: _flip_bytes(v, len(v) - 2), Problem.BAD_HASH),
    ("hash", lambda v: _flip_text(v, 0), Problem.BAD_HASH),
    ("hash", lambda v: _flip_text(v, 63), Problem.BAD_HASH),
    ("signature", lambda v: _flip_bytes(v, 0), Problem.BAD_SIGNATURE),
    ("signature", lambda v: _flip_bytes(v, 40), Problem.BAD_SIGNATURE),
    ("signature", lambda v: _flip_bytes(v, 63), Problem.BAD_SIGNATURE),
    ("prev_hash", lambda v: _flip_text(v, 10), Problem.BROKEN_LINK),
    ("type", lambda v: v.replace("answer", "answar"), Problem.BAD_HASH),
    ("wall_time", lambda v: _flip_text(v, 3), Problem.BAD_HASH),
    ("mono_ns", lambda v: v ^ 0x01, Problem.BAD_HASH),
]


@pytest.mark.parametrize("seq", [1, 5, N])
@pytest.mark.parametrize(("column", "mutate", "problem"), MUTATIONS)
def test_verify_reports_a_changed_byte(
    db: Database,
    journal: Journal,
    events: list[Event],
    seq: int,
    column: str,
    mutate: Callable[[Any], Any],
    problem: Problem,
) -> None:
    (value,) = db.conn.execute(
        f"SELECT {column} FROM events WHERE seq = ?",
        (seq,),
    ).fetchone()
    changed = mutate(value)
    assert changed != value
    tamper(db, f"UPDATE events SET {column} = ? WHERE seq = ?", (changed, seq))

    result = journal.verify()
    assert not result.ok
    assert result.problem is problem, result
    assert result.seq == seq
    assert result.checked == seq - 1


def test_verify_reports_a_forged_but_rehashed_event(
    db: Database, journal: Journal, events: list[Event]
) -> None:
    """Recomputing the hash after a change is not enough: the signature gives it away."""
    forged = seal(
        Ed25519PrivateKey.generate(),
        station_id="learner-1",
        seq=4,
        prev_hash=events[2].hash,
        event_type="answer.saved",
        body=answer("cand-1", 3, status="ko"),
    )
    tamper(
        db,
        "UPDATE events SET body = ?, hash = ?, mono_ns = ?, wall_time = ? WHERE seq = 4",
        (forged.body, forged.hash, forged.mono_ns, forged.wall_time),
    )
    result = journal.verify()
    assert (result.problem, result.seq) == (Problem.BAD_SIGNATURE, 4)


def test_verify_reports_a_deleted_middle_event_as_a_gap(
    db: Database, journal: Journal, events: list[Event]
) -> None:
    tamper(db, "DELETE FROM events WHERE seq = 5")
    result = journal.verify()
    assert (result.problem, result.seq, result.checked) == (Problem.GAP, 5, 4)


def test_verify_reports_a_deleted_tail_as_a_gap(
    db: Database, journal: Journal, events: list[Event]
) -> None:
    tamper(db, "DELETE FROM events WHERE seq >= ?", (N - 1,))
    result = journal.verify()
    assert (result.problem, result.seq, result.checked) == (Problem.GAP, N - 1, N - 2)


def test_verify_reports_a_head_that_names_another_event(
    db: Database, journal: Journal, events: list[Event]
) -> None:
    db.conn.execute("UPDATE chain_heads SET hash = ? WHERE station_id = 'learner-1'", ("f" * 64,))
    result = journal.verify()
    assert (result.problem, result.seq) == (Problem.HEAD_MISMATCH, N)


def test_verify_another_station_needs_its_key(journal: Journal) -> None:
    with pytest.raises(ValueError, match="public key"):
        journal.verify("console")


# ---------------------------------------------------------------- replicas


def test_import_applies_and_verifies(
    journal: Journal, events: list[Event], console: Journal
) -> None:
    report = console.import_events(events, journal.public_key)
    assert report.ok
    assert (report.applied, report.duplicates, report.head_seq) == (N, 0, N)
    assert console.verify("learner-1", journal.public_key).ok
    assert console.head_of("learner-1").hash == events[-1].hash
    assert console.export_after("learner-1", 0) == events
    assert console.head.seq == 0  # the console's own chain is untouched


def test_import_is_idempotent(journal: Journal, events: list[Event], console: Journal) -> None:
    console.import_events(events[:5], journal.public_key)
    again = console.import_events(reversed(events), journal.public_key)
    assert (again.applied, again.duplicates, again.head_seq) == (N - 5, 5, N)
    assert again.ok
    once_more = console.import_events(events, journal.public_key)
    assert (once_more.applied, once_more.duplicates) == (0, N)
    assert console.export_after("learner-1", 0) == events


def test_import_stops_at_a_gap(journal: Journal, events: list[Event], console: Journal) -> None:
    console.import_events(events[:3], journal.public_key)
    report = console.import_events(events[3:5] + events[6:], journal.public_key)
    assert (report.applied, report.gap_at, report.head_seq) == (2, 6, 5)
    assert not report.ok
    assert [e.seq for e in console.export_after("learner-1", 0)] == [1, 2, 3, 4, 5]
    # The sender re-sends from the acknowledged seq and the replica catches up.
    resent = journal.export_after("learner-1", report.head_seq)
    assert console.import_events(resent, journal.public_key).head_seq == N


def test_import_reports_a_fork_and_never_merges_it(
    opener: Callable[..., Database],
    journal: Journal,
    events: list[Event],
    console: Journal,
    station_key: Ed25519PrivateKey,
) -> None:
    # The station is restored from an old copy of its journal and carries on writing:
    # a second, validly signed history from seq 4.
    restored = Journal(opener("restored.db"), "learner-1", station_key)
    assert restored.import_events(events[:3], station_key.public_key()).applied == 3
    other = append_answers(restored, 3, candidate="cand-7")
    assert other[0].seq == 4
    assert other[0].hash != events[3].hash

    console.import_events(events[:5], journal.public_key)
    report = console.import_events([other[0]], journal.public_key)
    assert (report.fork_at, report.applied, report.head_seq) == (4, 0, 5)
    assert not report.rejected
    later = console.import_events(other[1:], journal.public_key)
    assert (later.fork_at, later.applied, later.head_seq) == (5, 0, 5)
    # The true history still flows in after the fork was reported.
    rest = console.import_events(events[5:], journal.public_key)
    assert (rest.applied, rest.head_seq) == (N - 5, N)
    assert console.export_after("learner-1", 0) == events
    assert console.verify("learner-1", journal.public_key).ok


def test_import_reports_a_fork_at_the_next_seq(
    journal: Journal, events: list[Event], console: Journal, station_key: Ed25519PrivateKey
) -> None:
    console.import_events(events[:4], journal.public_key)
    sideways = seal(
        station_key,
        station_id="learner-1",
        seq=5,
        prev_hash="e" * 64,  # signed by the station, yet not continuing what we hold
        event_type="answer.saved",
        body=answer("cand-1", 30),
    )
    report = console.import_events([sideways], journal.public_key)
    assert (report.fork_at, report.applied, report.head_seq) == (5, 0, 4)


def test_import_refuses_bad_signatures(
    journal: Journal, events: list[Event], console: Journal, rng: random.Random
) -> None:
    report = console.import_events(events, signing_key(rng).public_key())
    assert report.applied == 0
    assert [(r.seq, r.problem) for r in report.rejected] == [(1, Problem.BAD_SIGNATURE)]
    assert console.head_of("learner-1").seq == 0


def test_import_refuses_an_event_altered_in_transit(
    journal: Journal, events: list[Event], console: Journal
) -> None:
    altered = replace(events[2], body=events[2].body.replace(b"ok", b"ko"))
    report = console.import_events([*events[:2], altered, *events[3:]], journal.public_key)
    assert report.applied == 2
    assert [(r.seq, r.problem) for r in report.rejected] == [(3, Problem.BAD_HASH)]
    assert console.head_of("learner-1").seq == 2


def test_import_refuses_a_non_canonical_body(
    journal: Journal, console: Journal, station_key: Ed25519PrivateKey
) -> None:
    event = seal(
        station_key,
        station_id="learner-1",
        seq=1,
        prev_hash=ZERO_HASH,
        event_type="answer.saved",
        body=answer("c", 1),
    )
    spaced = event.body.replace(b":", b": ")
    digest = hashlib.sha256(
        hash_input(
            station_id="learner-1",
            seq=1,
            prev_hash=ZERO_HASH,
            event_type="answer.saved",
            body=spaced,
            mono_ns=event.mono_ns,
            wall_time=event.wall_time,
        )
    ).digest()
    bad = replace(event, body=spaced, hash=digest.hex(), signature=station_key.sign(digest))
    report = console.import_events([bad], journal.public_key)
    assert [(r.seq, r.problem) for r in report.rejected] == [(1, Problem.BAD_BODY)]


def test_import_refuses_mixed_stations(
    journal: Journal, events: list[Event], console: Journal
) -> None:
    stranger = replace(events[1], station_id="learner-2")
    with pytest.raises(ValueError, match="one station"):
        console.import_events([events[0], stranger], journal.public_key)


def test_export_after_pages(journal: Journal, events: list[Event]) -> None:
    assert journal.export_after("learner-1", 4, limit=2) == events[4:6]
    assert journal.export_after("learner-1", N) == []
    assert journal.export_after("nobody", 0) == []


def test_wire_form_round_trips(events: list[Event]) -> None:
    for event in events:
        assert Event.from_wire(event.to_wire()) == event


def test_known_answer_from_the_documentation() -> None:
    """docs/journal.md gives these values so that a third party can check its verifier."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    event = seal(
        key,
        station_id="learner-1",
        seq=1,
        prev_hash=ZERO_HASH,
        event_type="answer.saved",
        body={
            "candidate_id": "cand-0001",
            "question_index": 3,
            "item_id": "rec00042",
            "status": "ok",
            "value": "réponse",
        },
        mono_ns=1_000_000_000,
        wall_time="2026-11-30T08:00:01.000000Z",
    )
    assert event.hash == "244532caaffdd544320026580e40ef6b192c1b55b7596f6f0e13bfafd6c73eb2"
    assert event.signature.hex() == (
        "d7e15605a11d3ec5ed211f3a01816d35b73f61014f43e96f306afe6126ec76ec"
        "71972df5a8bb7e41615ef4f697871ccc20b557a5847d3f8bc5f790acc17e3002"
    )
    doc = (Path(__file__).resolve().parents[2] / "docs" / "journal.md").read_text("utf-8")
    assert event.hash in doc
    assert event.signature.hex() in doc
