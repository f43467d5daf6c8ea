"""Name normalisation, joining step 1 and duplicate detection."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.domain.identity import (
    Matched,
    MatchOutcome,
    NoMatch,
    SeveralMatches,
    duplicate_key,
    find_duplicates,
    match_candidate,
    normalise_name,
)

BORN = date(2011, 5, 4)
ELOISE = Candidate(
    candidate_id="c-1",
    session_number=1234,
    birth_name="Le Bœuf-Hénon",
    first_name="Éloïse",
    birth_date=BORN,
    sex=Sex.F,
    birth_insee_code="69123",
)
OTHER = replace(ELOISE, candidate_id="c-2", first_name="Marc", sex=Sex.M)


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Éloïse", "ELOISE"),
        ("éloïse", "ELOISE"),
        ("E\u0301loi\u0308se", "ELOISE"),  # decomposed accents
        ("Jean-Pierre", "JEANPIERRE"),
        ("jean pierre", "JEANPIERRE"),
        ("d'Aubigné", "DAUBIGNE"),
        ("Lœtitia", "LOETITIA"),
        ("Lætitia", "LAETITIA"),
        ("Strauß", "STRAUSS"),
        ("Søren Łukasz", "SORENLUKASZ"),
        ("Çağla", "CAGLA"),
        ("Louis XIV 2", "LOUISXIV2"),
        ("Ｎｏｅｌ", "NOEL"),  # full-width letters
        ("\u00a0Anne\u00a0", "ANNE"),  # non-breaking spaces
        ("李", ""),
        ("", ""),
    ],
)
def test_names_are_uppercased_without_accents_keeping_only_letters_and_digits(
    name: str, normalised: str
) -> None:
    """RULES §3: names match after uppercasing, removing accents, keeping only A–Z and 0–9."""
    assert normalise_name(name) == normalised


@given(st.text())
def test_normalisation_is_idempotent_and_keeps_only_a_to_z_and_digits(name: str) -> None:
    """RULES §3: normalising twice changes nothing; only A–Z and 0–9 remain."""
    once = normalise_name(name)
    assert normalise_name(once) == once
    assert set(once) <= set(string.ascii_uppercase + string.digits)


latin = st.text(alphabet=string.ascii_letters + "éèêëàâäîïôöùûüçÉÈÀÇ -'", max_size=30)


@given(latin)
def test_normalisation_ignores_case_and_accents(name: str) -> None:
    """RULES §3: "Éloïse", "ELOISE" and "eloise" are the same name."""
    assert normalise_name(name.upper()) == normalise_name(name.lower()) == normalise_name(name)


def join(
    candidates: list[Candidate],
    *,
    session_number: int = 1234,
    first_name: str = "eloise",
    birth_name: str = "LE BOEUF HENON",
    birth_date: date = BORN,
) -> Matched | NoMatch | SeveralMatches:
    return match_candidate(
        candidates,
        session_number=session_number,
        first_name=first_name,
        birth_name=birth_name,
        birth_date=birth_date,
    )


def test_join_step_one_matches_normalised_names() -> None:
    """RULES §3 join step 1: session number, first name, birth name, birth date → the candidate."""
    result = join([OTHER, ELOISE])
    assert result == Matched(ELOISE)
    assert result.outcome is MatchOutcome.MATCHED


@pytest.mark.parametrize(
    "typed",
    [
        {"session_number": 1235},
        {"first_name": "Eloise2"},
        {"birth_name": "LE BOEUF"},
        {"birth_date": date(2011, 5, 5)},
        {"birth_date": date(2011, 4, 5)},  # day and month swapped
        {"first_name": "--", "birth_name": "LE BOEUF HENON"},
    ],
)
def test_join_step_one_no_match(typed: dict[str, object]) -> None:
    """RULES §3 join step 1: the session number and birth date match exactly; else no match."""
    result = join([ELOISE, OTHER], **typed)  # type: ignore[arg-type]
    assert result == NoMatch()
    assert result.outcome is MatchOutcome.NO_MATCH


def test_join_step_one_several_matches() -> None:
    """RULES §3 join step 1: several candidates fit → a distinct outcome, not a guess."""
    twin = replace(ELOISE, candidate_id="c-3", first_name="ELOISE")
    result = join([ELOISE, OTHER, twin])
    assert result == SeveralMatches(("c-1", "c-3"))
    assert result.outcome is MatchOutcome.SEVERAL_MATCHES


def test_join_step_one_does_not_match_a_name_that_normalises_to_nothing() -> None:
    """RULES §3: two names made only of punctuation are not the same person."""
    odd = replace(ELOISE, first_name="李", birth_name="王")
    assert join([odd], first_name="张", birth_name="刘") == NoMatch()


def test_join_step_one_with_nobody_enrolled() -> None:
    """RULES §3 join step 1: an empty session gives no match."""
    assert join([]) == NoMatch()


def test_duplicates_are_same_normalised_names_and_birth_date() -> None:
    """RULES §3: duplicate = same normalised first name + last name + birth date."""
    same = replace(ELOISE, candidate_id="c-9", first_name="ELOÏSE", birth_name="le boeuf henon")
    other_day = replace(ELOISE, candidate_id="c-8", birth_date=date(2011, 5, 5))
    groups = find_duplicates([ELOISE, OTHER, same, other_day])
    assert groups == ((ELOISE, same),)
    assert duplicate_key(ELOISE) == ("ELOISE", "LEBOEUFHENON", BORN)


def test_no_duplicates_among_distinct_people() -> None:
    """RULES §3: a different first name is a different person."""
    assert find_duplicates([ELOISE, OTHER]) == ()
