"""Who is who: name normalisation, joining step 1, duplicates (RULES.md §3)."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Final

if TYPE_CHECKING:
    # Only for annotations: candidate.py imports this module to validate names.
    from pixdesk.domain.candidate import Candidate

_KEPT: Final = frozenset(string.ascii_uppercase + string.digits)
# Latin letters that Unicode does not decompose into a base letter plus accents; without this
# table "Lœtitia" would become "LTITIA" and never match "LOETITIA".
_UNDECOMPOSABLE: Final = str.maketrans(
    {"Œ": "OE", "Æ": "AE", "Ø": "O", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "TH", "ẞ": "SS"}
)


def normalise_name(text: str) -> str:
    """Return ``text`` uppercased, without accents, keeping only A–Z and 0–9.

    ``"Éloïse-Marie d'Aubigné"`` becomes ``"ELOISEMARIEDAUBIGNE"``. The result is its own
    normalisation (idempotent).
    """
    upper = unicodedata.normalize("NFKD", text).upper().translate(_UNDECOMPOSABLE)
    # Uppercasing can produce new composed letters ("ǰ" → "J̌"), so decompose again.
    decomposed = unicodedata.normalize("NFKD", upper)
    return "".join(char for char in decomposed if char in _KEPT)


class MatchOutcome(StrEnum):
    """The three answers to joining step 1."""

    MATCHED = "MATCHED"
    NO_MATCH = "NO_MATCH"
    SEVERAL_MATCHES = "SEVERAL_MATCHES"


@dataclass(frozen=True, slots=True)
class Matched:
    """Exactly one enrolled candidate fits what was typed."""

    outcome: ClassVar[MatchOutcome] = MatchOutcome.MATCHED

    candidate: Candidate


@dataclass(frozen=True, slots=True)
class NoMatch:
    """No enrolled candidate fits what was typed."""

    outcome: ClassVar[MatchOutcome] = MatchOutcome.NO_MATCH


@dataclass(frozen=True, slots=True)
class SeveralMatches:
    """Several enrolled candidates fit; the invigilator must sort it out.

    Attributes:
        candidate_ids: Who fits, for the invigilator (never shown to the person joining).
    """

    outcome: ClassVar[MatchOutcome] = MatchOutcome.SEVERAL_MATCHES

    candidate_ids: tuple[str, ...]


JoinMatch = Matched | NoMatch | SeveralMatches


def match_candidate(
    candidates: Iterable[Candidate],
    *,
    session_number: int,
    first_name: str,
    birth_name: str,
    birth_date: date,
) -> JoinMatch:
    """Find who is joining from what they typed at step 1.

    Names match once normalised (:func:`normalise_name`); the session number and the birth date
    match exactly.

    Args:
        candidates: The enrolled candidates to search (any sessions).
        session_number: The session number typed.
        first_name: The first name typed.
        birth_name: The birth name typed.
        birth_date: The birth date entered.

    Returns:
        :class:`Matched`, :class:`NoMatch` or :class:`SeveralMatches`.
    """
    first = normalise_name(first_name)
    birth = normalise_name(birth_name)
    # Punctuation alone normalises to "" and must not match a name that does too.
    if not first or not birth:
        return NoMatch()
    found = [
        candidate
        for candidate in candidates
        if candidate.session_number == session_number
        and candidate.birth_date == birth_date
        and normalise_name(candidate.first_name) == first
        and normalise_name(candidate.birth_name) == birth
    ]
    if not found:
        return NoMatch()
    if len(found) > 1:
        return SeveralMatches(tuple(candidate.candidate_id for candidate in found))
    return Matched(found[0])


def duplicate_key(candidate: Candidate) -> tuple[str, str, date]:
    """Return what makes two candidates the same person: normalised names and birth date."""
    return (
        normalise_name(candidate.first_name),
        normalise_name(candidate.birth_name),
        candidate.birth_date,
    )


def find_duplicates(candidates: Iterable[Candidate]) -> tuple[tuple[Candidate, ...], ...]:
    """Group the candidates that are duplicates of one another.

    Returns:
        Each group of two or more candidates sharing a :func:`duplicate_key`, in the order
        their first member was seen; empty when there is no duplicate.
    """
    groups: dict[tuple[str, str, date], list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(duplicate_key(candidate), []).append(candidate)
    return tuple(tuple(group) for group in groups.values() if len(group) > 1)
