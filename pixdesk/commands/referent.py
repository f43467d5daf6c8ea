"""``pixdesk referent``: referent mode (roster, session planning, packs, documents)."""

from __future__ import annotations

import argparse

from pixdesk.commands import referent_pack


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser(
        "referent", help=_("ouvrir le mode référent (élèves, sessions, packs, documents)")
    )
    # Also accepted after the subcommand, like `pixdesk demo --lang en`.
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help=_("langue de l'interface")
    )
    parser.set_defaults(handler=run)
    # Without an action, the window opens; ``export-pack`` writes a pack without one.
    actions = parser.add_subparsers(dest="referent_action", metavar="ACTION")
    referent_pack.add_parser(actions)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so that the command-line tools start fast and run headless.
    from pixdesk.app import run_referent

    return run_referent(lang=args.lang, data_dir=args.data_dir)
