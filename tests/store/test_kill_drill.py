"""The kill -9 drill, short: no acknowledged answer lost, no corrupt database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DRILL = Path(__file__).resolve().parents[2] / "drills" / "kill_during_writes.py"


def test_kill_drill_loses_nothing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(DRILL), "--kills", "25", "--seed", "20261130", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last == "kills=25 lost=0 corrupt=0", done.stdout
    # The drill really killed writers mid-stream, not idle processes.
    summary = dict(part.split("=") for part in done.stdout.splitlines()[0].split() if "=" in part)
    assert int(summary["acknowledged"]) > 25
    assert int(summary["child_failures"]) == 0
