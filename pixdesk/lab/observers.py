"""What the hub and the station client tell the layers above: plain callbacks, plain values.

Callbacks run on the lab thread (the asyncio loop). They must return quickly and never block:
a Qt adapter emits a signal (queued to the UI thread) and returns. An exception raised by an
observer is logged and otherwise ignored, so a UI bug cannot take the room's link down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pixdesk.domain.candidate import Candidate
from pixdesk.lab.codes import JoinResult, LinkProblem, SecurityIssue
from pixdesk.lab.trust import TrustedConsole

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StationInfo:
    """An authenticated station connection on the hub.

    Attributes:
        station_id: Its id (derived from its key).
        session_number: The session it connected to.
        peer: Its address, ``host:port``.
        station_key: Its raw Ed25519 public key.
        acked_seq: The last seq the replica holds (None: not joined yet).
    """

    station_id: str
    session_number: str
    peer: str
    station_key: bytes
    acked_seq: int | None


@dataclass(frozen=True, slots=True)
class EventsImported:
    """Events of one station newly held by the console's replica.

    Attributes:
        station_id: Whose events.
        session_number: The session of the connection they came by.
        first_seq: The first new seq.
        head_seq: The last seq now held (acknowledged to the station).
        types: The type of each new event, in seq order.
    """

    station_id: str
    session_number: str
    first_seq: int
    head_seq: int
    types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JoinAttempt:
    """A join request and the hub's answer (MATCHED ones carry the candidate).

    Attributes:
        station_id: The station it came from.
        session_number: The session of the connection.
        peer: The station's address.
        result: The answer sent.
        candidate: The candidate who joined (MATCHED), for the console's room view.
        several: Who fits (SEVERAL_MATCHES), for the invigilator to sort out.
        retry_after_ms: How long the station must wait (RATE_LIMITED).
    """

    station_id: str
    session_number: str
    peer: str
    result: JoinResult
    candidate: Candidate | None = None
    several: tuple[str, ...] = ()
    retry_after_ms: int | None = None


@dataclass(frozen=True, slots=True)
class SecurityReport:
    """Something that looks like an attack or a tampered PC (hub side or station side).

    Attributes:
        issue: What happened.
        station_id: The station concerned ("" when unknown, e.g. before authentication).
        peer: The remote address ("" on a station).
        detail: A short English explanation for the log (never a secret).
    """

    issue: SecurityIssue
    station_id: str
    peer: str = ""
    detail: str = ""


class HubObserver(Protocol):
    """What the console UI hears from the hub (adapted to Qt signals later)."""

    def station_connected(self, info: StationInfo) -> None:
        """A station authenticated (a reconnection too)."""

    def station_disconnected(self, station_id: str, reason: str) -> None:
        """An authenticated station's connection ended (``reason``: an ErrorCode or ``closed``)."""

    def events_imported(self, batch: EventsImported) -> None:
        """New events of a station are in the replica."""

    def join_attempted(self, attempt: JoinAttempt) -> None:
        """A join request was answered."""

    def security_reported(self, report: SecurityReport) -> None:
        """Something suspicious happened."""

    def replica_failed(self, detail: str) -> None:
        """The replica could not be written (disk full…): the console must alert."""


class StationObserver(Protocol):
    """What the learner UI hears from the station client."""

    def link_changed(self, state: LinkState) -> None:
        """The connection state, the console or the acknowledged seq changed."""

    def security_reported(self, report: SecurityReport) -> None:
        """Something suspicious happened (a forged command, another console…)."""


@dataclass(frozen=True, slots=True)
class LinkState:
    """A station's view of its link, as one value (the learner UI shows it).

    Attributes:
        connected: Authenticated with the hub right now.
        console: The console trusted on this (or the last) connection.
        joined: The hub knows this station joined; its events are being replicated.
        acked_seq: The last seq the console acknowledged (None: never).
        offset_ms: Console time minus this station's wall clock, ms (None: never measured).
        problem: Why the last connection attempt or connection failed, if it did.
        detail: More about the problem, for the log.
    """

    connected: bool = False
    console: TrustedConsole | None = None
    joined: bool = False
    acked_seq: int | None = None
    offset_ms: int | None = None
    problem: LinkProblem | None = None
    detail: str = ""


class NullHubObserver:
    """A hub observer that ignores everything (subclass it to hear only some things)."""

    def station_connected(self, info: StationInfo) -> None:
        """Ignore."""

    def station_disconnected(self, station_id: str, reason: str) -> None:
        """Ignore."""

    def events_imported(self, batch: EventsImported) -> None:
        """Ignore."""

    def join_attempted(self, attempt: JoinAttempt) -> None:
        """Ignore."""

    def security_reported(self, report: SecurityReport) -> None:
        """Ignore."""

    def replica_failed(self, detail: str) -> None:
        """Ignore."""


class NullStationObserver:
    """A station observer that ignores everything."""

    def link_changed(self, state: LinkState) -> None:
        """Ignore."""

    def security_reported(self, report: SecurityReport) -> None:
        """Ignore."""


def notify(call: Callable[[], object]) -> None:
    """Run one observer callback, logging (never raising) its exceptions."""
    try:
        call()
    except Exception:  # noqa: BLE001 - a UI bug must not take the room's link down
        _log.exception("a lab observer failed")
