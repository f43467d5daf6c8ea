"""A real console store on disk: its own journal, and the replicas of two stations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pixdesk.bundle.sample import ChainWriter, play_test, sample_key
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType

SESSION_ID = "3f1c2a9e5b7d4c60a1b2c3d4e5f60718"
NUMBER = "1042"
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def make_console_store(directory: Path, *, stations: int = 2, with_keys: bool = True) -> None:
    """Play a finalised session into the store at ``directory`` (created)."""
    store = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    journal, mono = store.journal, 1_000_000_000
    try:

        def console(event: EventType, body: dict[str, object], at: datetime) -> None:
            nonlocal mono
            mono += 1_000_000
            journal.append(event, body, mono_ns=mono, wall_time=at)

        console(EventType.SESSION_OPENED, {"session_id": SESSION_ID, "number": NUMBER,
                                           "room": "B12"}, START)  # fmt: skip
        for index in range(stations):
            key = sample_key(f"console store tests/station/{index}")
            writer = ChainWriter(key)
            candidate = f"cand-{index + 1:04d}"
            at = START + timedelta(minutes=5 + index)
            body = {"candidate_id": candidate, "session_id": SESSION_ID}
            if with_keys:
                body["station_key"] = b64u_encode(key.public_key().public_bytes_raw())
            writer.append(EventType.CANDIDATE_JOINED, body, at)
            console(EventType.PRESENCE_CONFIRMED, {"candidate_id": candidate}, at)
            play_test(writer, candidate, "sample:7:320", seed=500 + index, answers=6, at=at)
            report = journal.import_events(writer.events, key.public_key())
            assert report.ok, report
        console(EventType.SESSION_FINALISED, {"session_id": SESSION_ID}, START + timedelta(hours=2))
    finally:
        store.close()
