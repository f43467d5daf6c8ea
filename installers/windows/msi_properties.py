"""The MSI's public properties, the configuration keys they set, and the msiexec commands.

One table, used three ways: ``pixdesk.wxs`` declares the properties and passes them to
``pixdesk config set`` (tests check the two agree), docs/admin-guide.md documents them, and
the release workflow builds its silent install command from it.

Usage: ``python installers/windows/msi_properties.py install MSI [PROPERTY=VALUE ...]`` prints
the silent install command; ``... uninstall MSI`` the silent uninstall command.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Final

# The upgrade code never changes: Windows recognises every pixdesk version by it, which is
# what lets a new MSI replace the old one (MajorUpgrade). Generated once, for pixdesk.
UPGRADE_CODE: Final = "AE33513C-F2BE-4EDB-9A8B-E3C6A0D5B575"

# MSI property -> key of the machine configuration file (pixdesk/services/config.py).
PROPERTIES: Final[Mapping[str, str]] = {
    "MODE": "mode",
    "CONSOLE_ADDRESS": "console_address",
    "CENTER_PUBLIC_KEY": "center_public_key",
    "PLATFORM_URL": "platform_url",
    "PLATFORM_PUBLIC_KEY": "platform_public_key",
    "LANGUAGE": "language",
    "BANK_FILE": "bank_file",
    "BANK_KEY_FILE": "bank_key_file",
    # Last on the command line: a value ending in a backslash would swallow the closing quote.
    "DATA_DIR": "data_dir",
}


def config_set_arguments() -> str:
    """Return the ``pixdesk config set`` arguments the custom action passes (WiX syntax).

    Every property is passed, set or not: ``config set`` ignores empty values, so a repair
    or an upgrade without properties leaves the file as IT staff left it.
    """
    pairs = " ".join(f'{key}="[{prop}]"' for prop, key in PROPERTIES.items())
    return f"config set {pairs}"


def silent_install_command(msi: str, values: Mapping[str, str], log: str = "") -> list[str]:
    """Return the msiexec command installing ``msi`` silently for all users.

    Args:
        msi: The MSI file.
        values: Property -> value (only names from :data:`PROPERTIES`).
        log: A verbose log file, if wanted.

    Raises:
        ValueError: an unknown property name.
    """
    unknown = set(values) - set(PROPERTIES)
    if unknown:
        raise ValueError(f"unknown MSI properties: {sorted(unknown)}")
    command = ["msiexec", "/i", msi, "/qn", "/norestart"]
    if log:
        command += ["/l*v", log]
    return command + [f"{name}={values[name]}" for name in PROPERTIES if name in values]


def silent_uninstall_command(msi: str, log: str = "") -> list[str]:
    """Return the msiexec command removing the product ``msi`` installed, silently."""
    command = ["msiexec", "/x", msi, "/qn", "/norestart"]
    return command + (["/l*v", log] if log else [])


def main(argv: Sequence[str]) -> int:
    """Print a silent install or uninstall command, one argument per line."""
    if len(argv) < 2 or argv[0] not in ("install", "uninstall"):
        sys.stderr.write(__doc__ or "")
        return 2
    if argv[0] == "uninstall":
        command = silent_uninstall_command(argv[1])
    else:
        values = dict(pair.split("=", 1) for pair in argv[2:])
        command = silent_install_command(argv[1], values)
    sys.stdout.write("\n".join(command) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
