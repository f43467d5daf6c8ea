"""Issue 6's end-to-end: a console's session → export → receiver on loopback → receipt.

The session is played into a real console store (its journal and two stations' replicas),
exported by ``pixdesk bundle export`` as a referent would, queued and sent by the sync
service, and the receiver's re-scored results equal the ones the console computed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.cli import main
from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import open_station_store
from pixdesk.services.sync_service import OutboxState, PlatformEndpoint, SyncService
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.server import RunningReceiver
from tests.bundle.console_store import NUMBER, make_console_store
from tests.fakes import FakeClock


def test_console_session_to_verified_receipt(
    tmp_path: Path,
    receiver: RunningReceiver,
    platform: PlatformKeyPair,
    fake_clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "console"
    make_console_store(data)
    public = tmp_path / "platform.pub"
    public.write_bytes(platform.public().to_file())
    bundle = tmp_path / "usb" / f"session-{NUMBER}.pixbundle"
    bundle.parent.mkdir()
    argv = ["--data-dir", str(data), "bundle", "export", NUMBER, "--out", str(bundle)]
    assert main([*argv, "--platform-key", str(public)]) == 0, capsys.readouterr().err

    store = open_station_store(data, keystore=Keystore(data, use_os_keyring=False))
    try:
        service = SyncService(
            store.db,
            store.data_dir,
            endpoint=PlatformEndpoint(receiver.url, platform.public().sign_key),
            clock=fake_clock,
            rng=random.Random(3),
        )
        item = service.enqueue(bundle, label=NUMBER)
        (outcome,) = service.run_until_idle().outcomes
        assert outcome.state is OutboxState.DELIVERED
        receipt = service.receipt(item.bundle_id)  # verified again with the platform key
    finally:
        store.close()
    assert (receipt.session_number, receipt.candidates, receipt.flags) == (NUMBER, 2, 0)

    db = ReceiverDatabase(receiver.settings.data_dir / "receiver.db")
    try:
        delivery = db.delivery(item.bundle_id)
        rows = db.results(item.bundle_id)
    finally:
        db.close()
    assert delivery is not None
    assert delivery.receipt == receipt.token
    assert delivery.degraded_trust is True  # no center key in the store yet (bundle-format §10)
    assert [row.rescored for row in rows] == ["full", "full"]
    for row in rows:
        assert row.client == row.platform  # the receiver's scores are the console's
        assert json.loads(row.platform or "")["score"]["engine"] == "v3"
