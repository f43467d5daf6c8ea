"""The consoles a learner station pinned in degraded mode, kept in the encrypted store.

One migration step (:data:`PIN_TABLES`, appended to ``migrations.MIGRATIONS``). Not a
projection of the journal: a pin is this station's trust decision (docs/lab-protocol.md,
trust on first use), written once per session number and never changed, so a console that
shows up later with other keys for the same session is refused.
"""

from __future__ import annotations

from typing import Final

PIN_TABLES: Final[tuple[str, ...]] = (
    """
    CREATE TABLE console_pins (
        session_number TEXT PRIMARY KEY CHECK (length(session_number) BETWEEN 1 AND 32),
        session_key BLOB NOT NULL CHECK (length(session_key) = 32),
        tls_sha256 TEXT NOT NULL CHECK (length(tls_sha256) = 64),
        pinned_at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
)
