"""The console's own copy of each session it opened: ``<data dir>/console/<session id>/``.

``session.json`` lets a console that crashed or was closed open the same session again with
the same keys (stations pinned them; the session certificate names them):

- for a session from a pack, the pack's exact bytes (verified again at every opening);
- for a session created on the console, its fields and candidates;
- when the console drew the session key itself (a version 1 pack, or created here), the key
  and TLS key sealed under the invigilator password (docs/session-pack.md §5), with their
  public halves.

Nothing in it opens without the password, except what the room shows anyway (number, room,
candidates' names). The emergency sheet's PDF sits next to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.keys import b64u_decode, b64u_encode
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode

CONSOLE_DIR: Final = "console"
SESSION_FILE: Final = "session.json"
SHEET_FILE: Final = "feuille-de-secours.pdf"
FILE_FORMAT: Final = "pixdesk-console-session"
FILE_VERSION: Final = 1
MAX_FILE_BYTES: Final = 8 * 1024 * 1024


class Origin(StrEnum):
    """Where a console session came from."""

    PACK = "pack"  # the referent's session pack
    CREATED = "created"  # created on the console (no pack)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What the list of this PC's sessions shows (never a secret)."""

    number: int
    site: str
    room: str
    date: str
    start_time: str


@dataclass(frozen=True, slots=True)
class LocalKeys:
    """A session key and TLS certificate the console drew itself, the private parts sealed."""

    session_key: bytes
    tls_certificate: bytes
    secrets: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SessionFile:
    """The content of ``session.json``."""

    session_id: str
    origin: Origin
    summary: SessionSummary
    pack: bytes | None = None
    created: Mapping[str, Any] | None = None
    local_keys: LocalKeys | None = None


def session_dir(data_dir: Path, session_id: str) -> Path:
    """Return the folder of a session's console files."""
    return data_dir / CONSOLE_DIR / session_id


def write_session_file(directory: Path, file: SessionFile) -> None:
    """Write ``session.json`` atomically (0600), creating the folder (0700).

    Raises:
        ConsoleError: IO_ERROR.
    """
    doc: dict[str, Any] = {
        "format": FILE_FORMAT,
        "v": FILE_VERSION,
        "session_id": file.session_id,
        "origin": file.origin.value,
        "summary": {
            "number": file.summary.number,
            "site": file.summary.site,
            "room": file.summary.room,
            "date": file.summary.date,
            "start_time": file.summary.start_time,
        },
        "pack": None if file.pack is None else b64u_encode(file.pack),
        "created": None if file.created is None else dict(file.created),
        "local_keys": None
        if file.local_keys is None
        else {
            "session_key": b64u_encode(file.local_keys.session_key),
            "tls_certificate": b64u_encode(file.local_keys.tls_certificate),
            "secrets": dict(file.local_keys.secrets),
        },
    }
    data = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_file_atomically(directory / SESSION_FILE, data + b"\n", mode=0o600)
    except OSError as exc:
        raise ConsoleError(
            ConsoleErrorCode.IO_ERROR, {"path": str(directory), "detail": exc.strerror or ""}
        ) from exc


def read_session_file(directory: Path) -> SessionFile:
    """Read ``session.json``.

    Raises:
        ConsoleError: UNKNOWN_SESSION (no file), SESSION_FILE_DAMAGED, IO_ERROR.
    """
    path = directory / SESSION_FILE
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ConsoleError(ConsoleErrorCode.UNKNOWN_SESSION, {"path": str(directory)}) from None
    except OSError as exc:
        raise ConsoleError(
            ConsoleErrorCode.IO_ERROR, {"path": str(path), "detail": exc.strerror or ""}
        ) from exc
    try:
        return _parse(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise ConsoleError(ConsoleErrorCode.SESSION_FILE_DAMAGED, {"path": str(path)}) from exc


def list_session_files(data_dir: Path) -> list[SessionFile]:
    """Return the sessions this console opened, newest date first (damaged ones skipped)."""
    root = data_dir / CONSOLE_DIR
    found: list[SessionFile] = []
    if not root.is_dir():
        return found
    for directory in sorted(root.iterdir()):
        if (directory / SESSION_FILE).is_file():
            try:
                found.append(read_session_file(directory))
            except ConsoleError:
                continue
    found.sort(key=lambda f: (f.summary.date, f.summary.start_time), reverse=True)
    return found


def _parse(data: bytes) -> SessionFile:
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("too big")
    doc = json.loads(data.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise ValueError("format")
    if doc.get("v") != FILE_VERSION:
        raise ValueError("version")
    summary = doc["summary"]
    number = summary["number"]
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError("number")
    texts = [summary[name] for name in ("site", "room", "date", "start_time")]
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("summary")
    session_id = doc["session_id"]
    if not isinstance(session_id, str) or not session_id.isalnum():
        raise ValueError("session_id")
    origin = Origin(doc["origin"])
    pack = doc["pack"]
    created = doc["created"]
    keys = doc["local_keys"]
    if (origin is Origin.PACK) != isinstance(pack, str):
        raise ValueError("pack")
    if (origin is Origin.CREATED) != isinstance(created, dict):
        raise ValueError("created")
    local_keys = None
    if keys is not None:
        if not isinstance(keys, dict) or not isinstance(keys["secrets"], dict):
            raise TypeError("local_keys")
        local_keys = LocalKeys(
            b64u_decode(keys["session_key"]), b64u_decode(keys["tls_certificate"]), keys["secrets"]
        )
    return SessionFile(
        session_id=session_id,
        origin=origin,
        summary=SessionSummary(number, *texts),
        pack=b64u_decode(pack) if isinstance(pack, str) else None,
        created=created,
        local_keys=local_keys,
    )
