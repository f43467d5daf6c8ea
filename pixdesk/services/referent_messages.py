"""Tell expected problems from bugs, and say the expected ones in a translated sentence.

The two error families of STYLE.md §7: :func:`describe_expected` returns a sentence for an
expected problem (a refused field, a wrong passphrase, a full disk, an unreadable file) and
None for anything else, which is a bug to show in a crash dialog and log. The UI receives
this function from the composition root (it reaches the store's error codes, which the UI
may not import).
"""

from __future__ import annotations

from collections.abc import Callable

from pixdesk.crypto.center import CenterKeyError
from pixdesk.i18n import _
from pixdesk.services.planning_errors import PlanningError
from pixdesk.services.planning_messages import (
    describe_center_key_error,
    describe_pack_error,
    describe_planning_error,
)
from pixdesk.services.roster_import import RosterImportError, RosterImportErrorCode
from pixdesk.services.session_pack_body import SessionPackError
from pixdesk.store.errors import StoreError, StoreErrorCode

__all__ = ["describe_expected"]


def describe_expected(error: BaseException) -> str | None:
    """Return the sentence of an expected problem, or None for a bug (crash dialog, log)."""
    if isinstance(error, PlanningError):
        return describe_planning_error(error)
    if isinstance(error, SessionPackError):
        return describe_pack_error(error)
    if isinstance(error, CenterKeyError):
        return describe_center_key_error(error)
    if isinstance(error, RosterImportError):
        return _roster_import(error)
    if isinstance(error, StoreError):
        return _store(error)
    if isinstance(error, OSError):
        return _("Fichier ou dossier inaccessible : {path} ({error}).").format(
            path=error.filename or "?", error=error.strerror or error
        )
    return None


def _roster_import(error: RosterImportError) -> str:
    if error.code is RosterImportErrorCode.STALE:
        return _(
            "La base élèves a changé depuis l'aperçu : importez le fichier à nouveau pour voir "
            "les changements à jour. Rien n'a été enregistré."
        )
    return _("Cet import contient des erreurs : corrigez le fichier puis recommencez.")


def _store(error: StoreError) -> str:
    texts: dict[StoreErrorCode, Callable[[], str]] = {
        StoreErrorCode.DISK_FULL: lambda: _(
            "Le disque est plein : rien n'a été enregistré. Libérez de la place puis recommencez."
        ),
        StoreErrorCode.LOCKED: lambda: _(
            "Les données de ce poste sont occupées par un autre programme pixdesk : "
            "fermez-le puis recommencez."
        ),
        StoreErrorCode.READ_ONLY: lambda: _(
            "Les données de ce poste sont en lecture seule : rien n'a été enregistré."
        ),
    }
    text = texts.get(error.code)
    return (
        text()
        if text is not None
        else _("Enregistrement impossible ({code}) : rien n'a été enregistré.").format(
            code=error.code.value
        )
    )
