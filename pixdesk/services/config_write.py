"""Write the machine configuration file: what the MSI (and ``pixdesk config set``) do.

Only the keys given change; the others keep their value, so re-running the installer (a
repair, a major upgrade) without properties leaves an IT-written file as it was. The merged
file is validated *before* it replaces the old one, and written atomically: a bad value never
reaches the disk, and a power cut leaves the old file or the new one.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from pixdesk.atomicfile import write_file_atomically
from pixdesk.services.config import KEYS, parse_config
from pixdesk.services.config_errors import ConfigError, ConfigErrorCode

__all__ = ["format_config", "update_config_file"]

_HEADER: Final = (
    "# pixdesk machine configuration (docs/admin-guide.md lists every key).\n"
    "# Written by the pixdesk installer or `pixdesk config set`; you may edit it by hand.\n"
)
# Readable by every account (pupils' sessions read it), writable by administrators only:
# it holds addresses and public keys, never a secret.
_FILE_MODE: Final = 0o644


def format_config(values: Mapping[str, str]) -> str:
    """Return the TOML text of ``values``, in the documented key order.

    JSON's string form is also a valid TOML basic string (same escapes), which spares a TOML
    writer dependency for flat string keys.
    """
    unknown = set(values) - set(KEYS)
    if unknown:
        raise ValueError(f"unknown configuration keys: {sorted(unknown)}")
    lines = [
        f"{key} = {json.dumps(values[key], ensure_ascii=False)}" for key in KEYS if key in values
    ]
    return _HEADER + "\n".join(lines) + "\n"


def update_config_file(path: Path, updates: Mapping[str, str]) -> dict[str, str]:
    """Set ``updates`` in the configuration file at ``path``, keeping its other keys.

    Args:
        path: The machine file (created with its directory if missing).
        updates: Key to new value; an empty value removes the key (back to its default).

    Returns:
        The keys and values now in the file.

    Raises:
        ConfigError: an update is invalid (nothing is written), the existing file is not a
            valid configuration (it is left for a person to fix), or the disk refused.
    """
    current: dict[str, str] = {}
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(ConfigErrorCode.UNREADABLE, path, detail=str(exc)) from exc
        parse_config(text, source=path)
        current = {k: v for k, v in tomllib.loads(text).items() if isinstance(v, str)}
    for key, value in updates.items():
        if key not in KEYS:
            raise ConfigError(ConfigErrorCode.UNKNOWN_KEY, path, key, ", ".join(KEYS))
        if value.strip():
            current[key] = value.strip()
        else:
            current.pop(key, None)
    text = format_config(current)
    parse_config(text, source=path)  # the file is only written if it will load
    try:
        # 0o755: every account (pupils' sessions) reads the file; the umask may narrow it.
        path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        write_file_atomically(path, text.encode("utf-8"), mode=_FILE_MODE)
    except OSError as exc:
        raise ConfigError(ConfigErrorCode.NOT_WRITABLE, path, detail=exc.strerror or "") from exc
    return current
