"""Export a planned session's pack for the console, signed with the school's center key.

Two steps in referent mode: :meth:`PackExporter.open_center_key` is slow on purpose
(Argon2id makes a stolen key file expensive to guess) and runs on a worker of its own;
:meth:`PackExporter.export` reads the store (the database worker) and writes the file
atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from pixdesk.crypto.center import Argon2Params, load_center_key
from pixdesk.crypto.keys import fingerprint
from pixdesk.domain.clock import Clock
from pixdesk.services.bank_setup import read_bank_key
from pixdesk.services.positioning_profiles import read_profiles_file
from pixdesk.services.session_pack import SessionPack, export_session_pack
from pixdesk.services.sessions import SessionPlanner

__all__ = ["ExportedPack", "PackExporter", "pack_file_name"]


@dataclass(frozen=True, slots=True)
class ExportedPack:
    """A pack written to disk, and the center key fingerprint the console will show."""

    path: Path
    pack: SessionPack
    center_fingerprint: str


def pack_file_name(number: int) -> str:
    """Return the file name of a session's pack (``.pixpack``, docs/session-pack.md)."""
    return f"session-{number}.pixpack"


class PackExporter:
    """Write session packs from this PC's store.

    Args:
        db: The open store.
        planner: To find the session's number (the file name).
        clock: Gives the pack's issue time.
        password_params: Argon2id costs of the invigilator password hash (tests pass cheap
            ones; None keeps the production defaults).
    """

    def __init__(
        self,
        db: Database,
        planner: SessionPlanner,
        *,
        clock: Clock,
        password_params: Argon2Params | None = None,
    ) -> None:
        self._db = db
        self._planner = planner
        self._clock = clock
        self._password_params = password_params

    def open_center_key(self, path: Path, passphrase: str) -> Ed25519PrivateKey:
        """Open the school's center key file with its passphrase (slow: Argon2id).

        Raises:
            CenterKeyError: ``WRONG_PASSPHRASE``, ``IO_ERROR``, ``MALFORMED``…
        """
        return load_center_key(path, passphrase)

    def export(
        self,
        session_id: str,
        *,
        center_key: Ed25519PrivateKey,
        folder: Path,
        profiles_file: Path | None = None,
        bank_key_file: Path | None = None,
    ) -> ExportedPack:
        """Write ``session-N.pixpack`` into ``folder`` (replacing an older one).

        Args:
            session_id: The session.
            center_key: The opened center key.
            folder: Where to write.
            profiles_file: The referent's positioning profiles (``positioning_profiles``).
            bank_key_file: The key file of the session's sealed bank (``pixdesk bank seal``),
                sealed into the pack for the console (docs/item-banks.md §9).

        Raises:
            PlanningError: ``SESSION_NOT_FOUND``.
            SessionPackError: ``EMPTY_SESSION``, ``IO_ERROR``, a field a console would refuse,
                or a bad profiles file.
            BankSetupError: the bank key file is missing, unreadable or not a key file.
        """
        number = self._planner.get_session(session_id).session.number
        path = folder / pack_file_name(number)
        profiles = read_profiles_file(profiles_file) if profiles_file is not None else None
        bank_key = read_bank_key(bank_key_file) if bank_key_file is not None else None
        pack = export_session_pack(
            self._db,
            session_id,
            path,
            center_key=center_key,
            clock=self._clock,
            password_params=self._password_params,
            profiles=profiles,
            bank_key=bank_key,
        )
        return ExportedPack(path, pack, fingerprint(center_key.public_key()))
