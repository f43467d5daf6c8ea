"""The sync service against a real receiver: outbox, retries, resume, receipts, restarts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.documents.render_receipt import render_upload_receipt
from pixdesk.services.station_store import StationStore
from pixdesk.services.sync_service import (
    OutboxState,
    PlatformEndpoint,
    SyncError,
    SyncErrorCode,
    SyncService,
)
from pixdesk.sync import outbox
from pixdesk.sync.client import UploadClient
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.server import RunningReceiver
from tests.fakes import FakeClock
from tests.sync.conftest import StartReceiver, reopen, seal_again
from tests.sync.faults import RecordingTransport

CHUNK = 4096


def closed_port_url() -> str:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: connection refused
    return f"http://127.0.0.1:{port}"


def make_service(
    store: StationStore,
    endpoint: PlatformEndpoint | None,
    clock: FakeClock,
    *,
    transport: RecordingTransport | None = None,
    seed: int = 7,
) -> SyncService:
    def factory(target: PlatformEndpoint) -> UploadClient:
        return UploadClient(
            target, transport=transport, chunk_bytes=CHUNK, timeout=httpx.Timeout(5.0)
        )

    return SyncService(
        store.db,
        store.data_dir,
        endpoint=endpoint,
        clock=clock,
        rng=random.Random(seed),
        client_factory=factory,
    )


@pytest.fixture
def bundle_file(tmp_path: Path, sealed: bytes) -> Path:
    path = tmp_path / "usb" / "session-1042.pixbundle"
    path.parent.mkdir()
    path.write_bytes(sealed)
    return path


@pytest.fixture
def endpoint(receiver: RunningReceiver, platform: PlatformKeyPair) -> PlatformEndpoint:
    return PlatformEndpoint(receiver.url, platform.public().sign_key)


@pytest.fixture
def transport() -> Iterator[RecordingTransport]:
    recording = RecordingTransport()
    yield recording
    recording.inner.close()


def delivered_count(receiver: RunningReceiver) -> int:
    db = ReceiverDatabase(receiver.settings.data_dir / "receiver.db")
    try:
        return db.counts()["bundles"]
    finally:
        db.close()


def test_enqueue_deliver_and_keep_the_receipt(
    store: StationStore,
    endpoint: PlatformEndpoint,
    fake_clock: FakeClock,
    bundle_file: Path,
    sealed: bytes,
    receiver: RunningReceiver,
) -> None:
    service = make_service(store, endpoint, fake_clock)
    item = service.enqueue(bundle_file, label="1042")
    assert (item.state, item.problem, item.receipt) == (OutboxState.QUEUED, None, None)
    copy = store.data_dir / "outbox" / f"{item.bundle_id}.pixbundle"
    assert copy.read_bytes() == sealed
    bundle_file.unlink()  # the USB key is gone: the outbox has its own copy

    run = service.run_until_idle()
    assert [o.state for o in run.outcomes] == [OutboxState.DELIVERED]
    status = service.status()
    (done,) = status.items
    assert done.state is OutboxState.DELIVERED
    assert done.problem is None
    assert done.receipt is not None
    assert done.receipt.sha256 == item.sha256
    assert (done.receipt.session_number, done.receipt.candidates) == ("1042", 3)
    assert done.delivered_at == fake_clock.now()
    assert not copy.exists()  # the receipt proves the platform holds it
    assert service.receipt(item.bundle_id).token == done.receipt.token
    pdf = render_upload_receipt(service.receipt_document(item.bundle_id))
    assert pdf.startswith(b"%PDF")
    assert delivered_count(receiver) == 1
    # Enqueuing the same file again changes nothing.
    bundle_file.write_bytes(sealed)
    again = service.enqueue(bundle_file)
    assert (again.bundle_id, again.state) == (item.bundle_id, OutboxState.DELIVERED)
    assert service.run_until_idle().outcomes == ()


def test_not_configured_queues_but_sends_nothing(
    store: StationStore, fake_clock: FakeClock, bundle_file: Path
) -> None:
    service = make_service(store, None, fake_clock)
    item = service.enqueue(bundle_file)
    run = service.run_until_idle()
    assert (run.configured, run.outcomes) == (False, ())
    status = service.status()
    assert status.configured is False
    assert [i.state for i in status.items] == [OutboxState.QUEUED]
    with pytest.raises(SyncError) as caught:
        service.receipt(item.bundle_id)
    assert caught.value.code is SyncErrorCode.NO_RECEIPT


def test_not_a_bundle_is_refused_at_enqueue(
    store: StationStore, fake_clock: FakeClock, tmp_path: Path
) -> None:
    service = make_service(store, None, fake_clock)
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(SyncError) as caught:
        service.enqueue(junk)
    assert caught.value.code is SyncErrorCode.NOT_A_BUNDLE
    with pytest.raises(SyncError) as missing:
        service.enqueue(tmp_path / "nowhere.pixbundle")
    assert missing.value.code is SyncErrorCode.FILE_UNREADABLE
    assert service.status().items == ()


def test_receiver_down_is_retried_with_growing_delays_and_says_why(
    store: StationStore, platform: PlatformKeyPair, fake_clock: FakeClock, bundle_file: Path
) -> None:
    endpoint = PlatformEndpoint(closed_port_url(), platform.public().sign_key)
    service = make_service(store, endpoint, fake_clock)
    item = service.enqueue(bundle_file)
    waits = []
    for failures in range(1, 5):
        run = service.run_once()
        (outcome,) = run.outcomes
        assert outcome.state is OutboxState.QUEUED
        assert outcome.problem is not None
        assert outcome.problem.code == "NETWORK"
        now = fake_clock.now()
        current = service.item(item.bundle_id)
        assert current.state is OutboxState.QUEUED
        assert current.problem is not None
        assert not current.problem.permanent
        assert current.attempts == failures
        assert current.next_attempt_at is not None
        assert current.next_attempt_at > now
        wait = current.next_attempt_at - now
        assert wait <= timedelta(seconds=10 * 2 ** (failures - 1))
        waits.append(wait)
        assert service.run_once().outcomes == ()  # not due yet: nothing is tried
        fake_clock.advance(wait)
    assert len(set(waits)) == len(waits)


def test_a_refused_bundle_fails_for_good_with_its_reason(
    store: StationStore,
    endpoint: PlatformEndpoint,
    fake_clock: FakeClock,
    tmp_path: Path,
    session: tuple[BundleContents, Signers],
    other_platform: PlatformKeyPair,
) -> None:
    wrong = tmp_path / "wrong.pixbundle"
    wrong.write_bytes(seal_again(session, other_platform))
    service = make_service(store, endpoint, fake_clock)
    item = service.enqueue(wrong)
    (outcome,) = service.run_until_idle().outcomes
    assert outcome.state is OutboxState.FAILED
    failed = service.item(item.bundle_id)
    assert failed.problem is not None
    assert (failed.problem.code, failed.problem.permanent) == ("WRONG_RECIPIENT", True)
    assert "WRONG_RECIPIENT" in failed.problem.message
    fake_clock.advance(timedelta(days=1))
    assert service.run_until_idle().outcomes == ()  # no retry without a person
    assert service.retry(item.bundle_id).state is OutboxState.QUEUED
    with pytest.raises(SyncError) as caught:
        service.retry(item.bundle_id)
    assert caught.value.code is SyncErrorCode.NOT_FAILED
    assert service.run_until_idle().outcomes[0].state is OutboxState.FAILED


def test_a_receipt_not_signed_by_the_configured_key_is_not_accepted(
    store: StationStore,
    receiver: RunningReceiver,
    platform: PlatformKeyPair,
    other_platform: PlatformKeyPair,
    fake_clock: FakeClock,
    bundle_file: Path,
) -> None:
    misconfigured = PlatformEndpoint(receiver.url, other_platform.public().sign_key)
    service = make_service(store, misconfigured, fake_clock)
    item = service.enqueue(bundle_file)
    (outcome,) = service.run_until_idle().outcomes
    assert outcome.state is OutboxState.FAILED
    assert outcome.problem is not None
    assert outcome.problem.code == "RECEIPT_INVALID"
    # IT fixes the key; the retry gets the platform's receipt without sending the file again.
    fixed = make_service(
        store, PlatformEndpoint(receiver.url, platform.public().sign_key), fake_clock
    )
    fixed.retry(item.bundle_id)
    (outcome,) = fixed.run_until_idle().outcomes
    assert outcome.state is OutboxState.DELIVERED
    assert delivered_count(receiver) == 1


def test_resume_after_a_cut_starts_at_the_receiver_s_offset(
    store: StationStore,
    endpoint: PlatformEndpoint,
    fake_clock: FakeClock,
    bundle_file: Path,
    receiver: RunningReceiver,
    sealed: bytes,
) -> None:
    # The third chunk reaches the receiver, but the connection drops before its answer:
    # the client only knows of two chunks, the receiver holds three.
    cutting = RecordingTransport(lose_answer_after_puts=2)
    service = make_service(store, endpoint, fake_clock, transport=cutting)
    item = service.enqueue(bundle_file)
    (first,) = service.run_once().outcomes
    assert first.state is OutboxState.QUEUED
    assert first.problem is not None
    assert first.problem.code == "NETWORK"
    assert cutting.ranges() == [
        f"bytes 0-4095/{len(sealed)}",
        f"bytes 4096-8191/{len(sealed)}",
        f"bytes 8192-12287/{len(sealed)}",
    ]
    assert service.item(item.bundle_id).sent_bytes == 2 * CHUNK  # what the client knew

    fake_clock.advance(timedelta(minutes=1))
    cutting.requests.clear()
    (second,) = service.run_once().outcomes
    assert second.state is OutboxState.DELIVERED
    assert cutting.ranges()[0] == f"bytes 12288-16383/{len(sealed)}"  # the receiver's offset
    sent = sum(int(r.split("-")[1].split("/")[0]) - int(r[6:].split("-")[0]) + 1 for r in
               cutting.ranges())  # fmt: skip
    assert sent == len(sealed) - 3 * CHUNK  # nothing sent twice
    assert delivered_count(receiver) == 1


def test_the_outbox_survives_a_restart(
    store: StationStore,
    start_receiver: StartReceiver,
    platform: PlatformKeyPair,
    fake_clock: FakeClock,
    bundle_file: Path,
) -> None:
    down = PlatformEndpoint(closed_port_url(), platform.public().sign_key)
    service = make_service(store, down, fake_clock)
    item = service.enqueue(bundle_file)
    service.run_once()
    store.close()  # the PC is switched off

    store = reopen(store)
    try:
        with start_receiver() as running:
            up = PlatformEndpoint(running.url, platform.public().sign_key)
            service = make_service(store, up, fake_clock)
            waiting = service.item(item.bundle_id)
            assert waiting.state is OutboxState.QUEUED
            assert waiting.problem is not None
            assert waiting.problem.code == "NETWORK"
            assert service.run_until_idle().outcomes == ()  # not due yet
            fake_clock.advance(timedelta(hours=1))
            (outcome,) = service.run_until_idle().outcomes
            assert outcome.state is OutboxState.DELIVERED
        store.close()
        store = reopen(store)
        kept = make_service(store, None, fake_clock).item(item.bundle_id)
        assert kept.state is OutboxState.DELIVERED
        assert kept.receipt is not None
        assert kept.receipt.bundle_id == item.bundle_id
    finally:
        store.close()


def test_an_attempt_that_died_is_shown_and_taken_again_after_its_lease(
    store: StationStore, endpoint: PlatformEndpoint, fake_clock: FakeClock, bundle_file: Path
) -> None:
    service = make_service(store, endpoint, fake_clock)
    item = service.enqueue(bundle_file)
    now = fake_clock.now()
    # Another process claimed it and died mid-upload.
    assert outbox.claim(store.db.conn, item.bundle_id, now, now + timedelta(minutes=15))
    assert service.item(item.bundle_id).state is OutboxState.SENDING
    assert service.run_once().outcomes == ()  # its lease is not over
    fake_clock.advance(timedelta(minutes=16))
    shown = service.item(item.bundle_id)
    assert shown.state is OutboxState.QUEUED
    assert shown.problem is not None
    assert shown.problem.code == "INTERRUPTED"
    (outcome,) = service.run_once().outcomes
    assert outcome.state is OutboxState.DELIVERED


def test_a_changed_outbox_copy_fails_with_its_reason(
    store: StationStore, endpoint: PlatformEndpoint, fake_clock: FakeClock, bundle_file: Path
) -> None:
    service = make_service(store, endpoint, fake_clock)
    item = service.enqueue(bundle_file)
    copy = store.data_dir / "outbox" / f"{item.bundle_id}.pixbundle"
    copy.write_bytes(copy.read_bytes()[:-1] + b"\x00")
    (outcome,) = service.run_once().outcomes
    assert outcome.state is OutboxState.FAILED
    assert outcome.problem is not None
    assert outcome.problem.code == "FILE_CHANGED"
    # Enqueuing the original again restores the copy; a retry then delivers.
    service.enqueue(bundle_file)
    service.retry(item.bundle_id)
    (outcome,) = service.run_once().outcomes
    assert outcome.state is OutboxState.DELIVERED
