"""An offline resume code works once per session, not once per station: the console tells every
station of a use it sees in a replica, and a station that was off learns it when it reconnects.

Real console, hub, TLS and stations; the clock is fake, and the emergency sheet's codes are
read as they are drawn (the console only prints them).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pixdesk.crypto.resume_codes import ResumeCode
from pixdesk.services import console_start
from pixdesk.services.resume_codes import ResumeCodeRefusal
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from tests.services.console_harness import DRAFT, lab_room
from tests.services.station_room import open_station
from tests.services.test_station_handover import all_acked, begin


def until_told(station: StationRuntime, number: int, timeout: float = 10.0) -> None:
    told = threading.Event()

    def seen(_snapshot: object) -> None:
        record = station.record
        if record is not None and number in record.used_codes:
            told.set()

    station.subscribe(seen)
    seen(None)
    assert told.wait(timeout), "the station never learnt the code was used"


def test_a_code_used_on_one_station_is_refused_on_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet: list[ResumeCode] = []
    draw = console_start.generate_resume_codes

    def drawn(count: int) -> tuple[ResumeCode, ...]:
        sheet.extend(draw(count))
        return tuple(sheet)

    monkeypatch.setattr(console_start, "generate_resume_codes", drawn)
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        console = room.start(session)
        address = room.address
        first = open_station(tmp_path / "pc-a", room.clock, address=address)
        second = open_station(tmp_path / "pc-b", room.clock, address=address)
        try:
            begin(room, console, first, session, 0)
            paul = begin(room, console, second, session, 1)
            room.crash_console()  # the console is gone; both PCs restart
            first.close()
            second.close()
            first = open_station(tmp_path / "pc-a", room.clock, address=address)
            assert first.resume_with_code(sheet[0].text).resumed
            # PC B stays off while the console comes back and reads A's use of code 1.

            room.start(session, port=address.port)
            all_acked(first)
            second = open_station(tmp_path / "pc-b", room.clock, address=address)
            assert second.snapshot().phase is Phase.RESUME_NEEDED

            until_told(second, 1)
            refused = second.resume_with_code(sheet[0].text)
            assert refused.refusal == ResumeCodeRefusal.ALREADY_USED
            assert second.resume_with_code(sheet[1].text).resumed
            told = [
                e.body_dict()
                for e in second.journal_events()
                if e.type == EventType.COMMAND_RECEIVED and e.body_dict()["kind"] == "codes_used"
            ]
            assert [(body["candidate_id"], body["args"]["numbers"]) for body in told] == [
                (paul, [1])
            ]
            # ... and the console tells A about code 2 in turn, once B's use replicates.
            all_acked(second)
            until_told(first, 2)
        finally:
            second.close()
            first.close()
