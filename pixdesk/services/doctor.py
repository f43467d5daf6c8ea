"""``pixdesk doctor``: is this lab PC ready for exam day? One result per check.

Thresholds (also in docs/admin-guide.md):

* free disk space under the data directory: **fail** below 100 MB (a session's store, its
  WAL and the backup taken before a migration would not fit), **warn** below 500 MB;
* clock: **fail** if the year is before pixdesk's release year or after 2100 (signatures,
  certificates and journals carry dates; a PC with a dead CMOS battery shows 2000 or so);
* screen: **warn** below 1024 × 768 (the test's pages are laid out for that size);
* console: **warn** when it cannot be reached (it may simply not be started yet);
* item bank: **fail** when the configured sealed bank or bank key file cannot be used, **warn**
  when learner mode would run on the plaintext demo bank, or a lab PC holds a bank key.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from pixdesk import __version__
from pixdesk.crypto.keystore import Keystore, KeystoreError
from pixdesk.crypto.sealed_bank import key_check
from pixdesk.documents.fonts import FONTS_DIR, register_fonts
from pixdesk.i18n import _
from pixdesk.services.bank_setup import BankSetupError, bank_file_header, configured_bank_key
from pixdesk.services.checks import CheckResult, CheckStatus, run_check
from pixdesk.services.config import LoadedConfig, MachineConfig, Mode, load_config
from pixdesk.services.config import resolve_data_dir as config_data_dir
from pixdesk.services.config_errors import ConfigError, describe_config_error
from pixdesk.services.console_probe import Unreachable, probe_console
from pixdesk.services.data_dir_check import DataDirProblem, check_data_dir
from pixdesk.services.gui_probe import display_available, run_gui_probe
from pixdesk.services.station_store import open_station_store
from pixdesk.store.errors import StoreError
from pixdesk.store.paths import data_dir, database_path

__all__ = ["DoctorOptions", "run_doctor"]

MB: Final = 1024 * 1024
DISK_FAIL_BYTES: Final = 100 * MB
DISK_WARN_BYTES: Final = 500 * MB
RELEASE_YEAR: Final = 2025
LAST_SANE_YEAR: Final = 2100
MIN_SCREEN: Final = (1024, 768)


@dataclass(frozen=True, slots=True)
class DoctorOptions:
    """What the readiness check looks at.

    Attributes:
        cli_data_dir: ``--data-dir``, which wins over the configuration.
        gui: Start Qt (in a child) to measure the screens, when a display exists.
        env: The environment (``PIXDESK_CONFIG``, ``DISPLAY``…).
        now: The wall clock.
        console_timeout_s: How long to wait for the console to accept a connection.
    """

    cli_data_dir: Path | None = None
    gui: bool = True
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    console_timeout_s: float = 2.0


def run_doctor(options: DoctorOptions) -> list[CheckResult]:
    """Run every readiness check, each isolated from the others' failures."""
    results = [run_check("version", check_version)]
    config = MachineConfig()
    try:
        loaded = load_config(env=options.env)
    except ConfigError as exc:
        results.append(CheckResult("config", CheckStatus.FAIL, describe_config_error(exc)))
    else:
        config = loaded.config
        results.append(_config_result(loaded))
    directory = data_dir(config_data_dir(options.cli_data_dir, config))
    results += [
        run_check("data_dir", lambda: check_data_directory(directory)),
        run_check("keys", lambda: check_keys(directory)),
        run_check("disk_space", lambda: check_disk_space(directory)),
        run_check("clock", lambda: check_clock(options.now())),
        run_check("console", lambda: check_console(config, options.console_timeout_s)),
        run_check("bank", lambda: check_bank(config)),
        run_check("bank_key", lambda: check_bank_key(config)),
        run_check("fonts", check_fonts),
        run_check("screen", lambda: check_screen(options.gui, options.env)),
    ]
    return results


def check_version() -> CheckResult:
    """Report the version, and whether this is the frozen build or a source install."""
    kind = _("version installée") if getattr(sys, "frozen", False) else _("depuis les sources")
    message = _("pixdesk {version} ({kind}, Python {python}, {system})").format(
        version=__version__,
        kind=kind,
        python=platform.python_version(),
        system=f"{platform.system()} {platform.release()}",
    )
    return CheckResult("version", CheckStatus.PASS, message, {"version": __version__})


def _config_result(loaded: LoadedConfig) -> CheckResult:
    config = loaded.config
    data: dict[str, object] = {
        "file": str(loaded.machine_file),
        "found": loaded.machine_file_found,
        "mode": config.mode.value if config.mode else None,
    }
    if loaded.warnings:
        return CheckResult(
            "config", CheckStatus.WARN, describe_config_error(loaded.warnings[0]), data
        )
    if not loaded.machine_file_found:
        message = _("Configuration : pas de fichier {file}, valeurs par défaut")
        return CheckResult(
            "config", CheckStatus.WARN, message.format(file=loaded.machine_file), data
        )
    if config.center_public_key is None and config.mode in (Mode.LEARNER, Mode.SUPERVISOR):
        message = _(
            "Configuration : {file} valide, mais sans clé publique du centre "
            "(mode dégradé : le poste se fie à la première console rejointe)"
        )
        return CheckResult(
            "config", CheckStatus.WARN, message.format(file=loaded.machine_file), data
        )
    message = _("Configuration : {file} valide (mode {mode})").format(
        file=loaded.machine_file, mode=config.mode or "-"
    )
    return CheckResult("config", CheckStatus.PASS, message, data)


def check_data_directory(directory: Path) -> CheckResult:
    """Write, fsync and read back a probe file; warn on a volatile ("frozen image") mount."""
    status = check_data_dir(directory)
    data: dict[str, object] = {"path": str(directory)}
    if status.problem is None:
        message = _("Données : {path} accessible en écriture et persistant").format(path=directory)
        return CheckResult("data_dir", CheckStatus.PASS, message, data)
    if status.problem is DataDirProblem.VOLATILE:
        message = _(
            "Données : {path} est sur un système de fichiers temporaire ({filesystem}) : "
            "tout sera perdu au redémarrage"
        ).format(path=directory, filesystem=status.detail)
        return CheckResult("data_dir", CheckStatus.WARN, message, data)
    message = _("Données : {path} inutilisable ({error})").format(
        path=directory, error=status.detail or status.problem.value
    )
    return CheckResult("data_dir", CheckStatus.FAIL, message, data)


def check_keys(directory: Path) -> CheckResult:
    """Open the keystore and, if one exists, the store: the keys must unwrap."""
    keystore = Keystore(directory)
    if not keystore.exists():
        message = _("Clés : pas encore créées (elles le seront au premier démarrage)")
        return CheckResult("keys", CheckStatus.PASS, message)
    try:
        keystore.database_key(create=False)
        backend = keystore.backend_name
        if database_path(directory).exists():
            open_station_store(directory, keystore=keystore).close()
    except (KeystoreError, StoreError) as exc:
        message = _("Clés : inutilisables ({code}) — ne supprimez rien, voir le guide")
        return CheckResult("keys", CheckStatus.FAIL, message.format(code=exc.code.value))
    message = _("Clés : ouvertes ({backend}), magasin lisible").format(backend=backend)
    return CheckResult("keys", CheckStatus.PASS, message, {"backend": backend})


def check_disk_space(directory: Path) -> CheckResult:
    """Compare the free space under ``directory`` with the thresholds."""
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    status = disk_space_verdict(free)
    message = _("Espace disque : {free} Mo libres (minimum {warn} Mo conseillés)").format(
        free=free // MB, warn=DISK_WARN_BYTES // MB
    )
    return CheckResult("disk_space", status, message, {"free_bytes": free})


def disk_space_verdict(free_bytes: int) -> CheckStatus:
    """Return the verdict for ``free_bytes`` free under the data directory."""
    if free_bytes < DISK_FAIL_BYTES:
        return CheckStatus.FAIL
    if free_bytes < DISK_WARN_BYTES:
        return CheckStatus.WARN
    return CheckStatus.PASS


def check_clock(now: datetime) -> CheckResult:
    """Fail on a clock that is obviously wrong (a dead CMOS battery, a year typo)."""
    if not RELEASE_YEAR <= now.year <= LAST_SANE_YEAR:
        message = _("Horloge : le poste indique l'année {year}, réglez la date").format(
            year=now.year
        )
        return CheckResult("clock", CheckStatus.FAIL, message)
    message = _("Horloge : {time} (l'écart avec la console n'est pas encore mesuré)").format(
        time=now.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    )
    return CheckResult("clock", CheckStatus.PASS, message)


def check_console(config: MachineConfig, timeout_s: float) -> CheckResult:
    """Connect once to the configured console address, and to nothing else."""
    address = config.console_address
    if address is None:
        status = CheckStatus.WARN if config.mode is Mode.LEARNER else CheckStatus.SKIP
        return CheckResult("console", status, _("Console : aucune adresse configurée"))
    reach = probe_console(address, timeout_s)
    data: dict[str, object] = {"address": str(address), "ms": round(reach.seconds * 1000)}
    if reach.reachable:
        message = _("Console : {address} joignable en {ms} ms")
        return CheckResult(
            "console", CheckStatus.PASS, message.format(address=address, ms=data["ms"]), data
        )
    reasons = {
        Unreachable.REFUSED: _("le poste répond mais la console n'est pas lancée"),
        Unreachable.TIMEOUT: _("pas de réponse : adresse, pare-feu ou réseau"),
        Unreachable.UNRESOLVED: _("nom inconnu du DNS"),
        Unreachable.NETWORK: _("pas de réseau"),
    }
    assert reach.reason is not None  # reachable was handled above
    message = _("Console : {address} injoignable ({reason})").format(
        address=address, reason=reasons[reach.reason]
    )
    data["reason"] = reach.reason.value
    return CheckResult("console", CheckStatus.WARN, message, data)


def check_bank(config: MachineConfig) -> CheckResult:
    """Read the sealed bank's header (no key needed): which bank, which version, whole."""
    path = config.bank_file
    if path is None:
        data: dict[str, object] = {"sealed": False}
        if config.mode in (Mode.LEARNER, None):
            message = _(
                "Banque : banque de démonstration, en clair (aucune banque scellée configurée, "
                "clé « bank_file »)"
            )
            status = CheckStatus.WARN if config.mode is Mode.LEARNER else CheckStatus.PASS
            return CheckResult("bank", status, message, data)
        return CheckResult("bank", CheckStatus.SKIP, _("Banque : aucune sur ce poste"), data)
    try:
        header = bank_file_header(path)
    except BankSetupError as exc:
        return CheckResult("bank", CheckStatus.FAIL, str(exc), {"file": str(path), "sealed": True})
    message = _("Banque : {bank} version {version}, scellée ({file})").format(
        bank=header.bank_id, version=header.version, file=path
    )
    data = {
        "file": str(path),
        "sealed": True,
        "bank_id": header.bank_id,
        "version": header.version,
    }
    return CheckResult("bank", CheckStatus.PASS, message, data)


def check_bank_key(config: MachineConfig) -> CheckResult:
    """Read the console's bank key file (never shown); check it opens ``bank_file`` if set."""
    path = config.bank_key_file
    if path is None:
        return CheckResult("bank_key", CheckStatus.SKIP, _("Clé de banque : aucune sur ce poste"))
    data: dict[str, object] = {"file": str(path)}
    try:
        key = configured_bank_key(config)
    except BankSetupError as exc:
        return CheckResult("bank_key", CheckStatus.FAIL, str(exc), data)
    assert key is not None  # bank_key_file is set
    data["bank_id"] = key.bank_id
    if config.bank_file is not None:
        try:
            header = bank_file_header(config.bank_file)
        except BankSetupError:
            header = None  # the bank check says why
        if header is not None and header.key_check != key_check(key.key):
            message = _("Clé de banque : {file} n'ouvre pas la banque {bank} configurée").format(
                file=path, bank=header.bank_id
            )
            return CheckResult("bank_key", CheckStatus.FAIL, message, data)
    if config.mode is Mode.LEARNER:
        message = _(
            "Clé de banque : {file} est sur un poste de la salle ; elle ne doit être que sur "
            "la console du surveillant"
        ).format(file=path)
        return CheckResult("bank_key", CheckStatus.WARN, message, data)
    message = _("Clé de banque : banque {bank} ({file})").format(bank=key.bank_id, file=path)
    return CheckResult("bank_key", CheckStatus.PASS, message, data)


def check_fonts() -> CheckResult:
    """Check the shipped document fonts are there and load."""
    try:
        register_fonts()
    except OSError as exc:  # reportlab names the missing or unreadable file
        message = _("Polices des documents illisibles dans {folder} : {error}")
        return CheckResult("fonts", CheckStatus.FAIL, message.format(folder=FONTS_DIR, error=exc))
    names = sorted(p.name for p in FONTS_DIR.glob("*.ttf"))
    message = _("Polices des documents : {fonts}").format(fonts=", ".join(names))
    return CheckResult("fonts", CheckStatus.PASS, message)


def check_screen(gui: bool, env: Mapping[str, str]) -> CheckResult:
    """Measure the screens through Qt, in a child process, when there is a display."""
    if not gui or not display_available(env):
        return CheckResult("screen", CheckStatus.SKIP, _("Écran : pas d'affichage"))
    probe = run_gui_probe()
    if not probe.ok:
        message = _("Écran : Qt ne démarre pas ({error})").format(error=probe.error)
        return CheckResult("screen", CheckStatus.FAIL, message)
    sizes = ", ".join(f"{s.width}×{s.height}" for s in probe.screens) or "-"
    small = any(s.width < MIN_SCREEN[0] or s.height < MIN_SCREEN[1] for s in probe.screens)
    message = _("Écran : {sizes} (plateforme {platform})").format(
        sizes=sizes, platform=probe.platform
    )
    data: dict[str, object] = {"screens": [[s.width, s.height, s.scale] for s in probe.screens]}
    return CheckResult("screen", CheckStatus.WARN if small else CheckStatus.PASS, message, data)
