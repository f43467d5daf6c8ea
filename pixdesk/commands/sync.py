"""``pixdesk sync``: send the outbox to the platform, queue bundles, show status and receipts.

::

    pixdesk sync [--once] [--json]           send what is queued until idle (or a pass)
    pixdesk sync enqueue FILE [--label L]    copy a sealed bundle into the outbox
    pixdesk sync status [--json]             every entry, and why it is not delivered
    pixdesk sync receipt ID [--pdf OUT]      a delivered bundle's verified receipt
    pixdesk sync retry ID                    queue a failed bundle again

The platform comes from the machine configuration (``platform_url``, ``platform_public_key``)
unless ``--url`` and ``--platform-key`` (a platform public key file) are given.

Exit codes of the send: 0 everything delivered; 1 something failed for good; 3 something is
still queued for a retry; 2 the command cannot run (no platform configured, no store, a bad
file). ``status`` exits 0; ``receipt`` exits 1 when there is no such receipt.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pixdesk.services.station_store import StationStore
    from pixdesk.services.sync_service import OutboxItem, SyncService, SyncStatus
    from pixdesk.sync.client import PlatformEndpoint

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PENDING = 0, 1, 2, 3


class _UsageError(Exception):
    """The command cannot run; the message is already translated."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``sync`` and its actions."""
    from pixdesk.i18n import _

    parser = sub.add_parser(
        "sync", help=_("envoyer les lots scellés à la plateforme, suivre les reçus")
    )
    _common(parser)
    parser.add_argument(
        "--once", action="store_true", default=argparse.SUPPRESS, help=_("un seul passage")
    )
    parser.set_defaults(handler=run_sync)
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")
    enqueue = actions.add_parser("enqueue", help=_("mettre un lot scellé dans la file d'envoi"))
    enqueue.add_argument("file", type=Path, metavar=_("FICHIER"), help=_("le lot (.pixbundle)"))
    enqueue.add_argument(
        "--label", default="", metavar=_("TEXTE"), help=_("ex. le numéro de session")
    )
    enqueue.set_defaults(handler=run_enqueue)
    status = actions.add_parser("status", help=_("état de chaque lot de la file"))
    status.set_defaults(handler=run_status)
    receipt = actions.add_parser("receipt", help=_("le reçu vérifié d'un lot remis"))
    receipt.add_argument("bundle_id", metavar="ID", help=_("identifiant du lot (ou son début)"))
    receipt.add_argument(
        "--pdf", type=Path, default=None, metavar=_("FICHIER"), help=_("PDF à écrire")
    )
    receipt.set_defaults(handler=run_receipt)
    retry = actions.add_parser("retry", help=_("remettre dans la file un lot en échec"))
    retry.add_argument("bundle_id", metavar="ID", help=_("identifiant du lot (ou son début)"))
    retry.set_defaults(handler=run_retry)
    for action in (enqueue, status, receipt, retry):
        _common(action)


def _common(parser: argparse.ArgumentParser) -> None:
    from pixdesk.i18n import _

    # SUPPRESS: an option given before or after the action is kept, never reset by the other.
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help=_("sortie JSON")
    )
    parser.add_argument(
        "--url", default=argparse.SUPPRESS, metavar="URL", help=_("adresse de la plateforme")
    )
    parser.add_argument(
        "--platform-key",
        type=Path,
        default=argparse.SUPPRESS,
        metavar=_("CLE"),
        help=_("fichier de clé publique de la plateforme (signature des reçus)"),
    )


def run_sync(args: argparse.Namespace) -> int:
    """Send the outbox; return 0, 1 or 3 as the outbox stands afterwards."""
    return _run(args, _sync)


def run_enqueue(args: argparse.Namespace) -> int:
    """Copy a bundle into the outbox."""
    return _run(args, _enqueue)


def run_status(args: argparse.Namespace) -> int:
    """Print every outbox entry."""
    return _run(args, _status)


def run_receipt(args: argparse.Namespace) -> int:
    """Print (and optionally render) a delivered bundle's receipt."""
    return _run(args, _receipt)


def run_retry(args: argparse.Namespace) -> int:
    """Queue a failed bundle again."""
    return _run(args, _retry)


def _run(args: argparse.Namespace, body: Any) -> int:
    from pixdesk.i18n import set_language
    from pixdesk.services.sync_messages import describe_sync_error
    from pixdesk.services.sync_service import SyncError

    set_language(getattr(args, "lang", None))
    try:
        store, service = _open(args)
    except _UsageError as exc:
        return _usage(args, str(exc))
    try:
        return int(body(args, service))
    except SyncError as exc:
        return _usage(args, describe_sync_error(exc), code=exc.code.value)
    except _UsageError as exc:
        return _usage(args, str(exc))
    finally:
        store.close()


def _usage(args: argparse.Namespace, message: str, *, code: str = "USAGE") -> int:
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": {"code": code, "message": message}}))
    else:
        print(message, file=sys.stderr)
    return EXIT_USAGE


def _open(args: argparse.Namespace) -> tuple[StationStore, SyncService]:
    import random

    from pixdesk.crypto.keys import CryptoError
    from pixdesk.crypto.keystore import KeystoreError
    from pixdesk.i18n import _
    from pixdesk.services.config import load_config, resolve_data_dir
    from pixdesk.services.config_errors import ConfigError, describe_config_error
    from pixdesk.services.station_store import open_station_store
    from pixdesk.services.sync_service import SyncService
    from pixdesk.store.errors import StoreError

    try:
        config = load_config().config
    except ConfigError as exc:
        raise _UsageError(describe_config_error(exc)) from exc
    endpoint = _endpoint(args, config.platform_url, config.platform_public_key)
    try:
        store = open_station_store(resolve_data_dir(args.data_dir, config))
    except (KeystoreError, StoreError, CryptoError, OSError) as exc:
        raise _UsageError(
            _("Données de ce poste inaccessibles : {error}").format(error=exc)
        ) from exc
    service = SyncService(
        store.db,
        store.data_dir,
        endpoint=endpoint,
        clock=_SystemClock(),
        rng=random.SystemRandom(),
    )
    return store, service


def _endpoint(
    args: argparse.Namespace, url: str | None, key_text: str | None
) -> PlatformEndpoint | None:
    """Return the platform: the options' URL and key file, else the configuration's."""
    from pixdesk.bundle.platform_key import PlatformKeyError, PlatformKeyPair, read_platform_key
    from pixdesk.crypto.keys import KeyFormatError
    from pixdesk.i18n import _
    from pixdesk.services.sync_service import platform_endpoint
    from pixdesk.sync.client import PlatformEndpoint

    url = getattr(args, "url", None) or url
    key_file: Path | None = getattr(args, "platform_key", None)
    if key_file is None:
        try:
            return platform_endpoint(url, key_text)
        except (ValueError, KeyFormatError) as exc:
            raise _UsageError(str(exc)) from exc
    try:
        key = read_platform_key(key_file)
    except (OSError, PlatformKeyError) as exc:
        raise _UsageError(
            _("Clé de plateforme inutilisable ({path}) : {error}").format(path=key_file, error=exc)
        ) from exc
    sign_key = (key.public() if isinstance(key, PlatformKeyPair) else key).sign_key
    return None if url is None else PlatformEndpoint(url, sign_key)


def _sync(args: argparse.Namespace, service: SyncService) -> int:
    from pixdesk.services.sync_service import SyncError, SyncErrorCode

    if not service.configured:
        raise SyncError(SyncErrorCode.NOT_CONFIGURED)
    as_json = getattr(args, "json", False)
    progress = None if as_json else _Progress()
    if getattr(args, "once", False):
        run = service.run_once(force=True, progress=progress)
    else:
        run = service.run_until_idle(force=True, progress=progress)
    status = service.status()
    code = _exit_code(status)
    if as_json:
        doc = {
            "ok": code == EXIT_OK,
            "exit": code,
            "attempts": [
                {
                    "bundle_id": outcome.bundle_id,
                    "state": outcome.state.value,
                    "problem": _problem_json(outcome.problem),
                }
                for outcome in run.outcomes
            ],
            **_status_json(status),
        }
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        _print_status(status)
    return code


def _enqueue(args: argparse.Namespace, service: SyncService) -> int:
    from pixdesk.i18n import _

    item = service.enqueue(args.file, label=args.label)
    if getattr(args, "json", False):
        print(json.dumps({"ok": True, "item": _item_json(item)}, ensure_ascii=False))
    else:
        print(
            _("Lot {bundle_id} dans la file d'envoi ({size} octets).").format(
                bundle_id=item.bundle_id, size=item.size
            )
        )
    return EXIT_OK


def _status(args: argparse.Namespace, service: SyncService) -> int:
    status = service.status()
    if getattr(args, "json", False):
        print(json.dumps(_status_json(status), ensure_ascii=False, sort_keys=True))
    else:
        _print_status(status)
    return EXIT_OK


def _receipt(args: argparse.Namespace, service: SyncService) -> int:
    from pixdesk.atomicfile import write_file_atomically
    from pixdesk.i18n import _
    from pixdesk.services.sync_messages import describe_sync_error
    from pixdesk.services.sync_service import SyncError

    bundle_id = _resolve(service, args.bundle_id)
    try:
        receipt = service.receipt(bundle_id)
        document = service.receipt_document(bundle_id) if args.pdf is not None else None
    except SyncError as exc:
        message = describe_sync_error(exc)
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": {"code": exc.code.value, "message": message}}))
        else:
            print(message, file=sys.stderr)
        return EXIT_FAILED
    if document is not None:
        from pixdesk.documents.render_receipt import render_upload_receipt

        try:
            write_file_atomically(args.pdf, render_upload_receipt(document), mode=0o644)
        except OSError as exc:
            raise _UsageError(_("Écriture impossible : {error}").format(error=exc)) from exc
    if getattr(args, "json", False):
        doc = {"ok": True, "receipt": _receipt_json(receipt), "token": receipt.token}
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        print(
            _(
                "Reçu vérifié : lot {bundle_id}, session {number}, reçu le {received},"
                " {candidates} candidat(s), {flags} écart(s) signalé(s)."
            ).format(
                bundle_id=receipt.bundle_id,
                number=receipt.session_number,
                received=receipt.received.isoformat(),
                candidates=receipt.candidates,
                flags=receipt.flags,
            )
        )
        print(receipt.token)
        if args.pdf is not None:
            print(_("PDF écrit : {path}").format(path=args.pdf))
    return EXIT_OK


def _retry(args: argparse.Namespace, service: SyncService) -> int:
    from pixdesk.i18n import _

    item = service.retry(_resolve(service, args.bundle_id))
    if getattr(args, "json", False):
        print(json.dumps({"ok": True, "item": _item_json(item)}, ensure_ascii=False))
    else:
        print(_("Lot {bundle_id} remis dans la file d'envoi.").format(bundle_id=item.bundle_id))
    return EXIT_OK


def _resolve(service: SyncService, prefix: str) -> str:
    """Return the one outbox id that starts with ``prefix`` (the id itself when unknown)."""
    ids = [item.bundle_id for item in service.status().items]
    matches = [bundle_id for bundle_id in ids if bundle_id.startswith(prefix.lower())]
    return matches[0] if len(matches) == 1 and len(prefix) >= 4 else prefix


def _exit_code(status: SyncStatus) -> int:
    from pixdesk.services.sync_service import OutboxState

    if status.count(OutboxState.FAILED):
        return EXIT_FAILED
    return EXIT_PENDING if status.pending else EXIT_OK


def _print_status(status: SyncStatus) -> None:
    from pixdesk.i18n import _
    from pixdesk.services.sync_messages import describe_problem, describe_state

    if not status.items:
        print(_("La file d'envoi est vide."))
    for item in status.items:
        line = _("{bundle_id}  {name}  {state}").format(
            bundle_id=item.bundle_id,
            name=item.label or item.file_name,
            state=describe_state(item.state),
        )
        if item.receipt is not None:
            line += "  " + _("reçu du {received}, session {number}").format(
                received=item.receipt.received.isoformat(), number=item.receipt.session_number
            )
        if item.next_attempt_at is not None and item.attempts:
            line += "  " + _("prochain essai : {when}").format(
                when=item.next_attempt_at.isoformat(timespec="seconds")
            )
        print(line)
        if item.problem is not None:
            print(
                "    "
                + _("{code} : {sentence} ({detail})").format(
                    code=item.problem.code,
                    sentence=describe_problem(item.problem),
                    detail=item.problem.message,
                )
            )


def _status_json(status: SyncStatus) -> dict[str, Any]:
    from pixdesk.services.sync_service import OutboxState

    return {
        "configured": status.configured,
        "counts": {state.value: status.count(state) for state in OutboxState},
        "items": [_item_json(item) for item in status.items],
    }


def _item_json(item: OutboxItem) -> dict[str, Any]:
    def when(moment: Any) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "bundle_id": item.bundle_id,
        "file_name": item.file_name,
        "label": item.label,
        "size": item.size,
        "sha256": item.sha256,
        "state": item.state.value,
        "attempts": item.attempts,
        "enqueued_at": when(item.enqueued_at),
        "next_attempt_at": when(item.next_attempt_at),
        "last_attempt_at": when(item.last_attempt_at),
        "sent_bytes": item.sent_bytes,
        "problem": _problem_json(item.problem),
        "receipt": None if item.receipt is None else _receipt_json(item.receipt),
        "delivered_at": when(item.delivered_at),
    }


def _problem_json(problem: Any) -> dict[str, Any] | None:
    from pixdesk.services.sync_messages import describe_problem

    if problem is None:
        return None
    return {
        "code": problem.code,
        "message": problem.message,
        "permanent": problem.permanent,
        "text": describe_problem(problem),
    }


def _receipt_json(receipt: Any) -> dict[str, Any]:
    return {
        "bundle_id": receipt.bundle_id,
        "sha256": receipt.sha256,
        "size": receipt.size,
        "received": receipt.received.isoformat(),
        "platform_key_id": receipt.platform_key_id,
        "content_id": receipt.content_id,
        "session_id": receipt.session_id,
        "session_number": receipt.session_number,
        "candidates": receipt.candidates,
        "flags": receipt.flags,
    }


class _Progress:
    """Print each bundle's progress on stderr, every tenth."""

    def __init__(self) -> None:
        self._shown: dict[str, int] = {}

    def __call__(self, bundle_id: str, sent: int, total: int) -> None:
        tenth = sent * 10 // max(total, 1)
        if self._shown.get(bundle_id) != tenth:
            self._shown[bundle_id] = tenth
            print(f"{bundle_id}: {tenth * 10} %", file=sys.stderr)


class _SystemClock:
    """The computer's clock (the service's ``Clock``)."""

    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime.now(UTC)

    def monotonic_ns(self) -> int:
        import time

        return time.monotonic_ns()
