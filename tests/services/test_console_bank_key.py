"""The console sends the sealed bank's key, sealed to the station, once presence is confirmed
(the demo's real console and stations: it seals the demo bank at start under a fresh key)."""

from __future__ import annotations

import time
from pathlib import Path

from pixdesk.crypto.keys import b64u_encode
from pixdesk.services.demo import Demo
from pixdesk.services.station_bank import SealedStationBank
from pixdesk.services.station_record import Phase
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event
from tests.services.station_room import Watcher


def _console_events(demo: Demo) -> list[Event]:
    store = demo._open_console_store()
    try:
        return store.journal.export_after(store.station_id, 0)
    finally:
        store.close()


def test_the_demo_console_hands_the_key_after_the_confirmation(tmp_path: Path) -> None:
    demo = Demo.open(learners=2, data_dir=tmp_path / "demo")
    try:
        assert isinstance(demo.station_bank, SealedStationBank)
        key = demo.session.bank_key
        assert key is not None
        assert key.bank_id == demo.station_bank.bank_id
        learner = demo.add_station(0)
        station = learner.station
        watcher = Watcher(station)
        assert not station.snapshot().bank_ready
        assert station.bank.items == ()
        demo.confirm(learner)
        watcher.until(lambda s: s.bank_ready and s.phase is Phase.INSTRUCTIONS, timeout=20)
        assert station.start_test().question is not None

        # The console journals the delivery (once the reply is in), the key sealed in it.
        end = time.monotonic() + 10
        while True:
            mine = _console_events(demo)
            issued = [
                e.body_dict()
                for e in mine
                if e.type == EventType.COMMAND_ISSUED and e.body_dict().get("kind") == "bank_key"
            ]
            if issued or time.monotonic() > end:
                break
            time.sleep(0.05)
        assert [(b["status"], b["candidate_id"]) for b in issued] == [
            ("ACCEPTED", learner.candidate_id)
        ]
        clear = b64u_encode(key.key).encode()
        everything = mine + demo.replica_events(station.station_id)
        assert not any(clear in bytes(e.body) or key.key in bytes(e.body) for e in everything)
    finally:
        demo.close()
