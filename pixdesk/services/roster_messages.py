"""Turn roster-import codes into translated sentences, for the CLI and referent mode alike.

French is the source language (``pixdesk.i18n``); every sentence names the student or line
concerned, so the referent can fix the file in SIECLE or the spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable

from pixdesk.i18n import _
from pixdesk.imports.errors import (
    EncodingReason,
    ImportProblem,
    InvalidReason,
    ProblemCode,
    SkipReason,
)
from pixdesk.imports.models import SkippedLearner


def describe_problem(found: ImportProblem) -> str:
    """Return one sentence: who or where, then what is wrong."""
    what = _what(found)
    where = _where(found)
    return _("{where} : {what}").format(where=where, what=what) if where else what


def describe_skip(skipped: SkippedLearner) -> str:
    """Return why a student was left out, with their name."""
    reason = {
        SkipReason.NO_INE: _("pas d'INE"),
        SkipReason.LEFT_SCHOOL: _("date de sortie renseignée"),
        SkipReason.NO_DIVISION: _("aucune division active"),
    }[skipped.reason]
    return _("{name} : {reason}").format(name=skipped.name or skipped.ine, reason=reason)


def _where(found: ImportProblem) -> str:
    parts = []
    if found.name:
        parts.append(found.name)
    if found.ine:
        parts.append(_("INE {ine}").format(ine=found.ine))
    if found.line is not None:
        parts.append(_("ligne {line}").format(line=found.line))
    if found.element and found.code.value.startswith("CSV_"):
        parts.append(_("colonne « {column} »").format(column=found.element))
    return ", ".join(parts)


def _what(found: ImportProblem) -> str:
    def param(key: str) -> str:
        return found.param(key) or ""

    if found.code is ProblemCode.INVALID_FILE:
        return _("fichier refusé : {reason}").format(reason=_invalid(found, param))
    if found.code is ProblemCode.ENCODING_NOT_SUPPORTED:
        return _("encodage refusé : {reason}").format(reason=_encoding(found, param))
    if found.code is ProblemCode.CSV_FIELD_INVALID and found.param("value") is None:
        return _("valeur refusée ({reason})").format(reason=param("reason"))
    if found.code is ProblemCode.CSV_CANDIDATE_DUPLICATE and found.param("candidate_id"):
        return _("déjà inscrit(e) à cette session")
    texts: dict[ProblemCode, Callable[[], str]] = {
        ProblemCode.INE_UNIQUE: lambda: _(
            "INE en double (déjà porté par l'élève ELEVE_ID {first_id})"
        ).format(first_id=param("first_id")),
        ProblemCode.SEX_CODE_REQUIRED: lambda: _(
            "sexe manquant ou invalide (CODE_SEXE « {value} »)"
        ).format(value=param("value")),
        ProblemCode.BIRTHDATE_REQUIRED: lambda: _(
            "date de naissance manquante ou invalide (DATE_NAISS « {value} »)"
        ).format(value=param("value")),
        ProblemCode.BIRTH_CITY_CODE_REQUIRED: lambda: _(
            "né(e) en France sans code INSEE de commune de naissance valide (« {value} »)"
        ).format(value=param("value")),
        ProblemCode.NAME_REQUIRED: lambda: _("nom ou prénom manquant ({field})").format(
            field=param("field")
        ),
        ProblemCode.UAI_MISMATCHED: lambda: _(
            "ce fichier est celui de l'établissement {found}, pas de {expected}"
        ).format(found=param("found") or "?", expected=param("expected")),
        ProblemCode.EMPTY: lambda: _("aucun élève ni candidat à importer"),
        ProblemCode.CSV_COLUMNS_MISSING: lambda: _("colonne absente de l'en-tête"),
        ProblemCode.CSV_FIELD_REQUIRED: lambda: _("valeur obligatoire manquante"),
        ProblemCode.CSV_FIELD_INVALID: lambda: _("valeur invalide « {value} »").format(
            value=param("value")
        ),
        ProblemCode.CSV_BIRTH_PLACE_REQUIRED: lambda: _(
            "né(e) en France : code INSEE, ou code postal et commune, obligatoires"
        ),
        ProblemCode.CSV_BIRTH_PLACE_AMBIGUOUS: lambda: _(
            "né(e) en France : donner le code INSEE ou le code postal, pas les deux"
        ),
        ProblemCode.CSV_SESSION_INCONSISTENT: lambda: _(
            "« {value} » contredit « {expected} » donné ligne {first_line}"
        ).format(value=param("value"), expected=param("expected"), first_line=param("first_line")),
        ProblemCode.CSV_CANDIDATE_DUPLICATE: lambda: _(
            "même candidat que ligne {first_line}"
        ).format(first_line=param("first_line")),
        ProblemCode.CSV_SESSION_NOT_FOUND: lambda: _(
            "aucune session n° {number} sur ce poste"
        ).format(number=param("value")),
    }
    return texts[found.code]()


def _invalid(found: ImportProblem, param: Callable[[str], str]) -> str:
    texts: dict[str, Callable[[], str]] = {
        InvalidReason.BROKEN_XML: lambda: _("XML mal formé ({detail})").format(
            detail=param("detail")
        ),
        InvalidReason.DOCTYPE: lambda: _("déclaration DOCTYPE présente, refusée par sécurité"),
        InvalidReason.NOT_SIECLE: lambda: _(
            "ce n'est pas un export SIECLE (élément racine « {root} »)"
        ).format(root=param("root")),
        InvalidReason.NOT_XML_OR_ZIP: lambda: _("ni un fichier XML, ni une archive zip"),
        InvalidReason.ZIP_NOT_ACCEPTED: lambda: _("une archive zip n'est pas acceptée ici"),
        InvalidReason.BROKEN_ZIP: lambda: _("archive zip endommagée"),
        InvalidReason.ENCRYPTED_ZIP: lambda: _("archive zip protégée par mot de passe"),
        InvalidReason.ZIP_NO_XML: lambda: _("l'archive ne contient aucun fichier .xml"),
        InvalidReason.ZIP_SEVERAL_XML: lambda: _(
            "l'archive contient plusieurs fichiers .xml ({names})"
        ).format(names=param("names")),
        InvalidReason.ZIP_TOO_MANY_ENTRIES: lambda: _("l'archive contient trop de fichiers"),
        InvalidReason.ZIP_SLIP: lambda: _("l'archive contient un chemin dangereux ({name})").format(
            name=param("name")
        ),
        InvalidReason.NESTED_ARCHIVE: lambda: _(
            "l'archive contient une autre archive ({name})"
        ).format(name=param("name")),
        InvalidReason.COMPRESSION_RATIO: lambda: _("taux de compression anormal (bombe zip)"),
        InvalidReason.TOO_BIG: lambda: _(
            "fichier trop volumineux (limite : {limit} octets)"
        ).format(limit=param("limit")),
        InvalidReason.TOO_DEEP: lambda: _("imbrication XML trop profonde"),
        InvalidReason.TOO_MANY_ROWS: lambda: _("trop de lignes (limite : {limit})").format(
            limit=param("limit")
        ),
        InvalidReason.BROKEN_CSV: lambda: _("CSV mal formé ({detail})").format(
            detail=param("detail")
        ),
    }
    text = texts.get(found.reason or "")
    return text() if text is not None else found.reason or ""


def _encoding(found: ImportProblem, param: Callable[[str], str]) -> str:
    texts: dict[str, Callable[[], str]] = {
        EncodingReason.UNKNOWN: lambda: _("encodage inconnu « {encoding} »").format(
            encoding=param("encoding")
        ),
        EncodingReason.NOT_ACCEPTED: lambda: _(
            "encodage « {encoding} » non accepté (ISO-8859-15 ou UTF-8 attendu)"
        ).format(encoding=param("encoding")),
        EncodingReason.WIDE: lambda: _("UTF-16 et UTF-32 ne sont pas acceptés"),
        EncodingReason.BOM_MISMATCH: lambda: _(
            "marque UTF-8 en tête, mais encodage « {encoding} » déclaré"
        ).format(encoding=param("encoding")),
        EncodingReason.UNDECODABLE: lambda: _("octets invalides pour l'encodage du fichier"),
    }
    text = texts.get(found.reason or "")
    return text() if text is not None else found.reason or ""
