"""What every GUI mode does before Qt starts: configuration, language, data directory.

Precedence, for each setting: the command line, then the configuration (the per-user file
for the interface language, then the machine file), then the platform default. The data
directory is checked before anything is stored in it (:mod:`pixdesk.services.data_dir_check`):
unusable is an error, volatile a warning.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pixdesk.i18n import _, set_language
from pixdesk.services.config import MachineConfig, load_config, resolve_data_dir
from pixdesk.services.config_errors import ConfigError, describe_config_error
from pixdesk.services.data_dir_check import DataDirProblem, check_data_dir
from pixdesk.store.paths import data_dir

__all__ = ["Startup", "StartupError", "prepare_startup"]


@dataclass(frozen=True, slots=True)
class Startup:
    """The settings in force for this run.

    Attributes:
        config: The validated configuration.
        data_dir: The data directory, checked writable.
        language: The interface language installed for ``_()``.
        warnings: Translated sentences to show (and log) without stopping.
    """

    config: MachineConfig
    data_dir: Path
    language: str
    warnings: tuple[str, ...] = ()


class StartupError(Exception):
    """pixdesk must not start: the message (translated) says why and names the file."""


def prepare_startup(
    *,
    cli_data_dir: Path | None = None,
    cli_language: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Startup:
    """Load the configuration, install the language and check the data directory.

    Raises:
        StartupError: the machine configuration is invalid, or the data directory cannot
            keep what is written to it.
    """
    environ = os.environ if env is None else env
    # The language of the error messages, before the configuration (which may be broken).
    early = cli_language or environ.get("PIXDESK_LANG")
    set_language(early)
    try:
        loaded = load_config(env=environ)
    except ConfigError as exc:
        raise StartupError(describe_config_error(exc)) from exc
    language = set_language(early or loaded.config.language)
    warnings = [describe_config_error(w) for w in loaded.warnings]
    directory = data_dir(resolve_data_dir(cli_data_dir, loaded.config))
    status = check_data_dir(directory)
    if not status.usable:
        raise StartupError(
            _("Impossible d'enregistrer les réponses dans {path} ({error})").format(
                path=directory, error=status.detail or (status.problem or "")
            )
        )
    if status.problem is DataDirProblem.VOLATILE:
        warnings.append(
            _(
                "Attention : {path} est sur un système de fichiers temporaire ({filesystem}) ; "
                "les réponses seraient perdues au redémarrage du poste"
            ).format(path=directory, filesystem=status.detail)
        )
    return Startup(loaded.config, directory, language, tuple(warnings))
