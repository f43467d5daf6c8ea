"""The LAN-cut drill, short: one cut of a few seconds, a few stations, nothing lost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DRILL = Path(__file__).resolve().parents[2] / "drills" / "lan_cut.py"


@pytest.mark.parametrize("mode", ["auto", "proxy"])  # auto: namespaces when root
def test_lan_cut_loses_nothing_and_each_station_measures_its_outage(
    tmp_path: Path, mode: str
) -> None:
    args = f"--stations 4 --cut 2.5 --before 1 --after 1 --mode {mode} --seed 20261130".split()
    done = subprocess.run(
        [sys.executable, str(DRILL), *args, "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    last = re.fullmatch(
        r"cut=2\.5s mode=(netns|proxy) stations=4 events=(\d+) lost=0 duplicated=0", lines[-1]
    )
    assert last is not None, lines
    assert mode == "auto" or last.group(1) == mode
    summary = dict(part.split("=") for part in lines[-2].split() if "=" in part)
    assert int(summary["appended_while_cut"]) > 0
    assert summary["outages_unmeasured"] == "0"
    # Every station saw an outage at least as long as the cut (its acks stopped).
    measured = re.search(r"min ([\d.]+) s, max ([\d.]+) s for a cut of 2.5 s", done.stdout)
    assert measured is not None, done.stdout
    assert 2.0 <= float(measured.group(1)) <= float(measured.group(2)) < 30.0
