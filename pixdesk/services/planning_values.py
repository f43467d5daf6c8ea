"""What the referent types to plan a session or enrol a free candidate (no store involved).

Kept apart from ``session_records`` (which writes them to the store) so that the UI can build
them while staying above the store (DESIGN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pixdesk.domain.candidate import FRANCE_COUNTRY_CODE, Sex
from pixdesk.domain.session import EngineVersion

__all__ = ["FreeCandidate", "SessionDraft"]


@dataclass(frozen=True, slots=True)
class SessionDraft:
    """What the referent enters to create a session; the codes are generated.

    Attributes:
        date: ``YYYY-MM-DD``.
        start_time: ``HH:MM``, 24-hour clock.
        invigilators: At least one name.
        number: The session number; None takes the next free number of this PC.
    """

    site: str
    room: str
    date: str
    start_time: str
    invigilators: tuple[str, ...]
    description: str = ""
    engine_version: EngineVersion = EngineVersion.V3
    number: int | None = None


@dataclass(frozen=True, slots=True)
class FreeCandidate:
    """A candidate who is not in the roster (an adult, a pupil of another school).

    Attributes:
        extra_time_percent: As typed (``"33"``, ``"33,5 %"``); empty for none.
    """

    birth_name: str
    first_name: str
    birth_date: date
    sex: Sex
    birth_country_code: str = FRANCE_COUNTRY_CODE
    birth_insee_code: str = ""
    birth_postal_code: str = ""
    birth_city: str = ""
    division: str = ""
    external_id: str = ""
    result_email: str = ""
    extra_time_percent: str = ""
    accessibility_adjustment: bool = False
