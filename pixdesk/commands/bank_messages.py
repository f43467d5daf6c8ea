"""French sentences (translated through ``_()``) for the codes of a bank verification."""

from __future__ import annotations

from collections.abc import Callable

from pixdesk.i18n import _
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode

_P = BankProblemCode

# Functions, not strings: ``_()`` must run after the language is chosen.
_MESSAGES: dict[BankProblemCode, Callable[[], str]] = {
    _P.NOT_FOUND: lambda: _("Banque introuvable : {name}"),
    _P.NOT_A_BANK: lambda: _("Ce n'est pas un dossier de banque de questions : {name}"),
    _P.FILE_MISSING: lambda: _("Fichier manquant : {name}"),
    _P.FILE_TOO_BIG: lambda: _("Fichier trop volumineux : {name}"),
    _P.TOO_MANY_FILES: lambda: _("Trop de pièces jointes : {detail}"),
    _P.EXTRA_FILE: lambda: _("Fichier en trop, que la signature ne couvre pas : {name}"),
    _P.UNSAFE_NAME: lambda: _("Nom de fichier refusé (dangereux ou non portable) : {name}"),
    _P.SIGNATURE_MALFORMED: lambda: _("Fichier de signature illisible ({detail})"),
    _P.SIGNER_UNTRUSTED: lambda: _(
        "Banque signée par une clé qui n'est pas une plateforme de confiance (empreinte {detail})"
    ),
    _P.SIGNATURE_INVALID: lambda: _("Signature invalide : le manifeste a été modifié"),
    _P.HASH_MISMATCH: lambda: _("Contenu modifié depuis la signature : {name}"),
    _P.SIZE_MISMATCH: lambda: _("Taille différente de celle qui a été signée : {name}"),
    _P.JSON_MALFORMED: lambda: _("bank.json n'est pas un JSON valide ({detail})"),
    _P.FORMAT_UNSUPPORTED: lambda: _("Format de banque non pris en charge ({detail})"),
    _P.FIELD_MISSING: lambda: _("champ manquant : {name}"),
    _P.FIELD_UNKNOWN: lambda: _("champ inconnu : {name}"),
    _P.FIELD_INVALID: lambda: _("champ invalide : {name} (attendu : {detail})"),
    _P.SCORING_INVALID: lambda: _("configuration du score invalide : {name} ({detail})"),
    _P.ITEM_ID_DUPLICATE: lambda: _("identifiant déjà utilisé par une autre question"),
    _P.COMPETENCE_UNKNOWN: lambda: _("compétence inconnue : {detail}"),
    _P.LEVEL_OUT_OF_RANGE: lambda: _("niveau hors de l'intervalle 1 à 8 : {detail}"),
    _P.SKILL_MISMATCH: lambda: _("l'acquis doit être le sujet suivi du niveau : {detail}"),
    _P.TUBE_IN_TWO_COMPETENCES: lambda: _(
        "le sujet {name} appartient déjà à la compétence {detail}"
    ),
    _P.TRANSLATION_INCOMPLETE: lambda: _(
        "traduction anglaise incomplète : tous les textes de la question ou aucun"
    ),
    _P.PROPOSALS_INVALID: lambda: _("propositions incorrectes ({detail})"),
    _P.FIELDS_INVALID: lambda: _("champs de réponse incorrects ({detail})"),
    _P.SOLUTION_INVALID: lambda: _("solution incohérente avec le type de question ({detail})"),
    _P.NUMBER_INVALID: lambda: _("réponse numérique illisible : {detail}"),
    _P.EXPECTED_COUNT_OUT_OF_RANGE: lambda: _(
        "nombre de réponses attendues hors limites : {detail}"
    ),
    _P.ATTACHMENT_UNKNOWN: lambda: _("pièce jointe absente de la banque : {name}"),
    _P.ATTACHMENT_MISMATCH: lambda: _(
        "empreinte ou taille différente de celle du fichier joint : {name}"
    ),
    _P.ATTACHMENT_UNUSED: lambda: _("Pièce jointe qu'aucune question n'utilise : {name}"),
    _P.ACCESSIBILITY_INVALID: lambda: _(
        "marquée accessible, mais une pièce jointe n'existe qu'en image : {name}"
    ),
    _P.SELF_GRADING_FAILED: lambda: _("sa propre réponse attendue est jugée fausse : {detail}"),
    _P.DUPLICATE_STEM: lambda: _("même énoncé que la question {detail}"),
    _P.NEAR_DUPLICATE_STEM: lambda: _("énoncé presque identique à celui de la question {detail}"),
    _P.DUPLICATE_PROPOSAL: lambda: _("deux propositions disent la même chose"),
}


def describe(problem: BankProblem) -> str:
    """Return the sentence for one problem, in the current language."""
    text = _MESSAGES[problem.code]().format(
        item=problem.item, name=problem.name, detail=problem.detail
    )
    if problem.item:
        return _("Question {item} : {message}").format(item=problem.item, message=text)
    return text[:1].upper() + text[1:]
