"""`pixdesk --self-test`: one line per check, exit 0 only if all pass (as the frozen app runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pixdesk import __version__
from pixdesk.services.checks import CheckResult, CheckStatus, run_check
from pixdesk.services.self_test import check_bundle, check_pdf, check_store, check_translations


def self_test(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_global_flag_runs_every_check_in_french() -> None:
    done = self_test("--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Auto-test de pixdesk {__version__}"
    assert len(lines) == 6  # store, bundle, PDF, translations, interface
    assert all(line.startswith("[OK] ") for line in lines[1:]), lines
    assert "Magasin chiffré" in lines[1]
    assert "Lot de session" in lines[2]
    assert "fenêtre principale" in lines[5]


def test_command_spelling_in_english_without_gui() -> None:
    done = self_test("--lang", "en", "self-test", "--no-gui")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"pixdesk self-test {__version__}"
    assert (
        lines[1] == "[OK] Encrypted store: created, event appended, reopened and journal verified"
    )
    assert len(lines) == 5


def test_json_output_and_no_display_skips_the_gui() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "pixdesk", "--self-test", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    results = {r["check"]: r["status"] for r in json.loads(done.stdout)}
    if sys.platform.startswith("linux"):
        assert results == {
            "store": "pass",
            "bundle": "pass",
            "pdf": "pass",
            "translations": "pass",
            "gui": "skip",
        }
    assert done.returncode == 0


@pytest.mark.parametrize(
    "check", [check_store, check_bundle, check_pdf, lambda: check_translations("fr")]
)
def test_each_check_passes_here(check: object) -> None:
    assert callable(check)
    result = check()
    assert isinstance(result, CheckResult)
    assert result.status is CheckStatus.PASS, result.message


def test_a_crashing_check_is_a_failure_not_a_crash() -> None:
    def broken() -> CheckResult:
        raise RuntimeError("boom")

    result = run_check("broken", broken)
    assert result.status is CheckStatus.FAIL
    assert "RuntimeError: boom" in result.message


def test_a_failing_check_makes_the_exit_code_nonzero() -> None:
    # A Qt platform that does not exist: the GUI child fails, the self-test must say so.
    done = self_test("--self-test", env={"QT_QPA_PLATFORM": "nosuchplatform"})
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].startswith("[ÉCHEC] Interface")
