"""What a certificate and a results-CSV row say, whichever engine scored the test.

RULES.md §10. The documents layer renders these values (PDF, CSV with BOM and ``;``); this
module only decides what they are. Decisions where RULES is silent (pixdesk):

- A certificate that is not validated shows 0 pix, no global level and no competence level,
  whatever the engine computed: nothing is certified.
- A competence level ≤ 0 is "not valid" (None, ``-`` in the CSV), like one not tested.
- v2 certificates have no global level (the v3 level table of RULES §5 is on another scale),
  so their label code is None, as for a v3 pre-beginner.
- Dates in the CSV are ``DD/MM/YYYY``; the status column holds the status code unless the
  caller passes labels; the ``date`` column is the test date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from pixdesk.domain.codes import is_valid_verification_code, normalise_verification_code
from pixdesk.domain.legacy import LegacyResult, LegacyStatus
from pixdesk.domain.referential import COMPETENCE_CODES, MAX_LEVEL


class CertificateStatus(StrEnum):
    """Outcome printed on the certificate and in the results CSV."""

    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# The v3 levels of RULES §5 (score 64–895); below 64 is pre-beginner, which has no label.
GLOBAL_LEVEL_CODES: Final[dict[int, str]] = {
    1: "BEGINNER_1",
    2: "BEGINNER_2",
    3: "INDEPENDENT_3",
    4: "INDEPENDENT_4",
    5: "ADVANCED_5",
    6: "ADVANCED_6",
    7: "EXPERT_7",
}

NOT_VALID: Final = "-"

# Column codes of the results CSV, in order; the CSV writer turns them into French headers.
RESULTS_CSV_COLUMNS: Final[tuple[str, ...]] = (
    "certification_number",
    "first_name",
    "last_name",
    "birth_date",
    "birth_place",
    "external_id",
    "status",
    "pix_score",
    *COMPETENCE_CODES,
    "jury_comment",
    "session",
    "centre",
    "date",
)


@dataclass(frozen=True, slots=True)
class CertificateData:
    """Everything a certificate shows (RULES §10)."""

    centre: str
    birth_name: str  # uppercased for display
    first_name: str
    birth_date: date
    birth_place: str
    test_date: date
    delivery_date: date
    pix_score: int
    max_score: int
    global_level: str | None  # a GLOBAL_LEVEL_CODES value; None for pre-beginner and v2
    competence_levels: tuple[tuple[str, int | None], ...]  # the 16 competences, in order
    verification_code: str
    status: CertificateStatus

    def __post_init__(self) -> None:
        if tuple(code for code, _ in self.competence_levels) != COMPETENCE_CODES:
            raise ValueError("competence_levels must list the 16 competences in order")
        for code, level in self.competence_levels:
            if level is not None and not 1 <= level <= MAX_LEVEL:
                raise ValueError(f"level out of range for {code}: {level}")
        if not 0 <= self.pix_score <= self.max_score:
            raise ValueError(f"pix score {self.pix_score} outside 0–{self.max_score}")
        if self.global_level is not None and self.global_level not in GLOBAL_LEVEL_CODES.values():
            raise ValueError(f"unknown global level: {self.global_level}")
        code = self.verification_code
        if not is_valid_verification_code(code) or code != normalise_verification_code(code):
            raise ValueError(f"malformed verification code: {self.verification_code!r}")
        if self.delivery_date < self.test_date:
            raise ValueError("a certificate cannot be delivered before the test")

    def level_of(self, code: str) -> int | None:
        """Return the certified level of competence ``code``; None when not tested or not valid."""
        return dict(self.competence_levels)[code]


def from_v3(
    score: int,
    max_score: int,
    global_level: int | None,
    competence_levels: Mapping[str, int | None],
    *,
    status: str,
    centre: str,
    birth_name: str,
    first_name: str,
    birth_date: date,
    birth_place: str,
    test_date: date,
    delivery_date: date,
    verification_code: str,
) -> CertificateData:
    """Build the certificate of an adaptive (v3) test from its scored values.

    Args:
        score: The pix score (0–895 with the national mesh).
        max_score: The maximum pix score.
        global_level: The level 1–7 of the score; None or 0 for pre-beginner.
        competence_levels: Levels by competence code; missing codes, None and levels ≤ 0
            are not valid.
        status: ``"validated"``, ``"rejected"`` or ``"cancelled"``.
        centre: The certification centre's name.
        birth_name: The candidate's birth name, as registered (uppercased here).
        first_name: The candidate's first name.
        birth_date: The candidate's birth date.
        birth_place: The candidate's birth place as printed.
        test_date: The date of the test.
        delivery_date: The date the certificate is issued.
        verification_code: ``P-`` + 8 characters (any case, stored uppercase), drawn
            unique by ``codes.generate_verification_code``.

    Raises:
        ValueError: On an unknown status, competence code or global level, or bad values.
    """
    if unknown := set(competence_levels) - set(COMPETENCE_CODES):
        raise ValueError(f"unknown competences: {sorted(unknown)}")
    if global_level is not None and global_level != 0 and global_level not in GLOBAL_LEVEL_CODES:
        raise ValueError(f"unknown global level: {global_level}")
    label = GLOBAL_LEVEL_CODES.get(global_level) if global_level else None
    return _build(
        CertificateStatus(status),
        score,
        max_score,
        label,
        {code: competence_levels.get(code) for code in COMPETENCE_CODES},
        centre=centre,
        birth_name=birth_name,
        first_name=first_name,
        birth_date=birth_date,
        birth_place=birth_place,
        test_date=test_date,
        delivery_date=delivery_date,
        verification_code=verification_code,
    )


def from_v2(
    result: LegacyResult,
    *,
    centre: str,
    birth_name: str,
    first_name: str,
    birth_date: date,
    birth_place: str,
    test_date: date,
    delivery_date: date,
    verification_code: str,
) -> CertificateData:
    """Build the certificate of a legacy (v2) test from its result.

    The candidate fields are those of :func:`from_v3`. A v2 certificate has no global level.
    """
    return _build(
        _V2_STATUS[result.status],
        result.pix_score,
        result.max_score,
        None,
        {code: result.level_of(code) for code in COMPETENCE_CODES},
        centre=centre,
        birth_name=birth_name,
        first_name=first_name,
        birth_date=birth_date,
        birth_place=birth_place,
        test_date=test_date,
        delivery_date=delivery_date,
        verification_code=verification_code,
    )


_V2_STATUS: Final[dict[LegacyStatus, CertificateStatus]] = {
    LegacyStatus.VALIDATED: CertificateStatus.VALIDATED,
    LegacyStatus.REJECTED: CertificateStatus.REJECTED,
    LegacyStatus.CANCELLED: CertificateStatus.CANCELLED,
}


def _build(
    status: CertificateStatus,
    score: int,
    max_score: int,
    global_level: str | None,
    levels: Mapping[str, int | None],
    *,
    centre: str,
    birth_name: str,
    first_name: str,
    birth_date: date,
    birth_place: str,
    test_date: date,
    delivery_date: date,
    verification_code: str,
) -> CertificateData:
    validated = status is CertificateStatus.VALIDATED
    return CertificateData(
        centre=centre,
        birth_name=birth_name.strip().upper(),
        first_name=first_name.strip(),
        birth_date=birth_date,
        birth_place=birth_place,
        test_date=test_date,
        delivery_date=delivery_date,
        pix_score=score if validated else 0,
        max_score=max_score,
        global_level=global_level if validated else None,
        competence_levels=tuple(
            (code, _valid_level(levels[code]) if validated else None) for code in COMPETENCE_CODES
        ),
        verification_code=normalise_verification_code(verification_code),
        status=status,
    )


def _valid_level(level: int | None) -> int | None:
    # Engines mark "not certified" as 0 or, as Pix does, −1: neither is a level to print.
    return level if level is not None and level > 0 else None


def results_csv_row(
    certificate: CertificateData,
    *,
    certification_number: str,
    external_id: str,
    jury_comment: str,
    session_number: str,
    status_labels: Mapping[CertificateStatus, str] | None = None,
) -> tuple[str, ...]:
    """Return one row of the results CSV, in the order of ``RESULTS_CSV_COLUMNS``.

    Args:
        certificate: The candidate's certificate data.
        certification_number: The certification (course) number.
        external_id: The candidate's external id ("" when none).
        jury_comment: The jury's comment ("" when none).
        session_number: The session number.
        status_labels: Text for each status (e.g. French labels); the code when omitted.
    """
    status = certificate.status
    return (
        certification_number,
        certificate.first_name,
        certificate.birth_name,
        _dmy(certificate.birth_date),
        certificate.birth_place,
        external_id,
        status_labels[status] if status_labels is not None else status.value,
        str(certificate.pix_score),
        *(NOT_VALID if level is None else str(level) for _, level in certificate.competence_levels),
        jury_comment,
        session_number,
        certificate.centre,
        _dmy(certificate.test_date),
    )


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")
