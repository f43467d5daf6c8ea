"""French sentences (translated through ``_()``) for bundle verification and export codes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.from_store import ExportError, ExportErrorCode
from pixdesk.i18n import _

_B = BundleErrorCode
_E = ExportErrorCode

# Functions, not strings: ``_()`` must run after the language is chosen.
_BUNDLE: dict[BundleErrorCode, Callable[[], str]] = {
    _B.TOO_LARGE: lambda: _("Fichier trop volumineux pour un lot de session."),
    _B.NOT_A_BUNDLE: lambda: _("Ce fichier n'est pas un lot de session pixdesk."),
    _B.BAD_HEADER: lambda: _("En-tête du lot illisible ou modifié."),
    _B.UNSUPPORTED_SUITE: lambda: _("Lot scellé avec des paramètres non pris en charge."),
    _B.WRONG_RECIPIENT: lambda: _("Ce lot est scellé pour une autre plateforme (clé {key})."),
    _B.DECRYPT_FAILED: lambda: _("Déchiffrement impossible : le lot a été modifié ou tronqué."),
    _B.ZIP_MALFORMED: lambda: _("Archive du lot invalide ou modifiée."),
    _B.ZIP_UNSAFE_NAME: lambda: _("Nom de fichier dangereux dans le lot : {name}"),
    _B.ZIP_DUPLICATE: lambda: _("Fichier en double dans le lot : {name}"),
    _B.ZIP_LIMITS: lambda: _("Lot refusé : trop de fichiers ou fichiers trop volumineux."),
    _B.ZIP_UNSUPPORTED: lambda: _("Lot refusé : fichier compressé ou chiffré dans l'archive."),
    _B.MANIFEST_MISSING: lambda: _("Le manifeste du lot est absent."),
    _B.MANIFEST_MALFORMED: lambda: _("Le manifeste du lot est illisible ou incohérent."),
    _B.UNSUPPORTED_VERSION: lambda: _("Version de lot non prise en charge."),
    _B.BAD_SIGNATURE: lambda: _("Signature du manifeste invalide : le lot a été modifié."),
    _B.BAD_COUNTERSIGNATURE: lambda: _("Contre-signature de l'établissement invalide ou retirée."),
    _B.DEGRADED_REFUSED: lambda: _(
        "Lot en confiance dégradée (sans clé d'établissement) : refusé."
    ),
    _B.UNTRUSTED_CENTER: lambda: _("Clé d'établissement inconnue de la plateforme : {key}"),
    _B.CERTIFICATE_INVALID: lambda: _("Certificat invalide ({reason}) : {station}"),
    _B.REVOCATION_LIST_INVALID: lambda: _("Liste de révocation du lot invalide."),
    _B.REVOKED: lambda: _("Clé ou certificat révoqué : poste {station}, numéro {serial}"),
    _B.FILE_MISSING: lambda: _("Fichier manquant dans le lot : {name}"),
    _B.FILE_EXTRA: lambda: _("Fichier en trop dans le lot : {name}"),
    _B.FILE_MISMATCH: lambda: _("Fichier modifié depuis la signature : {name}"),
    _B.SESSION_MALFORMED: lambda: _("Données de session illisibles ou d'une autre session."),
    _B.JOURNAL_MALFORMED: lambda: _("Journal du poste {station} illisible."),
    _B.STATION_KEY_MISMATCH: lambda: _(
        "La clé du poste {station} ne correspond pas à son identifiant."
    ),
    _B.JOURNAL_INVALID: lambda: _(
        "Journal du poste {station} invalide à l'événement {seq} ({problem})."
    ),
    _B.RESULTS_MALFORMED: lambda: _("Fichier des résultats illisible."),
    _B.RESULTS_INCONSISTENT: lambda: _(
        "Résultats incohérents avec les journaux : candidat {candidate}, {field}."
    ),
}

_EXPORT: dict[ExportErrorCode, Callable[[], str]] = {
    _E.SESSION_NOT_FOUND: lambda: _("Session {number} introuvable dans la base de ce poste."),
    _E.SESSION_AMBIGUOUS: lambda: _("Plusieurs sessions portent le numéro {number}."),
    _E.SESSION_NOT_OPENED: lambda: _("La session {number} n'a jamais été ouverte."),
    _E.STATION_KEY_UNKNOWN: lambda: _(
        "Clé publique du poste {station} inconnue : son journal ne peut pas être exporté."
    ),
    _E.RESULTS_FAILED: lambda: _("Les réponses ne peuvent pas être comptées : {reason}"),
}


class _Params(dict[str, str]):
    """Named fields for a message; one the error did not carry prints as ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


def _fill(template: str, params: Mapping[str, str]) -> str:
    return template.format_map(_Params(params))


def describe_bundle_error(error: BundleError) -> str:
    """Return the translated sentence for a refused bundle."""
    return _fill(_BUNDLE[error.code](), error.params)


def describe_export_error(error: ExportError) -> str:
    """Return the translated sentence for a session that cannot be exported."""
    return _fill(_EXPORT[error.code](), error.params)
