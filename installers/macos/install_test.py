"""Install the app from the DMG, configure it, check it, remove it: the macOS release check.

Run by .github/workflows/release.yml on a hosted macOS runner (passwordless sudo):
``python installers/macos/install_test.py pixdesk-<version>.dmg``. Exits 1 on any problem.
macOS has no installer properties: IT staff write the machine configuration with
``pixdesk config set`` (as here) or deploy the TOML file with their MDM.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from installers.verify_install import TEST_VALUES, check_installed

APP = Path("/Applications/pixdesk.app")
EXECUTABLE = APP / "Contents" / "MacOS" / "pixdesk"


def main(argv: list[str]) -> int:
    """Attach the DMG, copy the app, configure, check, remove; print what went wrong."""
    dmg = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory(prefix="pixdesk-dmg-") as mount:
        subprocess.run(
            ["hdiutil", "attach", str(dmg), "-nobrowse", "-readonly", "-mountpoint", mount],
            check=True,
        )
        try:
            subprocess.run(["ditto", f"{mount}/pixdesk.app", str(APP)], check=True)
        finally:
            subprocess.run(["hdiutil", "detach", mount], check=True)
    # Gatekeeper must accept the signed, notarized app as a user would get it.
    subprocess.run(["spctl", "--assess", "--type", "execute", "--verbose", str(APP)], check=False)
    pairs = [f"{key}={value}" for key, value in TEST_VALUES.items()]
    subprocess.run(["sudo", str(EXECUTABLE), "config", "set", *pairs], check=True)
    problems = check_installed([str(EXECUTABLE)], TEST_VALUES)
    shutil.rmtree(APP)
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
