"""Sentences for the bundle export of referent mode (the codes of ``session_bundle_values``)."""

from __future__ import annotations

from collections.abc import Callable

from pixdesk.i18n import _
from pixdesk.services.session_bundle_values import BundleExportError, BundleExportErrorCode

_E = BundleExportErrorCode

# Functions, not strings: ``_()`` must run after the language is chosen.
_ERRORS: dict[BundleExportErrorCode, Callable[[], str]] = {
    _E.NO_PLATFORM_KEY: lambda: _(
        "Aucune clé de plateforme sur ce poste : choisissez son fichier (« Clé de plateforme… »)."
    ),
    _E.KEY_FILE_INVALID: lambda: _("Ce fichier n'est pas une clé publique de plateforme : {path}"),
    _E.KEY_MISMATCH: lambda: _(
        "Cette clé n'est pas celle de la plateforme configurée sur ce poste : {path}"
    ),
    _E.NOT_EXPORTABLE: lambda: _(
        "La session {number} ne peut pas être exportée depuis ce poste ({reason})."
    ),
    _E.BUNDLE_REFUSED: lambda: _("Le lot ne se vérifie pas ({reason}) : il n'a pas été écrit."),
    _E.WRITE_FAILED: lambda: _(
        "Écriture impossible (clé USB retirée, pleine ou protégée ?) : {error}"
    ),
}


class _Params(dict[str, str]):
    """Named fields for a message; one the error did not carry prints as ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


def describe_export_error(error: BundleExportError) -> str:
    """Return the sentence for an export that could not be done."""
    return _ERRORS[error.code]().format_map(_Params(error.params))
