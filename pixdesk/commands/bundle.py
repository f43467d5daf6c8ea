"""``pixdesk bundle export|verify|inspect``: make, check and read sealed session bundles.

Exit codes: 0 done (for ``verify``, at the level its key allows: the envelope only without
the platform's private key, everything with it); 1 the bundle is refused (or the session
cannot be exported), naming the first failed check; 2 a file, key or option cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pixdesk.bundle.platform_key import PlatformKeyPair, PlatformPublicKey
    from pixdesk.bundle.policy import VerifyPolicy

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """A file, key or option that cannot be used; the message is already translated."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``bundle`` and its three actions."""
    from pixdesk.i18n import _

    parser = sub.add_parser("bundle", help=_("exporter, vérifier ou lire un lot de session scellé"))
    actions = parser.add_subparsers(dest="bundle_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help=_("exporter une session de ce poste en lot scellé"))
    export.add_argument("session", metavar="SESSION", help=_("numéro de la session"))
    export.add_argument(
        "--out", type=Path, required=True, metavar=_("FICHIER"), help=_("lot à écrire")
    )
    export.add_argument("--force", action="store_true", help=_("remplacer un fichier existant"))
    verify = actions.add_parser("verify", help=_("vérifier un lot (tout, avec la clé privée)"))
    inspect = actions.add_parser("inspect", help=_("lister le contenu d'un lot (plateforme)"))
    for action in (verify, inspect):
        action.add_argument("file", type=Path, metavar=_("FICHIER"), help=_("lot à lire"))
        action.add_argument("--json", action="store_true", help=_("un objet JSON pour les scripts"))
        action.add_argument(
            "--trusted-center",
            action="append",
            default=None,
            metavar=_("ID_CLE"),
            help=_("identifiant (64 hex) d'une clé d'établissement enregistrée"),
        )
        action.add_argument(
            "--require-center", action="store_true", help=_("refuser la confiance dégradée")
        )
    for action, required in ((export, False), (verify, False), (inspect, True)):
        action.add_argument(
            "--platform-key",
            type=Path,
            required=required,
            metavar=_("CLE"),
            help=_("fichier de clé de plateforme (publique, ou privée pour tout vérifier)"),
        )
    export.set_defaults(handler=run_export)
    verify.set_defaults(handler=run_verify)
    inspect.set_defaults(handler=run_inspect)


def _platform_key(path: Path | None) -> PlatformPublicKey | PlatformKeyPair | None:
    from pixdesk.bundle.platform_key import PlatformKeyError, read_platform_key
    from pixdesk.i18n import _

    if path is None:
        return None
    try:
        return read_platform_key(path)
    except (OSError, PlatformKeyError) as exc:
        message = _("Clé de plateforme inutilisable ({path}) : {error}")
        raise _UsageError(message.format(path=path, error=exc)) from exc


def _policy(args: argparse.Namespace) -> VerifyPolicy:
    import re

    from pixdesk.bundle.policy import VerifyPolicy
    from pixdesk.bundle.rescoring import sample_banks
    from pixdesk.i18n import _

    centers = args.trusted_center
    for value in centers or ():
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise _UsageError(
                _("Identifiant de clé d'établissement invalide : {value}").format(value=value)
            )
    return VerifyPolicy(
        trusted_centers=None if centers is None else frozenset(centers),
        require_center=args.require_center,
        banks=sample_banks,
    )


def _run(args: argparse.Namespace, body: Any) -> int:
    from pixdesk.i18n import set_language

    set_language(getattr(args, "lang", None))
    try:
        return int(body(args))
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE


def run_verify(args: argparse.Namespace) -> int:
    """Verify a bundle as far as the key given allows; return the exit code."""
    return _run(args, _verify)


def run_inspect(args: argparse.Namespace) -> int:
    """Verify a bundle with the platform's private key and list its contents."""
    return _run(args, _verify)


def run_export(args: argparse.Namespace) -> int:
    """Export a session of this PC's store as a sealed bundle; return the exit code."""
    from pixdesk.commands.bundle_export import export

    return _run(args, lambda a: export(a, _platform_key(a.platform_key), _UsageError))


def _verify(args: argparse.Namespace) -> int:
    from pixdesk.bundle.envelope import read_bundle_file, read_header
    from pixdesk.bundle.errors import BundleError, BundleErrorCode
    from pixdesk.bundle.platform_key import PlatformKeyPair
    from pixdesk.bundle.verifier import open_bundle
    from pixdesk.commands import bundle_report as report
    from pixdesk.i18n import _

    key = _platform_key(args.platform_key)
    policy = _policy(args)
    full = isinstance(key, PlatformKeyPair)
    if args.bundle_action == "inspect" and not full:
        raise _UsageError(_("Lire le contenu d'un lot demande la clé privée de la plateforme."))
    level = "full" if full else "envelope"
    path = str(args.file)
    try:
        data = read_bundle_file(args.file)
    except OSError as exc:
        raise _UsageError(_("Lecture du lot impossible : {error}").format(error=exc)) from exc
    try:
        if isinstance(key, PlatformKeyPair):
            bundle = open_bundle(data, key, policy)
            summary = report.verified_summary(path, len(data), bundle)
        else:
            header = read_header(data)
            if key is not None and header.recipient != key.seal_key_id:
                raise BundleError(
                    BundleErrorCode.WRONG_RECIPIENT, header.recipient, key=header.recipient
                )
            summary = report.envelope_summary(path, len(data), header)
    except BundleError as exc:
        failure = report.failure_summary(path, level, exc)
        if args.json:
            print(json.dumps(failure, ensure_ascii=False, sort_keys=True))
        else:
            print(
                _("Lot refusé à l'étape « {stage} » ({code}) : {message}").format(
                    stage=exc.stage.value, code=exc.code.value, message=failure["error"]["message"]
                ),
                file=sys.stderr,
            )
        return EXIT_REFUSED
    inspecting = args.bundle_action == "inspect"
    if inspecting and full:
        summary["contents"] = report.inspect_details(bundle)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, sort_keys=True))
    elif full:
        report.print_verified(summary, bundle)
        if inspecting:
            report.print_inspect(summary["contents"])
    else:
        print(
            _(
                "Enveloppe valide, scellée pour la plateforme {key} ; contenu non vérifié"
                " (il faut la clé privée de la plateforme)."
            ).format(key=summary["recipient"])
        )
    return EXIT_OK
