"""What the referent tells pixdesk once about the school: its UAI, its name, its center key.

Kept in a small JSON file in the data directory, next to the store: these are preferences
of this PC, not planning data, and none of them is a secret (the center key file stays where
the referent keeps it; only its path is remembered). Written atomically.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from pixdesk.atomicfile import write_file_atomically

__all__ = ["SETTINGS_FILENAME", "SchoolSettings", "SchoolSettingsFile", "normalise_uai"]

log = logging.getLogger(__name__)

SETTINGS_FILENAME: Final = "referent.json"
UAI_PATTERN: Final = re.compile(r"[0-9]{7}[A-Z]")
_FIELDS: Final = ("uai", "name", "center_key_path")


def normalise_uai(text: str) -> str | None:
    """Return the UAI written in ``text`` (trimmed, uppercase), or None if it is not one."""
    uai = text.strip().upper()
    return uai if UAI_PATTERN.fullmatch(uai) else None


@dataclass(frozen=True, slots=True)
class SchoolSettings:
    """The school as this PC knows it.

    Attributes:
        uai: The school's UAI (``0781234A``); SIECLE files of another school are refused.
        name: The certification centre's name, printed on the documents.
        center_key_path: Where the center key file was last opened from ("" if never).
    """

    uai: str = ""
    name: str = ""
    center_key_path: str = ""


class SchoolSettingsFile:
    """Read and write the school settings of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_FILENAME

    def load(self) -> SchoolSettings:
        """Return the saved settings; empty ones if the file is missing or unreadable.

        An unreadable file costs the referent one question (the UAI again), never a refusal
        to start, so it is logged and ignored.
        """
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return SchoolSettings()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("ignoring unreadable school settings %s: %s", self.path, exc)
            return SchoolSettings()
        if not isinstance(doc, dict):
            log.warning("ignoring school settings %s: not an object", self.path)
            return SchoolSettings()
        values = {key: doc[key] for key in _FIELDS if isinstance(doc.get(key), str)}
        settings = SchoolSettings(**values)
        if settings.uai and normalise_uai(settings.uai) != settings.uai:
            settings = SchoolSettings("", settings.name, settings.center_key_path)
        return settings

    def save(self, settings: SchoolSettings) -> SchoolSettings:
        """Write ``settings`` (the UAI normalised) and return what was written.

        Raises:
            ValueError: The UAI is not empty and not 7 digits then a letter (a caller's bug:
                the dialog checks it first).
            OSError: The file cannot be written; the old one is kept.
        """
        uai = normalise_uai(settings.uai) if settings.uai.strip() else ""
        if uai is None:
            raise ValueError(f"malformed UAI: {settings.uai!r}")
        saved = SchoolSettings(uai, settings.name.strip(), settings.center_key_path)
        data = json.dumps(asdict(saved), ensure_ascii=False, indent=2, sort_keys=True)
        write_file_atomically(self.path, data.encode("utf-8") + b"\n", mode=0o600)
        return saved
