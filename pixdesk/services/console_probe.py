"""Can this PC reach the supervisor console? A TCP connection to the configured address only.

The readiness check must never scan the LAN or try guessed addresses (a school network is
shared, and probing it would look like an attack): it connects to the one address IT staff
configured, once, with a timeout, and closes the connection without sending anything.
"""

from __future__ import annotations

import errno
import socket
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pixdesk.services.config import ConsoleAddress

__all__ = ["ConsoleReach", "Unreachable", "probe_console"]

CONNECT_TIMEOUT_S: Final = 2.0


class Unreachable(StrEnum):
    """Why the console could not be reached."""

    REFUSED = "refused"  # the PC answered, nothing listens: the console is not started
    TIMEOUT = "timeout"  # no answer: wrong address, firewall, or the LAN is down
    UNRESOLVED = "unresolved"  # the name is unknown to the DNS
    NETWORK = "network"  # no route: the PC has no network


@dataclass(frozen=True, slots=True)
class ConsoleReach:
    """The outcome of one connection attempt.

    Attributes:
        address: The address tried.
        reason: Why it failed, or ``None`` when the connection was accepted.
        seconds: How long the attempt took.
        detail: The OS message, for the report.
    """

    address: ConsoleAddress
    reason: Unreachable | None
    seconds: float
    detail: str = ""

    @property
    def reachable(self) -> bool:
        """Whether the console accepted the connection."""
        return self.reason is None


def probe_console(address: ConsoleAddress, timeout_s: float = CONNECT_TIMEOUT_S) -> ConsoleReach:
    """Open and close one TCP connection to ``address``; never raises for network errors."""
    started = time.monotonic()
    reason: Unreachable | None = None
    detail = ""
    try:
        with socket.create_connection((address.host, address.port), timeout=timeout_s):
            pass
    except socket.gaierror as exc:
        reason, detail = Unreachable.UNRESOLVED, str(exc.strerror or exc)
    except TimeoutError as exc:
        reason, detail = Unreachable.TIMEOUT, str(exc) or "timed out"
    except ConnectionRefusedError as exc:
        reason, detail = Unreachable.REFUSED, exc.strerror or ""
    except OSError as exc:
        # EHOSTUNREACH, ENETUNREACH, ENETDOWN…: the network itself is missing.
        reason = Unreachable.TIMEOUT if exc.errno == errno.ETIMEDOUT else Unreachable.NETWORK
        detail = exc.strerror or str(exc)
    return ConsoleReach(address, reason, time.monotonic() - started, detail)
