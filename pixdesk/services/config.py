"""The machine-wide configuration: one TOML file that IT staff (or the MSI) write on each PC.

Where it is read from, first found wins:

1. the file named by the ``PIXDESK_CONFIG`` environment variable (it must exist);
2. ``pixdesk.toml`` in the platform's site configuration directory (platformdirs'
   ``site_config_dir``: ``C:\\ProgramData\\pixdesk`` on Windows,
   ``/Library/Application Support/pixdesk`` on macOS, ``/etc/xdg/pixdesk`` on Linux);
3. nothing: every key keeps its default.

The file holds flat string keys (``mode = "learner"``); every key is optional, an empty string
means "not set". A per-user file (``pixdesk.toml`` in the user configuration directory) may
override the keys that only change the interface (:data:`USER_KEYS`); a problem in it is
reported as a warning and the file is ignored, because a pupil's own file must never stop the
station from starting. The reference for IT staff is ``docs/admin-guide.md``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from pathlib import Path, PureWindowsPath
from typing import Any, Final
from urllib.parse import urlsplit

import platformdirs

from pixdesk.crypto.keys import KeyFormatError, b64u_decode, public_key_from_bytes
from pixdesk.lab.address import DEFAULT_PORT, AddressError, ConsoleAddress, parse_address
from pixdesk.services.config_errors import ConfigError, ConfigErrorCode

__all__ = [
    "CONFIG_ENV",
    "CONFIG_FILENAME",
    "DEFAULT_CONSOLE_PORT",
    "KEYS",
    "USER_KEYS",
    "ConsoleAddress",
    "LoadedConfig",
    "MachineConfig",
    "Mode",
    "load_config",
    "machine_config_path",
    "parse_config",
    "parse_console_address",
    "resolve_data_dir",
    "user_config_path",
]

CONFIG_ENV: Final = "PIXDESK_CONFIG"
CONFIG_FILENAME: Final = "pixdesk.toml"
APP_NAME: Final = "pixdesk"
# The console's port when the address names none (the lab link's); docs/admin-guide.md tells
# IT staff to open it in the console PC's firewall.
DEFAULT_CONSOLE_PORT: Final = DEFAULT_PORT
LANGUAGES: Final = ("fr", "en")
_MAX_FILE_BYTES: Final = 64 * 1024  # a config file is a dozen lines; refuse anything huge
_HOSTNAME_RE: Final = re.compile(
    r"(?=.{1,253}\Z)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?"
)


class Mode(StrEnum):
    """What this PC is for (DESIGN §1)."""

    LEARNER = "learner"
    SUPERVISOR = "supervisor"
    REFERENT = "referent"
    DEMO = "demo"


@dataclass(frozen=True, slots=True)
class MachineConfig:
    """The validated configuration; ``None`` means "not set, use the default".

    Attributes:
        mode: The mode started by a bare ``pixdesk``.
        console_address: The console learner stations connect to.
        center_public_key: The school's center public key (unpadded base64url); without it a
            station pins the first console it joins (DESIGN §5, degraded mode).
        platform_url: The receiver bundles are sent to.
        platform_public_key: The platform's public key (unpadded base64url).
        language: The interface language (``fr`` or ``en``).
        bank_file: The sealed item bank (``.pxbank``) learner mode runs on; unset: the
            plaintext demo bank (docs/item-banks.md §9).
        bank_key_file: The sealed bank's key file, for the sessions a console creates on the
            spot (and packs that carry none); a console PC's, never a lab PC's.
        data_dir: Where this PC keeps its store, instead of the per-user data directory.
    """

    mode: Mode | None = None
    console_address: ConsoleAddress | None = None
    center_public_key: str | None = None
    platform_url: str | None = None
    platform_public_key: str | None = None
    language: str | None = None
    bank_file: Path | None = None
    bank_key_file: Path | None = None
    data_dir: Path | None = None


KEYS: Final = tuple(f.name for f in fields(MachineConfig))
USER_KEYS: Final = ("language",)  # interface only: safe to let each account choose


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    """The configuration in force, and where it came from.

    Attributes:
        config: The machine file's values, overridden by the per-user file's.
        machine_file: The machine file looked for.
        machine_file_found: Whether it existed.
        user_file: The per-user file looked for.
        user_file_found: Whether it existed (and was used, unless it has warnings).
        warnings: Problems of the per-user file, which was then ignored.
    """

    config: MachineConfig
    machine_file: Path
    machine_file_found: bool
    user_file: Path
    user_file_found: bool
    warnings: tuple[ConfigError, ...] = ()


def machine_config_path(env: Mapping[str, str] | None = None) -> Path:
    """Return the machine file: ``$PIXDESK_CONFIG`` if set, else the site config directory's."""
    named = (os.environ if env is None else env).get(CONFIG_ENV, "")
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def user_config_path() -> Path:
    """Return the per-user file (its keys limited to :data:`USER_KEYS`)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def load_config(
    *,
    env: Mapping[str, str] | None = None,
    machine_file: Path | None = None,
    user_file: Path | None = None,
) -> LoadedConfig:
    """Read and validate the configuration in force on this PC.

    Args:
        env: The environment (``os.environ`` when None), for ``PIXDESK_CONFIG``.
        machine_file: The machine file, instead of :func:`machine_config_path`.
        user_file: The per-user file, instead of :func:`user_config_path`.

    Raises:
        ConfigError: the machine file is invalid, or ``PIXDESK_CONFIG`` names a missing file.
    """
    environ = os.environ if env is None else env
    machine = machine_file or machine_config_path(environ)
    text = _read(machine, required=bool(environ.get(CONFIG_ENV)) and machine_file is None)
    config = MachineConfig() if text is None else parse_config(text, source=machine)
    user = user_file or user_config_path()
    warnings: tuple[ConfigError, ...] = ()
    user_text: str | None = None
    try:
        user_text = _read(user, required=False)
        if user_text is not None:
            overrides = parse_config(user_text, source=user, allowed=USER_KEYS)
            config = replace(config, language=overrides.language or config.language)
    except ConfigError as exc:
        warnings = (exc,)
    return LoadedConfig(config, machine, text is not None, user, user_text is not None, warnings)


def resolve_data_dir(cli: Path | None, config: MachineConfig) -> Path | None:
    """Return the data directory override in force: ``--data-dir``, else the config's.

    ``None`` means the platform's per-user data directory (``pixdesk.store.paths.data_dir``).
    """
    return cli if cli is not None else config.data_dir


def parse_config(text: str, *, source: Path, allowed: tuple[str, ...] = KEYS) -> MachineConfig:
    """Validate the TOML ``text`` of a configuration file.

    Args:
        text: The file's content.
        source: The file, named in errors.
        allowed: The keys this file may set; a known key outside it is ``NOT_PER_USER``.

    Raises:
        ConfigError: the first problem found, naming ``source`` and the key.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(ConfigErrorCode.SYNTAX, source, detail=str(exc)) from exc
    values: dict[str, Any] = {}
    for key, raw in doc.items():
        if key not in KEYS:
            raise ConfigError(ConfigErrorCode.UNKNOWN_KEY, source, key, ", ".join(KEYS))
        if key not in allowed:
            raise ConfigError(ConfigErrorCode.NOT_PER_USER, source, key)
        if not isinstance(raw, str):
            raise ConfigError(ConfigErrorCode.WRONG_TYPE, source, key)
        if raw.strip():
            values[key] = _VALIDATORS[key](raw.strip(), source, key)
    return MachineConfig(**values)


def parse_console_address(text: str, source: Path, key: str = "console_address") -> ConsoleAddress:
    """Parse ``host``, ``host:port``, ``IPv6`` or ``[IPv6]:port``, as the lab link does.

    Raises:
        ConfigError: ``BAD_ADDRESS``.
    """
    try:
        return parse_address(text, DEFAULT_CONSOLE_PORT)
    except AddressError:
        raise ConfigError(ConfigErrorCode.BAD_ADDRESS, source, key, text) from None


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # A hostname that is all digits and dots is a mistyped IPv4 address, not a name.
        return bool(_HOSTNAME_RE.fullmatch(host)) and not host.replace(".", "").isdigit()
    return True


def _choice(choices: tuple[str, ...]) -> Callable[[str, Path, str], str]:
    def check(value: str, source: Path, key: str) -> str:
        if value not in choices:
            raise ConfigError(ConfigErrorCode.BAD_CHOICE, source, key, ", ".join(choices))
        return value

    return check


def _mode(value: str, source: Path, key: str) -> Mode:
    return Mode(_choice(tuple(Mode))(value, source, key))


def _public_key(value: str, source: Path, key: str) -> str:
    try:
        public_key_from_bytes(b64u_decode(value))
    except (ValueError, KeyFormatError):
        raise ConfigError(ConfigErrorCode.BAD_KEY, source, key, value) from None
    return value


def _url(value: str, source: Path, key: str) -> str:
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError when out of range
    except ValueError:
        raise ConfigError(ConfigErrorCode.BAD_URL, source, key, value) from None
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not _valid_host(host) or port == 0:
        raise ConfigError(ConfigErrorCode.BAD_URL, source, key, value)
    return value


def _path(value: str, source: Path, key: str) -> Path:
    path = Path(value).expanduser()
    # A Windows path is absolute for IT staff even when checked elsewhere (tests, CI).
    if not (path.is_absolute() or PureWindowsPath(value).is_absolute()):
        raise ConfigError(ConfigErrorCode.BAD_PATH, source, key, value)
    return path


_VALIDATORS: Final[dict[str, Callable[[str, Path, str], Any]]] = {
    "mode": _mode,
    "console_address": parse_console_address,
    "center_public_key": _public_key,
    "platform_url": _url,
    "platform_public_key": _public_key,
    "language": _choice(LANGUAGES),
    "bank_file": _path,
    "bank_key_file": _path,
    "data_dir": _path,
}


def _read(path: Path, *, required: bool) -> str | None:
    """Return the text of ``path``; ``None`` if it does not exist and is not required."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        if required:
            raise ConfigError(ConfigErrorCode.NOT_FOUND, path) from None
        return None
    except OSError as exc:
        raise ConfigError(ConfigErrorCode.UNREADABLE, path, detail=exc.strerror or "") from exc
    if len(raw) > _MAX_FILE_BYTES:
        raise ConfigError(ConfigErrorCode.UNREADABLE, path, detail="> 64 KiB")
    try:
        # utf-8-sig: Notepad on older Windows saves UTF-8 with a byte-order mark.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(ConfigErrorCode.NOT_UTF8, path) from None
