"""Text treatments of RULES §7 (pretreatment, t1, t2, t3) and the Levenshtein distance."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.items import Treatments
from pixdesk.domain.text import (
    character_count,
    levenshtein,
    matches_any,
    pretreat,
    strip_accents,
    t1,
    t2,
    treat,
    within_t3,
)

ALL_ON = Treatments()
ALL_OFF = Treatments(t1=False, t2=False, t3=False)
treatments_strategy = st.builds(Treatments, st.booleans(), st.booleans(), st.booleans())


# ------------------------------------------------------------------ pretreatment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("cafe\u0301", "café"),  # NFD in, NFC out
        ("café", "café"),
        ("1\u00a0000", "1 000"),
        ("1\u202f000", "1 000"),
        ("a\u00a0\u202fb", "a  b"),
        ("  tabs\tstay\t", "  tabs\tstay\t"),
    ],
)
def test_pretreat_nfc_and_non_breaking_spaces(raw: str, expected: str) -> None:
    """RULES §7: before all, Unicode NFC and non-breaking space → space."""
    assert pretreat(raw) == expected


def test_pretreat_applies_even_with_every_treatment_off() -> None:
    """RULES §7: the pretreatment is not switchable: NFD and nbsp answers still match."""
    assert matches_any("e\u0301te\u0301", ["été"], ALL_OFF)
    assert matches_any("pomme\u00a0de\u202fterre", ["pomme de terre"], ALL_OFF)
    assert not matches_any("Été", ["été"], ALL_OFF)


# ------------------------------------------------------------------ t1 and t2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Éléphant  ", "elephant"),
        ("Ça va", "cava"),
        ("a\tb\nc d", "abcd"),
        ("GRÂCE À", "gracea"),
        ("İstanbul", "istanbul"),  # lowercasing yields a combining dot, stripped afterwards
        ("ŒUVRE", "œuvre"),  # a ligature is not an accent
        ("naïve", "naive"),
        ("", ""),
    ],
)
def test_t1_trims_lowercases_strips_accents_and_whitespace(raw: str, expected: str) -> None:
    """RULES §7 t1: trim, lowercase, strip accents, remove all whitespace."""
    assert t1(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c'est-à-dire", "cestdire"),
        ("Hello, World!", "Hello World"),
        ("a\tb\nc", "abc"),  # only the space U+0020 is kept
        ("ñ 42 €", " 42 "),
        ("ABC xyz 019", "ABC xyz 019"),
    ],
)
def test_t2_keeps_only_ascii_letters_digits_spaces(raw: str, expected: str) -> None:
    """RULES §7 t2: remove everything but ASCII letters, digits and spaces."""
    assert t2(raw) == expected


@pytest.mark.parametrize(
    ("treatments", "raw", "expected"),
    [
        (ALL_ON, " L'Été ", "lete"),
        (Treatments(t1=True, t2=False), " L'Été ", "l'ete"),
        (Treatments(t1=False, t2=True), " L'Été ", " Lt "),
        (ALL_OFF, " L'Été ", " L'Été "),
    ],
)
def test_treat_applies_switched_on_treatments_in_order(
    treatments: Treatments, raw: str, expected: str
) -> None:
    """RULES §7: each treatment can be switched off per item."""
    assert treat(raw, treatments) == expected


# ------------------------------------------------------------------ t3 and Levenshtein


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "abc", 0),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
        ("abc", "cba", 2),
        ("été", "ete", 2),
    ],
)
def test_levenshtein_known_values(a: str, b: str, distance: int) -> None:
    """RULES §7 t3: edit distance counts insertions, deletions and substitutions."""
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


@pytest.mark.parametrize(
    ("answer", "variant", "accepted"),
    [
        ("abcd", "abce", True),  # 1/4 = 0.25 exactly
        ("abcdefgh", "abcdefxy", True),  # 2/8 = 0.25 exactly
        ("abcdefg", "abcdexy", False),  # 2/7 ≈ 0.286
        ("abc", "abd", False),  # 1/3
        ("abcde", "abcdx", True),  # 1/5
        ("abcd", "abc", True),  # 1/4: the answer's length is the denominator…
        ("abc", "abcd", False),  # …so 1/3 the other way round
    ],
)
def test_t3_ratio_boundary_is_inclusive(answer: str, variant: str, accepted: bool) -> None:
    """RULES §7 t3: Levenshtein distance ÷ length of the treated answer ≤ 0.25 accepted."""
    assert within_t3(answer, variant) is accepted


def test_t3_uses_the_closest_variant() -> None:
    """RULES §7 t3: the ratio is taken against the closest variant."""
    assert matches_any("ordinatuer", ["souris", "ordinateur"], ALL_ON)
    assert not matches_any("ordinatuer", ["souris", "clavier"], ALL_ON)


@pytest.mark.parametrize(
    ("switched_off", "answer", "variant"),
    [
        ("t1", "PARIS", "paris"),  # case; t3 alone would not bridge 5 changes
        ("t1", "mot clé", "motcle"),
        ("t2", "«oui»", "oui"),
        ("t2", "(vrai)", "vrai"),
        ("t3", "ordinatuer", "ordinateur"),
        ("t3", "chaussete", "chaussette"),
    ],
)
def test_switching_a_treatment_off_changes_the_outcome(
    switched_off: str, answer: str, variant: str
) -> None:
    """RULES §7: each treatment is switchable per item, and switching it off matters."""
    off = {"t1": True, "t2": True, "t3": True} | {switched_off: False}
    assert matches_any(answer, [variant], ALL_ON)
    assert not matches_any(answer, [variant], Treatments(**off))


@pytest.mark.parametrize("answer", ["", "   ", "?!", "\u00a0", "€€"])
def test_answer_empty_after_treatments_never_matches(answer: str) -> None:
    """(pixdesk) An answer that treats to nothing is wrong, even against a blank variant."""
    assert not matches_any(answer, ["?", "ok", ""], ALL_ON)


# ------------------------------------------------------------------ properties


@given(st.text())
def test_pretreat_is_idempotent(text: str) -> None:
    """RULES §7: the pretreatment is idempotent."""
    assert pretreat(pretreat(text)) == pretreat(text)


@given(st.text())
def test_t1_is_idempotent(text: str) -> None:
    """RULES §7 t1 is idempotent."""
    assert t1(t1(text)) == t1(text)


@given(st.text())
def test_t2_is_idempotent(text: str) -> None:
    """RULES §7 t2 is idempotent."""
    assert t2(t2(text)) == t2(text)


@given(st.text())
def test_strip_accents_is_idempotent(text: str) -> None:
    """RULES §7 t1: stripping accents twice changes nothing more."""
    assert strip_accents(strip_accents(text)) == strip_accents(text)


@given(st.text(), treatments_strategy)
def test_treat_is_idempotent_for_every_switch_combination(
    text: str, treatments: Treatments
) -> None:
    """RULES §7: the whole treatment chain is idempotent, whatever is switched off."""
    once = treat(text, treatments)
    assert treat(once, treatments) == once


@given(st.text())
def test_t1_then_t2_output_alphabet(text: str) -> None:
    """RULES §7 t1∘t2: only lowercase ASCII letters and digits remain, in either order."""
    allowed = set(string.ascii_lowercase + string.digits)
    assert set(t2(t1(pretreat(text)))) <= allowed
    assert set(t1(t2(pretreat(text)))) <= allowed


@given(st.text(), treatments_strategy)
def test_variant_always_matches_itself(variant: str, treatments: Treatments) -> None:
    """RULES §7: a variant matches itself after treatments, in NFC or NFD, with nbsp."""
    if not treat(variant, treatments):
        return  # an empty treated variant is a bank error: nothing may match it
    assert matches_any(variant, [variant], treatments)
    assert matches_any(unicodedata.normalize("NFD", variant), [variant], treatments)
    assert matches_any(variant.replace(" ", "\u00a0"), [variant], treatments)


small = st.text(alphabet="abcé", max_size=6)


@given(small, small)
def test_levenshtein_is_symmetric(a: str, b: str) -> None:
    """RULES §7 t3: Levenshtein is a metric (symmetry)."""
    assert levenshtein(a, b) == levenshtein(b, a)


@given(small, small)
def test_levenshtein_identity_of_indiscernibles(a: str, b: str) -> None:
    """RULES §7 t3: Levenshtein is a metric (zero exactly on equal strings), bounded."""
    assert (levenshtein(a, b) == 0) is (a == b)
    assert abs(len(a) - len(b)) <= levenshtein(a, b) <= max(len(a), len(b))


@given(small, small, small)
def test_levenshtein_triangle_inequality(a: str, b: str, c: str) -> None:
    """RULES §7 t3: Levenshtein is a metric (triangle inequality)."""
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("é", 1), ("e\u0301", 1), ("Me\u0301lanie", 7), ("e\u0301\u0301", 2), ("été", 3)],
)
def test_character_count_counts_composed_characters(text: str, count: int) -> None:
    """RULES §8, §9 (pixdesk): limits count characters in NFC, so a decomposed "é" is one."""
    assert character_count(text) == count
