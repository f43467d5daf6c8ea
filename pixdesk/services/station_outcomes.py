"""The values learner mode hands its UI: the pupil's join, what a step gave, what was refused.

This module imports nothing of the store (not even indirectly): the UI builds and reads these
values at run time, and the UI never depends on the store (DESIGN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from pixdesk.domain.items import AnswerStatus

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot

NOT_CONNECTED: Final = "NOT_CONNECTED"
"""The join could not be sent or answered: no console connection (shown like a link problem)."""


@dataclass(frozen=True, slots=True)
class JoinForm:
    """What the pupil typed at join steps 1 and 2."""

    session_number: str
    first_name: str
    birth_name: str
    birth_date: date
    access_code: str


class StationError(Exception):
    """The station refuses what the pupil asked (``code``: a Refusal or another code)."""

    def __init__(self, code: str, **params: Any) -> None:
        """Build the error."""
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class AnswerReceipt:
    """An answer durably saved.

    Attributes:
        status: How it was graded (not shown to the pupil during a certification).
        question_index: The question it answered.
        saved_at: When it was saved, to show ("Réponse enregistrée à HH:MM:SS"): the
            console's time when known, else this PC's.
        snapshot: What to show next.
    """

    status: AnswerStatus
    question_index: int
    saved_at: datetime
    snapshot: StationSnapshot


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    """The outcome of an offline resume code.

    Attributes:
        resumed: The pupil may go on.
        refusal: Why not (a ``ResumeCodeRefusal`` or a station ``Refusal`` value).
        wait_s: With ``RESUME_CODE_TOO_MANY_TRIES``: seconds before the next try.
    """

    resumed: bool
    refusal: str | None = None
    wait_s: int = 0
