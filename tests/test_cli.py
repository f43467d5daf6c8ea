"""The ``pixdesk`` command as a user runs it."""

from __future__ import annotations

import os
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


def run_pixdesk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PIXDESK_LANG"} | env
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def test_command_line_mistakes_are_explained_in_french_by_default() -> None:
    out = run_pixdesk("bank", "seal")
    assert out.returncode == 2
    assert out.stderr.startswith("usage : pixdesk bank seal")
    assert "erreur : arguments obligatoires manquants : DOSSIER, --out, --key-out" in out.stderr


def test_command_line_mistakes_follow_the_language_asked() -> None:
    assert (
        "error: the following arguments are required"
        in run_pixdesk("--lang", "en", "bank", "seal").stderr
    )
    assert (
        "error: the following arguments are required"
        in run_pixdesk("bank", "seal", PIXDESK_LANG="en").stderr
    )
    out = run_pixdesk("--lang=fr", "nimportequoi", PIXDESK_LANG="en")
    assert "choix invalide : 'nimportequoi'" in out.stderr
