"""Issue 6's drill: the receiver is down, then slow, then drops the connection mid-upload.

A real TCP proxy sits between the client and the receiver. Whatever happens, the bundle
arrives exactly once and the receipt is stored; every failure on the way is visible.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import httpx

from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.services.station_store import StationStore
from pixdesk.services.sync_service import OutboxState, PlatformEndpoint, SyncService
from pixdesk.sync.client import UploadClient
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.server import RunningReceiver
from tests.fakes import FakeClock
from tests.sync.faults import RecordingTransport, faulty_proxy

CHUNK = 4096


def test_down_then_slow_then_cut_arrives_exactly_once(
    store: StationStore,
    receiver: RunningReceiver,
    platform: PlatformKeyPair,
    fake_clock: FakeClock,
    tmp_path: Path,
    sealed: bytes,
) -> None:
    bundle = tmp_path / "session.pixbundle"
    bundle.write_bytes(sealed)
    recording = RecordingTransport()
    with faulty_proxy(receiver.port) as proxy:

        def factory(endpoint: PlatformEndpoint) -> UploadClient:
            timeout = httpx.Timeout(connect=1.0, read=0.5, write=1.0, pool=1.0)
            return UploadClient(endpoint, transport=recording, chunk_bytes=CHUNK, timeout=timeout)

        service = SyncService(
            store.db,
            store.data_dir,
            endpoint=PlatformEndpoint(proxy.url, platform.public().sign_key),
            clock=fake_clock,
            rng=random.Random(11),
            client_factory=factory,
        )
        item = service.enqueue(bundle)

        def attempt(expected: OutboxState) -> str | None:
            fake_clock.advance(timedelta(hours=1))  # past any backoff
            (outcome,) = service.run_once().outcomes
            assert outcome.state is expected
            shown = service.item(item.bundle_id)
            assert shown.state is expected
            return None if shown.problem is None else shown.problem.code

        proxy.set_mode("down")
        assert attempt(OutboxState.QUEUED) == "NETWORK"

        proxy.set_mode("slow", delay=1.0)
        assert attempt(OutboxState.QUEUED) == "TIMEOUT"

        proxy.set_mode("cut", cut_after=4 * CHUNK)
        assert attempt(OutboxState.QUEUED) == "NETWORK"
        held = httpx.get(f"{receiver.url}/v1/uploads/{item.bundle_id}").json()["offset"]
        assert 0 < held < len(sealed)

        proxy.set_mode("pass")
        recording.requests.clear()
        assert attempt(OutboxState.DELIVERED) is None
        assert recording.ranges()[0].startswith(f"bytes {held}-")  # resumed, not restarted
        # And once more: nothing is sent again.
        assert service.run_until_idle(force=True).outcomes == ()
    recording.inner.close()

    done = service.item(item.bundle_id)
    assert done.receipt is not None
    assert done.receipt.sha256 == item.sha256
    assert done.attempts == 4
    db = ReceiverDatabase(receiver.settings.data_dir / "receiver.db")
    try:
        assert db.counts()["bundles"] == 1
        delivery = db.delivery(item.bundle_id)
    finally:
        db.close()
    assert delivery is not None
    assert delivery.receipt == done.receipt.token
    stored = receiver.settings.data_dir / "bundles" / f"{item.bundle_id}.pixbundle"
    assert stored.read_bytes() == sealed
