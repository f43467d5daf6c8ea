"""The console's candidates, and the lines an invigilator types or pastes to enrol them.

A session created on the console (no session pack) takes its candidates as lines
``NOM;Prénom;JJ/MM/AAAA;tiers-temps %;aménagement;sexe`` — typed, or pasted from a spreadsheet
(tabs work as well as semicolons). Only the first three fields are required. The extra time is
optional (``33``, ``33 %``, ``33,5``; empty for none); the accessibility adjustment (RULES §3)
is ``oui`` or ``non`` (``o``/``n``, ``yes``/``no``; empty for no); the sex ``M`` or ``F``.
A line of the earlier format, ``…;tiers-temps;M`` (the sex fifth), is still read as it was
meant. Every bad line is reported at once, by number.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from pixdesk.domain.candidate import Candidate, Sex, extra_time_ratio_from_percent
from pixdesk.domain.errors import DomainError
from pixdesk.domain.identity import normalise_name
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.services.console_values import LineCode
from pixdesk.services.session_pack_body import PackCandidate

MAX_LINES: Final = 1000
_DATE: Final = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_YES: Final = frozenset({"OUI", "O", "YES", "Y"})
_NO: Final = frozenset({"NON", "N", "NO", ""})
_SEXES: Final = frozenset({"M", "F"})


@dataclass(frozen=True, slots=True)
class ConsoleCandidate:
    """A candidate as the console knows them (from a pack, or typed on the console).

    Attributes:
        sex: None when typed on the console without it (the console never needs it).
        positioning_profile: From the session pack (engine v2 when certifiable).
    """

    candidate_id: str
    birth_name: str
    first_name: str
    birth_date: date
    extra_time_ratio: Decimal = Decimal(0)
    accessibility_adjustment: bool = False
    sex: Sex | None = None
    division: str = ""
    external_id: str = ""
    positioning_profile: PositioningProfile | None = None

    @classmethod
    def from_pack(cls, one: PackCandidate) -> ConsoleCandidate:
        """Take a candidate of a session pack."""
        return cls(
            candidate_id=one.candidate_id,
            birth_name=one.birth_name,
            first_name=one.first_name,
            birth_date=one.birth_date,
            extra_time_ratio=one.extra_time_ratio,
            accessibility_adjustment=one.accessibility_adjustment,
            sex=one.sex,
            division=one.division,
            external_id=one.external_id,
            positioning_profile=one.positioning_profile,
        )

    def to_domain(self, session_number: int) -> Candidate:
        """Return the domain candidate the hub matches joins against."""
        return Candidate(
            candidate_id=self.candidate_id,
            session_number=session_number,
            birth_name=self.birth_name,
            first_name=self.first_name,
            birth_date=self.birth_date,
            # The hub matches on names and birth date only and never reads the sex; a
            # candidate typed without it still needs a value in the domain type.
            sex=self.sex or Sex.F,
            division=self.division,
            external_id=self.external_id,
            extra_time_ratio=self.extra_time_ratio,
            accessibility_adjustment=self.accessibility_adjustment,
        )


def parse_candidate_lines(
    text: str, *, today: date, rng: random.Random
) -> tuple[tuple[ConsoleCandidate, ...], tuple[tuple[int, LineCode], ...]]:
    """Read typed or pasted candidate lines; blank lines are skipped.

    Args:
        text: The lines.
        today: For birth dates (they must be in the past).
        rng: Draws the candidate ids.

    Returns:
        ``(candidates, problems)``: problems are ``(line number from 1, code)``, every bad
        line listed; candidates are only meaningful when there is no problem.
    """
    candidates: list[ConsoleCandidate] = []
    problems: list[tuple[int, LineCode]] = []
    seen: set[tuple[str, str, date]] = set()
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_LINES:
        return (), ((0, LineCode.TOO_MANY),)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = _line(line, today, rng)
        if isinstance(parsed, LineCode):
            problems.append((number, parsed))
            continue
        key = (
            normalise_name(parsed.birth_name),
            normalise_name(parsed.first_name),
            parsed.birth_date,
        )
        if key in seen:
            problems.append((number, LineCode.DUPLICATE))
            continue
        seen.add(key)
        candidates.append(parsed)
    return tuple(candidates), tuple(problems)


def _line(line: str, today: date, rng: random.Random) -> ConsoleCandidate | LineCode:
    fields = [part.strip() for part in re.split(r"[;\t]", line)]
    while len(fields) > 3 and not fields[-1]:
        fields.pop()  # a trailing separator, as spreadsheets write
    if not 3 <= len(fields) <= 6:
        return LineCode.FIELD_COUNT
    birth_name, first_name, birth_text = fields[:3]
    if not normalise_name(birth_name) or not normalise_name(first_name):
        return LineCode.NAME
    birth = _birth_date(birth_text)
    if birth is None or birth >= today:
        return LineCode.BIRTH_DATE
    try:
        ratio = extra_time_ratio_from_percent(fields[3] if len(fields) > 3 else "")
    except DomainError:
        return LineCode.EXTRA_TIME
    options = [field.upper() for field in fields[4:]]
    if len(options) == 1 and options[0] in _SEXES:
        options = ["", options[0]]  # the earlier format: the sex fifth, no adjustment field
    adjustment = options[0] if options else ""
    if adjustment not in _YES | _NO:
        return LineCode.ACCESSIBILITY
    sex = options[1] if len(options) > 1 else ""
    if sex and sex not in _SEXES:
        return LineCode.SEX
    return ConsoleCandidate(
        candidate_id=f"{rng.getrandbits(128):032x}",
        birth_name=" ".join(birth_name.split()),
        first_name=" ".join(first_name.split()),
        birth_date=birth,
        extra_time_ratio=ratio,
        accessibility_adjustment=adjustment in _YES,
        sex=Sex(sex) if sex else None,
    )


def _birth_date(text: str) -> date | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_candidate_line(candidate: ConsoleCandidate) -> str:
    """Return the line that would enrol ``candidate`` (for examples and round trips)."""
    percent = candidate.extra_time_ratio * 100
    extra = format(percent.normalize(), "f") if percent else ""
    return ";".join(
        [
            candidate.birth_name,
            candidate.first_name,
            candidate.birth_date.strftime("%d/%m/%Y"),
            extra,
            "oui" if candidate.accessibility_adjustment else "",
            "" if candidate.sex is None else candidate.sex.value,
        ]
    ).rstrip(";")
