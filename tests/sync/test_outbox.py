"""The outbox table: its migration step, its transitions, what is due when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from pixdesk.services.station_store import StationStore
from pixdesk.store.errors import StoreError
from pixdesk.store.migrations import MIGRATIONS
from pixdesk.store.outbox_schema import OUTBOX_TABLES
from pixdesk.sync import outbox
from pixdesk.sync.outbox import OutboxEntry
from pixdesk.sync.states import TRANSITIONS, OutboxState

T0 = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def entry(bundle_id: str, *, due: datetime = T0) -> OutboxEntry:
    return OutboxEntry(
        bundle_id=bundle_id,
        file_name="b.pixbundle",
        stored_path=f"outbox/{bundle_id}.pixbundle",
        sha256=bundle_id * 2,
        size=10,
        label="",
        state=OutboxState.QUEUED,
        attempts=0,
        failures=0,
        enqueued_at=T0,
        next_attempt_at=due,
        last_attempt_at=None,
        sent_bytes=0,
        last_error_code=None,
        last_error_message=None,
        receipt=None,
        delivered_at=None,
    )


def test_the_migration_step_is_appended(store: StationStore) -> None:
    assert OUTBOX_TABLES in MIGRATIONS
    conn = store.db.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0


def test_due_order_and_force(store: StationStore) -> None:
    conn = store.db.conn
    later, sooner = "b" * 32, "a" * 32
    assert outbox.insert(conn, entry(later, due=T0 + timedelta(minutes=5)))
    assert outbox.insert(conn, entry(sooner, due=T0 + timedelta(minutes=1)))
    assert not outbox.insert(conn, entry(sooner))  # one row per id
    assert outbox.due(conn, T0) == ()
    assert outbox.due(conn, T0 + timedelta(minutes=2)) == (sooner,)
    assert outbox.due(conn, T0, force=True) == (sooner, later)


def test_transitions_are_the_table_s(store: StationStore) -> None:
    conn = store.db.conn
    bundle_id = "c" * 32
    outbox.insert(conn, entry(bundle_id))
    assert not outbox.requeue(conn, bundle_id, T0)  # queued is not failed
    assert not outbox.record_delivered(conn, bundle_id, "token", T0)  # not sending
    claimed = outbox.claim(conn, bundle_id, T0, T0 + timedelta(minutes=15))
    assert claimed is not None
    assert (claimed.state, claimed.attempts) == (OutboxState.SENDING, 1)
    assert outbox.claim(conn, bundle_id, T0, T0 + timedelta(minutes=15)) is None  # held
    assert outbox.record_failed(conn, bundle_id, code="CONFLICT", message="taken")
    assert outbox.requeue(conn, bundle_id, T0)
    assert outbox.claim(conn, bundle_id, T0, T0 + timedelta(minutes=15)) is not None
    assert outbox.record_delivered(conn, bundle_id, "token", T0)
    done = outbox.get(conn, bundle_id)
    assert done is not None
    assert (done.state, done.stored_path, done.receipt) == (OutboxState.DELIVERED, None, "token")
    assert not outbox.requeue(conn, bundle_id, T0)  # delivered is final
    assert TRANSITIONS[OutboxState.DELIVERED] == frozenset()


def test_the_table_refuses_an_incoherent_row(store: StationStore) -> None:
    delivered_without_receipt = replace(entry("d" * 32), state=OutboxState.DELIVERED)
    with pytest.raises(StoreError):
        outbox.insert(store.db.conn, delivered_without_receipt)
    failed_without_reason = replace(entry("e" * 32), state=OutboxState.FAILED)
    with pytest.raises(StoreError):
        outbox.insert(store.db.conn, failed_without_reason)
    assert outbox.all_entries(store.db.conn) == ()
