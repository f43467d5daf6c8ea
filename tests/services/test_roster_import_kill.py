"""A roster import killed (SIGKILL) half-way leaves the store exactly as before it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pixdesk.crypto.keystore import Keystore
from pixdesk.services.station_store import open_station_store
from pixdesk.store import roster_repo
from tests.imports.siecle_files import UAI, pupil, siecle_xml

CHILD = textwrap.dedent(
    """
    import os, random, signal, sys
    from datetime import date
    from pathlib import Path
    from pixdesk.crypto.keystore import Keystore
    from pixdesk.services.roster_import import apply_roster_import, plan_roster_import
    from pixdesk.services.station_store import open_station_store
    from tests.fakes import FakeClock

    data, export, uai = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    store = open_station_store(data, keystore=Keystore(data, use_os_keyring=False))
    plan = plan_roster_import(store.db, export, uai=uai, today=date(2026, 11, 30))

    def progress(done, total):
        if done == total // 2:
            os.kill(os.getpid(), signal.SIGKILL)  # no rollback, no close: a power cut

    apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1), progress=progress)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_a_killed_import_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    open_station_store(data, keystore=Keystore(data, use_os_keyring=False)).close()
    export = tmp_path / "export.xml"
    export.write_bytes(siecle_xml([pupil(n) for n in range(1, 1001)]))
    root = Path(__file__).parents[2]

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), str(export), UAI],
        cwd=root,
        env=os.environ | {"PYTHONPATH": str(root)},
        capture_output=True,
        check=False,
        timeout=60,
    )

    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    store = open_station_store(data, keystore=Keystore(data, use_os_keyring=False))
    try:
        conn = store.db.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert roster_repo.load_learners(conn) == []
        assert roster_repo.list_imports(conn) == []
    finally:
        store.close()
