"""Gather a session's bundle contents from this PC's store (the console's).

What comes from where (docs/bundle-format.md §10):

* session: the ``sessions`` projection (``session_id``, ``number``, ``room``, ``opened_at``,
  ``finalised_at``); the session time is ``opened_at``;
* candidates: the ``candidates`` projection of that session;
* journals: for every station, its events (own or replicated) from the first to the last
  one that concerns the session (its ``session_id``, one of its candidates, or an alert of
  one of them), contiguous;
* station keys: this PC's own key for its journal; for the others, the ``station_key`` field
  a station puts in its ``candidate.joined`` body (checked against its station id);
* results: computed here from those journals (:func:`rescoring.client_results`).

Not in the store yet (the console's work is in progress), hence not exported: the
finalisation form, the session key and certificates (the caller passes signers), the
revocation list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pixdesk.bundle.model import BundleContents, SessionData, StationJournal
from pixdesk.bundle.policy import BankResolver
from pixdesk.bundle.rescoring import client_results
from pixdesk.crypto.keys import CryptoError, b64u_decode, key_id
from pixdesk.store.events import EVENT_COLUMNS, Event

STATION_ID_LENGTH = 16
_CANDIDATE_COLUMNS = (
    "candidate_id",
    "station_id",
    "joined_at",
    "presence_confirmed_at",
    "presence_cancelled_at",
    "started_at",
    "ended_at",
    "end_reason",
)


class ExportErrorCode(StrEnum):
    """Why a session cannot be exported from this store."""

    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    SESSION_AMBIGUOUS = "SESSION_AMBIGUOUS"
    SESSION_NOT_OPENED = "SESSION_NOT_OPENED"
    STATION_KEY_UNKNOWN = "STATION_KEY_UNKNOWN"
    RESULTS_FAILED = "RESULTS_FAILED"


class ExportError(Exception):
    """The store does not hold what a bundle of this session needs."""

    def __init__(self, code: ExportErrorCode, detail: str = "", **params: str) -> None:
        """Build the error from its code, a detail for logs and named parameters."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.params = dict(params)


def collect_session(
    conn: Any,
    number: str,
    *,
    own_station_id: str,
    own_public_key: bytes,
    banks: BankResolver | None,
) -> BundleContents:
    """Read everything the store holds about session ``number``.

    Args:
        conn: The store's connection (``StationStore.db.conn``).
        number: The session number.
        own_station_id: This PC's station id.
        own_public_key: This PC's station public key (raw).
        banks: Finds item banks, to score the results here; None counts answers only.

    Raises:
        ExportError: the session is unknown, ambiguous or never opened, a station's key is
            unknown, or the journals cannot be scored.
    """
    rows = conn.execute(
        "SELECT session_id, number, room, opened_at, finalised_at FROM sessions WHERE number = ?",
        (number,),
    ).fetchall()
    if not rows:
        raise ExportError(ExportErrorCode.SESSION_NOT_FOUND, number, number=number)
    if len(rows) > 1:
        raise ExportError(ExportErrorCode.SESSION_AMBIGUOUS, number, number=number)
    session_id, _, room, opened_at, finalised_at = rows[0]
    if not opened_at:
        raise ExportError(ExportErrorCode.SESSION_NOT_OPENED, number, number=number)
    candidates = tuple(
        {name: value for name, value in zip(_CANDIDATE_COLUMNS, row, strict=True)}
        for row in conn.execute(
            f"SELECT {', '.join(_CANDIDATE_COLUMNS)} FROM candidates"  # noqa: S608
            " WHERE session_id = ? ORDER BY candidate_id",
            (session_id,),
        )
    )
    ids = {str(candidate["candidate_id"]) for candidate in candidates}
    alerts = {
        str(row[0])
        for row in conn.execute("SELECT alert_id, candidate_id FROM alerts")
        if row[1] in ids
    }
    keys = {own_station_id: own_public_key}
    journals = _journals(conn, session_id, ids, alerts, keys)
    session = SessionData(
        {
            "session_id": session_id,
            "number": number,
            "room": room,
            "opened_at": opened_at,
            "finalised_at": finalised_at,
        },
        candidates,
        None,
    )
    try:
        results = client_results(journals, session, banks)
    except ValueError as exc:  # TrailConflict, ReplayMismatch, unknown statuses
        raise ExportError(ExportErrorCode.RESULTS_FAILED, str(exc), reason=str(exc)) from exc
    return BundleContents(session, journals, results, _parse_wall_time(opened_at))


def _journals(
    conn: Any, session_id: str, ids: set[str], alerts: set[str], keys: dict[str, bytes]
) -> tuple[StationJournal, ...]:
    events: dict[str, list[Event]] = defaultdict(list)
    relevant: dict[str, list[int]] = defaultdict(list)
    for row in conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY station_id, seq"):  # noqa: S608
        event = Event.from_row(tuple(row))
        body = json.loads(event.body)
        events[event.station_id].append(event)
        _learn_key(keys, event.station_id, body)
        if _concerns(body, session_id, ids, alerts):
            relevant[event.station_id].append(event.seq)
    journals = []
    for station, seqs in sorted(relevant.items()):
        if station not in keys:
            raise ExportError(ExportErrorCode.STATION_KEY_UNKNOWN, station, station=station)
        first, last = min(seqs), max(seqs)
        chosen = tuple(e for e in events[station] if first <= e.seq <= last)
        journals.append(StationJournal(station, keys[station], chosen))
    return tuple(journals)


def _concerns(body: Mapping[str, Any], session_id: str, ids: set[str], alerts: set[str]) -> bool:
    return (
        body.get("session_id") == session_id
        or body.get("candidate_id") in ids
        or body.get("alert_id") in alerts
    )


def _learn_key(keys: dict[str, bytes], station: str, body: Mapping[str, Any]) -> None:
    if station in keys or not isinstance(body.get("station_key"), str):
        return
    try:
        raw = b64u_decode(body["station_key"])
        # Only a key that gives this very station id counts: no body names another's key.
        if key_id(raw)[:STATION_ID_LENGTH] == station:
            keys[station] = raw
    except (ValueError, CryptoError):
        return


def _parse_wall_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
