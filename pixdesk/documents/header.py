"""What every session document shows at its top: which session, where, when, who watched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pixdesk.domain.identity import normalise_name
from pixdesk.domain.session import Session, parse_date, parse_time


@dataclass(frozen=True, slots=True)
class SessionHeader:
    """The session's identity as printed on its documents (RULES.md §2, §10).

    Attributes:
        number: The session number.
        centre: The certification centre (the school's name).
        site: The address.
        room: The room.
        day: The date of the session.
        start_time: ``HH:MM``, 24 h.
        invigilators: The invigilators' names, as entered.
    """

    number: int
    centre: str
    site: str
    room: str
    day: date
    start_time: str
    invigilators: tuple[str, ...]

    @classmethod
    def from_session(cls, session: Session, *, centre: str) -> SessionHeader:
        """Take the header of ``session``, held by ``centre``.

        Raises:
            ValueError: The session's date or start time is malformed (it was never
                validated: a bug in the caller).
        """
        day = parse_date(session.date)
        if day is None or parse_time(session.start_time) is None:
            raise ValueError(f"session {session.number} has a malformed date or start time")
        return cls(
            number=session.number,
            centre=centre,
            site=session.site,
            room=session.room,
            day=day,
            start_time=session.start_time,
            invigilators=session.invigilators,
        )


def name_order(birth_name: str, first_name: str) -> tuple[str, str, str, str]:
    """Return a sort key putting people in alphabetical order of birth name, then first name.

    Accents and punctuation are ignored first ("Élodie" sorts with the E, "D'Aubigné" with
    "Daubigny"), then the names as written break ties, so the order is total and stable.
    """
    return (normalise_name(birth_name), normalise_name(first_name), birth_name, first_name)
