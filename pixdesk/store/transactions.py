"""One write = one transaction: the context manager every repository writer runs inside."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlcipher3

from pixdesk.store.errors import from_sqlite

Connection = Any
"""A sqlcipher3 connection opened by ``database.open_database`` (the driver is untyped)."""


@contextmanager
def write_transaction(conn: Connection) -> Iterator[Connection]:
    """Run the block in one ``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any exception.

    IMMEDIATE takes the write lock before the block reads anything, so what the block checks
    (a free access code, the learners a preview was computed on) cannot change before it
    writes. Any exception in the block, a bug or ``KeyboardInterrupt`` included, rolls the
    whole transaction back: nothing is ever half-written.

    Args:
        conn: The store's connection (``isolation_level=None``: no implicit transactions).

    Yields:
        The same connection.

    Raises:
        StoreError: The driver failed (``LOCKED``, ``DISK_FULL``…), mapped by ``from_sqlite``;
            any other exception of the block is re-raised unchanged after the rollback.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.Error as exc:
        raise from_sqlite(exc) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlcipher3.Error as exc:
        _rollback(conn)
        raise from_sqlite(exc) from exc
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
