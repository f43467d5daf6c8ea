"""Open this PC's store: keys from the keystore, the encrypted database, the station journal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from pixdesk.crypto.keys import fingerprint, key_id
from pixdesk.crypto.keystore import Keystore
from pixdesk.store.database import open_database
from pixdesk.store.journal import Journal
from pixdesk.store.paths import data_dir, database_path, ensure_data_dir

STATION_ID_LENGTH = 16


@dataclass(frozen=True, slots=True)
class StationStore:
    """What a station works with once its store is open."""

    data_dir: Path
    db: Database
    journal: Journal
    station_id: str
    fingerprint: str  # shown to people so they can compare screens

    def close(self) -> None:
        """Close the database connection."""
        self.db.conn.close()


def station_id_of(keystore: Keystore) -> str:
    """Return the station id: derived from its public key, so no station can take another's."""
    return key_id(keystore.station_key().public_key())[:STATION_ID_LENGTH]


def open_station_store(
    override: Path | None = None, *, keystore: Keystore | None = None
) -> StationStore:
    """Open (creating on first run) the store of this installation.

    Args:
        override: The data directory (``--data-dir`` or the machine config); the platform's
            per-user data directory when None.
        keystore: The keystore to take keys from; one in the data directory when None.

    Raises:
        KeystoreError: the keys cannot be read; never replaced by new ones while a database
            exists, since a new key would make the existing answers look like an empty store.
        StoreError: the database cannot be opened (wrong key, corrupt, from a newer pixdesk…).
    """
    directory = ensure_data_dir(data_dir(override))
    keys = keystore or Keystore(directory)
    path = database_path(directory)
    existing = path.exists()
    db_key = keys.database_key(create=not existing)
    signing_key = keys.station_key(create=False)
    db = open_database(path, db_key, create=not existing)
    try:
        station = station_id_of(keys)
        journal = Journal(db, station, signing_key)
    except BaseException:
        db.conn.close()
        raise
    return StationStore(
        data_dir=directory,
        db=db,
        journal=journal,
        station_id=station,
        fingerprint=fingerprint(signing_key.public_key()),
    )
