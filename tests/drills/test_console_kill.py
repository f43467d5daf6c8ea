"""The console-kill drill, short: one SIGKILL of the hub, a few stations, nothing lost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DRILL = Path(__file__).resolve().parents[2] / "drills" / "console_kill.py"


def test_console_killed_and_restarted_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    args = ["--stations", "4", "--kills", "1", "--up", "1.5", "--down", "1", "--settle", "1"]
    done = subprocess.run(
        [sys.executable, str(DRILL), *args, "--seed", "20261130", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"kills=1 stations=4 events=\d+ lost=0 duplicated=0", lines[-1]), lines
    assert int(lines[-1].split()[2].removeprefix("events=")) > 4
    # The stations went on while the console was dead, and each measured its outage.
    summary = dict(part.split("=") for part in lines[-2].split() if "=" in part)
    assert int(summary["appended_while_down"]) > 0
    assert summary["outages_unmeasured"] == "0"
    assert summary["restarts_that_received_events"] == "1/1"
    assert any(line.startswith("outage 1 (console down") for line in lines)
