"""How referent mode writes dates, names and extra time (the same on every page)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pixdesk.domain.candidate import extra_time_percent
from pixdesk.domain.session import parse_date
from pixdesk.i18n import _


def day(value: date) -> str:
    """Return a date as French schools write it: ``16/03/2027``."""
    return value.strftime("%d/%m/%Y")


def iso_day(text: str) -> str:
    """Return a stored ``YYYY-MM-DD`` date as ``16/03/2027`` (unchanged if malformed)."""
    parsed = parse_date(text)
    return day(parsed) if parsed is not None else text


def person(birth_name: str, first_name: str) -> str:
    """Return ``LOVELACE Ada``: the family name in capitals first, as on the documents."""
    return _("{last} {first}").format(last=birth_name.strip().upper(), first=first_name.strip())


def percent(ratio: Decimal) -> str:
    """Return an extra time ratio as people read it (0.33 → ``33 %``; 0 → ``aucun``)."""
    if not ratio:
        return _("aucun")
    value = format(extra_time_percent(ratio), "f").replace(".", ",")
    return _("{value} %").format(value=value)


def yes_no(flag: bool) -> str:
    """Return ``Oui`` or ``Non``."""
    return _("Oui") if flag else _("Non")
