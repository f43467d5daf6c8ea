"""The ``pixdesk`` command as a user runs it."""

from __future__ import annotations

import subprocess
import sys

from pixdesk import __version__


def test_version_from_python_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pixdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"pixdesk {__version__}"


def test_unknown_command_fails_with_a_message() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pixdesk", "nimportequoi"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2
    assert "nimportequoi" in out.stderr
