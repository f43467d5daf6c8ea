"""``pixdesk bank import PATH``: verify a bank (folder or QTI package) and install it.

A pixdesk bank folder is verified fully against the trusted platform keys, then copied under
``<data_dir>/banks/<bank_id>-<version>/``. A QTI package (a zip with ``imsmanifest.xml``) is
imported all or nothing, converted to a **local** bank signed by this station's key (its
public key is written to ``<data_dir>/keys/local-bank.pub``), verified, and installed the
same way. Exit codes: 0 imported (or already there), 1 refused (nothing written), 2 usage.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
LOCAL_KEY_FILE = "local-bank.pub"


@dataclass
class _Outcome:
    kind: str
    imported: bool = False
    bank_id: str | None = None
    version: str | None = None
    items: int = 0
    per_competence: dict[str, int] = field(default_factory=dict)
    already: bool = False
    problems: list[dict[str, str]] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pixdesk.i18n import _

    parser.add_argument(
        "path", type=Path, metavar=_("CHEMIN"), help=_("dossier de banque ou zip QTI")
    )
    parser.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=None,
        metavar=_("CLE.pub"),
        help=_("clé publique de plateforme acceptée en plus de la clé de démonstration"),
    )
    parser.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
    parser.set_defaults(handler=run_import)


def _banks_dir(args: argparse.Namespace) -> Path:
    from pixdesk.imports.bank_install import BANKS_DIR
    from pixdesk.store.paths import data_dir

    return data_dir(getattr(args, "data_dir", None)) / BANKS_DIR


def _is_zip(path: Path) -> bool:
    return path.is_file() and zipfile.is_zipfile(path)


def _zip_names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def _install(outcome: _Outcome, banks: Path, folder: Path) -> None:
    """Install the verified bank ``folder``; record a conflict as a problem."""
    from pixdesk.i18n import _
    from pixdesk.imports.bank_install import (
        BankConflictError,
        InstallOutcome,
        bank_folder_files,
        install_bank_files,
    )

    name = f"{outcome.bank_id}-{outcome.version}"
    try:
        done, _path = install_bank_files(banks, name, bank_folder_files(folder))
    except BankConflictError:
        message = _(
            "Une autre banque {bank_id} version {version} est déjà installée : "
            "rien n'a été remplacé."
        ).format(bank_id=outcome.bank_id, version=outcome.version)
        outcome.problems.append({"code": "BANK_CONFLICT", "item": "", "message": message})
        return
    outcome.imported = True
    outcome.already = done is InstallOutcome.ALREADY_PRESENT


def _record_bank(outcome: _Outcome, verification: Any) -> None:
    from pixdesk.commands.bank_messages import describe

    bank = verification.bank
    if bank is not None:
        outcome.bank_id, outcome.version = bank.header.bank_id, bank.header.version
        outcome.items = len(bank.items)
        outcome.per_competence = dict(sorted(Counter(i.competence for i in bank.items).items()))
    outcome.problems += [
        {"code": p.code.value, "item": p.item, "message": describe(p)}
        for p in verification.problems
    ]


def _import_folder(args: argparse.Namespace, banks: Path) -> _Outcome:
    from pixdesk.commands.bank import _trusted_keys
    from pixdesk.crypto.platform_keys import demo_platform_private_key
    from pixdesk.imports.bank_verify import verify_bank

    keys = [demo_platform_private_key().public_key()]
    if args.trust:
        keys += _trusted_keys(args)
    verification = verify_bank(args.path, keys)
    outcome = _Outcome("pixdesk")
    _record_bank(outcome, verification)
    if verification.ok:
        _install(outcome, banks, args.path)
    return outcome


def _qti_problems(result: Any) -> list[dict[str, str]]:
    from pixdesk.i18n import _

    problems = []
    for problem in result.problems:
        details = ", ".join(f"{key}={value}" for key, value in problem.params)
        where = problem.file or ""
        message = _("Question {item} : {code} {details} {file}").format(
            item=problem.item or "—", code=problem.code.value, details=details, file=where
        )
        problems.append({"code": problem.code.value, "item": problem.item, "message": message})
    return problems


def _local_key(args: argparse.Namespace) -> Any:
    """Return the station key, writing its public half to ``keys/local-bank.pub``."""
    from pixdesk.atomicfile import write_file_atomically
    from pixdesk.crypto.keystore import Keystore
    from pixdesk.crypto.platform_keys import format_public_key_file
    from pixdesk.store.paths import data_dir, ensure_data_dir

    directory = ensure_data_dir(data_dir(getattr(args, "data_dir", None)))
    key = Keystore(directory).station_key()
    keys = directory / "keys"
    keys.mkdir(mode=0o755, exist_ok=True)
    text = format_public_key_file(key, "pixdesk LOCAL bank key (this station; QTI imports)")
    path = keys / LOCAL_KEY_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_file_atomically(path, text.encode("utf-8"), mode=0o644)
    return key


def _import_qti(args: argparse.Namespace, banks: Path) -> _Outcome:
    from pixdesk.imports.bank_verify import verify_bank
    from pixdesk.imports.bank_writer import write_bank
    from pixdesk.imports.qti import import_qti
    from pixdesk.imports.qti_bank import qti_bank_document

    outcome = _Outcome("qti")
    result = import_qti(args.path)
    if not result.ok:
        outcome.problems = _qti_problems(result)
        return outcome
    digest = hashlib.sha256(args.path.read_bytes()).hexdigest()[:12]
    document = qti_bank_document(f"qti-{digest}", args.path.stem, result.items)
    key = _local_key(args)
    with tempfile.TemporaryDirectory(prefix="pixdesk-qti-") as scratch:
        folder = Path(scratch) / "bank"
        write_bank(folder, document, {}, key)
        verification = verify_bank(folder, [key.public_key()])
        _record_bank(outcome, verification)
        if verification.ok:
            _install(outcome, banks, folder)
    return outcome


def _json(outcome: _Outcome) -> dict[str, Any]:
    return {
        "imported": outcome.imported,
        "kind": outcome.kind,
        "bank_id": outcome.bank_id,
        "version": outcome.version,
        "items": outcome.items,
        "problems": outcome.problems,
    }


def _print(outcome: _Outcome) -> None:
    from pixdesk.i18n import _

    if not outcome.imported:
        print(_("Import refusé : {count} problème(s).").format(count=len(outcome.problems)))
        for problem in outcome.problems:
            print(f"  - {problem['message']}")
        return
    if outcome.already:
        text = _("Banque {bank_id} version {version} déjà importée, rien à faire.")
    else:
        text = _("Banque {bank_id} version {version} importée : {count} questions.")
    print(text.format(bank_id=outcome.bank_id, version=outcome.version, count=outcome.items))
    for competence, count in outcome.per_competence.items():
        print(_("  compétence {code} : {count}").format(code=competence, count=count))
    if outcome.kind == "qti":
        print(
            _(
                "Banque LOCALE signée par la clé de ce poste ; pour la vérifier : "
                "pixdesk bank verify … --trust {key}"
            ).format(key=f"<data_dir>/keys/{LOCAL_KEY_FILE}")
        )


def run_import(args: argparse.Namespace) -> int:
    from pixdesk.crypto.keys import CryptoError
    from pixdesk.i18n import _, set_language

    args.language = set_language(getattr(args, "lang", None))
    path: Path = args.path
    if not path.exists():
        print(_("Chemin introuvable : {path}").format(path=path), file=sys.stderr)
        return EXIT_USAGE
    banks = _banks_dir(args)
    try:
        if path.is_dir():
            outcome = _import_folder(args, banks)
        elif _is_zip(path) and "imsmanifest.xml" in _zip_names(path):
            outcome = _import_qti(args, banks)
        elif _is_zip(path):
            print(
                _(
                    "Les banques pixdesk en zip ne sont pas prises en charge : "
                    "décompressez-la et importez le dossier ({path})."
                ).format(path=path),
                file=sys.stderr,
            )
            return EXIT_USAGE
        else:
            print(
                _("Ni un dossier de banque ni un paquet QTI (zip) : {path}").format(path=path),
                file=sys.stderr,
            )
            return EXIT_USAGE
    except (OSError, CryptoError) as exc:
        print(_("Import impossible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(_json(outcome), ensure_ascii=False, indent=1))
    else:
        _print(outcome)
    return EXIT_OK if outcome.imported else EXIT_REFUSED
