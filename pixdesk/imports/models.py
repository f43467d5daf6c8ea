"""What a SIECLE roster read produces: learners, skipped students and problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pixdesk.domain.candidate import Sex
from pixdesk.imports.errors import ImportProblem, SkipReason

__all__ = ["RosterLearner", "RosterParse", "Sex", "SkippedLearner"]


@dataclass(frozen=True, slots=True)
class RosterLearner:
    """One pupil to import, as SIECLE describes them (RULES.md §11).

    Text fields are trimmed, inner runs of spaces collapsed, and empty when SIECLE has nothing.

    Attributes:
        ine: National student id (``ID_NATIONAL``), uppercased; the key of every comparison.
        birth_name: ``NOM_DE_FAMILLE``.
        usage_name: ``NOM_USAGE`` (often empty).
        first_name: ``PRENOM``.
        other_first_names: ``PRENOM2`` and ``PRENOM3`` when present, in that order.
        sex: From ``CODE_SEXE`` (1 = M, 2 = F).
        birth_date: From ``DATE_NAISS`` (DD/MM/YYYY).
        birth_country_code: INSEE country code: "99" + ``CODE_PAYS``, so 99100 for France
            (the convention of ``pixdesk.domain.candidate``); empty when SIECLE has none.
        birth_department_code: ``CODE_DEPARTEMENT_NAISS``.
        birth_insee_code: ``CODE_COMMUNE_INSEE_NAISS`` (required when born in France).
        birth_city: ``VILLE_NAISS`` (given for pupils born abroad).
        division: The class (``STRUCTURE`` of type D, not "Inactifs").
        mef_code: ``CODE_MEF``.
        status_code: ``CODE_STATUT``.
        source_id: ``ELEVE_ID``: SIECLE's own id, links the pupil to their division.
    """

    ine: str
    birth_name: str
    usage_name: str
    first_name: str
    other_first_names: tuple[str, ...]
    sex: Sex
    birth_date: date
    birth_country_code: str
    birth_department_code: str
    birth_insee_code: str
    birth_city: str
    division: str
    mef_code: str
    status_code: str
    source_id: str

    @property
    def display_name(self) -> str:
        """Return "NOM Prénom" as written in the file, for lists and problems."""
        return f"{self.birth_name} {self.first_name}".strip()


@dataclass(frozen=True, slots=True)
class SkippedLearner:
    """A student left out of the import, and why (not an error)."""

    name: str
    reason: SkipReason
    ine: str = ""
    source_id: str = ""


@dataclass(frozen=True, slots=True)
class RosterParse:
    """The result of reading a SIECLE export.

    All or nothing: when ``errors`` is not empty, ``learners`` is empty, so nothing half-read
    can be applied by mistake; ``skipped`` is still filled when the students could be read.

    Attributes:
        learners: Pupils to import, in file order.
        skipped: Students left out, in file order.
        errors: Problems that fail the whole import, all of them.
        uai: The school's UAI as the file gives it (``PARAMETRES/UAJ``).
    """

    learners: tuple[RosterLearner, ...] = ()
    skipped: tuple[SkippedLearner, ...] = ()
    errors: tuple[ImportProblem, ...] = ()
    uai: str = ""

    @property
    def ok(self) -> bool:
        """Return whether the roster can be applied."""
        return not self.errors
