"""Sentences for session planning, session packs and the center key (no store involved).

The domain and the services return codes; these functions turn them into translated
sentences that say what to do. Store-free, so that the UI may call them directly.
"""

from __future__ import annotations

from collections.abc import Callable

from pixdesk.crypto.center import CenterKeyError, CenterKeyErrorCode
from pixdesk.domain.errors import FieldCode, FieldProblem
from pixdesk.i18n import _
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.session_pack_body import PackErrorCode, SessionPackError

__all__ = [
    "describe_center_key_error",
    "describe_field_problem",
    "describe_pack_error",
    "describe_planning_error",
]


def describe_field_problem(problem: FieldProblem) -> str:
    """Return what is wrong with one form field and how to write it."""
    texts: dict[FieldCode, Callable[[], str]] = {
        FieldCode.REQUIRED: lambda: _("Ce champ est obligatoire."),
        FieldCode.BLANK_ENTRY: lambda: _("Un des noms est vide."),
        FieldCode.NOT_POSITIVE: lambda: _("Le numéro doit être un nombre entier positif."),
        FieldCode.DATE_FORMAT: lambda: _("Date attendue au format JJ/MM/AAAA."),
        FieldCode.DATE_IN_FUTURE: lambda: _("La date de naissance doit être passée."),
        FieldCode.TIME_FORMAT: lambda: _("Heure attendue au format HH:MM (sur 24 heures)."),
        FieldCode.ACCESS_CODE_FORMAT: lambda: _("Code d'accès mal formé."),
        FieldCode.PASSWORD_FORMAT: lambda: _("Mot de passe surveillant mal formé."),
        FieldCode.NAME_WITHOUT_LETTERS: lambda: _(
            "Le nom doit contenir au moins une lettre ou un chiffre."
        ),
        FieldCode.COUNTRY_CODE_FORMAT: lambda: _(
            "Code pays INSEE attendu : 99 puis 3 chiffres (99100 pour la France)."
        ),
        FieldCode.INSEE_CODE_FORMAT: lambda: _(
            "Code INSEE de commune attendu : 5 caractères (ex. 75056, 2A004)."
        ),
        FieldCode.POSTAL_CODE_FORMAT: lambda: _("Code postal attendu : 5 chiffres."),
        FieldCode.BIRTH_PLACE_REQUIRED: lambda: _(
            "Né(e) en France : le code INSEE, ou le code postal et la commune ; "
            "né(e) à l'étranger : la commune."
        ),
        FieldCode.EXTRA_TIME_RANGE: lambda: _(
            "Temps majoré attendu : un pourcentage de 0 à 999 (ex. 33)."
        ),
        FieldCode.EMAIL_FORMAT: lambda: _("Adresse e-mail invalide (ex. nom@exemple.fr)."),
    }
    return texts[problem.code]()


def describe_planning_error(error: PlanningError) -> str:
    """Return the sentence of a refused planning operation (the fields are shown apart)."""

    def param(key: str) -> str:
        return str(error.params.get(key, ""))

    texts: dict[PlanningErrorCode, Callable[[], str]] = {
        PlanningErrorCode.INVALID_FIELDS: lambda: _(
            "La session n'est pas enregistrée : corrigez les champs signalés."
        ),
        PlanningErrorCode.INVALID_CANDIDATE: lambda: _(
            "Le candidat n'est pas inscrit : corrigez les champs signalés."
        ),
        PlanningErrorCode.NUMBER_TAKEN: lambda: _(
            "Le numéro {number} est déjà celui d'une autre session de ce poste."
        ).format(number=param("number")),
        PlanningErrorCode.SESSION_NOT_FOUND: lambda: _("Cette session n'existe plus sur ce poste."),
        PlanningErrorCode.CANDIDATE_NOT_FOUND: lambda: _(
            "Ce candidat n'est plus inscrit à la session."
        ),
        PlanningErrorCode.LEARNER_NOT_FOUND: lambda: _(
            "Aucun élève d'INE {ine} dans la base élèves de ce poste."
        ).format(ine=param("ine")),
        PlanningErrorCode.LEARNER_INACTIVE: lambda: _(
            "L'élève d'INE {ine} est désactivé(e) : le dernier export SIECLE ne le ou la "
            "compte plus. Personne n'a été inscrit."
        ).format(ine=param("ine")),
        PlanningErrorCode.DIVISION_EMPTY: lambda: _(
            "Aucun élève actif dans la classe {division}."
        ).format(division=param("division")),
        PlanningErrorCode.DUPLICATE_CANDIDATE: lambda: _(
            "Ce candidat est déjà inscrit à la session (mêmes nom, prénom et date de naissance)."
        ),
        PlanningErrorCode.EXTRA_TIME_INVALID: lambda: _(
            "Temps majoré refusé « {value} » : un pourcentage de 0 à 999 (ex. 33)."
        ).format(value=param("value")),
    }
    return texts[error.code]()


def describe_pack_error(error: SessionPackError) -> str:
    """Return why a pack could not be written."""
    params = error.params
    if error.code is PackErrorCode.EMPTY_SESSION:
        return _(
            "La session n° {number} n'a aucun candidat : inscrivez-en avant d'exporter son pack."
        ).format(number=params.get("session", "?"))
    if error.code is PackErrorCode.IO_ERROR:
        return _("Le pack n'a pas pu être écrit dans {path} ({error}).").format(
            path=params.get("path", "?"), error=params.get("detail", "")
        )
    if error.code is PackErrorCode.OUT_OF_BOUNDS:
        return _("La session dépasse ce qu'un pack peut contenir ({field}).").format(
            field=params.get("field") or params.get("limit", "")
        )
    return _("Le pack de session est refusé ({code} : {field}).").format(
        code=error.code.value, field=params.get("field", "")
    )


def describe_center_key_error(error: CenterKeyError) -> str:
    """Return why the center key could not be opened."""
    texts: dict[CenterKeyErrorCode, Callable[[], str]] = {
        CenterKeyErrorCode.WRONG_PASSPHRASE: lambda: _(
            "Phrase de passe incorrecte pour cette clé d'établissement."
        ),
        CenterKeyErrorCode.IO_ERROR: lambda: _(
            "Le fichier de la clé d'établissement est illisible : {path}."
        ).format(path=error.params.get("path", "?")),
        CenterKeyErrorCode.MALFORMED: lambda: _(
            "Ce fichier n'est pas une clé d'établissement pixdesk."
        ),
        CenterKeyErrorCode.UNSUPPORTED_VERSION: lambda: _(
            "Cette clé d'établissement vient d'une version plus récente de pixdesk."
        ),
        CenterKeyErrorCode.KDF_PARAMS_INVALID: lambda: _(
            "Cette clé d'établissement a des paramètres de protection refusés."
        ),
    }
    text = texts.get(error.code)
    return (
        text()
        if text is not None
        else _("Clé d'établissement refusée ({code}).").format(code=error.code.value)
    )
