"""``pixdesk demo --headless``: a whole session with simulated learners, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pixdesk.services.demo import candidate_lines, run_headless


def test_a_short_session_loses_nothing(tmp_path: Path) -> None:
    summary = run_headless(4, 0.4, seed=3, data_dir=tmp_path / "demo")
    assert summary.problems == ()
    assert summary.finalised
    assert summary.journals_ok
    assert summary.lost == 0
    assert summary.sent == summary.replicated > 0
    # The fourth learner stops half-way: the finalisation ends that test with an abort reason.
    assert summary.aborted == 1
    assert summary.finished == 3
    assert summary.ok
    assert all(one.sent == one.replicated for one in summary.per_learner)


def test_candidate_lines_are_french_names_with_extra_time() -> None:
    lines = candidate_lines(30).splitlines()
    assert len(lines) == 30
    assert lines[0] == "MARTIN;Léa;04/05/2010;"
    assert any(line.endswith(";33") for line in lines)
    assert len(set(lines)) == 30  # beyond the list, names get a suffix: no duplicate


def test_the_command_prints_the_summary_and_a_json_line(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pixdesk",
            "demo",
            "--headless",
            "--learners",
            "3",
            "--minutes",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Réponses perdues : 0" in out.stdout
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["learners"] == 3
    assert figures["lost"] == 0
    assert figures["sent"] == figures["replicated"] > 0
    assert figures["finalised"] is True
