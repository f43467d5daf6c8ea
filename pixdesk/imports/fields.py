"""Small field readers shared by the SIECLE and CSV rosters."""

from __future__ import annotations

import re
from datetime import date

# [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
_FRENCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
# Five digits, or Corsica's 2A/2B followed by three digits.
_INSEE_CODE = re.compile(r"(?:[0-9]{5}|2[AB][0-9]{3})")
_POSTAL_CODE = re.compile(r"[0-9]{5}")
# SIECLE writes country codes without INSEE's "99" prefix (France: 100 for 99100).
_COUNTRY = re.compile(r"(?:99)?([0-9]{3})")


def clean(text: str | None) -> str:
    """Return ``text`` trimmed with inner whitespace runs collapsed; empty for None."""
    if not text:
        return ""
    return " ".join(text.split())


def parse_french_date(text: str) -> date | None:
    """Return the date written DD/MM/YYYY, or None when it is not a real date."""
    match = _FRENCH_DATE.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_insee_code(text: str) -> bool:
    """Return whether ``text`` has the shape of an INSEE commune code (e.g. 75056, 2A004)."""
    return _INSEE_CODE.fullmatch(text.upper()) is not None


def insee_country_code(text: str) -> str:
    """Return the INSEE country code (99 + 3 digits) for "100" or "99100"; else ``""``."""
    match = _COUNTRY.fullmatch(text)
    return f"99{match.group(1)}" if match else ""


def is_postal_code(text: str) -> bool:
    """Return whether ``text`` has the shape of a French postal code."""
    return _POSTAL_CODE.fullmatch(text) is not None
