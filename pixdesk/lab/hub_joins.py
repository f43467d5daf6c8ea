"""The hub's join desk: the rate limit around ``join.decide_join``, and lock-out reports."""

from __future__ import annotations

import math
from collections.abc import Callable

from pixdesk.lab.codes import JoinResult, SecurityIssue
from pixdesk.lab.hub_config import HubSession
from pixdesk.lab.join import decide_join
from pixdesk.lab.messages import JoinRequest
from pixdesk.lab.observers import JoinAttempt, SecurityReport
from pixdesk.lab.ratelimit import JoinRateLimiter, RatePolicy


class JoinDesk:
    """Decide join requests, rate-limited per peer address and per station.

    Args:
        policy: The rate limit.
        monotonic_ns: The console's monotonic clock.
        report: Where the start of a lock-out is reported.
    """

    def __init__(
        self,
        policy: RatePolicy,
        monotonic_ns: Callable[[], int],
        report: Callable[[SecurityReport], None],
    ) -> None:
        """Start with no history."""
        self._limiter = JoinRateLimiter(policy, monotonic_ns)
        self._report = report

    def decide(
        self,
        request: JoinRequest,
        session: HubSession,
        *,
        station_id: str,
        peer: str,
        peer_host: str,
    ) -> JoinAttempt:
        """Return the answer to ``request`` (docs/lab-protocol.md §6), counting failures.

        Args:
            request: What the station sent.
            session: The session of the station's connection.
            station_id: The authenticated station.
            peer: Its address and port, for reports.
            peer_host: Its address alone: the rate-limit key a brute-forcer cannot change.
        """
        keys = (f"addr:{peer_host}", f"station:{station_id}")
        who = (station_id, session.number, peer)
        wait_ns = self._limiter.retry_after_ns(keys)
        if wait_ns > 0:
            retry_ms = math.ceil(wait_ns / 1_000_000)
            return JoinAttempt(*who, JoinResult.RATE_LIMITED, retry_after_ms=retry_ms)
        decision = decide_join(
            request,
            session_number=session.number,
            access_code=session.access_code,
            candidates=session.candidates,
            closed=session.closed,
        )
        if decision.counts_as_failure:
            began = self._limiter.record_failure(keys)
            if began:
                detail = f"locked out for {began // 1_000_000_000} s"
                self._report(
                    SecurityReport(SecurityIssue.JOIN_LOCKED_OUT, station_id, peer, detail)
                )
        elif decision.candidate is not None:
            self._limiter.record_success(keys)
        return JoinAttempt(
            *who, decision.result, candidate=decision.candidate, several=decision.several
        )
