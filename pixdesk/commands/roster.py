"""``pixdesk roster import PATH --uai UAI [--dry-run] [--json]``: import a roster file.

Exit codes: 0 the import was applied (or, with ``--dry-run``, would be); 1 it was rejected
(every problem printed, nothing written); 2 the command cannot run (no such file, a malformed
UAI, a store that cannot be opened). With ``--json`` exactly one JSON object is printed on
standard output, whatever the outcome; its fields are described in docs/roster-import.md §6.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pixdesk.services.roster_import import RosterImportPlan, RosterImportResult

EXIT_APPLIED, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
UAI_PATTERN = re.compile(r"[0-9]{7}[A-Za-z]")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("roster", help=_("importer la liste des élèves (SIECLE) ou un CSV"))
    actions = parser.add_subparsers(dest="roster_action", metavar="ACTION", required=True)
    action = actions.add_parser(
        "import", help=_("importer un export SIECLE (XML ou zip) ou un CSV d'import en masse Pix")
    )
    action.add_argument("path", type=Path, metavar=_("FICHIER"), help=_("le fichier à importer"))
    action.add_argument(
        "--uai", required=True, metavar="UAI", help=_("UAI de l'établissement (ex. 0781234A)")
    )
    action.add_argument(
        "--dry-run", action="store_true", help=_("montrer ce qui changerait, sans rien enregistrer")
    )
    action.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
    action.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Plan the import, print it, and apply it unless rejected or a dry run."""
    import random

    from pixdesk.crypto.keystore import KeystoreError
    from pixdesk.i18n import _, set_language
    from pixdesk.services.roster_import import apply_roster_import, plan_roster_import
    from pixdesk.services.station_store import open_station_store
    from pixdesk.store.errors import StoreError

    set_language(getattr(args, "lang", None))
    path: Path = args.path
    if not path.is_file():
        message = _("Fichier introuvable : {path}").format(path=path)
        return _usage(args, "FILE_NOT_FOUND", message)
    if UAI_PATTERN.fullmatch(args.uai.strip()) is None:
        message = _("UAI mal formé : « {uai} » (7 chiffres puis une lettre)").format(uai=args.uai)
        return _usage(args, "UAI_FORMAT", message)
    clock = _SystemClock()
    try:
        store = open_station_store(args.data_dir)
    except (KeystoreError, StoreError, OSError) as exc:
        message = _("Données de ce poste inaccessibles : {error}").format(error=exc)
        return _usage(args, "STORE_UNAVAILABLE", message)
    try:
        plan = plan_roster_import(store.db, path, uai=args.uai, today=clock.now().date())
        result = None
        if plan.can_apply and not args.dry_run:
            rng = random.SystemRandom()
            result = apply_roster_import(store.db, plan, clock=clock, rng=rng)
    except OSError as exc:
        return _usage(args, "IO_ERROR", _("Lecture impossible : {error}").format(error=exc))
    except StoreError as exc:
        message = _("Enregistrement impossible : {error}").format(error=exc)
        return _usage(args, "STORE_ERROR", message)
    finally:
        store.close()
    if args.json:
        print(json.dumps(summary(plan, result, dry_run=args.dry_run), ensure_ascii=False))
    else:
        _print_text(plan, result, dry_run=args.dry_run)
    return EXIT_APPLIED if plan.can_apply else EXIT_REJECTED


def summary(
    plan: RosterImportPlan, result: RosterImportResult | None, *, dry_run: bool
) -> dict[str, Any]:
    """Return the ``--json`` object of an import."""
    from pixdesk.services.roster_messages import describe_problem

    counts = plan.counts if plan.can_apply else None
    return {
        "format": plan.source.value,
        "file": plan.file_name,
        "sha256": plan.file_sha256,
        "uai": plan.uai,
        "dry_run": dry_run,
        "applied": result is not None,
        "import_id": result.import_id if result is not None else None,
        "imported": counts.added + counts.updated if counts else 0,
        "added": counts.added if counts else 0,
        "updated": counts.updated if counts else 0,
        "disabled": counts.disabled if counts else 0,
        "unchanged": counts.unchanged if counts else 0,
        "skipped": [
            {"ine": one.ine, "name": one.name, "reason": one.reason.value} for one in plan.skipped
        ],
        "errors": [
            {
                "code": one.code.value,
                "ine": one.ine,
                "name": one.name,
                "line": one.line,
                "element": one.element,
                "params": dict(one.params),
                "message": describe_problem(one),
            }
            for one in plan.errors
        ],
        "sessions": [
            {"line": one.line, "number": one.number, "candidates": len(one.candidates)}
            for one in plan.sessions
        ],
        "sessions_created": list(result.sessions_created) if result is not None else [],
    }


def _print_text(
    plan: RosterImportPlan, result: RosterImportResult | None, *, dry_run: bool
) -> None:
    from pixdesk.i18n import _
    from pixdesk.services.roster_messages import describe_problem, describe_skip
    from pixdesk.store.roster_repo import RosterSource

    if not plan.can_apply:
        print(
            _("Import refusé : {count} erreur(s) dans « {file} ». Rien n'a été enregistré.").format(
                count=len(plan.errors), file=plan.file_name
            )
        )
        for found in plan.errors:
            print(_("  - {problem}").format(problem=describe_problem(found)))
        return
    counts = plan.counts
    if plan.source is RosterSource.CSV:
        created = sum(1 for one in plan.sessions if one.number is None)
        print(
            _(
                "CSV « {file} » : {created} session(s) nouvelle(s), {existing} existante(s), "
                "{count} candidat(s)."
            ).format(
                file=plan.file_name,
                created=created,
                existing=len(plan.sessions) - created,
                count=counts.added,
            )
        )
    else:
        print(
            _(
                "Export SIECLE « {file} » (UAI {uai}) : {added} élève(s) ajouté(s), "
                "{updated} mis à jour, {disabled} désactivé(s), {unchanged} inchangé(s)."
            ).format(
                file=plan.file_name,
                uai=plan.uai,
                added=counts.added,
                updated=counts.updated,
                disabled=counts.disabled,
                unchanged=counts.unchanged,
            )
        )
        if plan.skipped:
            print(_("{count} élève(s) ignoré(s) :").format(count=len(plan.skipped)))
            for skipped in plan.skipped:
                print(_("  - {skipped}").format(skipped=describe_skip(skipped)))
    if result is not None:
        print(_("Import appliqué (n° {import_id}).").format(import_id=result.import_id))
    elif dry_run:
        print(_("Simulation : rien n'a été enregistré."))


def _usage(args: argparse.Namespace, code: str, message: str) -> int:
    print(message, file=sys.stderr)
    if args.json:
        error = {"code": code, "ine": "", "name": "", "message": message}
        document = {"dry_run": args.dry_run, "applied": False, "imported": 0}
        print(json.dumps(document | {"skipped": [], "errors": [error]}, ensure_ascii=False))
    return EXIT_USAGE


class _SystemClock:
    """The real clock: this command is the composition root of its one use."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic_ns(self) -> int:
        return time.monotonic_ns()
