"""Degraded-mode pins: the console a station accepted for a session at its first join."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.keys import KeyFormatError, b64u_decode, b64u_encode, public_key_bytes


@dataclass(frozen=True, slots=True)
class PinnedConsole:
    """The console a station pinned for a session (degraded mode)."""

    session_number: str
    session_key: bytes
    tls_sha256: str


class PinStore(Protocol):
    """Where pins are kept: the station's encrypted store on a lab PC (an implementation the
    services inject, ``services.station_pins``: the lab never imports the store), memory in
    tests."""

    def get(self, session_number: str) -> PinnedConsole | None:
        """Return the pin of a session, if any."""
        ...

    def put(self, pin: PinnedConsole) -> None:
        """Record a pin (only ever called when none exists for the session)."""
        ...


class MemoryPinStore:
    """Pins kept in memory (tests; a demo)."""

    def __init__(self) -> None:
        """Start empty."""
        self._pins: dict[str, PinnedConsole] = {}

    def get(self, session_number: str) -> PinnedConsole | None:
        """Return the pin of a session, if any."""
        return self._pins.get(session_number)

    def put(self, pin: PinnedConsole) -> None:
        """Record a pin."""
        self._pins[pin.session_number] = pin


class FilePinStore:
    """Pins kept in a JSON file (written atomically), so they survive a station restart.

    Earlier versions kept a station's pins this way (``console-pins.json``); a station now
    imports that file into its store once (``services.station_pins``) and deletes it.
    """

    def __init__(self, path: Path) -> None:
        """Use ``path`` (created on the first pin)."""
        self._path = path

    def get(self, session_number: str) -> PinnedConsole | None:
        """Return the pin of a session, if any (an unreadable file counts as no pin)."""
        return _entry(session_number, self._read().get(session_number))

    def entries(self) -> tuple[PinnedConsole, ...]:
        """Return every readable pin of the file, by session number (none if unreadable)."""
        found = (_entry(number, entry) for number, entry in sorted(self._read().items()))
        return tuple(pin for pin in found if pin is not None)

    def put(self, pin: PinnedConsole) -> None:
        """Record a pin."""
        pins = self._read()
        pins[pin.session_number] = {
            "session_key": b64u_encode(pin.session_key),
            "tls_sha256": pin.tls_sha256,
        }
        data = json.dumps(pins, sort_keys=True, indent=2).encode("utf-8")
        write_file_atomically(self._path, data, mode=0o600)

    def _read(self) -> dict[str, object]:
        try:
            value = json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}


def _entry(session_number: str, entry: object) -> PinnedConsole | None:
    if not isinstance(entry, dict):
        return None
    try:
        key = b64u_decode(str(entry["session_key"]))
        return PinnedConsole(session_number, public_key_bytes(key), str(entry["tls_sha256"]))
    except (KeyError, ValueError, KeyFormatError):
        return None
