"""What the console tells the invigilator as it happens, besides the rows themselves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from pixdesk.services.console_values import RoomRow


class NoticeKind(StrEnum):
    """What happened (the UI turns each into a sentence)."""

    STATION_JOINED = "station_joined"  # a candidate joined from a station
    CANDIDATE_MOVED = "candidate_moved"  # ``old_station``: a started test waits to move here
    ALERT_RAISED = "alert_raised"  # a candidate flagged a question: answering is blocked
    CREDIT_PROPOSED = "credit_proposed"  # time lost: a credit waits for a decision
    TEST_INTERRUPTED = "test_interrupted"  # a station's test stopped (crash): resume waits
    NO_MATCH = "no_match"  # someone typed a name/birth date that matches nobody
    SEVERAL_MATCHES = "several_matches"  # ``names``: who fits; the station was told nothing
    JOIN_REFUSED_CLOSED = "join_refused_closed"  # a join after finalisation
    SECURITY = "security"  # ``issue``: a forged command, a bad station id, a lock-out…
    REPLICA_FAILED = "replica_failed"  # the console cannot write what stations send
    CODES_DELIVERED = "codes_delivered"  # a station holds the offline resume codes
    SHEET_MISSING = "sheet_missing"  # the emergency sheet's file is gone (codes not in clear)
    EXAM_MODE_DEGRADED = "exam_mode_degraded"  # ``reason``: what exam mode could not lock


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing the invigilator should know.

    Attributes:
        kind: What.
        at: Console time.
        candidate_id: Whom it concerns, if anyone.
        params: Named values for the sentence (``question``, ``seconds``, ``names``…).
    """

    kind: NoticeKind
    at: datetime
    candidate_id: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)


class ConsoleListener(Protocol):
    """Told about the room as it changes; called on the console's worker thread.

    Return quickly: a Qt adapter emits a signal (queued to the UI thread) and returns.
    """

    def rows_changed(self, rows: tuple[RoomRow, ...]) -> None:
        """These rows changed (only those)."""

    def notice(self, notice: Notice) -> None:
        """Something happened."""


class NullListener:
    """A listener that ignores everything."""

    def rows_changed(self, rows: tuple[RoomRow, ...]) -> None:
        """Ignore."""

    def notice(self, notice: Notice) -> None:
        """Ignore."""
