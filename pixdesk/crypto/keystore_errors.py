"""The errors of the station keystore, shared by the keystore and its KEK sources."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from pixdesk.crypto.keys import CryptoError

__all__ = ["KeystoreError", "KeystoreErrorCode", "io_error", "required_field"]

_T = TypeVar("_T")


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


def io_error(exc: OSError, path: Path) -> KeystoreError:
    """Return the ``IO_ERROR`` for ``exc`` on ``path`` (the OS message, never the data)."""
    return KeystoreError(KeystoreErrorCode.IO_ERROR, exc.strerror or "", path=str(path))


def required_field(doc: dict[str, Any], name: str, kind: type[_T]) -> _T:
    """Return ``doc[name]`` if it is a ``kind``; anything else means a damaged keystore."""
    value = doc.get(name)
    if not isinstance(value, kind):
        raise KeystoreError(KeystoreErrorCode.WRAPPED_KEY_CORRUPT, f"field {name}")
    return value
