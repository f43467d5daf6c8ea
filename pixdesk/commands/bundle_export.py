"""``pixdesk bundle export``: seal one session of this PC's store for the platform.

Until the console keeps its session key and certificates in the store (work in progress),
the bundle is signed with this PC's installation key and marked degraded trust; what comes
from where is listed in docs/bundle-format.md §10. The archive is verified before it is
sealed, so this command never writes a bundle the platform would refuse.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from pixdesk.atomicfile import write_file_atomically
from pixdesk.bundle.envelope import seal_archive
from pixdesk.bundle.errors import BundleError
from pixdesk.bundle.from_store import ExportError, collect_session
from pixdesk.bundle.model import Signers
from pixdesk.bundle.platform_key import PlatformKeyPair, PlatformPublicKey
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import sample_banks
from pixdesk.bundle.verifier import verify_archive
from pixdesk.bundle.writer import build_bundle_archive
from pixdesk.commands.bundle_messages import describe_bundle_error, describe_export_error
from pixdesk.crypto.keys import CryptoError, fingerprint
from pixdesk.crypto.keystore import Keystore
from pixdesk.i18n import _
from pixdesk.services.station_store import open_station_store
from pixdesk.store.errors import StoreError
from pixdesk.store.paths import data_dir, database_path

EXIT_OK, EXIT_REFUSED = 0, 1


def export(
    args: argparse.Namespace,
    key: PlatformPublicKey | PlatformKeyPair | None,
    usage_error: type[Exception],
) -> int:
    """Export session ``args.session`` to ``args.out``; return the exit code.

    Raises:
        usage_error: no platform key, no store on this PC, or the output cannot be written.
    """
    if key is None:
        raise usage_error(_("Aucune clé de plateforme : indiquez --platform-key FICHIER."))
    platform = key.public() if isinstance(key, PlatformKeyPair) else key
    directory = data_dir(args.data_dir)
    if not database_path(directory).exists():
        raise usage_error(_("Aucune base de données sur ce poste ({path}).").format(path=directory))
    if args.out.exists() and not args.force:
        raise usage_error(
            _("Le fichier existe déjà : {path} (--force pour le remplacer).").format(path=args.out)
        )
    try:
        store = open_station_store(directory)
    except (StoreError, CryptoError) as exc:
        raise usage_error(
            _("Base de ce poste illisible pour l'export : {error}").format(error=exc)
        ) from exc
    try:
        signing_key = Keystore(store.data_dir).station_key(create=False)
        contents = collect_session(
            store.db.conn,
            args.session,
            own_station_id=store.station_id,
            own_public_key=store.journal.public_key.public_bytes_raw(),
            banks=sample_banks,
        )
    except ExportError as exc:
        print(describe_export_error(exc), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        store.close()
    signers = Signers(signing_key)
    try:
        archive = build_bundle_archive(contents, signers, created=datetime.now(UTC))
        verify_archive(archive, VerifyPolicy(banks=sample_banks))
        sealed = seal_archive(archive, platform)
    except BundleError as exc:
        print(describe_bundle_error(exc), file=sys.stderr)
        return EXIT_REFUSED
    try:
        write_file_atomically(args.out, sealed, mode=0o644, overwrite=args.force)
    except OSError as exc:
        raise usage_error(_("Écriture du lot impossible : {error}").format(error=exc)) from exc
    print(
        _("Session {number} exportée : {path} ({size} octets, {journals} journaux).").format(
            number=args.session, path=args.out, size=len(sealed), journals=len(contents.journals)
        )
    )
    print(
        _("Confiance dégradée : signé par la clé de ce poste ({fpr}).").format(
            fpr=fingerprint(signing_key)
        )
    )
    return EXIT_OK
