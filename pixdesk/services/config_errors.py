"""The errors of the machine-wide configuration, and the sentences IT staff read for them."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from pixdesk.i18n import _

__all__ = ["ConfigError", "ConfigErrorCode", "describe_config_error"]


class ConfigErrorCode(StrEnum):
    """What is wrong with a configuration file."""

    NOT_FOUND = "not_found"  # PIXDESK_CONFIG names a file that does not exist
    UNREADABLE = "unreadable"  # the OS refused to read it
    NOT_UTF8 = "not_utf8"
    SYNTAX = "syntax"  # not TOML
    UNKNOWN_KEY = "unknown_key"
    NOT_PER_USER = "not_per_user"  # a machine-only key in the per-user file
    WRONG_TYPE = "wrong_type"
    BAD_CHOICE = "bad_choice"
    BAD_ADDRESS = "bad_address"
    BAD_URL = "bad_url"
    BAD_KEY = "bad_key"
    BAD_PATH = "bad_path"
    NOT_WRITABLE = "not_writable"  # the machine file could not be written


class ConfigError(Exception):
    """An expected problem with a configuration file, naming the file and the key.

    Attributes:
        code: What is wrong.
        path: The file concerned.
        key: The key concerned, or ``""`` for the whole file.
        detail: The offending value, the allowed choices or the parser's message.
    """

    def __init__(self, code: ConfigErrorCode, path: Path, key: str = "", detail: str = "") -> None:
        """Build the error; ``str()`` gives an English line for logs."""
        super().__init__(f"[{code.value}] {path}: {key}: {detail}")
        self.code = code
        self.path = path
        self.key = key
        self.detail = detail


_C = ConfigErrorCode

# Functions, not strings: ``_()`` must run after the language is chosen.
_MESSAGES: dict[ConfigErrorCode, Callable[[], str]] = {
    _C.NOT_FOUND: lambda: _("{file} : fichier de configuration introuvable"),
    _C.UNREADABLE: lambda: _("{file} : lecture impossible ({detail})"),
    _C.NOT_UTF8: lambda: _("{file} : le fichier doit être enregistré en UTF-8"),
    _C.SYNTAX: lambda: _("{file} : ce n'est pas un fichier TOML valide ({detail})"),
    _C.UNKNOWN_KEY: lambda: _("{file} : clé inconnue « {key} » (clés possibles : {detail})"),
    _C.NOT_PER_USER: lambda: _(
        "{file} : la clé « {key} » ne peut être réglée que dans la configuration du poste"
    ),
    _C.WRONG_TYPE: lambda: _("{file} : « {key} » doit être une chaîne entre guillemets"),
    _C.BAD_CHOICE: lambda: _("{file} : « {key} » doit valoir l'une de ces valeurs : {detail}"),
    _C.BAD_ADDRESS: lambda: _(
        "{file} : « {key} » : adresse invalide « {detail} » "
        "(attendu : nom ou adresse IP, éventuellement suivi de :port)"
    ),
    _C.BAD_URL: lambda: _(
        "{file} : « {key} » : adresse web invalide « {detail} » (attendu : https://serveur/…)"
    ),
    _C.BAD_KEY: lambda: _(
        "{file} : « {key} » : clé publique mal encodée "
        "(attendu : les 43 caractères base64url d'une clé Ed25519)"
    ),
    _C.BAD_PATH: lambda: _("{file} : « {key} » doit être un chemin absolu (« {detail} »)"),
    _C.NOT_WRITABLE: lambda: _("{file} : écriture impossible ({detail})"),
}


def describe_config_error(error: ConfigError) -> str:
    """Return the translated sentence for ``error``, naming its file and key."""
    return _MESSAGES[error.code]().format(file=error.path, key=error.key, detail=error.detail)
