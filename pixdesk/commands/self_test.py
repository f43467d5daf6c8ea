"""``pixdesk self-test`` (also ``pixdesk --self-test``): check this build works, then exit.

Prints one line per check; exits 0 only if none failed. Run after every frozen build and
after each silent install (docs/admin-guide.md).
"""

from __future__ import annotations

import argparse
import json
import os


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("self-test", help=_("vérifier que cette installation fonctionne"))
    parser.add_argument(
        "--no-gui", action="store_true", help=_("ne pas démarrer l'interface graphique (Qt)")
    )
    parser.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pixdesk.i18n import set_language
    from pixdesk.services.checks import all_passed, status_label
    from pixdesk.services.self_test import run_self_test, version_line

    language = set_language(getattr(args, "lang", None) or os.environ.get("PIXDESK_LANG"))
    results = run_self_test(gui=not args.no_gui, language=language)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
    else:
        print(version_line(), flush=True)
        for result in results:
            print(f"[{status_label(result.status)}] {result.message}", flush=True)
    return 0 if all_passed(results) else 1
