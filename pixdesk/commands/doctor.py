"""``pixdesk doctor [--drill] [--json]``: is this lab PC ready? A pass/warn/fail report.

Exit code 0 when no check failed (warnings allowed), 1 otherwise. ``--drill`` also runs the
failure drills (kill during writes, LAN loss, low disk) in a temporary directory.
"""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("doctor", help=_("vérifier que ce poste est prêt pour une session"))
    parser.add_argument(
        "--drill",
        action="store_true",
        help=_(
            "simuler aussi les pannes à surmonter (arrêt brutal, perte du réseau, disque plein)"
        ),
    )
    parser.add_argument("--no-gui", action="store_true", help=_("ne pas démarrer Qt pour l'écran"))
    parser.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os

    from pixdesk.i18n import _, set_language
    from pixdesk.services.checks import all_passed, status_label
    from pixdesk.services.doctor import DoctorOptions, run_doctor
    from pixdesk.services.drills import run_drills

    set_language(getattr(args, "lang", None) or os.environ.get("PIXDESK_LANG"))
    if not args.json:
        print(_("Diagnostic du poste pixdesk"), flush=True)
    results = run_doctor(DoctorOptions(cli_data_dir=args.data_dir, gui=not args.no_gui))
    if args.drill:
        results += run_drills()
    if args.json:
        doc = {"ok": all_passed(results), "checks": [r.as_json() for r in results]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(f"[{status_label(result.status)}] {result.message}")
        verdict = _("Poste prêt.") if all_passed(results) else _("Poste PAS prêt.")
        print(verdict)
    return 0 if all_passed(results) else 1
