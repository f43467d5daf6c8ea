"""A learner station's pinned consoles, kept in its encrypted store (degraded mode).

The lab decides what to pin (``lab.trust``) through its ``PinStore`` interface and never
imports the store; this module gives it one built on ``store.pins_repo``. Pins used to be a
plain JSON file beside the store (``console-pins.json``): :func:`open_pin_store` imports that
file once, in one transaction, then deletes it. A crash between the two only means the import
runs again at the next start (a session already pinned keeps its pin), so no pin is lost.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from pixdesk.domain.clock import Clock
from pixdesk.lab.pins import FilePinStore, PinnedConsole
from pixdesk.store.errors import StoreError
from pixdesk.store.pins_repo import PinRow, add_pins, get_pin
from pixdesk.store.transactions import Connection

__all__ = ["StorePinStore", "import_pin_file", "open_pin_store"]

_log = logging.getLogger(__name__)
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_MAX_NUMBER: Final = 32


class StorePinStore:
    """The lab's ``PinStore`` on the station's store.

    Pins never change once written, so each one read is kept in memory (the hub's commands
    are checked against the pin many times a minute).

    Args:
        conn: A connection of the station's store, used by one thread at a time (the link's:
            the lab thread).
        clock: Dates the pins.
    """

    def __init__(self, conn: Connection, clock: Clock | None = None) -> None:
        self._conn = conn
        self._clock = clock
        self._known: dict[str, PinnedConsole] = {}
        self._lock = threading.Lock()

    def get(self, session_number: str) -> PinnedConsole | None:
        """Return the pin of a session, if any.

        Raises:
            StoreError: The store cannot be read.
        """
        with self._lock:
            known = self._known.get(session_number)
            if known is not None:
                return known
            row = get_pin(self._conn, session_number)
            if row is None:
                return None
            pin = PinnedConsole(row.session_number, row.session_key, row.tls_sha256)
            self._known[session_number] = pin
            return pin

    def put(self, pin: PinnedConsole) -> None:
        """Record a pin (a session already pinned keeps its first pin).

        Raises:
            StoreError: The store cannot be written; nothing was.
        """
        self.put_all((pin,))

    def put_all(self, pins: Iterable[PinnedConsole]) -> int:
        """Record pins in one transaction; return how many were new."""
        now = (self._clock.now() if self._clock is not None else datetime.now(UTC)).astimezone(UTC)
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rows = [PinRow(p.session_number, p.session_key, p.tls_sha256, stamp) for p in pins]
        with self._lock:
            added = add_pins(self._conn, rows)
            self._known.clear()  # read again: a pin already there wins over these
        return added


def import_pin_file(pins: StorePinStore, path: Path) -> int:
    """Import a JSON pin file of an earlier version into the store, then delete it.

    Entries that cannot be read are skipped (a file that cannot be read at all pins nothing).
    The file is deleted only once the store holds its pins.

    Returns:
        How many pins were new.

    Raises:
        StoreError: The store cannot be written; the file is kept for the next start.
        OSError: The file cannot be deleted (its pins are in the store all the same).
    """
    if not path.exists():
        return 0
    entries = [pin for pin in FilePinStore(path).entries() if _importable(pin)]
    added = pins.put_all(entries)
    path.unlink()
    return added


def open_pin_store(
    conn: Connection, legacy_file: Path, clock: Clock | None = None
) -> StorePinStore:
    """Return the station's pins on ``conn``, importing ``legacy_file`` first if it exists.

    A failed import is logged and tried again at the next start: the station still opens.
    """
    pins = StorePinStore(conn, clock)
    try:
        added = import_pin_file(pins, legacy_file)
    except (StoreError, OSError) as exc:
        _log.warning("console pins of %s not imported yet: %s", legacy_file.name, exc)
    else:
        if added:
            _log.info("imported %d console pin(s) from %s into the store", added, legacy_file.name)
    return pins


def _importable(pin: PinnedConsole) -> bool:
    return (
        1 <= len(pin.session_number) <= _MAX_NUMBER
        and len(pin.session_key) == 32
        and _SHA256.fullmatch(pin.tls_sha256) is not None
    )
