"""Supervisor mode's services, built once by ``app.run_supervisor`` and handed to the UI.

The UI calls these on its task runner (never on the Qt thread): opening is slow (Argon2id),
starting opens the store and the network, actions wait for a station's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import fingerprint
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.domain.clock import Clock
from pixdesk.lab.loop_thread import LabThread
from pixdesk.services.console_notices import ConsoleListener
from pixdesk.services.console_runtime import Console, ConsoleSettings
from pixdesk.services.console_session import ConsoleSession, ConsoleSessions, KnownSession
from pixdesk.services.console_values import SessionDraftHere
from pixdesk.services.station_store import StationStore

StoreOpener = Callable[[], StationStore]


@dataclass
class _Running:
    console: Console
    stores: tuple[StationStore, StationStore]


class SupervisorService:
    """Open or create the session, then run its room.

    Args:
        data_dir: This PC's data directory.
        center_public_key: The school's provisioned center key (None: only sessions created
            on the console can be opened).
        clock: The console's clock.
        lab: The lab thread (started by the caller, stopped by it).
        open_store: Opens this PC's store on a new connection (two per running room: the
            console's worker and the hub's replica writer).
        settings: Address, discovery, resume codes.
        kdf_params: Argon2id costs of what the console seals (tests pass cheap ones).
        bank_key: The sealed bank's key for sessions created here (and packs without one).
    """

    def __init__(
        self,
        *,
        data_dir: Path,
        center_public_key: Ed25519PublicKey | None,
        clock: Clock,
        lab: LabThread,
        open_store: StoreOpener,
        settings: ConsoleSettings | None = None,
        kdf_params: Argon2Params | None = None,
        bank_key: BankKey | None = None,
    ) -> None:
        self._sessions = ConsoleSessions(
            data_dir,
            center_public_key=center_public_key,
            clock=clock,
            kdf_params=kdf_params,
            bank_key=bank_key,
        )
        self._clock = clock
        self._lab = lab
        self._open_store = open_store
        self._settings = settings or ConsoleSettings()
        self._running: _Running | None = None
        self.center_fingerprint = (
            fingerprint(center_public_key) if center_public_key is not None else None
        )

    def known_sessions(self) -> tuple[KnownSession, ...]:
        """Return the sessions this PC opened before (to reopen one after a restart)."""
        return self._sessions.known()

    def open_pack(self, path: Path, password: str) -> ConsoleSession:
        """Open a session pack (slow). Raises ``ConsoleError``."""
        return self._sessions.open_pack(path, password)

    def open_known(self, session_id: str, password: str) -> ConsoleSession:
        """Open again a session of this PC (slow). Raises ``ConsoleError``."""
        return self._sessions.open_known(session_id, password)

    def create_here(self, draft: SessionDraftHere) -> ConsoleSession:
        """Create a session on the console. Raises ``ConsoleError`` (INVALID_SESSION…)."""
        return self._sessions.create_here(draft)

    def start(self, session: ConsoleSession, listener: ConsoleListener) -> Console:
        """Run the session's room (stops the one running, if any).

        Raises:
            ConsoleError: PORT_IN_USE, NETWORK_ERROR.
            StoreError: the store cannot be opened.
        """
        self.stop()
        store = self._open_store()
        try:
            replica = self._open_store()
        except BaseException:
            store.close()
            raise
        console = Console(
            session,
            store=store,
            replica=replica,
            lab=self._lab,
            clock=self._clock,
            settings=self._settings,
            listener=listener,
        )
        try:
            console.start()
        except BaseException:
            console.close()
            store.close()
            replica.close()
            raise
        self._running = _Running(console, (store, replica))
        return console

    def stop(self) -> None:
        """Stop the running room, if any (stations keep working and reconnect later)."""
        running, self._running = self._running, None
        if running is None:
            return
        running.console.close()
        for store in running.stores:
            store.close()
