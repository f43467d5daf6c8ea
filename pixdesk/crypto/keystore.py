"""The station's secrets: the database key and the station signing key, wrapped at rest.

Both are random and wrapped (AES-256-GCM) under keys derived with HKDF from one
key-encryption key (KEK). The KEK lives in the OS keystore through ``keyring`` when a real
backend exists, else in a 0600 machine-secret file (:mod:`pixdesk.crypto.kek`); the wrapped
keys live in ``keystore.json``, written once and never rewritten. Layout and reasons:
docs/crypto.md.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.kek import SECRET_FILE, KekSource, KekStorage, keyring_backend_usable
from pixdesk.crypto.keys import (
    KEY_SIZE,
    KeyFormatError,
    KeyPurpose,
    b64u_decode,
    b64u_encode,
    derive_key,
    generate_signing_key,
    private_key_from_bytes,
    private_key_to_bytes,
    public_key_bytes,
)
from pixdesk.crypto.keystore_errors import (
    KeystoreError,
    KeystoreErrorCode,
    io_error,
    required_field,
)

__all__ = [
    "FORMAT",
    "KEYSTORE_FILE",
    "SECRET_FILE",
    "VERSION",
    "KekSource",
    "Keystore",
    "KeystoreError",
    "KeystoreErrorCode",
    "keyring_backend_usable",
]

KEYSTORE_FILE = "keystore.json"
FORMAT = "pixdesk-keystore"
VERSION = 1
_NONCE_SIZE = 12
_INSTALLATION_ID_RE = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class _Secrets:
    installation_id: str
    backend_name: str
    database_key: bytes
    station_key: Ed25519PrivateKey


class Keystore:
    """The station's secrets in ``data_dir``, opened (or created) on first use.

    Args:
        data_dir: The installation's data directory (created 0700 if missing).
        service: The keyring service name under which the KEK is stored.
        use_os_keyring: ``None`` uses a recommended OS keyring when there is one, else the
            secret file; ``True`` requires a keyring backend; ``False`` uses the secret file.
            It only chooses where a *new* KEK goes: an existing keystore records its source.
        keyring_backend: The backend to use instead of ``keyring.get_keyring()``.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        service: str = "pixdesk",
        use_os_keyring: bool | None = None,
        keyring_backend: KeyringBackend | None = None,
    ) -> None:
        """Remember the settings; nothing is read until a key is asked for."""
        self._dir = Path(data_dir)
        self._kek = KekStorage(
            self._dir,
            service=service,
            use_os_keyring=use_os_keyring,
            keyring_backend=keyring_backend,
        )
        self._lock = threading.Lock()
        self._secrets: _Secrets | None = None

    @property
    def path(self) -> Path:
        """Return the path of the wrapped-keys file."""
        return self._dir / KEYSTORE_FILE

    def exists(self) -> bool:
        """Tell whether wrapped keys exist (the store refuses to create a key over a database)."""
        return self.path.exists()

    def database_key(self, *, create: bool = True) -> bytes:
        """Return the 32-byte database key, creating every secret on first use if allowed.

        Raises:
            KeystoreError: the keys cannot be opened, or none exist and ``create`` is False.
        """
        return self._open(create).database_key

    def station_key(self, *, create: bool = True) -> Ed25519PrivateKey:
        """Return the station's Ed25519 signing key (see :meth:`database_key`)."""
        return self._open(create).station_key

    @property
    def installation_id(self) -> str:
        """Return the random id of this installation (32 hex characters)."""
        return self._open(True).installation_id

    @property
    def backend_name(self) -> str:
        """Return where the KEK lives: ``"secret-file"`` or ``"os-keyring:<backend class>"``."""
        return self._open(True).backend_name

    def _open(self, create: bool) -> _Secrets:
        with self._lock:
            if self._secrets is None:
                raw = self._read_keystore()
                # Only "no file at all" means "first run": an empty or damaged file must never
                # lead to a new key, which would present the database as empty or lost.
                if raw is not None:
                    self._secrets = self._unwrap_all(raw)
                elif not create:
                    raise KeystoreError(KeystoreErrorCode.KEYSTORE_MISSING, path=str(self.path))
                else:
                    self._secrets = self._create()
            return self._secrets

    def _read_keystore(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise io_error(exc, self.path) from exc

    def _create(self) -> _Secrets:
        installation_id = secrets.token_hex(16)
        kek_doc, kek, backend_name = self._kek.create(installation_id)
        database_key = secrets.token_bytes(KEY_SIZE)
        station_key = generate_signing_key()
        doc = {
            "format": FORMAT,
            "v": VERSION,
            "installation_id": installation_id,
            "kek": kek_doc,
            "database_key": _wrap(kek, installation_id, _DB, database_key),
            "station_key": {
                **_wrap(kek, installation_id, _STATION, private_key_to_bytes(station_key)),
                "public_key": b64u_encode(public_key_bytes(station_key)),
            },
        }
        data = json.dumps(doc, indent=2, sort_keys=True).encode("utf-8") + b"\n"
        try:
            self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_file_atomically(self.path, data, overwrite=False)
        except FileExistsError:
            # Another process initialised the same directory first: its keys win.
            return self._unwrap_all(self._read_keystore() or b"")
        except OSError as exc:
            raise io_error(exc, self.path) from exc
        return _Secrets(installation_id, backend_name, database_key, station_key)

    def _unwrap_all(self, raw: bytes) -> _Secrets:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "not JSON") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "not a keystore")
        if doc.get("v") != VERSION:
            raise KeystoreError(KeystoreErrorCode.UNSUPPORTED_VERSION, version=str(doc.get("v")))
        installation_id = required_field(doc, "installation_id", str)
        if not _INSTALLATION_ID_RE.fullmatch(installation_id):
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "installation id")
        station_doc = required_field(doc, "station_key", dict)
        db_doc = required_field(doc, "database_key", dict)
        kek, backend_name = self._kek.load(required_field(doc, "kek", dict))
        database_key = _unwrap(kek, installation_id, _DB, db_doc)
        station_seed = _unwrap(kek, installation_id, _STATION, station_doc)
        try:
            station_key = private_key_from_bytes(station_seed)
            expected = b64u_decode(required_field(station_doc, "public_key", str))
        except (KeyFormatError, ValueError) as exc:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "station key") from exc
        if public_key_bytes(station_key) != expected or len(database_key) != KEY_SIZE:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "key mismatch")
        return _Secrets(installation_id, backend_name, database_key, station_key)


@dataclass(frozen=True, slots=True)
class _Wrapping:
    purpose: str  # goes into the associated data
    hkdf: KeyPurpose


_DB = _Wrapping("database-key", KeyPurpose.DB_KEY_WRAP)
_STATION = _Wrapping("station-signing-key", KeyPurpose.STATION_KEY_WRAP)


def _aad(installation_id: str, wrapping: _Wrapping) -> bytes:
    # Naming purpose and installation means a wrapped key moved to another field or copied
    # from another PC's keystore fails authentication instead of being accepted.
    return canonical_bytes({"installation_id": installation_id, "purpose": wrapping.purpose})


def _wrap(kek: bytes, installation_id: str, wrapping: _Wrapping, key: bytes) -> dict[str, str]:
    wrap_key = derive_key(kek, wrapping.hkdf, salt=bytes.fromhex(installation_id))
    nonce = secrets.token_bytes(_NONCE_SIZE)
    ciphertext = AESGCM(wrap_key).encrypt(nonce, key, _aad(installation_id, wrapping))
    return {"nonce": b64u_encode(nonce), "ciphertext": b64u_encode(ciphertext)}


def _unwrap(kek: bytes, installation_id: str, wrapping: _Wrapping, doc: dict[str, Any]) -> bytes:
    try:
        nonce = b64u_decode(required_field(doc, "nonce", str))
        ciphertext = b64u_decode(required_field(doc, "ciphertext", str))
    except ValueError as exc:
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, wrapping.purpose) from exc
    if len(nonce) != _NONCE_SIZE or len(ciphertext) != KEY_SIZE + 16:
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, wrapping.purpose)
    wrap_key = derive_key(kek, wrapping.hkdf, salt=bytes.fromhex(installation_id))
    try:
        return AESGCM(wrap_key).decrypt(nonce, ciphertext, _aad(installation_id, wrapping))
    except InvalidTag:
        raise KeystoreError(KeystoreErrorCode.UNWRAP_FAILED, wrapping.purpose) from None
