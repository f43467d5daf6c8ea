"""The station's side of the lab link, for learner mode: find the console, connect, join.

Wraps the lab package's :class:`~pixdesk.lab.client.StationClient` running on its own
:class:`~pixdesk.lab.loop_thread.LabThread`. The client is bound to one session number (the
hello names it), so it is (re)made when the pupil types a session number, or when a restarted
station finds a join in its journal. Blocking calls (:meth:`connect`, :meth:`join`,
:meth:`search`) are for worker threads, never the UI thread.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.clock import Clock
from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client import StationClient
from pixdesk.lab.client_config import (
    ClientSettings,
    CommandHandler,
    EventSource,
    JoinOutcome,
    NotConnected,
)
from pixdesk.lab.codes import JoinResult, LinkProblem
from pixdesk.lab.discovery import FoundConsole, browse_consoles, discovery_resolver
from pixdesk.lab.hub_config import epoch_ms
from pixdesk.lab.loop_thread import LabThread
from pixdesk.lab.observers import LinkState, SecurityReport
from pixdesk.lab.trust import StationTrust, TrustedConsole
from pixdesk.services.station_outcomes import NOT_CONNECTED

_log = logging.getLogger(__name__)

# Problems that retrying will not cure: the station stops knocking and says why.
_FINAL_DETAILS: Final = frozenset({"UNKNOWN_SESSION", "UNSUPPORTED_VERSION"})
_TRUST_PROBLEMS: Final = frozenset(
    {
        LinkProblem.WRONG_SESSION,
        LinkProblem.PIN_MISMATCH,
        LinkProblem.UNTRUSTED_SESSION,
        LinkProblem.TLS_FINGERPRINT_MISMATCH,
        LinkProblem.BAD_HUB_SIGNATURE,
    }
)


@dataclass(frozen=True, slots=True)
class ConnectOutcome:
    """The outcome of :meth:`StationLink.connect`.

    Attributes:
        connected: Authenticated with a console serving the session.
        problem: Why not (``None`` when connected).
        detail: The hub's error code for ``HUB_REFUSED`` (``UNKNOWN_SESSION``…).
        console: The console reached.
    """

    connected: bool
    problem: LinkProblem | None = None
    detail: str = ""
    console: TrustedConsole | None = None


@dataclass(frozen=True, slots=True)
class JoinAnswer:
    """The console's answer to a join (``result`` is a JoinResult or :data:`NOT_CONNECTED`)."""

    result: str
    outcome: JoinOutcome | None = None

    @property
    def matched(self) -> bool:
        """Tell whether the pupil is now joined."""
        return self.result == JoinResult.MATCHED


class StationLink:
    """Own the lab thread and the station client of this station.

    Args:
        source: The journal the client ships (a connection of its own).
        signing_key: The station key.
        trust: The center key or the degraded-mode pins.
        clock: The station's clock.
        handler: Carries out verified commands (called on the lab thread).
        on_change: Called (on the lab thread) with each new link state.
        settings: The client's timings.
        discovery_timeout_s: How long each discovery attempt listens.
    """

    def __init__(
        self,
        *,
        source: EventSource,
        signing_key: Ed25519PrivateKey,
        trust: StationTrust,
        clock: Clock,
        handler: CommandHandler,
        on_change: Callable[[LinkState], None],
        settings: ClientSettings | None = None,
        discovery_timeout_s: float = 3.0,
        rng: random.Random | None = None,
    ) -> None:
        """Prepare (the lab thread starts at :meth:`start`)."""
        self._source = source
        self._key = signing_key
        self._trust = trust
        self._clock = clock
        self._handler = handler
        self._on_change = on_change
        self._settings = settings or ClientSettings()
        self._discovery_s = discovery_timeout_s
        self._rng = rng
        self._lab = LabThread("pixdesk-station-lab")
        self._client: StationClient | None = None
        self._target: tuple[str, ConsoleAddress | None] | None = None
        self._state = LinkState()
        self._changed = threading.Condition()

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Start the lab thread."""
        self._lab.start()

    def close(self) -> None:
        """Disconnect and stop the lab thread."""
        self._stop_client()
        self._lab.stop()

    # ---------------------------------------------------------------- state

    @property
    def state(self) -> LinkState:
        """Return the link's state now."""
        return self._state

    @property
    def session_number(self) -> str | None:
        """Return the session the client is bound to, if any."""
        return self._target[0] if self._target else None

    @property
    def target_address(self) -> ConsoleAddress | None:
        """Return the typed or configured address the client uses (None: discovery)."""
        return self._target[1] if self._target else None

    def console_now(self) -> datetime | None:
        """Return the estimated console time (None before the first exchange)."""
        client = self._client
        return client.console_now() if client is not None else None

    def console_now_ms(self) -> int | None:
        """Return the estimated console time in ms since the epoch."""
        now = self.console_now()
        return None if now is None else epoch_ms(now)

    def notify_appended(self) -> None:
        """Tell the client the journal grew (thread-safe)."""
        client = self._client
        if client is not None:
            client.notify_appended()

    # ---------------------------------------------------------------- connecting

    def ensure(self, session_number: str, address: ConsoleAddress | None) -> None:
        """Keep a client for this session and address (made anew if either changed)."""
        if self._client is not None and self._target == (session_number, address):
            return
        self._stop_client()
        self._target = (session_number, address)
        resolver = address or discovery_resolver(session_number, timeout_s=self._discovery_s)
        observer = _Observer(self)
        client = StationClient(
            source=self._source,
            signing_key=self._key,
            trust=self._trust,
            session_number=session_number,
            address=resolver,
            clock=self._clock,
            handler=self._handler,
            observer=observer,
            settings=self._settings,
            rng=self._rng,
        )
        observer.owner = client
        self._client = client
        self._lab.call(client.start).result(5.0)

    def connect(
        self, session_number: str, address: ConsoleAddress | None, timeout_s: float = 10.0
    ) -> ConnectOutcome:
        """Connect to the console serving ``session_number`` and wait (worker threads only).

        Returns:
            Connected, or the problem seen when ``timeout_s`` ran out or a problem that
            retrying cannot cure came up (an unknown session: the client is then stopped).
        """
        self.ensure(session_number, address)

        def settled() -> bool:
            state = self._state
            return state.connected or _is_final(state)

        with self._changed:
            self._changed.wait_for(settled, timeout_s)
        state = self._state
        if state.connected:
            return ConnectOutcome(True, console=state.console)
        if _is_final(state):
            self._stop_client()
        problem = state.problem or LinkProblem.NO_CONSOLE_FOUND
        return ConnectOutcome(False, problem, state.detail)

    def join(
        self,
        *,
        first_name: str,
        birth_name: str,
        birth_date: date | str,
        access_code: str,
        timeout_s: float = 15.0,
    ) -> JoinAnswer:
        """Send a join and return the console's answer (worker threads only)."""
        client = self._client
        if client is None:
            return JoinAnswer(NOT_CONNECTED)
        request = client.join(
            first_name=first_name,
            birth_name=birth_name,
            birth_date=birth_date,
            access_code=access_code,
        )
        try:
            outcome = self._lab.run(request, timeout_s)
        except (NotConnected, TimeoutError):
            return JoinAnswer(NOT_CONNECTED)
        return JoinAnswer(outcome.result.value, outcome)

    def search(self, timeout_s: float | None = None) -> list[FoundConsole]:
        """Look for consoles on the LAN (multicast DNS) for ``timeout_s`` (worker threads only)."""
        wait = timeout_s if timeout_s is not None else self._discovery_s
        try:
            return self._lab.run(browse_consoles(timeout_s=wait), wait + 5.0)
        except OSError as exc:
            _log.info("console discovery failed: %s", exc)
            return []

    def wait_acked(self, seq: int, timeout_s: float) -> bool:
        """Wait until the console acknowledged every event up to ``seq`` (tests, quitting)."""

        def acked() -> bool:
            acked_seq = self._state.acked_seq
            return acked_seq is not None and acked_seq >= seq

        with self._changed:
            return self._changed.wait_for(acked, timeout_s)

    # ---------------------------------------------------------------- internals

    def _stop_client(self) -> None:
        client, self._client = self._client, None
        self._target = None
        if client is not None:
            try:
                self._lab.run(client.close(), 10.0)
            except (RuntimeError, TimeoutError) as exc:
                _log.warning("station client did not close cleanly: %s", exc)
        self.client_changed(LinkState())

    def client_changed(self, state: LinkState, client: StationClient | None = None) -> None:
        """Record a new link state (from ``client``; a replaced client's news is dropped)."""
        if client is not None and client is not self._client:
            return  # a client being replaced: its last words do not describe the link
        with self._changed:
            self._state = state
            self._changed.notify_all()
        self._on_change(state)


def _is_final(state: LinkState) -> bool:
    if state.problem is LinkProblem.HUB_REFUSED:
        return state.detail in _FINAL_DETAILS
    return state.problem in _TRUST_PROBLEMS


class _Observer:
    """Hand the client's news to the link (on the lab thread)."""

    def __init__(self, link: StationLink) -> None:
        self._link = link
        self.owner: StationClient | None = None

    def link_changed(self, state: LinkState) -> None:
        if self.owner is not None:
            self._link.client_changed(state, self.owner)

    def security_reported(self, report: SecurityReport) -> None:
        _log.warning("station security report: %s %s", report.issue, report.detail)
