"""``pixdesk config show|check|set``: read, validate and write the machine configuration.

``set`` is what the Windows installer runs (installers/windows/pixdesk.wxs): it passes every
public property as ``key=[PROPERTY]``, set or not, so an empty value leaves the key as it is;
``--unset KEY`` removes one. Exit codes: 0 done, 1 the configuration is invalid, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("config", help=_("lire, vérifier ou écrire la configuration du poste"))
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("afficher la configuration en vigueur"))
    show.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
    show.set_defaults(handler=run_show)
    check = actions.add_parser("check", help=_("vérifier un fichier de configuration"))
    check.add_argument("--file", type=Path, default=None, metavar=_("FICHIER"))
    check.set_defaults(handler=run_check)
    set_ = actions.add_parser("set", help=_("écrire des clés dans la configuration du poste"))
    set_.add_argument("pairs", nargs="*", metavar=_("CLÉ=VALEUR"))
    set_.add_argument("--unset", action="append", default=[], metavar=_("CLÉ"))
    set_.add_argument("--file", type=Path, default=None, metavar=_("FICHIER"))
    set_.set_defaults(handler=run_set)


def _language(args: argparse.Namespace) -> None:
    import os

    from pixdesk.i18n import set_language

    set_language(getattr(args, "lang", None) or os.environ.get("PIXDESK_LANG"))


def run_show(args: argparse.Namespace) -> int:
    from pixdesk.i18n import _
    from pixdesk.services.config import KEYS, load_config
    from pixdesk.services.config_errors import ConfigError, describe_config_error

    _language(args)
    try:
        loaded = load_config()
    except ConfigError as exc:
        print(describe_config_error(exc), file=sys.stderr)
        return 1
    values = {key: getattr(loaded.config, key) for key in KEYS}
    shown = {key: None if value is None else str(value) for key, value in values.items()}
    if args.json:
        doc = {
            "machine_file": str(loaded.machine_file),
            "machine_file_found": loaded.machine_file_found,
            "user_file": str(loaded.user_file),
            "user_file_found": loaded.user_file_found,
            "values": shown,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    found = _("trouvé") if loaded.machine_file_found else _("absent")
    print(_("Fichier du poste : {file} ({found})").format(file=loaded.machine_file, found=found))
    for key, value in shown.items():
        print(f"{key} = {value if value is not None else _('(par défaut)')}")
    for warning in loaded.warnings:
        print(describe_config_error(warning), file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pixdesk.i18n import _
    from pixdesk.services.config import load_config
    from pixdesk.services.config_errors import ConfigError, describe_config_error

    _language(args)
    try:
        loaded = load_config(machine_file=args.file)
    except ConfigError as exc:
        print(describe_config_error(exc), file=sys.stderr)
        return 1
    if args.file is not None and not loaded.machine_file_found:
        print(_("{file} : fichier de configuration introuvable").format(file=args.file))
        return 1
    print(_("{file} : configuration valide").format(file=loaded.machine_file))
    return 0


def run_set(args: argparse.Namespace) -> int:
    from pixdesk.i18n import _
    from pixdesk.services.config import machine_config_path
    from pixdesk.services.config_errors import ConfigError, describe_config_error
    from pixdesk.services.config_write import update_config_file

    _language(args)
    updates: dict[str, str] = {}
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            print(_("Attendu CLÉ=VALEUR : {pair}").format(pair=pair), file=sys.stderr)
            return 2
        if value.strip():  # the installer passes unset properties as empty values
            updates[key.strip()] = value
    updates.update({key: "" for key in args.unset})
    path = args.file or machine_config_path()
    if not updates:
        print(_("{file} : rien à changer").format(file=path))
        return 0
    try:
        update_config_file(path, updates)
    except ConfigError as exc:
        print(describe_config_error(exc), file=sys.stderr)
        return 1
    print(_("{file} : configuration enregistrée").format(file=path))
    return 0
