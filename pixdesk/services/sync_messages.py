"""Sentences for the sync outbox, for ``pixdesk sync`` and referent mode alike.

Codes come from the receiver (``WireCode``, a bundle refusal code), from this side of the
wire (``ClientCode``) or from the service (``SyncErrorCode``); each becomes one translated
sentence that says what happened and what happens next (a retry, or what a person must do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pixdesk.i18n import _
from pixdesk.services.sync_values import OutboxState, SyncError, SyncErrorCode, SyncProblem
from pixdesk.sync.protocol import ClientCode, WireCode

_C = ClientCode
_W = WireCode
_S = SyncErrorCode

# Functions, not strings: ``_()`` must run after the language is chosen.
_PROBLEMS: dict[str, Callable[[], str]] = {
    _C.NETWORK: lambda: _("Plateforme injoignable (réseau) ; nouvel essai automatique."),
    _C.TIMEOUT: lambda: _("La plateforme n'a pas répondu à temps ; nouvel essai automatique."),
    _C.SERVER_ERROR: lambda: _("Erreur de la plateforme ; nouvel essai automatique."),
    _C.BAD_RESPONSE: lambda: _(
        "Réponse inattendue (portail captif ou proxy ?) ; nouvel essai automatique."
    ),
    _C.PROTOCOL: lambda: _("Réponse de la plateforme hors protocole."),
    _C.RECEIPT_INVALID: lambda: _(
        "Le reçu de la plateforme ne se vérifie pas avec la clé configurée."
    ),
    _C.FILE_MISSING: lambda: _("La copie du lot a disparu de ce poste : exportez-le à nouveau."),
    _C.FILE_CHANGED: lambda: _(
        "La copie du lot a été modifiée sur ce poste : exportez-le à nouveau."
    ),
    _C.INTERRUPTED: lambda: _("Le dernier envoi a été interrompu ; il reprendra où il en était."),
    "INTERNAL": lambda: _("Erreur interne ; nouvel essai automatique."),
    _W.RATE_LIMITED: lambda: _("La plateforme demande de ralentir ; nouvel essai automatique."),
    _W.TOO_MANY_UPLOADS: lambda: _("La plateforme est occupée ; nouvel essai automatique."),
    _W.SHA_MISMATCH: lambda: _("Le lot a été altéré pendant l'envoi ; il sera renvoyé."),
    _W.CONFLICT: lambda: _("La plateforme a déjà reçu un autre lot sous cet identifiant."),
    _W.TOO_LARGE: lambda: _("Lot trop volumineux pour cette plateforme."),
}

_STATES: dict[OutboxState, Callable[[], str]] = {
    OutboxState.QUEUED: lambda: _("en attente"),
    OutboxState.SENDING: lambda: _("envoi en cours"),
    OutboxState.DELIVERED: lambda: _("remis"),
    OutboxState.FAILED: lambda: _("en échec"),
}

_ERRORS: dict[SyncErrorCode, Callable[[], str]] = {
    _S.NOT_CONFIGURED: lambda: _(
        "Aucune plateforme configurée : renseignez platform_url et platform_public_key"
        " dans la configuration du poste."
    ),
    _S.FILE_UNREADABLE: lambda: _("Fichier illisible : {path}"),
    _S.NOT_A_BUNDLE: lambda: _("Ce fichier n'est pas un lot de session pixdesk : {path}"),
    _S.UNKNOWN_BUNDLE: lambda: _("Aucun lot {bundle_id} dans la file d'envoi."),
    _S.NO_RECEIPT: lambda: _("Le lot {bundle_id} n'a pas encore de reçu (état : {state})."),
    _S.RECEIPT_INVALID: lambda: _(
        "Le reçu du lot {bundle_id} ne se vérifie plus avec la clé de plateforme configurée."
    ),
    _S.NOT_FAILED: lambda: _("Le lot {bundle_id} n'est pas en échec (état : {state})."),
}

_PROTOCOL_CODES = frozenset(_W) - frozenset(_PROBLEMS)


class _Params(dict[str, str]):
    """Named fields for a message; one the error did not carry prints as ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


def describe_problem(problem: SyncProblem) -> str:
    """Return the sentence for why an entry is not delivered."""
    known = _PROBLEMS.get(problem.code)
    if known is not None:
        return known()
    if problem.code in _PROTOCOL_CODES:
        return _("Échange refusé par la plateforme ({code}).").format(code=problem.code)
    # Anything else is a bundle refusal code (DECRYPT_FAILED, WRONG_RECIPIENT…).
    return _("La plateforme a refusé le lot ({code}) : exportez-le à nouveau.").format(
        code=problem.code
    )


def describe_state(state: OutboxState) -> str:
    """Return the word for a state."""
    return _STATES[state]()


def describe_sync_error(error: SyncError) -> str:
    """Return the sentence for a request that cannot be done."""
    params: Mapping[str, str] = {
        key: describe_state(OutboxState(value)) if key == "state" else value
        for key, value in error.params.items()
    }
    return _ERRORS[error.code]().format_map(_Params(params))
