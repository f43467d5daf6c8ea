"""``pixdesk demo``: the one-machine demonstration (windows), or a whole session headless."""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("demo", help=_("ouvrir la démonstration sur ce poste"))
    parser.add_argument(
        "--screenshot", metavar="PNG", help=_("enregistrer une capture des fenêtres puis quitter")
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help=_("sans fenêtre : dérouler une session entière avec des candidats simulés"),
    )
    parser.add_argument(
        "--learners",
        type=_positive,
        default=None,
        metavar="N",
        help=_("candidats : fenêtres ouvertes (3 par défaut) ou simulés avec --headless (20)"),
    )
    parser.add_argument(
        "--background",
        type=_natural,
        default=2,
        metavar="N",
        help=_("candidats simulés qui répondent en arrière-plan (fenêtres ; 2 par défaut)"),
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=None,
        metavar="M",
        help=_("durée maximale des réponses (2 avec --headless, 10 sinon)"),
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help=_("graine du hasard"))
    # Also accepted after the subcommand, as the README's demo script passes it there.
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help=_("langue de l'interface")
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("≥ 1")
    return value


def _natural(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("≥ 0")
    return value


def run(args: argparse.Namespace) -> int:
    if args.headless:
        return run_headless_command(args)
    # Qt is imported only here, so that the command-line tools start fast and run headless.
    from pixdesk.app import run_demo

    return run_demo(
        screenshot=args.screenshot,
        lang=args.lang,
        data_dir=args.data_dir,
        learners=args.learners or 3,
        background=args.background,
        minutes=args.minutes if args.minutes is not None else 10.0,
        seed=args.seed,
    )


def run_headless_command(args: argparse.Namespace) -> int:
    """Run a whole session with simulated learners; exit 0 only when nothing was lost."""
    from pixdesk.i18n import _, set_language
    from pixdesk.services.demo import run_headless

    set_language(args.lang)
    learners = args.learners or 20
    minutes = args.minutes if args.minutes is not None else 2.0
    print(
        _(
            "Démonstration sans fenêtre : {learners} candidats simulés, {minutes} min au plus…"
        ).format(learners=learners, minutes=f"{minutes:g}"),
        flush=True,
    )
    summary = run_headless(
        learners,
        minutes,
        args.seed,
        data_dir=args.data_dir,
        progress=lambda text: print(_("Session : {info}").format(info=text), flush=True),
    )
    print(_("Réponses envoyées : {count}").format(count=summary.sent))
    print(_("Réponses répliquées sur la console : {count}").format(count=summary.replicated))
    print(_("Réponses perdues : {count}").format(count=summary.lost))
    print(
        _("Tests terminés : {finished} ; arrêtés à la finalisation : {aborted}").format(
            finished=summary.finished, aborted=summary.aborted
        )
    )
    if summary.journals_ok:
        print(_("Journaux des postes vérifiés (chaînes et signatures)."))
    else:
        print(_("Un journal de poste ne se vérifie pas."))
    if summary.finalised:
        print(_("Session finalisée."))
    else:
        print(_("La session n'a pas pu être finalisée."))
    for problem in summary.problems:
        print(_("Problème : {problem}").format(problem=problem), file=sys.stderr)
    print(_("Durée : {seconds} s").format(seconds=f"{summary.seconds:.1f}"))
    print(json.dumps(summary.as_json(), ensure_ascii=False))
    return 0 if summary.ok else 1
