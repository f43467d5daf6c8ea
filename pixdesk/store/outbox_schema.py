"""The sync outbox: sealed bundles waiting to reach the platform, and their receipts.

One migration step (:data:`OUTBOX_TABLES`, appended to ``migrations.MIGRATIONS``). The table
is not a projection of the journal: it is this PC's delivery queue, written by
``pixdesk.sync.outbox`` one transaction per change.

The bundle itself is never a blob here: it is a file in the data directory (``stored_path``,
relative to it), removed once the platform's receipt is verified, so the table stays a few
hundred bytes per bundle (Morango's buffer table grew to gigabytes). Instants are ISO 8601
UTC with microseconds and a ``Z`` (fixed width, so text order is time order).

``next_attempt_at`` means "due from" for a queued entry and "lease ends" for an entry being
sent: an attempt that dies with its process is taken again once its lease is over.
"""

from __future__ import annotations

from typing import Final

OUTBOX_TABLES: Final[tuple[str, ...]] = (
    """
    CREATE TABLE sync_outbox (
        bundle_id TEXT PRIMARY KEY CHECK (length(bundle_id) = 32),
        file_name TEXT NOT NULL,
        stored_path TEXT,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size > 0),
        label TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        enqueued_at TEXT NOT NULL,
        next_attempt_at TEXT,
        last_attempt_at TEXT,
        sent_bytes INTEGER NOT NULL DEFAULT 0 CHECK (sent_bytes >= 0),
        last_error_code TEXT,
        last_error_message TEXT,
        receipt TEXT,
        delivered_at TEXT,
        CHECK ((state = 'delivered') = (receipt IS NOT NULL)),
        CHECK (state <> 'failed' OR last_error_code IS NOT NULL),
        CHECK (state NOT IN ('queued', 'sending') OR next_attempt_at IS NOT NULL)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX sync_outbox_due ON sync_outbox (state, next_attempt_at)",
)
