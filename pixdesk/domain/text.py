"""Text treatments used to compare short answers with their variants (RULES.md §7).

Every text goes through :func:`pretreat` (Unicode NFC, non-breaking spaces → space); then,
each switchable per item through :class:`~pixdesk.domain.items.Treatments`:

- **t1**: trim, lowercase, strip accents, remove all whitespace;
- **t2**: keep only ASCII letters, digits and the space U+0020;
- **t3**: a treated answer is also accepted when its Levenshtein distance to the closest
  treated variant, divided by the length of the treated answer, is at most 0.25.

Variants are treated exactly like answers, so a variant always matches itself.

**(pixdesk)** An answer that is empty once treated never matches anything, not even a variant
that is itself empty once treated (such a variant is a bank error): otherwise a candidate
typing ``"?"`` would match every variant made only of punctuation.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable

from pixdesk.domain.items import Treatments

_NON_BREAKING_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_T2_ALPHABET = frozenset(string.ascii_letters + string.digits + " ")
# t3 accepts distance / length ≤ 1/4; compared as 4·distance ≤ length to stay exact at the bound.
_T3_DENOMINATOR = 4


def pretreat(text: str) -> str:
    """Apply the treatment that always comes first: NFC, then non-breaking spaces → space.

    Args:
        text: Raw text as typed by a candidate or written in a bank.

    Returns:
        The text in NFC with U+00A0 and U+202F replaced by U+0020.
    """
    return unicodedata.normalize("NFC", text).translate(_NON_BREAKING_SPACES)


def character_count(text: str) -> int:
    """Count characters as people count them, for the length limits of free text.

    The text is counted in Unicode NFC, so an "é" typed as "e" + combining accent counts once,
    as it looks and as it is stored once composed. Used by every 500-character limit
    (incident descriptions, finalisation comments), so they agree.

    Args:
        text: Free text as typed.

    Returns:
        The number of code points of its NFC form.
    """
    return len(unicodedata.normalize("NFC", text))


def strip_accents(text: str) -> str:
    """Remove diacritics: decompose, drop non-spacing marks, recompose.

    Args:
        text: Any text.

    Returns:
        The text in NFC without any character of category ``Mn``.
    """
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def t1(text: str) -> str:
    """Trim, lowercase, strip accents and remove all whitespace (RULES §7 t1).

    Args:
        text: Pretreated text.

    Returns:
        The text lowercased, without diacritics and without any whitespace.
    """
    unaccented = strip_accents(text.strip().lower())
    return "".join(unaccented.split())


def t2(text: str) -> str:
    """Keep only ASCII letters, digits and spaces (RULES §7 t2).

    Args:
        text: Pretreated text.

    Returns:
        The text with every other character removed (tabs and newlines included).
    """
    return "".join(c for c in text if c in _T2_ALPHABET)


def treat(text: str, treatments: Treatments) -> str:
    """Apply the pretreatment, then t1 and t2 when they are switched on.

    Args:
        text: Raw answer or variant.
        treatments: Which treatments the item enables (t3 is a comparison, not applied here).

    Returns:
        The treated text, ready to compare.
    """
    treated = pretreat(text)
    if treatments.t1:
        treated = t1(treated)
    if treatments.t2:
        treated = t2(treated)
    return treated


def levenshtein(a: str, b: str) -> int:
    """Return the edit distance (insertions, deletions, substitutions) between two strings.

    Args:
        a: First string.
        b: Second string.

    Returns:
        The minimal number of single-character edits turning ``a`` into ``b``.
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        previous = current
    return previous[-1]


def within_t3(treated_answer: str, treated_variant: str) -> bool:
    """Tell whether distance ÷ length of the answer is at most 0.25 (RULES §7 t3).

    Args:
        treated_answer: The candidate's answer after treatments; must not be empty.
        treated_variant: One accepted variant after treatments.

    Returns:
        True when the answer is close enough to the variant.
    """
    distance = levenshtein(treated_answer, treated_variant)
    return _T3_DENOMINATOR * distance <= len(treated_answer)


def matches_treated(treated_answer: str, treated_variant: str, treatments: Treatments) -> bool:
    """Compare an already treated answer with one already treated variant.

    Args:
        treated_answer: Output of :func:`treat` for the answer.
        treated_variant: Output of :func:`treat` for the variant.
        treatments: The item's treatments (only t3 matters here).

    Returns:
        True on equality, or when t3 is on and the answer is within its ratio.
    """
    if not treated_answer:
        return False
    if treated_answer == treated_variant:
        return True
    return treatments.t3 and within_t3(treated_answer, treated_variant)


def matches_any(answer: str, variants: Iterable[str], treatments: Treatments) -> bool:
    """Tell whether a raw answer matches at least one raw variant after treatments.

    Args:
        answer: The candidate's answer as typed.
        variants: The accepted variants as written in the bank.
        treatments: The item's treatments.

    Returns:
        True when some variant matches (with t3, "within the ratio of the closest variant" is
        the same as "within the ratio of some variant").
    """
    treated_answer = treat(answer, treatments)
    return any(
        matches_treated(treated_answer, treat(variant, treatments), treatments)
        for variant in variants
    )
