"""`pixdesk doctor --drill`: the failures pixdesk must survive, simulated on this PC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pixdesk.services.checks import CheckStatus
from pixdesk.services.drills import drill_kill, drill_lan_loss, drill_low_disk


def test_killed_writers_lose_nothing(tmp_path: Path) -> None:
    result = drill_kill(tmp_path / "store", kills=3, seed=20261130)
    assert result.status is CheckStatus.PASS, result.message
    assert isinstance(result.data, dict)
    assert result.data["kills"] == 3
    assert int(str(result.data["acknowledged"])) > 3  # killed mid-stream, not idle
    assert result.data["lost"] == 0


def test_lan_loss_is_seen_and_handled() -> None:
    result = drill_lan_loss()
    assert result.status is CheckStatus.PASS, result.message
    assert isinstance(result.data, dict)
    assert result.data["after"] == "refused"


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX only")
def test_low_disk_is_refused_cleanly_and_recovered(tmp_path: Path) -> None:
    result = drill_low_disk(tmp_path / "store")
    assert result.status is CheckStatus.PASS, result.message
    assert isinstance(result.data, dict)
    # Under RLIMIT_FSIZE SQLite sees EFBIG, which it reports as an I/O error, not SQLITE_FULL
    # (a real full disk gives disk_full): either is a clean refusal.
    assert result.data["error"] in ("disk_full", "io_error")
    assert result.data["recovered"] is True
    assert result.data["lost"] == 0


def test_doctor_drill_command(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text('mode = "referent"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pixdesk", "--data-dir", str(tmp_path / "data"), "doctor",
         "--drill", "--no-gui", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PIXDESK_CONFIG": str(config)},
        timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    checks = {c["check"]: c["status"] for c in json.loads(done.stdout)["checks"]}
    assert checks["drill_kill"] == "pass"
    assert checks["drill_lan_loss"] == "pass"
    assert checks["drill_low_disk"] in ("pass", "skip")
    assert not (tmp_path / "data" / "pixdesk.db").exists()  # the real store was not touched
