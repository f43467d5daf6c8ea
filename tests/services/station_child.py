"""A learner station in a process of its own, to be killed while it answers (test_station_kill).

``python -m tests.services.station_child DATA_DIR RESUME_CODE``: opens the station (a test
under way, interrupted), resumes with the offline code, then answers question after question,
printing ``saved <index> <item id>`` the moment each ``answer()`` returned (durable).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pixdesk.crypto.keystore import Keystore
from pixdesk.lab.address import ConsoleAddress
from pixdesk.services.learner import StationClock
from pixdesk.services.station_config import StationConfig
from pixdesk.services.station_runtime import StationRuntime
from tests.services.station_room import demo_bank, right_answer


def main(directory: Path, code: str) -> None:
    station = StationRuntime.open(
        StationConfig(
            data_dir=directory,
            bank=demo_bank(),
            clock=StationClock(),
            keystore=Keystore(directory, use_os_keyring=False),
            console_address=ConsoleAddress("127.0.0.1", 9),  # no console: offline
        )
    )
    assert station.resume_with_code(code).resumed
    print("resumed", flush=True)
    while True:
        question = station.snapshot().question
        if question is None:
            break
        receipt = station.answer(right_answer(question.item))
        print(f"saved {receipt.question_index} {question.item.id}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
