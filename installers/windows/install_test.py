"""Install the MSI silently, check the installed app, uninstall it: the Windows release check.

Run by .github/workflows/release.yml on a hosted Windows runner, as an administrator:
``python installers/windows/install_test.py pixdesk-<version>.msi``. Exits 1 on any problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from installers.verify_install import TEST_VALUES, check_installed
from installers.windows.msi_properties import (
    PROPERTIES,
    silent_install_command,
    silent_uninstall_command,
)


def msi_values() -> dict[str, str]:
    """Return the MSI properties that install :data:`TEST_VALUES`."""
    by_key = {key: prop for prop, key in PROPERTIES.items()}
    return {by_key[key]: value for key, value in TEST_VALUES.items()}


def install_dir() -> Path:
    """Return where the MSI installs pixdesk (64-bit Program Files)."""
    return Path(os.environ.get("PROGRAMW6432", r"C:\Program Files")) / "pixdesk"


def main(argv: list[str]) -> int:
    """Install, check, uninstall; print what went wrong."""
    msi = str(Path(argv[0]).resolve())
    problems: list[str] = []
    done = subprocess.run(silent_install_command(msi, msi_values(), "install.log"), check=False)
    if done.returncode != 0:
        print(f"install failed: msiexec exit code {done.returncode} (see install.log)")
        return 1
    cli = install_dir() / "pixdesk-cli.exe"
    problems += check_installed([str(cli)], TEST_VALUES)
    done = subprocess.run(silent_uninstall_command(msi, "uninstall.log"), check=False)
    if done.returncode != 0:
        problems.append(f"uninstall failed: msiexec exit code {done.returncode}")
    if cli.exists():
        problems.append(f"{cli} still there after uninstall")
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
