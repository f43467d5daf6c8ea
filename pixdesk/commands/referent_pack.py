"""``pixdesk referent export-pack NUMBER --key FILE --out DIR [--profiles FILE] [--bank-key FILE]``.

Writes ``session-N.pixpack`` of a session planned on this PC, as the referent's window does,
without a window (scripts, a school's IT staff). The center key's passphrase is read from the
terminal without echo, or from the first line of standard input when it is not a terminal.
``--profiles`` gives the positioning profiles file (docs/roster-import.md §7); ``--bank-key``
the key file of the session's sealed bank (``pixdesk bank seal``), sealed into the pack for the
console (docs/item-banks.md §9).

Exit codes: 0 the pack was written; 1 it was refused (a wrong passphrase, a bad profiles
file, an empty session…): the message says why, nothing is written; 2 the command cannot run
(no such session, no passphrase, a store that cannot be opened). A bad profiles or bank key
file is refused (1) before the passphrase is asked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_WRITTEN, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def add_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export-pack`` to ``pixdesk referent``'s actions."""
    from pixdesk.i18n import _

    action = actions.add_parser(
        "export-pack", help=_("écrire le pack d'une session pour la console (sans fenêtre)")
    )
    action.add_argument("number", type=int, metavar=_("NUMERO"), help=_("numéro de la session"))
    action.add_argument(
        "--key", type=Path, required=True, metavar=_("FICHIER"), help=_("clé de l'établissement")
    )
    action.add_argument(
        "--out", type=Path, required=True, metavar=_("DOSSIER"), help=_("dossier où écrire le pack")
    )
    action.add_argument(
        "--profiles",
        type=Path,
        default=None,
        metavar=_("FICHIER"),
        help=_("profils de positionnement (JSON) des candidats passant le test v2"),
    )
    action.add_argument(
        "--bank-key",
        type=Path,
        default=None,
        metavar=_("FICHIER"),
        help=_("clé de la banque scellée (pixdesk bank seal), transmise à la console dans le pack"),
    )
    action.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Check the profiles file, open the key, write the pack; say why when refused."""
    import secrets

    from pixdesk.crypto.center import CenterKeyError
    from pixdesk.crypto.keystore import KeystoreError
    from pixdesk.i18n import _, set_language
    from pixdesk.services.bank_setup import BankSetupError, read_bank_key
    from pixdesk.services.planning_errors import PlanningError
    from pixdesk.services.planning_messages import (
        describe_center_key_error,
        describe_pack_error,
        describe_planning_error,
    )
    from pixdesk.services.positioning_profiles import read_profiles_file
    from pixdesk.services.profile_messages import describe_profiles_error, is_profiles_error
    from pixdesk.services.referent import SystemClock, build_referent_services
    from pixdesk.services.session_pack_body import SessionPackError
    from pixdesk.services.station_store import open_station_store
    from pixdesk.store.errors import StoreError

    set_language(getattr(args, "lang", None))
    if not args.out.is_dir():
        return _fail(_("Dossier introuvable : {path}").format(path=args.out), EXIT_USAGE)
    try:
        if args.profiles is not None:
            # Before the slow key: a bad file is told at once (read again by the export).
            read_profiles_file(args.profiles)
    except SessionPackError as exc:
        return _fail(describe_profiles_error(exc), EXIT_REFUSED)
    try:
        if args.bank_key is not None:
            read_bank_key(args.bank_key)  # as the profiles: told before the slow key
    except BankSetupError as exc:
        return _fail(str(exc), EXIT_REFUSED)
    try:
        store = open_station_store(args.data_dir)
    except (KeystoreError, StoreError, OSError) as exc:
        message = _("Données de ce poste inaccessibles : {error}").format(error=exc)
        return _fail(message, EXIT_USAGE)
    try:
        services = build_referent_services(store, clock=SystemClock(), rng=secrets.SystemRandom())
        found = [p for p in services.planner.list_sessions() if p.session.number == args.number]
        if not found:
            message = _("Aucune session n° {number} sur ce poste.").format(number=args.number)
            return _fail(message, EXIT_USAGE)
        passphrase = _read_passphrase(_("Phrase de passe de la clé de l'établissement : "))
        if not passphrase:
            return _fail(_("Saisissez la phrase de passe de la clé."), EXIT_USAGE)
        key = services.packs.open_center_key(args.key, passphrase)
        exported = services.packs.export(
            found[0].session_id,
            center_key=key,
            folder=args.out,
            profiles_file=args.profiles,
            bank_key_file=args.bank_key,
        )
    except CenterKeyError as exc:
        return _fail(describe_center_key_error(exc), EXIT_REFUSED)
    except SessionPackError as exc:
        describe = describe_profiles_error if is_profiles_error(exc) else describe_pack_error
        return _fail(describe(exc), EXIT_REFUSED)
    except PlanningError as exc:
        return _fail(describe_planning_error(exc), EXIT_REFUSED)
    except BankSetupError as exc:  # changed since it was checked
        return _fail(str(exc), EXIT_REFUSED)
    finally:
        store.close()
    print(
        _("Pack écrit : {path} (clé de l'établissement {fingerprint}).").format(
            path=exported.path, fingerprint=exported.center_fingerprint
        )
    )
    return EXIT_WRITTEN


def _read_passphrase(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code
