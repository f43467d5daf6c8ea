"""Check an installed pixdesk: its self-test passes and its configuration is what was asked.

Shared by the Windows and macOS install tests of the release workflow (which install the
real MSI or DMG on hosted runners); the comparison logic is tested on Linux
(tests/packaging/test_verify_install.py).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from typing import Final

# What the release workflow installs with: a valid key (the public DEMO platform key) and a
# loopback console, so that nothing on the runner's network is ever contacted.
TEST_VALUES: Final[Mapping[str, str]] = {
    "mode": "learner",
    "console_address": "127.0.0.1:47474",
    "center_public_key": "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw",
    "platform_url": "https://plateforme.example/api",
    "platform_public_key": "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw",
    "language": "fr",
}


def config_problems(shown: Mapping[str, object], expected: Mapping[str, str]) -> list[str]:
    """Compare ``pixdesk config show --json`` output with the values that were installed.

    Args:
        shown: The parsed JSON document.
        expected: Configuration key -> value given at install time.

    Returns:
        One line per difference; empty when all match.
    """
    problems: list[str] = []
    if not shown.get("machine_file_found"):
        problems.append(f"machine configuration file not written: {shown.get('machine_file')}")
    values = shown.get("values")
    if not isinstance(values, dict):
        return [*problems, "no 'values' in config show output"]
    for key, want in expected.items():
        if values.get(key) != want:
            problems.append(f"{key}: expected {want!r}, found {values.get(key)!r}")
    return problems


def check_installed(command: Sequence[str], expected: Mapping[str, str]) -> list[str]:
    """Run the installed pixdesk's self-test and compare its configuration.

    Args:
        command: How to start the installed pixdesk (its console executable).
        expected: The configuration values given to the installer.

    Returns:
        The problems found; empty when the installation is good.
    """
    problems: list[str] = []
    test = subprocess.run([*command, "--self-test"], capture_output=True, text=True, check=False)
    print(test.stdout, test.stderr, sep="\n")
    if test.returncode != 0:
        problems.append(f"self-test failed with exit code {test.returncode}")
    shown = subprocess.run(
        [*command, "config", "show", "--json"], capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        return [*problems, f"config show failed: {shown.stderr.strip()}"]
    return problems + config_problems(json.loads(shown.stdout), expected)
