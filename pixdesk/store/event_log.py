"""Read a store's whole journal (its own chain and every replica) in the order it applied it.

The console rebuilds its room from this when it starts (``services/console_room.py``): the
same order as the incremental updates saw, like ``projections.rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlcipher3

from pixdesk.store.errors import from_sqlite


def iter_events(
    db: Any, *, types: frozenset[str] | None = None
) -> Iterator[tuple[str, str, str, bytes]]:
    """Yield ``(station_id, type, wall_time, body bytes)`` of every event, in local order.

    Args:
        db: The sqlite-utils ``Database`` (or a raw connection) of the store.
        types: Only events of these types (all when None).

    Raises:
        StoreError: The database cannot be read.
    """
    conn = getattr(db, "conn", db)
    try:
        # A cursor of its own, read lazily: a console's journal may be long.
        rows = conn.cursor().execute(
            "SELECT station_id, type, wall_time, body FROM events ORDER BY local_order"
        )
        for station_id, type_, wall_time, body in rows:
            if types is None or type_ in types:
                yield str(station_id), str(type_), str(wall_time), bytes(body)
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc) from exc
