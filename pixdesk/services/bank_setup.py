"""The item bank files named by the machine configuration (docs/admin-guide.md §2).

``bank_file``: the sealed bank (``.pxbank``) a lab PC runs learner mode on. Only its header
can be checked before the key arrives (docs/item-banks.md §9): the file must exist, be
readable, be a sealed bank with a sound header, and have exactly the size the header gives (a
cut or padded copy is refused at start, not mid-session). An altered ciphertext is found when
the key opens it (the station then refuses the key, ``BANK_KEY_INVALID``).

``bank_key_file``: the sealed bank's key, on the console PC, for the sessions it creates on the
spot. It is read whole and checked; its content is never quoted in a message.

Every refusal is a :class:`BankSetupError` whose message, translated, names the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.platform_keys import read_public_key_file
from pixdesk.crypto.sealed_bank import (
    BankKey,
    SealedBankError,
    SealedBankErrorCode,
    SealedBankHeader,
    read_header_file,
    read_key_file,
)
from pixdesk.i18n import _
from pixdesk.services.config import MachineConfig
from pixdesk.services.station_bank import (
    RESOURCES,
    SealedStationBank,
    StationBank,
    load_demo_bank,
)

__all__ = [
    "BankSetupError",
    "bank_file_header",
    "configured_bank_key",
    "configured_station_bank",
    "open_bank_file",
    "read_bank_key",
    "shipped_platform_keys",
]

PLATFORM_KEYS_DIR: Final = RESOURCES / "keys"


class BankSetupError(Exception):
    """A configured bank or key file that cannot be used; ``str()`` is the translated reason.

    Attributes:
        path: The file concerned.
        code: ``NOT_FOUND``, ``UNREADABLE`` or a ``SealedBankErrorCode`` value.
    """

    def __init__(self, message: str, path: Path, code: str) -> None:
        """Build the error from its translated ``message``."""
        super().__init__(message)
        self.path = path
        self.code = code


@dataclass(frozen=True, slots=True)
class _Reasons:
    """The sentences of one kind of file (functions: ``_()`` runs in the chosen language)."""

    missing: Callable[[], str]
    unreadable: Callable[[], str]
    refused: Callable[[], str]


_BANK = _Reasons(
    missing=lambda: _(
        "Banque scellée introuvable : {file} (clé « bank_file » de la configuration)"
    ),
    unreadable=lambda: _("Banque scellée illisible : {file} ({detail})"),
    refused=lambda: _("Banque scellée refusée : {file} ({detail})"),
)
_KEY = _Reasons(
    missing=lambda: _("Clé de banque introuvable : {file}"),
    unreadable=lambda: _("Clé de banque illisible : {file} ({detail})"),
    refused=lambda: _("Clé de banque refusée : {file} ({detail})"),
)
_CONFIGURED_KEY = _Reasons(
    missing=lambda: _(
        "Clé de banque introuvable : {file} (clé « bank_key_file » de la configuration)"
    ),
    unreadable=_KEY.unreadable,
    refused=_KEY.refused,
)


def _sealed_reason(code: SealedBankErrorCode) -> str:
    reasons = {
        SealedBankErrorCode.NOT_SEALED: _("ce n'est pas une banque scellée .pxbank"),
        SealedBankErrorCode.UNSUPPORTED: _("format plus récent que cette version de pixdesk"),
        SealedBankErrorCode.TRUNCATED: _("fichier incomplet : copie interrompue ?"),
        SealedBankErrorCode.BAD_KEY_FILE: _("ce n'est pas un fichier de clé de banque pixdesk"),
        SealedBankErrorCode.WRONG_KEY: _("cette clé n'ouvre pas la banque configurée"),
    }
    return reasons.get(code, _("fichier altéré ou endommagé : recopiez-le"))


def _error(reasons: _Reasons, path: Path, exc: OSError | SealedBankError) -> BankSetupError:
    if isinstance(exc, FileNotFoundError):
        return BankSetupError(reasons.missing().format(file=path), path, "NOT_FOUND")
    if isinstance(exc, OSError):
        detail = exc.strerror or type(exc).__name__
        return BankSetupError(
            reasons.unreadable().format(file=path, detail=detail), path, "UNREADABLE"
        )
    code = SealedBankErrorCode(exc.code)
    return BankSetupError(
        reasons.refused().format(file=path, detail=_sealed_reason(code)), path, code.value
    )


def bank_file_header(path: Path) -> SealedBankHeader:
    """Read a sealed bank's header and check the file's size against it (no key needed).

    Raises:
        BankSetupError: missing, unreadable, not a sealed bank, a bad header, or cut or
            padded.
    """
    try:
        header = read_header_file(path)
        size = path.stat().st_size
    except (OSError, SealedBankError) as exc:
        raise _error(_BANK, path, exc) from exc
    if size != header.sealed_size:
        code = SealedBankErrorCode.TRUNCATED if size < header.sealed_size else None
        error = SealedBankError(code or SealedBankErrorCode.MALFORMED, f"{size} bytes")
        raise _error(_BANK, path, error)
    return header


def shipped_platform_keys() -> tuple[Ed25519PublicKey, ...]:
    """Return the platform keys shipped with pixdesk (``resources/keys/*.pub``)."""
    return tuple(read_public_key_file(p) for p in sorted(PLATFORM_KEYS_DIR.glob("*.pub")))


def open_bank_file(
    path: Path, trusted_platform_keys: Iterable[Ed25519PublicKey | bytes] | None = None
) -> SealedStationBank:
    """Return the sealed bank at ``path`` as a station holds it before its key.

    Args:
        path: The ``.pxbank`` file.
        trusted_platform_keys: The keys the bank inside must be signed by (default: the
            shipped ones), checked when the key opens it.

    Raises:
        BankSetupError: as :func:`bank_file_header`.
    """
    header = bank_file_header(path)
    trusted = tuple(
        shipped_platform_keys() if trusted_platform_keys is None else trusted_platform_keys
    )
    return SealedStationBank(path, header, trusted)


def configured_station_bank(
    config: MachineConfig,
    trusted_platform_keys: Iterable[Ed25519PublicKey | bytes] | None = None,
) -> StationBank | SealedStationBank:
    """Return the bank learner mode runs on: ``bank_file``, else the plaintext demo bank.

    Raises:
        BankSetupError: ``bank_file`` cannot be used (nothing else was read or written).
        BankRejectedError: the demo bank shipped with pixdesk is damaged.
    """
    if config.bank_file is None:
        return load_demo_bank()
    return open_bank_file(config.bank_file, trusted_platform_keys)


def read_bank_key(path: Path) -> BankKey:
    """Read a bank key file chosen by a person (``--bank-key``, a file chooser).

    Raises:
        BankSetupError: missing, unreadable, or not a bank key file (never quoted).
    """
    return _read_key(path, _KEY)


def _read_key(path: Path, reasons: _Reasons) -> BankKey:
    try:
        return read_key_file(path)
    except (OSError, SealedBankError) as exc:
        raise _error(reasons, path, exc) from exc


def configured_bank_key(config: MachineConfig) -> BankKey | None:
    """Return the key of ``bank_key_file`` (None when not set).

    Raises:
        BankSetupError: the file cannot be used.
    """
    path = config.bank_key_file
    return None if path is None else _read_key(path, _CONFIGURED_KEY)
