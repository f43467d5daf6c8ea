"""Read and write the pinned consoles (``pins_schema``): plain values, no lab types.

The store sits below the lab: ``services.station_pins`` turns these rows into the lab's
``PinnedConsole`` and hands the lab a ``PinStore`` built on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlcipher3

from pixdesk.store.errors import from_sqlite
from pixdesk.store.transactions import Connection, write_transaction


@dataclass(frozen=True, slots=True)
class PinRow:
    """One pinned console.

    Attributes:
        session_number: The session the console serves.
        session_key: Its session public key (raw Ed25519, 32 bytes).
        tls_sha256: Its TLS certificate's SHA-256, lowercase hex.
        pinned_at: When the station pinned it (ISO 8601 UTC; "" when imported without it).
    """

    session_number: str
    session_key: bytes
    tls_sha256: str
    pinned_at: str


def get_pin(conn: Connection, session_number: str) -> PinRow | None:
    """Return the pin of ``session_number``, if any.

    Raises:
        StoreError: The database cannot be read.
    """
    try:
        row = conn.execute(
            "SELECT session_number, session_key, tls_sha256, pinned_at FROM console_pins"
            " WHERE session_number = ?",
            (session_number,),
        ).fetchone()
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc) from exc
    if row is None:
        return None
    return PinRow(str(row[0]), bytes(row[1]), str(row[2]), str(row[3]))


def add_pins(conn: Connection, pins: Iterable[PinRow]) -> int:
    """Record pins in one transaction; a session already pinned keeps its pin.

    Returns:
        How many pins were new.

    Raises:
        StoreError: The database cannot be written (``LOCKED``, ``DISK_FULL``…); nothing was.
    """
    added = 0
    with write_transaction(conn):
        for pin in pins:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO console_pins"
                " (session_number, session_key, tls_sha256, pinned_at) VALUES (?, ?, ?, ?)",
                (pin.session_number, pin.session_key, pin.tls_sha256, pin.pinned_at),
            )
            added += cursor.rowcount
    return added
