"""``pixdesk supervisor``: the invigilator's console (open the session, run the room, finalise)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser(
        "supervisor", help=_("ouvrir la console de surveillance (la salle, les actions, la fin)")
    )
    parser.add_argument(
        "--pack",
        type=Path,
        default=None,
        metavar=_("FICHIER"),
        help=_("fichier de session (.pixpack)"),
    )
    # Also accepted after the subcommand, like `pixdesk demo --lang en`.
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help=_("langue de l'interface")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so that the command-line tools start fast and run headless.
    from pixdesk.app import run_supervisor

    return run_supervisor(pack=args.pack, lang=args.lang, data_dir=args.data_dir)
