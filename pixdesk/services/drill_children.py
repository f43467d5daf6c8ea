"""The processes the readiness drill abuses: one killed mid-write, one that runs out of disk.

Each writes what it did to an ``out`` file, flushed line by line: a line there is a fact the
parent (:mod:`pixdesk.services.drills`) checks against the store afterwards. Files, not
stdout, because a windowed Windows executable may have no stdout.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import StationStore, open_station_store
from pixdesk.store.errors import StoreError
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event

__all__ = ["READY", "append_until_killed", "open_drill_store", "write_until_disk_full"]

READY: Final = "ready"
_FILL_HEADROOM_BYTES: Final = 48 * 1024  # room for a few appends before the limit bites
_MAX_FILL_APPENDS: Final = 10_000  # stop even if the limit never bites (it always should)


def open_drill_store(directory: Path) -> StationStore:
    """Open the drill's store as a station opens its own: keystore, secret file, journal."""
    # The secret file, not the OS keyring: a drill must leave no entry behind on the PC.
    return open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))


def append_until_killed(directory: Path, out: Path) -> int:
    """Append answers forever, writing ``<seq> <hash>`` once each append has returned.

    A written line is an answer the candidate would have been told is saved: the parent
    kills this process at a random instant and then looks for every such line in the store.
    """
    store = open_drill_store(directory)
    with out.open("a", encoding="utf-8") as acks:
        _line(acks, READY)
        seq = store.journal.head.seq
        while True:
            seq += 1
            event = _append(store, seq, "réponse")
            _line(acks, f"{event.seq} {event.hash}")


def write_until_disk_full(directory: Path, out: Path) -> int:
    """Append under a small file-size limit until the store refuses, then recover.

    The limit (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so that a write fails instead of
    killing the process) plays a nearly full disk. Writes a JSON report to ``out``: the
    acknowledged events, the error code the store gave, and whether an append worked again
    once the limit was lifted, in the same process, as it would once space is freed.
    """
    import resource  # POSIX only; the parent skips this drill elsewhere
    import signal

    store = open_drill_store(directory)
    report: dict[str, Any] = {"acknowledged": {}, "error": None, "recovered": False}
    try:
        _append(store, 1, "avant")
        report["acknowledged"]["1"] = store.journal.head.hash
        biggest = max(p.stat().st_size for p in directory.iterdir() if p.is_file())
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (biggest + _FILL_HEADROOM_BYTES, hard))
        try:
            for seq in range(2, _MAX_FILL_APPENDS):
                event = _append(store, seq, "x" * 2000)
                report["acknowledged"][str(event.seq)] = event.hash
        except StoreError as exc:
            report["error"] = exc.code.value
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        event = _append(store, store.journal.head.seq + 1, "après")
        report["acknowledged"][str(event.seq)] = event.hash
        report["recovered"] = True
    except StoreError as exc:
        report["recovery_error"] = exc.code.value
    finally:
        store.close()
        out.write_text(json.dumps(report), encoding="utf-8")
    return 0


def _append(store: StationStore, index: int, value: str) -> Event:
    return store.journal.append(
        EventType.ANSWER_SAVED,
        {
            "candidate_id": f"drill-{index % 20:02d}",
            "question_index": index % 32,
            "item_id": f"drill{index:08d}",
            "status": "ok",
            "value": value,
        },
        mono_ns=time.monotonic_ns(),
        wall_time=datetime.now(UTC),
    )


def _line(handle: TextIO, text: str) -> None:
    # flush() hands the line to the OS, which keeps it however the process dies.
    handle.write(text + "\n")
    handle.flush()
