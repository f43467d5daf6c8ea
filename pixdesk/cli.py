"""The ``pixdesk`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pixdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pixdesk",
        description="pixdesk — certification des compétences numériques, hors ligne d'abord.",
    )
    parser.add_argument("--version", action="version", version=f"pixdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    demo = sub.add_parser("demo", help="ouvrir la démonstration sur ce poste")
    demo.add_argument(
        "--screenshot", metavar="PNG", help="enregistrer une capture de la fenêtre puis quitter"
    )
    demo.add_argument("--lang", choices=["fr", "en"], default=None, help="langue de l'interface")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "demo"):
        # Qt is imported only here, so that the command-line tools start fast and run headless.
        from pixdesk.app import run_demo

        return run_demo(
            screenshot=getattr(args, "screenshot", None), lang=getattr(args, "lang", None)
        )
    parser.error(f"commande inconnue : {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
