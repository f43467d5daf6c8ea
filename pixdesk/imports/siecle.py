"""Read a SIECLE "élèves sans adresses" export into learners to import (RULES.md §11).

Entry point: :func:`parse_siecle`. It never raises for a bad file: every reason to refuse is
returned in :attr:`RosterParse.errors`, all of them at once, with the student concerned.
"""

from __future__ import annotations

from collections.abc import Mapping

from pixdesk.domain.candidate import FRANCE_COUNTRY_CODE, Sex
from pixdesk.imports.errors import (
    ImportProblem,
    ImportRejectedError,
    ProblemCode,
    SkipReason,
    problem,
)
from pixdesk.imports.fields import insee_country_code, is_insee_code, parse_french_date
from pixdesk.imports.models import RosterLearner, RosterParse, SkippedLearner
from pixdesk.imports.siecle_xml import RawStudent, SiecleDocument, read_document
from pixdesk.imports.source import ImportLimits, ImportSource, open_xml_payload

DEFAULT_LIMITS = ImportLimits()
_SEXES = {"1": Sex.M, "2": Sex.F}


def parse_siecle(
    source: ImportSource,
    *,
    expected_uai: str,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> RosterParse:
    """Read a SIECLE ``ElevesSansAdresses.xml`` export, or a zip holding exactly one ``.xml``.

    Args:
        source: A path, the file's bytes, or an open binary stream (left open).
        expected_uai: The school's UAI; the file's ``PARAMETRES/UAJ`` must match it (case and
            surrounding spaces ignored).
        limits: Bounds on size, depth and compression.

    Returns:
        The learners to import, the students skipped and why, and the problems that fail the
        whole import. With any problem, no learner is returned.

    Raises:
        OSError: The file cannot be opened or read (a missing file, a disk error).
    """
    try:
        with open_xml_payload(source, limits) as stream:
            document = read_document(stream, limits)
    except ImportRejectedError as exc:
        return RosterParse(errors=(exc.problem,))
    return build_roster(document, expected_uai)


def build_roster(document: SiecleDocument, expected_uai: str) -> RosterParse:
    """Apply the skip and error rules of RULES.md §11 to the records read from a file."""
    uai = document.uai or ""
    if not uai or uai.upper() != expected_uai.strip().upper():
        # Another school's file: report only that, and keep none of its pupils' data.
        mismatch = problem(ProblemCode.UAI_MISMATCHED, expected=expected_uai.strip(), found=uai)
        return RosterParse(errors=(mismatch,), uai=uai)
    if not document.students:
        return RosterParse(errors=(problem(ProblemCode.EMPTY),), uai=uai)

    learners: list[RosterLearner] = []
    skipped: list[SkippedLearner] = []
    errors: list[ImportProblem] = []
    first_by_ine: dict[str, RawStudent] = {}
    for raw in document.students:
        ine = raw.fields.get("ID_NATIONAL", "").upper()
        division = document.divisions.get(raw.source_id, "") if raw.source_id else ""
        reason = _skip_reason(raw.fields, ine, division)
        if reason is not None:
            skipped.append(SkippedLearner(_name(raw.fields), reason, ine, raw.source_id))
            continue
        first = first_by_ine.setdefault(ine, raw)
        if first is not raw:
            duplicate = _problem(ProblemCode.INE_UNIQUE, raw, ine, first_id=first.source_id)
            errors.append(duplicate)
        learner, problems = _read_learner(raw, ine, division)
        errors.extend(problems)
        if learner is not None:
            learners.append(learner)

    if not first_by_ine:
        errors.append(problem(ProblemCode.EMPTY, skipped=len(skipped)))
    if errors:
        return RosterParse(skipped=tuple(skipped), errors=tuple(errors), uai=uai)
    return RosterParse(tuple(learners), tuple(skipped), (), uai)


def _skip_reason(fields: Mapping[str, str], ine: str, division: str) -> SkipReason | None:
    if not ine:
        return SkipReason.NO_INE
    # Any leaving date counts, even one still to come: SIECLE sets it only once it is decided.
    if fields.get("DATE_SORTIE"):
        return SkipReason.LEFT_SCHOOL
    if not division:
        return SkipReason.NO_DIVISION
    return None


def _read_learner(
    raw: RawStudent, ine: str, division: str
) -> tuple[RosterLearner | None, list[ImportProblem]]:
    fields = raw.fields
    problems: list[ImportProblem] = []
    birth_name = fields.get("NOM_DE_FAMILLE", "")
    first_name = fields.get("PRENOM", "")
    if not birth_name or not first_name:
        missing = "NOM_DE_FAMILLE" if not birth_name else "PRENOM"
        problems.append(_problem(ProblemCode.NAME_REQUIRED, raw, ine, field=missing))
    sex_code = fields.get("CODE_SEXE", "")
    sex = _SEXES.get(sex_code)
    if sex is None:
        problems.append(_problem(ProblemCode.SEX_CODE_REQUIRED, raw, ine, value=sex_code))
    written_date = fields.get("DATE_NAISS", "")
    birth_date = parse_french_date(written_date)
    if birth_date is None:
        problems.append(_problem(ProblemCode.BIRTHDATE_REQUIRED, raw, ine, value=written_date))
    written_country = fields.get("CODE_PAYS", "")
    # Kept as written when it is no country code at all, for the referent to see.
    country = insee_country_code(written_country) or written_country
    insee = fields.get("CODE_COMMUNE_INSEE_NAISS", "").upper()
    if country == FRANCE_COUNTRY_CODE and not is_insee_code(insee):
        problems.append(_problem(ProblemCode.BIRTH_CITY_CODE_REQUIRED, raw, ine, value=insee))
    if problems or sex is None or birth_date is None:
        return None, problems
    learner = RosterLearner(
        ine=ine,
        birth_name=birth_name,
        usage_name=fields.get("NOM_USAGE", ""),
        first_name=first_name,
        other_first_names=tuple(
            name for key in ("PRENOM2", "PRENOM3") if (name := fields.get(key, ""))
        ),
        sex=sex,
        birth_date=birth_date,
        birth_country_code=country,
        birth_department_code=fields.get("CODE_DEPARTEMENT_NAISS", ""),
        birth_insee_code=insee,
        birth_city=fields.get("VILLE_NAISS", ""),
        division=division,
        mef_code=fields.get("CODE_MEF", ""),
        status_code=fields.get("CODE_STATUT", ""),
        source_id=raw.source_id,
    )
    return learner, []


def _name(fields: Mapping[str, str]) -> str:
    return f"{fields.get('NOM_DE_FAMILLE', '')} {fields.get('PRENOM', '')}".strip()


def _problem(code: ProblemCode, raw: RawStudent, ine: str, **params: object) -> ImportProblem:
    return problem(
        code, ine=ine, name=_name(raw.fields), line=raw.line, element=raw.source_id, **params
    )
