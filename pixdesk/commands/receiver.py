"""``pixdesk receiver serve|keygen``: the reference receiver (docs/sync-protocol.md).

::

    pixdesk receiver serve --data DIR --platform-key KEY [--host 127.0.0.1] [--port 8443]
        [--max-size 256M] [--max-chunk 1M] [--upload-ttl-hours 24] [--rate 20]
        [--trusted-center KEY_ID]… [--require-center] [--tls-cert PEM --tls-key PEM]
    pixdesk receiver keygen --out PRIVATE_KEY [--public PUBLIC_KEY] [--label TEXT]

Needs the ``receiver`` extra (Starlette, uvicorn). Exit codes: 0 stopped normally; 2 an option,
key or directory cannot be used.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pixdesk.sync.receiver.server import TlsFiles
    from pixdesk.sync.receiver.settings import ReceiverSettings

EXIT_OK, EXIT_USAGE = 0, 2


class _UsageError(Exception):
    """An option that cannot be used; the message is already translated."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``receiver`` and its actions."""
    from pixdesk.i18n import _

    parser = sub.add_parser("receiver", help=_("le récepteur de référence de la plateforme"))
    actions = parser.add_subparsers(dest="receiver_action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help=_("recevoir les lots scellés (HTTP)"))
    serve.add_argument("--host", default="127.0.0.1", metavar=_("ADRESSE"))
    serve.add_argument("--port", type=int, default=8443, metavar="PORT")
    serve.add_argument(
        "--data", type=Path, required=True, metavar=_("DOSSIER"), help=_("ses données")
    )
    serve.add_argument(
        "--platform-key",
        type=Path,
        required=True,
        metavar=_("CLE"),
        help=_("clé PRIVÉE de la plateforme (ouvre les lots, signe les reçus)"),
    )
    serve.add_argument(
        "--max-size", default="256M", metavar=_("TAILLE"), help=_("taille max. d'un lot")
    )
    serve.add_argument(
        "--max-chunk", default="1M", metavar=_("TAILLE"), help=_("taille max. d'un envoi")
    )
    serve.add_argument("--upload-ttl-hours", type=float, default=24.0, metavar=_("HEURES"))
    serve.add_argument("--rate", type=float, default=20.0, metavar="N", help=_("requêtes/s par IP"))
    serve.add_argument(
        "--trusted-center",
        action="append",
        default=None,
        metavar=_("ID_CLE"),
        help=_("identifiant (64 hex) d'une clé d'établissement enregistrée"),
    )
    serve.add_argument(
        "--require-center", action="store_true", help=_("refuser la confiance dégradée")
    )
    serve.add_argument("--tls-cert", type=Path, default=None, metavar="PEM")
    serve.add_argument("--tls-key", type=Path, default=None, metavar="PEM")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    serve.set_defaults(handler=run_serve)
    keygen = actions.add_parser("keygen", help=_("créer une paire de clés de plateforme"))
    keygen.add_argument(
        "--out", type=Path, required=True, metavar=_("FICHIER"), help=_("clé privée")
    )
    keygen.add_argument(
        "--public", type=Path, default=None, metavar=_("FICHIER"), help=_("clé publique")
    )
    keygen.add_argument("--label", default="pixdesk platform", metavar=_("TEXTE"))
    keygen.set_defaults(handler=run_keygen)


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from pixdesk.i18n import set_language

    set_language(getattr(args, "lang", None))
    try:
        settings, tls = _settings(args)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    from pixdesk.sync.receiver.server import serve

    serve(settings, args.host, args.port, tls=tls, log_level=args.log_level)
    return EXIT_OK


def run_keygen(args: argparse.Namespace) -> int:
    """Write a new platform key pair."""
    from pixdesk.atomicfile import write_file_atomically
    from pixdesk.bundle.platform_key import generate_platform_key, write_platform_private_key
    from pixdesk.crypto.keys import fingerprint
    from pixdesk.i18n import _, set_language

    set_language(getattr(args, "lang", None))
    pair = generate_platform_key(args.label)
    try:
        write_platform_private_key(args.out, pair)
        if args.public is not None:
            write_file_atomically(args.public, pair.public().to_file(), mode=0o644)
    except OSError as exc:
        print(_("Écriture impossible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    print(
        _("Clé de plateforme créée : {path} (empreinte {fpr}).").format(
            path=args.out, fpr=fingerprint(pair.sign_key)
        )
    )
    return EXIT_OK


def _settings(args: argparse.Namespace) -> tuple[ReceiverSettings, TlsFiles | None]:
    from datetime import timedelta

    from pixdesk.bundle.platform_key import PlatformKeyError, read_platform_private_key
    from pixdesk.bundle.policy import VerifyPolicy
    from pixdesk.bundle.rescoring import sample_banks
    from pixdesk.i18n import _

    try:
        from pixdesk.sync.receiver.server import TlsFiles
        from pixdesk.sync.receiver.settings import ReceiverSettings, parse_size
    except ImportError as exc:  # the receiver extra is not installed
        raise _UsageError(
            _("Le récepteur demande l'option « receiver » : pip install 'pixdesk[receiver]'.")
        ) from exc
    try:
        platform = read_platform_private_key(args.platform_key)
    except (OSError, PlatformKeyError) as exc:
        raise _UsageError(
            _("Clé de plateforme inutilisable ({path}) : {error}").format(
                path=args.platform_key, error=exc
            )
        ) from exc
    centers = args.trusted_center
    for value in centers or ():
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise _UsageError(
                _("Identifiant de clé d'établissement invalide : {value}").format(value=value)
            )
    if (args.tls_cert is None) != (args.tls_key is None):
        raise _UsageError(_("--tls-cert et --tls-key vont ensemble."))
    tls = None if args.tls_cert is None else TlsFiles(args.tls_cert, args.tls_key)
    try:
        settings = ReceiverSettings(
            data_dir=args.data,
            platform=platform,
            policy=VerifyPolicy(
                trusted_centers=None if centers is None else frozenset(centers),
                require_center=args.require_center,
                banks=sample_banks,
            ),
            max_size=parse_size(args.max_size),
            max_chunk=parse_size(args.max_chunk),
            min_chunk=min(64 * 1024, parse_size(args.max_chunk)),
            upload_ttl=timedelta(hours=args.upload_ttl_hours),
            rate_per_s=args.rate,
            rate_burst=max(1, int(args.rate * 10)),
        )
    except ValueError as exc:
        raise _UsageError(_("Option invalide : {error}").format(error=exc)) from exc
    return settings, tls
