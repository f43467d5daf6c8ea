"""Helpers shared by the store tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event, hash_input
from pixdesk.store.journal import Journal

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def signing_key(rng: random.Random) -> Ed25519PrivateKey:
    """Return a deterministic Ed25519 key drawn from ``rng``."""
    return Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))


def answer(candidate: str, index: int, status: str = "ok") -> dict[str, Any]:
    """Return an answer.saved body."""
    return {
        "candidate_id": candidate,
        "question_index": index,
        "item_id": f"rec{index:05d}",
        "status": status,
        "value": f"réponse {index}",
    }


class Clock:
    """Hands out increasing (mono_ns, wall_time) pairs, one second apart."""

    def __init__(self) -> None:
        self.n = 0

    def tick(self) -> dict[str, Any]:
        self.n += 1
        return {"mono_ns": 1_000_000_000 * self.n, "wall_time": T0 + timedelta(seconds=self.n)}


def append_answers(journal: Journal, count: int, candidate: str = "cand-1") -> list[Event]:
    """Append ``count`` answers and return the events."""
    clock = Clock()
    return [
        journal.append(EventType.ANSWER_SAVED, answer(candidate, i), **clock.tick())
        for i in range(count)
    ]


def seal(
    key: Ed25519PrivateKey,
    *,
    station_id: str,
    seq: int,
    prev_hash: str,
    event_type: str,
    body: dict[str, Any],
    mono_ns: int = 1,
    wall_time: str = "2026-11-30T08:00:00.000000Z",
) -> Event:
    """Build a signed event by hand (forks, unknown types, foreign keys)."""
    body_bytes = canonical_bytes(body)
    digest = hashlib.sha256(
        hash_input(
            station_id=station_id,
            seq=seq,
            prev_hash=prev_hash,
            event_type=event_type,
            body=body_bytes,
            mono_ns=mono_ns,
            wall_time=wall_time,
        )
    ).digest()
    return Event(
        station_id,
        seq,
        prev_hash,
        digest.hex(),
        mono_ns,
        wall_time,
        event_type,
        body_bytes,
        key.sign(digest),
    )


def tamper(db: Database, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Change the journal behind pixdesk's back, as someone holding the key could."""
    conn = db.conn
    conn.execute("DROP TRIGGER IF EXISTS events_no_update")
    conn.execute("DROP TRIGGER IF EXISTS events_no_delete")
    conn.execute(sql, params)


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
