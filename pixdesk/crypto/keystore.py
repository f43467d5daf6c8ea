"""The station's secrets: the database key and the station signing key, wrapped at rest.

Both are random and wrapped (AES-256-GCM) under keys derived with HKDF from one
key-encryption key (KEK). The KEK lives in the OS keystore through ``keyring`` when a real
backend exists, else in a 0600 machine-secret file; the wrapped keys live in
``keystore.json``, written once and never rewritten. Layout and reasons: docs/crypto.md.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring import get_keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import (
    KEY_SIZE,
    CryptoError,
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

KEYSTORE_FILE = "keystore.json"
SECRET_FILE = "machine-secret"  # noqa: S105 - a file name, not a secret
FORMAT = "pixdesk-keystore"
VERSION = 1
_SECRET_MAGIC = b"pixdesk-machine-secret-v1\n"
_NONCE_SIZE = 12
_T = TypeVar("_T")
_INSTALLATION_ID_RE = re.compile(r"[0-9a-f]{32}")


class KeystoreErrorCode(StrEnum):
    """Why the station's secrets could not be opened or created."""

    KEYSTORE_MISSING = "KEYSTORE_MISSING"  # asked not to create, and none exists
    KEK_BACKEND_UNAVAILABLE = "KEK_BACKEND_UNAVAILABLE"  # OS keyring needed but none usable
    KEK_BACKEND_ERROR = "KEK_BACKEND_ERROR"  # the OS keyring refused (locked, no D-Bus…)
    KEK_MISSING = "KEK_MISSING"  # wrapped keys exist, but their KEK is gone
    KEK_CORRUPT = "KEK_CORRUPT"  # the KEK entry or secret file is not a KEK
    # readable by others, owned by another user, or a symlink
    SECRET_FILE_PERMISSIONS = "SECRET_FILE_PERMISSIONS"  # noqa: S105 - a code, not a secret
    WRAPPED_KEY_CORRUPT = "WRAPPED_KEY_CORRUPT"  # keystore.json unreadable or incomplete
    UNWRAP_FAILED = "UNWRAP_FAILED"  # authentication failed: another KEK, or altered bytes
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"  # written by a newer pixdesk
    IO_ERROR = "IO_ERROR"  # the disk said no


class KeystoreError(CryptoError):
    """An expected problem with the station's secrets (never a reason to make new ones)."""

    code: KeystoreErrorCode

    def __init__(self, code: KeystoreErrorCode, detail: str = "", **params: str) -> None:
        """Build the error from its code, a detail for logs and named parameters."""
        super().__init__(code, detail, **params)


class KekSource(StrEnum):
    """Where the key-encryption key lives."""

    OS_KEYRING = "os-keyring"
    SECRET_FILE = "secret-file"  # noqa: S105 - a name, not a secret


def keyring_backend_usable(backend: KeyringBackend, *, recommended_only: bool) -> bool:
    """Tell whether a keyring backend can really keep a secret.

    ``fail`` and ``null`` keep nothing, and a chainer is only as good as what it chains.
    With ``recommended_only``, backends below keyring's own "recommended" priority (1) are
    refused too: the plaintext files of ``keyrings.alt`` protect no better than our 0600 file.
    """
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        chained: list[KeyringBackend] = list(backend.backends)
        return any(keyring_backend_usable(b, recommended_only=recommended_only) for b in chained)
    return not recommended_only or float(backend.priority) >= 1


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
        self._service = service
        self._use_os_keyring = use_os_keyring
        self._backend = keyring_backend
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
            raise _io_error(exc, self.path) from exc

    def _keyring(self) -> tuple[KeyringBackend, str]:
        backend = self._backend if self._backend is not None else get_keyring()
        return backend, f"os-keyring:{type(backend).__module__}.{type(backend).__qualname__}"

    def _keyring_username(self, installation_id: str) -> str:
        return f"kek/{installation_id}"

    def _create(self) -> _Secrets:
        installation_id = secrets.token_hex(16)
        kek_doc, kek, backend_name = self._new_kek(installation_id)
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
            raise _io_error(exc, self.path) from exc
        return _Secrets(installation_id, backend_name, database_key, station_key)

    def _new_kek(self, installation_id: str) -> tuple[dict[str, str], bytes, str]:
        if self._use_os_keyring is not False:
            backend, name = self._keyring()
            if keyring_backend_usable(backend, recommended_only=self._use_os_keyring is None):
                kek = secrets.token_bytes(KEY_SIZE)
                username = self._keyring_username(installation_id)
                try:
                    backend.set_password(self._service, username, b64u_encode(kek))
                    stored = backend.get_password(self._service, username)
                except KeyringError as exc:
                    if self._use_os_keyring:
                        detail = type(exc).__name__
                        raise KeystoreError(KeystoreErrorCode.KEK_BACKEND_ERROR, detail) from exc
                    stored = None  # automatic mode: a broken keyring falls back to the file
                if stored == b64u_encode(kek):
                    doc = {"source": KekSource.OS_KEYRING.value, "service": self._service}
                    return {**doc, "username": username}, kek, name
                if self._use_os_keyring:
                    raise KeystoreError(KeystoreErrorCode.KEK_BACKEND_ERROR, "read-back differs")
            elif self._use_os_keyring:
                raise KeystoreError(KeystoreErrorCode.KEK_BACKEND_UNAVAILABLE, backend=name)
        return {"source": KekSource.SECRET_FILE.value}, self._file_kek(create=True), "secret-file"

    def _file_kek(self, *, create: bool) -> bytes:
        path = self._dir / SECRET_FILE
        try:
            return _read_secret_file(path)
        except FileNotFoundError:
            if not create:
                raise KeystoreError(KeystoreErrorCode.KEK_MISSING, path=str(path)) from None
        kek = secrets.token_bytes(KEY_SIZE)
        try:
            self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_file_atomically(path, _SECRET_MAGIC + kek, mode=0o600, overwrite=False)
        except FileExistsError:
            return _read_secret_file(path)  # created meanwhile by another process: use it
        except OSError as exc:
            raise _io_error(exc, path) from exc
        return kek

    def _existing_kek(self, kek_doc: dict[str, Any]) -> tuple[bytes, str]:
        source = kek_doc.get("source")
        if source == KekSource.SECRET_FILE.value:
            return self._file_kek(create=False), "secret-file"
        if source != KekSource.OS_KEYRING.value:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "unknown KEK source")
        service, username = _field(kek_doc, "service", str), _field(kek_doc, "username", str)
        backend, name = self._keyring()
        if not keyring_backend_usable(backend, recommended_only=False):
            raise KeystoreError(KeystoreErrorCode.KEK_BACKEND_UNAVAILABLE, backend=name)
        try:
            stored = backend.get_password(service, username)
        except KeyringError as exc:
            detail = type(exc).__name__
            raise KeystoreError(KeystoreErrorCode.KEK_BACKEND_ERROR, detail) from exc
        if stored is None:
            raise KeystoreError(KeystoreErrorCode.KEK_MISSING, backend=name)
        try:
            kek = b64u_decode(stored)
        except ValueError:
            kek = b""
        if len(kek) != KEY_SIZE:
            raise KeystoreError(KeystoreErrorCode.KEK_CORRUPT, backend=name)
        return kek, name

    def _unwrap_all(self, raw: bytes) -> _Secrets:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "not JSON") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "not a keystore")
        if doc.get("v") != VERSION:
            raise KeystoreError(KeystoreErrorCode.UNSUPPORTED_VERSION, version=str(doc.get("v")))
        installation_id = _field(doc, "installation_id", str)
        if not _INSTALLATION_ID_RE.fullmatch(installation_id):
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "installation id")
        station_doc = _field(doc, "station_key", dict)
        db_doc = _field(doc, "database_key", dict)
        kek, backend_name = self._existing_kek(_field(doc, "kek", dict))
        database_key = _unwrap(kek, installation_id, _DB, db_doc)
        station_seed = _unwrap(kek, installation_id, _STATION, station_doc)
        try:
            station_key = private_key_from_bytes(station_seed)
            expected = b64u_decode(_field(station_doc, "public_key", str))
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
        nonce = b64u_decode(_field(doc, "nonce", str))
        ciphertext = b64u_decode(_field(doc, "ciphertext", str))
    except ValueError as exc:
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, wrapping.purpose) from exc
    if len(nonce) != _NONCE_SIZE or len(ciphertext) != KEY_SIZE + 16:
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, wrapping.purpose)
    wrap_key = derive_key(kek, wrapping.hkdf, salt=bytes.fromhex(installation_id))
    try:
        return AESGCM(wrap_key).decrypt(nonce, ciphertext, _aad(installation_id, wrapping))
    except InvalidTag:
        raise KeystoreError(KeystoreErrorCode.UNWRAP_FAILED, wrapping.purpose) from None


def _field(doc: dict[str, Any], name: str, kind: type[_T]) -> _T:
    value = doc.get(name)
    if not isinstance(value, kind):
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, f"field {name}")
    return value


def _read_secret_file(path: Path) -> bytes:
    """Read the KEK from the machine-secret file, refusing one that others could have read.

    Raises:
        FileNotFoundError: there is no secret file.
        KeystoreError: the file is exposed (mode, owner, symlink), unreadable or not a KEK.
    """
    # O_NOFOLLOW, then fstat on the open descriptor: what is checked is what is read.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise KeystoreError(
                KeystoreErrorCode.SECRET_FILE_PERMISSIONS, "symlink", path=str(path)
            ) from exc
        raise _io_error(exc, path) from exc
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read(len(_SECRET_MAGIC) + KEY_SIZE + 1)
    except OSError as exc:
        raise _io_error(exc, path) from exc
    # Windows has no mode bits: there the file relies on the data directory's ACL.
    exposed = os.name == "posix" and (info.st_mode & 0o077 != 0 or info.st_uid != os.geteuid())
    if not stat.S_ISREG(info.st_mode) or exposed:
        raise KeystoreError(
            KeystoreErrorCode.SECRET_FILE_PERMISSIONS,
            f"mode {stat.filemode(info.st_mode)}; expected -rw------- owned by this user",
            path=str(path),
        )
    if len(data) != len(_SECRET_MAGIC) + KEY_SIZE or not data.startswith(_SECRET_MAGIC):
        raise KeystoreError(KeystoreErrorCode.KEK_CORRUPT, path=str(path))
    return data[len(_SECRET_MAGIC) :]


def _io_error(exc: OSError, path: Path) -> KeystoreError:
    return KeystoreError(KeystoreErrorCode.IO_ERROR, exc.strerror or "", path=str(path))


def write_file_atomically(
    path: Path, data: bytes, *, mode: int = 0o600, overwrite: bool = True
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Temp file in the same directory, fsync, then rename (``overwrite``) or hard link (not
    ``overwrite``: the link fails if ``path`` exists, so a secret is never replaced by a
    racing writer), then fsync of the directory so the new name survives a power cut.

    Raises:
        FileExistsError: ``overwrite`` is False and ``path`` exists.
        OSError: the write failed; ``path`` is unchanged and no temp file is left.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)  # the umask must not widen or narrow it
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_no_clobber(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _publish_no_clobber(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links (FAT on a USB key): a check then a rename, which
        # leaves only a narrow race between two first runs.
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(tmp, path)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
