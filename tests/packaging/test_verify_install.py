"""The checks the release workflow runs after installing on Windows and macOS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from installers.verify_install import TEST_VALUES, check_installed, config_problems
from installers.windows.install_test import msi_values
from installers.windows.msi_properties import PROPERTIES


def test_msi_values_cover_the_test_configuration() -> None:
    values = msi_values()
    assert {PROPERTIES[name] for name in values} == set(TEST_VALUES)
    assert values["MODE"] == "learner"


def test_config_problems_lists_each_difference() -> None:
    shown = {"machine_file_found": True, "values": {**TEST_VALUES, "language": "en"}}
    assert config_problems(shown, TEST_VALUES) == ["language: expected 'fr', found 'en'"]
    assert config_problems({"machine_file_found": False, "machine_file": "x"}, {})[0].startswith(
        "machine configuration file not written"
    )


def test_check_installed_against_this_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same check, with the source checkout standing in for the installed app."""
    config = tmp_path / "pixdesk.toml"
    env = {**os.environ, "PIXDESK_CONFIG": str(config), "QT_QPA_PLATFORM": "offscreen"}
    pairs = [f"{key}={value}" for key, value in TEST_VALUES.items()]
    command = [sys.executable, "-m", "pixdesk"]
    subprocess.run([*command, "config", "set", *pairs], check=True, env=env, timeout=60)
    monkeypatch.setenv("PIXDESK_CONFIG", str(config))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert check_installed(command, TEST_VALUES) == []
    shown = subprocess.run(
        [*command, "config", "show", "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(shown.stdout)["values"]["console_address"] == "127.0.0.1:47474"
