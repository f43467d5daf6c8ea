"""Where the station's key-encryption key (KEK) lives: the OS keyring or a 0600 secret file.

The keystore wraps its keys under one KEK (docs/crypto.md §6). A new KEK goes to the OS keystore
through ``keyring`` when a real backend exists, else to the ``machine-secret`` file; the
keystore records which in its ``"kek"`` entry, and later loads follow that record, never the
current preference, so a keyring that is unavailable one morning gives an error, not new keys.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from enum import StrEnum
from pathlib import Path
from typing import Any

from keyring import get_keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.keys import KEY_SIZE, b64u_decode, b64u_encode
from pixdesk.crypto.keystore_errors import (
    KeystoreError,
    KeystoreErrorCode,
    io_error,
    required_field,
)

__all__ = ["SECRET_FILE", "KekSource", "KekStorage", "keyring_backend_usable"]

SECRET_FILE = "machine-secret"  # noqa: S105 - a file name, not a secret
_SECRET_MAGIC = b"pixdesk-machine-secret-v1\n"


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


class KekStorage:
    """The KEK sources of one installation (see :class:`~pixdesk.crypto.keystore.Keystore`).

    Args:
        data_dir: The installation's data directory, home of the secret file.
        service: The keyring service name under which the KEK is stored.
        use_os_keyring: Where a *new* KEK goes: ``None`` a recommended OS keyring if any, else
            the secret file; ``True`` a keyring backend or an error; ``False`` the secret file.
        keyring_backend: The backend to use instead of ``keyring.get_keyring()``.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        service: str,
        use_os_keyring: bool | None,
        keyring_backend: KeyringBackend | None,
    ) -> None:
        """Remember the settings; nothing is read or written yet."""
        self._dir = data_dir
        self._service = service
        self._use_os_keyring = use_os_keyring
        self._backend = keyring_backend

    def create(self, installation_id: str) -> tuple[dict[str, str], bytes, str]:
        """Make and store a new KEK.

        Returns:
            The ``"kek"`` entry to record in the keystore, the KEK and where it lives
            (``"secret-file"`` or ``"os-keyring:<backend class>"``).

        Raises:
            KeystoreError: the OS keyring is required but unusable, or the disk said no.
        """
        if self._use_os_keyring is not False:
            backend, name = self._keyring()
            if keyring_backend_usable(backend, recommended_only=self._use_os_keyring is None):
                kek = secrets.token_bytes(KEY_SIZE)
                username = f"kek/{installation_id}"
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

    def load(self, kek_doc: dict[str, Any]) -> tuple[bytes, str]:
        """Return the KEK that ``kek_doc`` (the keystore's ``"kek"`` entry) names, and where.

        Raises:
            KeystoreError: the KEK is gone, corrupt, exposed or unreachable, or the entry
                names no known source.
        """
        source = kek_doc.get("source")
        if source == KekSource.SECRET_FILE.value:
            return self._file_kek(create=False), "secret-file"
        if source != KekSource.OS_KEYRING.value:
            raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, "unknown KEK source")
        service = required_field(kek_doc, "service", str)
        username = required_field(kek_doc, "username", str)
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

    def _keyring(self) -> tuple[KeyringBackend, str]:
        backend = self._backend if self._backend is not None else get_keyring()
        return backend, f"os-keyring:{type(backend).__module__}.{type(backend).__qualname__}"

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
            raise io_error(exc, path) from exc
        return kek


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
        raise io_error(exc, path) from exc
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read(len(_SECRET_MAGIC) + KEY_SIZE + 1)
    except OSError as exc:
        raise io_error(exc, path) from exc
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
