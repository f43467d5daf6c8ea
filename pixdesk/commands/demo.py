"""``pixdesk demo``: the one-machine demonstration."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo", help="ouvrir la démonstration sur ce poste")
    parser.add_argument(
        "--screenshot", metavar="PNG", help="enregistrer une capture de la fenêtre puis quitter"
    )
    # Also accepted after the subcommand, as the README's demo script passes it there.
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue de l'interface"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Qt is imported only here, so that the command-line tools start fast and run headless.
    from pixdesk.app import run_demo

    return run_demo(screenshot=args.screenshot, lang=args.lang, data_dir=args.data_dir)
