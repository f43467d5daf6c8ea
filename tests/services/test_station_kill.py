"""kill -9 of a learner station while it answers: the restarted station shows the same
question, with every answer it had confirmed (DESIGN.md §10's drill, one instant)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pixdesk.services.station_record import Phase
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import ConsoleSide, lea_form, open_station

ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 5  # confirmed answers before the kill


def test_a_killed_station_comes_back_to_the_same_question(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    directory = tmp_path / "station"
    station = open_station(directory, clock, address=address)
    try:
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).matched
        console.confirm(station)
        station.start_test()
    finally:
        station.close()
    console.close()
    assert console.codes is not None

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.services.station_child", str(directory), console.codes[0]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    confirmed: list[tuple[int, str]] = []
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "resumed"
        while len(confirmed) < KILL_AFTER:
            words = child.stdout.readline().split()
            assert words[0] == "saved", words
            confirmed.append((int(words[1]), words[2]))
        child.send_signal(signal.SIGKILL)  # mid-answer: it goes on answering until killed
    finally:
        child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()

    restarted = open_station(directory, FakeClock())
    try:
        snapshot = restarted.snapshot()
        assert snapshot.phase is Phase.RESUME_NEEDED
        saved = [
            (e.body_dict()["question_index"], e.body_dict()["item_id"])
            for e in restarted.journal_events()
            if e.type == EventType.ANSWER_SAVED
        ]
        # Every answer the child reported is there (possibly one more: saved, not reported).
        assert saved[: len(confirmed)] == confirmed
        assert len(saved) - len(confirmed) in (0, 1)
        assert restarted.journal_events()[-1].type == EventType.TEST_INTERRUPTED
        question = snapshot.question
        assert question is not None
        assert question.index == len(saved)
        # Nothing is corrupt: the chain verifies from seq 1.
        assert restarted.verify_journal().problem is None
    finally:
        restarted.close()
