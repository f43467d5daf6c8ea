"""The ``pixdesk`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pixdesk import __version__
from pixdesk.commands import (
    bank,
    bundle,
    config,
    demo,
    doctor,
    learner,
    probe,
    receiver,
    referent,
    roster,
    self_test,
    supervisor,
    sync,
)
from pixdesk.i18n import _, set_language

# One module per subcommand; adding a command is adding it here.
COMMANDS = (
    demo,
    learner,
    referent,
    supervisor,
    bank,
    roster,
    config,
    self_test,
    doctor,
    probe,
    bundle,
    sync,
    receiver,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pixdesk",
        description=_("pixdesk — certification des compétences numériques, hors ligne d'abord."),
    )
    parser.add_argument(  # argparse 3.11 leaves this help untranslated: say it ourselves
        "--version",
        action="version",
        version=f"pixdesk {__version__}",
        help=_("affiche le numéro de version et quitte"),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar=_("DOSSIER"),
        help=_("dossier des données de ce poste (par défaut : celui du système)"),
    )
    parser.add_argument("--lang", choices=["fr", "en"], default=None, help=_("langue"))
    parser.add_argument(  # main() turns it into the self-test command
        "--self-test", action="store_true", help=_("vérifier cette installation puis quitter")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMANDE"))
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def language_asked(argv: Sequence[str]) -> str | None:
    """Return the language the command line (``--lang X``, ``--lang=X``) or PIXDESK_LANG asks,
    read before parsing so that argparse's own usage and errors are in that language."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return os.environ.get("PIXDESK_LANG")


def main(argv: Sequence[str] | None = None) -> int:
    # `--self-test` (the spelling release scripts use) is the `self-test` command.
    given = sys.argv[1:] if argv is None else argv
    set_language(language_asked(given))
    parser = build_parser()
    argv = ["self-test" if arg == "--self-test" else arg for arg in given]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "demo"])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
