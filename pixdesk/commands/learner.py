"""``pixdesk learner``: learner mode (a lab PC: join the session, sit the test)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("learner", help=_("ouvrir le mode candidat (poste de la salle)"))
    parser.add_argument(
        "--console",
        metavar=_("HÔTE:PORT"),
        default=None,
        help=_("adresse de la console du surveillant (sinon : configuration, puis recherche)"),
    )
    parser.add_argument(
        "--no-exam-mode",
        dest="exam_mode",
        action="store_false",
        help=_("ne pas passer en plein écran au début du test (démonstration)"),
    )
    # Also accepted after the subcommand, like `pixdesk demo --lang en`.
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help=_("langue de l'interface")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so that the command-line tools start fast and run headless.
    from pixdesk.app import run_learner

    return run_learner(
        lang=args.lang, data_dir=args.data_dir, console=args.console, exam_mode=args.exam_mode
    )
