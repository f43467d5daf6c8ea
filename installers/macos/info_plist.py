"""Fill in the Info.plist template for a version; build.spec passes the result to BUNDLE().

Usage: ``python installers/macos/info_plist.py VERSION OUT`` writes the filled-in file.
"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().with_name("Info.plist")
# CFBundleVersion must be one to three dot-separated integers for macOS and the App Store.
_BUNDLE_VERSION = re.compile(r"\d+(\.\d+){0,2}")


def bundle_version(version: str) -> str:
    """Return ``version`` as macOS wants it: ``0.2.0.dev1`` becomes ``0.2.0``."""
    match = _BUNDLE_VERSION.match(version)
    if match is None:
        raise ValueError(f"no numeric version in {version!r}")
    return match.group(0)


def info_plist(version: str) -> dict[str, Any]:
    """Return the Info.plist dictionary of pixdesk ``version``."""
    text = TEMPLATE.read_text(encoding="utf-8").replace("@VERSION@", bundle_version(version))
    data: dict[str, Any] = plistlib.loads(text.encode("utf-8"))
    return data


def main(argv: list[str]) -> int:
    """Write the filled-in Info.plist of ``argv[0]`` (the version) to ``argv[1]``."""
    version, out = argv
    Path(out).write_bytes(plistlib.dumps(info_plist(version)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
