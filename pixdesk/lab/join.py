"""How the hub answers a join request (RULES.md §3), before rate limiting.

Order of checks: a closed session answers SESSION_CLOSED; then the **access code**, and only
with the right code the identity (NO_MATCH, SEVERAL_MATCHES, MATCHED). Checking the code first
is deliberate: a device from another room, without the code, must learn nothing about who is
enrolled (it would otherwise enumerate names and birth dates one NO_MATCH at a time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pixdesk.domain.candidate import Candidate, extra_time_percent
from pixdesk.domain.codes import access_codes_match
from pixdesk.domain.identity import Matched, SeveralMatches, match_candidate
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.domain.session import parse_date
from pixdesk.lab.codes import JoinResult
from pixdesk.lab.messages import CandidateInfo, JoinRequest


@dataclass(frozen=True, slots=True)
class JoinDecision:
    """The hub's answer before rate limiting.

    Attributes:
        result: The code sent back.
        candidate: The candidate who joined (MATCHED only).
        several: Who fits when SEVERAL_MATCHES (for the invigilator, never sent).
    """

    result: JoinResult
    candidate: Candidate | None = None
    several: tuple[str, ...] = ()

    @property
    def counts_as_failure(self) -> bool:
        """Tell whether this answer counts against the rate limit."""
        return self.result in (
            JoinResult.WRONG_CODE,
            JoinResult.NO_MATCH,
            JoinResult.SEVERAL_MATCHES,
        )


def decide_join(
    request: JoinRequest,
    *,
    session_number: str,
    access_code: str,
    candidates: Sequence[Candidate],
    closed: bool,
) -> JoinDecision:
    """Answer a join request against one session.

    Args:
        request: What the station sent.
        session_number: The session the station's connection is bound to.
        access_code: The session's access code.
        candidates: The session's enrolled candidates.
        closed: Whether the session is finalised (or otherwise closed to learners).
    """
    if closed:
        return JoinDecision(JoinResult.SESSION_CLOSED)
    if not access_codes_match(request.access_code, access_code):
        return JoinDecision(JoinResult.WRONG_CODE)
    birth_date = parse_date(request.birth_date)
    typed_number = _session_number(request.session_number)
    if (
        birth_date is None
        or typed_number is None
        or typed_number != _session_number(session_number)
    ):
        return JoinDecision(JoinResult.NO_MATCH)
    match = match_candidate(
        candidates,
        session_number=typed_number,
        first_name=request.first_name,
        birth_name=request.birth_name,
        birth_date=birth_date,
    )
    if isinstance(match, Matched):
        return JoinDecision(JoinResult.MATCHED, candidate=match.candidate)
    if isinstance(match, SeveralMatches):
        return JoinDecision(JoinResult.SEVERAL_MATCHES, several=match.candidate_ids)
    return JoinDecision(JoinResult.NO_MATCH)


def candidate_info(
    candidate: Candidate,
    profile: PositioningProfile | None = None,
    *,
    started_elsewhere: bool = False,
) -> CandidateInfo:
    """Return what a station learns about the candidate who joined on it.

    ``started_elsewhere``: their test is under way on another station (it will be handed over).
    """
    return CandidateInfo(
        candidate_id=candidate.candidate_id,
        first_name=candidate.first_name,
        birth_name=candidate.birth_name,
        birth_date=_iso(candidate.birth_date),
        extra_time_percent=_percent_text(candidate),
        accessibility_adjustment=candidate.accessibility_adjustment,
        positioning_profile=profile,
        started_elsewhere=started_elsewhere,
    )


def _session_number(text: str) -> int | None:
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit():
        return None
    return int(stripped)


def _iso(value: date) -> str:
    return value.isoformat()


def _percent_text(candidate: Candidate) -> str:
    # "33", "33.5": a decimal string, because canonical JSON carries no floats.
    percent = extra_time_percent(candidate.extra_time_ratio)
    text = format(percent, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
