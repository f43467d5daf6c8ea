"""The console's address: the typed fallback when discovery finds nothing.

Accepted forms (spaces around are ignored): ``192.168.1.20``, ``192.168.1.20:47474``,
``[fe80::1]:47474``, ``[fe80::1]``, ``fe80::1`` (bare IPv6, default port), ``prof-salle12``,
``prof-salle12.local:47474``. The console shows its address in the first form that fits.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PORT = 47474
"""The hub's port unless configured otherwise (unassigned by IANA)."""

_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


class AddressErrorCode(StrEnum):
    """Why a typed address was refused (the UI turns these into sentences)."""

    EMPTY = "ADDRESS_EMPTY"
    BAD_PORT = "ADDRESS_BAD_PORT"
    BAD_HOST = "ADDRESS_BAD_HOST"
    BAD_BRACKETS = "ADDRESS_BAD_BRACKETS"


class AddressError(ValueError):
    """A typed address that cannot be used; ``code`` says why."""

    def __init__(self, code: AddressErrorCode, text: str) -> None:
        """Build the error (``text`` is what was typed, for the message)."""
        super().__init__(f"{code.value}: {text[:80]!r}")
        self.code = code
        self.text = text


@dataclass(frozen=True, slots=True)
class ConsoleAddress:
    """Where a station connects: a host (IP or name) and a port."""

    host: str
    port: int = DEFAULT_PORT

    def __str__(self) -> str:
        """Return the form people type (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> ConsoleAddress:
    """Parse what someone typed as the console's address.

    Raises:
        AddressError: ``EMPTY``, ``BAD_PORT`` (not 1–65535), ``BAD_HOST`` (neither an IP
            address nor a valid host name), ``BAD_BRACKETS`` (unbalanced ``[ ]``).
    """
    value = text.strip()
    if not value:
        raise AddressError(AddressErrorCode.EMPTY, text)
    if value.startswith("["):
        host, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise AddressError(AddressErrorCode.BAD_BRACKETS, text)
        port = _port(rest[1:], text) if rest else default_port
        return ConsoleAddress(_ipv6(host, text), port)
    if "]" in value:
        raise AddressError(AddressErrorCode.BAD_BRACKETS, text)
    if value.count(":") > 1:
        return ConsoleAddress(_ipv6(value, text), default_port)
    host, sep, port_text = value.partition(":")
    port = _port(port_text, text) if sep else default_port
    return ConsoleAddress(_host(host, text), port)


def _port(text: str, typed: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise AddressError(AddressErrorCode.BAD_PORT, typed)
    return int(text)


def _ipv6(text: str, typed: str) -> str:
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError:
        raise AddressError(AddressErrorCode.BAD_HOST, typed) from None


def _host(text: str, typed: str) -> str:
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        pass
    # Dotted digits that are not an IPv4 address ("192.168.1.300") are a typo, not a name.
    if re.fullmatch(r"[0-9.]+", text):
        raise AddressError(AddressErrorCode.BAD_HOST, typed)
    name = text.removesuffix(".")
    if not name or len(name) > 253 or not all(_LABEL.fullmatch(p) for p in name.split(".")):
        raise AddressError(AddressErrorCode.BAD_HOST, typed)
    return name
