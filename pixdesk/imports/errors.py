"""Codes for what a roster import can refuse or skip, and the problem record carrying them.

The readers never produce sentences: they return codes with parameters, and the UI or the CLI
turns them into translated text (STYLE.md, habit 10). Every code is listed in
``docs/roster-import.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemCode(StrEnum):
    """Why an import fails as a whole (RULES.md §11); the SIECLE names are Pix's own."""

    # SIECLE, per student
    INE_UNIQUE = "INE_UNIQUE"  # the same INE twice among the students to import
    SEX_CODE_REQUIRED = "SEX_CODE_REQUIRED"  # CODE_SEXE missing or not 1/2
    BIRTHDATE_REQUIRED = "BIRTHDATE_REQUIRED"  # DATE_NAISS missing or not a DD/MM/YYYY date
    BIRTH_CITY_CODE_REQUIRED = "BIRTH_CITY_CODE_REQUIRED"  # born in France, no INSEE code
    NAME_REQUIRED = "NAME_REQUIRED"  # (pixdesk) NOM_DE_FAMILLE or PRENOM missing
    # SIECLE, whole file
    UAI_MISMATCHED = "UAI_MISMATCHED"
    # Any file
    INVALID_FILE = "INVALID_FILE"  # see InvalidReason for the detail
    ENCODING_NOT_SUPPORTED = "ENCODING_NOT_SUPPORTED"
    EMPTY = "EMPTY"  # nobody to import
    # CSV
    CSV_COLUMNS_MISSING = "CSV_COLUMNS_MISSING"
    CSV_FIELD_REQUIRED = "CSV_FIELD_REQUIRED"
    CSV_FIELD_INVALID = "CSV_FIELD_INVALID"
    CSV_BIRTH_PLACE_REQUIRED = "CSV_BIRTH_PLACE_REQUIRED"  # France: no INSEE, no postal + city
    CSV_BIRTH_PLACE_AMBIGUOUS = "CSV_BIRTH_PLACE_AMBIGUOUS"  # France: INSEE and postal code
    CSV_SESSION_INCONSISTENT = "CSV_SESSION_INCONSISTENT"  # one session, two different values
    CSV_CANDIDATE_DUPLICATE = "CSV_CANDIDATE_DUPLICATE"  # same person twice in one session
    CSV_SESSION_NOT_FOUND = "CSV_SESSION_NOT_FOUND"  # a session number unknown on this PC


class InvalidReason(StrEnum):
    """The detail of an ``INVALID_FILE`` problem, in its ``reason`` parameter."""

    BROKEN_XML = "broken_xml"
    DOCTYPE = "doctype"  # any DTD is refused: it is how XXE and billion laughs get in
    NOT_SIECLE = "not_siecle"  # well-formed XML whose root is not BEE_ELEVES
    NOT_XML_OR_ZIP = "not_xml_or_zip"
    ZIP_NOT_ACCEPTED = "zip_not_accepted"  # a zip where only a plain file is read (CSV)
    BROKEN_ZIP = "broken_zip"
    ENCRYPTED_ZIP = "encrypted_zip"
    ZIP_NO_XML = "zip_no_xml"
    ZIP_SEVERAL_XML = "zip_several_xml"
    ZIP_TOO_MANY_ENTRIES = "zip_too_many_entries"
    ZIP_SLIP = "zip_slip"  # an absolute name or one climbing out with ".."
    NESTED_ARCHIVE = "nested_archive"
    COMPRESSION_RATIO = "compression_ratio"  # zip bomb
    TOO_BIG = "too_big"
    TOO_DEEP = "too_deep"
    TOO_MANY_ROWS = "too_many_rows"
    BROKEN_CSV = "broken_csv"


class EncodingReason(StrEnum):
    """The detail of an ``ENCODING_NOT_SUPPORTED`` problem, in its ``reason`` parameter."""

    UNKNOWN = "unknown"  # Python knows no codec of that name
    NOT_ACCEPTED = "not_accepted"  # a real encoding, but not one rosters come in
    WIDE = "wide"  # UTF-16 or UTF-32
    BOM_MISMATCH = "bom_mismatch"  # a UTF-8 byte-order mark, another encoding declared
    UNDECODABLE = "undecodable"  # bytes that are not valid in the declared encoding


class SkipReason(StrEnum):
    """Why a SIECLE student is left out without failing the import (RULES.md §11)."""

    NO_INE = "NO_INE"
    LEFT_SCHOOL = "LEFT_SCHOOL"  # DATE_SORTIE is set, whatever the date
    NO_DIVISION = "NO_DIVISION"  # no active division (groups and "Inactifs" do not count)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason an import cannot be applied, with what the user needs to find it.

    Attributes:
        code: What is wrong.
        ine: The student's INE, when known.
        name: The student's name as in the file ("NOM Prénom"), when known.
        line: 1-based line in the file: the ``ELEVE`` element's line for SIECLE, the record's
            first line for CSV.
        element: Where in the record: ``ELEVE_ID`` value for SIECLE, column label for CSV.
        params: Extra named values for the message (``reason``, ``value``, ``expected``…),
            kept as sorted pairs so the record stays immutable and hashable.
    """

    code: ProblemCode
    ine: str = ""
    name: str = ""
    line: int | None = None
    element: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def param(self, key: str) -> str | None:
        """Return the named parameter, or None when absent."""
        for name, value in self.params:
            if name == key:
                return value
        return None

    @property
    def reason(self) -> str | None:
        """Return the ``reason`` parameter (the detail of INVALID_FILE and encoding problems)."""
        return self.param("reason")


def problem(
    code: ProblemCode,
    *,
    ine: str = "",
    name: str = "",
    line: int | None = None,
    element: str = "",
    **params: object,
) -> ImportProblem:
    """Build a problem; keyword parameters become its message parameters, as text."""
    return ImportProblem(
        code, ine=ine, name=name, line=line, element=element, params=_pairs(params)
    )


def _pairs(params: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((key, str(value)) for key, value in params.items()))


class ImportRejectedError(Exception):
    """Raised inside the readers when the file must be refused outright.

    The public ``parse_*`` functions catch it and return the problem in their result; it never
    leaves the package.
    """

    def __init__(self, rejected: ImportProblem) -> None:
        super().__init__(rejected.code, rejected.params)
        self.problem = rejected


def reject(code: ProblemCode, *, line: int | None = None, **params: object) -> ImportRejectedError:
    """Return (for ``raise``) the exception refusing the whole file with ``code``."""
    return ImportRejectedError(ImportProblem(code, line=line, params=_pairs(params)))


def invalid(
    reason: InvalidReason, *, line: int | None = None, **params: object
) -> ImportRejectedError:
    """Return (for ``raise``) the exception refusing the file as INVALID_FILE for ``reason``."""
    return reject(ProblemCode.INVALID_FILE, line=line, reason=reason.value, **params)


def unsupported(
    reason: EncodingReason, *, line: int | None = None, **params: object
) -> ImportRejectedError:
    """Return (for ``raise``) the exception refusing the file's encoding for ``reason``."""
    return reject(ProblemCode.ENCODING_NOT_SUPPORTED, line=line, reason=reason.value, **params)
