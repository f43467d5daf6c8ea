"""The room as the invigilator sees it: one row per candidate, folded from journal events.

The room is a fold over events — the console's own (commands, credits, finalisation) and
every station's, replicated — plus what the hub says live (which stations are connected, who
just joined). The same :meth:`Room.apply` serves the start (every event of the store, in
local order: a console restarted mid-session rebuilds its room) and the live flow (only the
events of each replicated batch): the view never rebuilds the room per event. Rows are frozen
snapshots; their status and time left are computed against the console's clock when shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from pixdesk.crypto.keys import CryptoError, b64u_decode, fingerprint
from pixdesk.crypto.resume_codes import hashes_from_docs
from pixdesk.crypto.secret_hash import SecretHash
from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.legacy_profile import is_certifiable
from pixdesk.lab.commands import CommandKind
from pixdesk.services.console_roster import ConsoleCandidate
from pixdesk.services.console_values import (
    DONE,
    V3_QUESTIONS,
    Connection,
    OpenAlert,
    PendingCredit,
    RoomRow,
)
from pixdesk.store.event_types import EventType

CREDIT_THRESHOLD: Final = timedelta(seconds=60)
"""A started candidate's station offline at least this long gets a time credit proposed."""
_END_STATES: Final = {
    "completed": CandidateState.COMPLETED,
    "invigilator": CandidateState.ENDED_BY_INVIGILATOR,
    "finalisation": CandidateState.ENDED_BY_FINALISATION,
    "abandoned": CandidateState.ABANDONED,  # force-ended by its station 24 h after the start
}


@dataclass(frozen=True, slots=True)
class RoomEvent:
    """One journal event, decoded, as the room folds it."""

    station_id: str
    type: str
    body: Mapping[str, Any]
    wall_time: datetime | None


@dataclass
class _Candidate:
    person: ConsoleCandidate
    station_id: str | None = None
    present: bool = False
    started_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None
    answered: set[int] = field(default_factory=set)
    last_saved: datetime | None = None
    added_seconds: int = 0
    alerts: dict[str, OpenAlert] = field(default_factory=dict)
    credits: dict[str, PendingCredit] = field(default_factory=dict)
    interrupted: bool = False
    question_total: int | None = None  # from the start: 32, or a v2 test's own number
    incidents: int = 0
    offline_since: datetime | None = None
    test_station: str | None = None  # the station whose journal holds the test under way

    @property
    def state(self) -> CandidateState:
        if self.end_reason is not None:
            return _END_STATES.get(self.end_reason, CandidateState.ABANDONED)
        if self.started_at is not None:
            return CandidateState.STARTED
        return CandidateState.PRESENT if self.present else CandidateState.ENROLLED


class Room:
    """The fold: apply events and live link news, read rows.

    Not thread-safe: one worker owns it (the console's).

    The number of questions a row shows is the station's choice (docs/decisions.md §27): 32
    for v3; a v2 test's own number, fixed at its start; before the start, unknown (None) for a
    candidate whose certifiable profile may make the test v2, whatever the session's
    ``engine_version`` (informational).

    Args:
        session_id: The session (events of other sessions in the same store are ignored).
        candidates: The session's candidates.
    """

    def __init__(self, session_id: str, candidates: Iterable[ConsoleCandidate]) -> None:
        self.session_id = session_id
        self._people = {one.candidate_id: _Candidate(one) for one in candidates}
        self._alert_owner: dict[str, str] = {}
        self._resolved_alerts: set[str] = set()
        self._decided_credits: set[str] = set()
        self._connected: dict[str, datetime | None] = {}  # station → None, or when it left
        self.opened = False
        self.finalised = False
        self.resume_code_hashes: tuple[SecretHash, ...] = ()
        self.codes_delivered: set[str] = set()  # stations that hold the resume codes
        self.station_kem_keys: dict[str, str] = {}  # station → X25519 key (candidate.joined)
        self.station_prints: dict[str, str] = {}  # station → fingerprint its screen shows
        self.bank_keys_delivered: set[tuple[str, str]] = set()  # (station, candidate) since join
        self.used_codes: set[int] = set()  # offline resume codes used anywhere in the session
        self.codes_known: dict[str, set[int]] = {}  # station → used codes it knows of

    # ------------------------------------------------------------------ reading

    def __contains__(self, candidate_id: object) -> bool:
        """Tell whether ``candidate_id`` is one of the session's candidates."""
        return candidate_id in self._people

    def rows(self) -> tuple[RoomRow, ...]:
        """Return every row, in the candidates' order."""
        return tuple(self.row(cid) for cid in self._people)

    def row(self, candidate_id: str) -> RoomRow:
        """Return one candidate's row (KeyError for a stranger)."""
        one = self._people[candidate_id]
        connection = Connection.NEVER
        left: datetime | None = None
        if one.station_id is not None:
            if one.station_id in self._connected and self._connected[one.station_id] is None:
                connection = Connection.CONNECTED
            else:
                connection = Connection.DISCONNECTED
                left = self._connected.get(one.station_id)
        person = one.person
        return RoomRow(
            candidate_id=person.candidate_id,
            birth_name=person.birth_name,
            first_name=person.first_name,
            birth_date=person.birth_date,
            extra_time_ratio=person.extra_time_ratio,
            accessibility_adjustment=person.accessibility_adjustment,
            state=one.state,
            station_id=one.station_id,
            connection=connection,
            disconnected_at=left,
            started_at=one.started_at,
            answered=len(one.answered),
            question_total=one.question_total or _total_before_start(person),
            last_saved=one.last_saved,
            added_seconds=one.added_seconds,
            alerts=tuple(one.alerts.values()),
            credits=tuple(one.credits.values()),
            interrupted=one.interrupted,
            incidents=one.incidents,
            finalised=self.finalised,
            moved_from=self._moved_from(one),
        )

    def _moved_from(self, one: _Candidate) -> str | None:
        """Return the fingerprint of the PC holding a running test its candidate left for
        another PC (the station id when its key is unknown); None when there is none."""
        old = one.test_station
        if one.state is not CandidateState.STARTED or old is None or old == one.station_id:
            return None
        return self.station_prints.get(old, old)

    def station_of(self, candidate_id: str) -> str | None:
        """Return the station the candidate last joined from."""
        return self._people[candidate_id].station_id

    def candidate_at(self, station_id: str) -> str | None:
        """Return the candidate a station serves (the last one who joined on it)."""
        for cid, one in self._people.items():
            if one.station_id == station_id:
                return cid
        return None

    def test_station(self, candidate_id: str) -> str | None:
        """Return the station whose journal holds the candidate's test (None: not started).

        It differs from :meth:`station_of` when the candidate joined again on another PC
        after theirs died: the test must be handed over before it resumes there.
        """
        return self._people[candidate_id].test_station

    def running_tests(self) -> dict[str, str]:
        """Return the station whose journal holds each running test, by candidate id (the
        hub tells a candidate joining any other station that their test started elsewhere)."""
        return {
            cid: one.test_station
            for cid, one in self._people.items()
            if one.state is CandidateState.STARTED and one.test_station is not None
        }

    def codes_to_tell(self, station_id: str) -> frozenset[int]:
        """Return the used resume codes a station has not been told of."""
        return frozenset(self.used_codes - self.codes_known.get(station_id, set()))

    def admitted_stations(self) -> frozenset[str]:
        """Return every station a candidate of the session joined from (for a restart)."""
        return frozenset(one.station_id for one in self._people.values() if one.station_id)

    def is_connected(self, station_id: str) -> bool:
        """Tell whether the hub holds a connection of this station now."""
        return station_id in self._connected and self._connected[station_id] is None

    def credit(self, credit_id: str) -> tuple[str, PendingCredit] | None:
        """Return ``(candidate id, credit)`` of a pending credit."""
        for cid, one in self._people.items():
            if credit_id in one.credits:
                return cid, one.credits[credit_id]
        return None

    def alert(self, alert_id: str) -> tuple[str, OpenAlert] | None:
        """Return ``(candidate id, alert)`` of an open alert."""
        cid = self._alert_owner.get(alert_id)
        if cid is None or alert_id not in self._people[cid].alerts:
            return None
        return cid, self._people[cid].alerts[alert_id]

    # ------------------------------------------------------------------ live link news

    def station_connected(self, station_id: str, now: datetime) -> tuple[set[str], list[int]]:
        """Record a station (re)connecting.

        Returns:
            ``(changed candidate ids, seconds of the credit to propose for the candidate)``
            — the list is empty or holds the length of the outage when the candidate's test
            was running and the station was away at least :data:`CREDIT_THRESHOLD`.
        """
        self._connected[station_id] = None
        cid = self.candidate_at(station_id)
        if cid is None:
            return set(), []
        return {cid}, self._back(cid, now)

    def station_disconnected(self, station_id: str, now: datetime) -> set[str]:
        """Record a station's connection ending; return the candidates concerned."""
        self._connected[station_id] = now
        cid = self.candidate_at(station_id)
        if cid is None:
            return set()
        one = self._people[cid]
        if one.state is CandidateState.STARTED and one.offline_since is None:
            one.offline_since = now
        return {cid}

    def join_matched(self, station_id: str, candidate_id: str, now: datetime) -> list[int]:
        """Record a MATCHED join (the hub admitted ``station_id`` for the candidate).

        Returns:
            The credit to propose, as in :meth:`station_connected` (a candidate moving to
            another PC after theirs died).
        """
        if candidate_id not in self._people:
            return []
        one = self._people[candidate_id]
        old = one.station_id
        one.station_id = station_id
        self._connected.setdefault(station_id, None)
        if old is not None and old != station_id and one.state is CandidateState.STARTED:
            one.offline_since = one.offline_since or self._connected.get(old) or now
        return self._back(candidate_id, now)

    def _back(self, candidate_id: str, now: datetime) -> list[int]:
        one = self._people[candidate_id]
        since, one.offline_since = one.offline_since, None
        if since is None or one.state is not CandidateState.STARTED:
            return []
        away = now - since
        return [math.ceil(away.total_seconds())] if away >= CREDIT_THRESHOLD else []

    # ------------------------------------------------------------------ events

    def apply_all(self, events: Iterable[RoomEvent]) -> set[str]:
        """Fold several events; return every candidate whose row changed."""
        changed: set[str] = set()
        for event in events:
            changed |= self.apply(event)
        return changed

    def apply(self, event: RoomEvent) -> set[str]:
        """Fold one event; return the candidates whose row changed (all, on finalisation)."""
        try:
            kind = EventType(event.type)
        except ValueError:
            return set()
        handler = _HANDLERS.get(kind)
        return handler(self, event) if handler is not None else set()

    def _person(self, body: Mapping[str, Any]) -> _Candidate | None:
        cid = body.get("candidate_id")
        return self._people.get(cid) if isinstance(cid, str) else None

    def _ours(self, body: Mapping[str, Any]) -> bool:
        return body.get("session_id") == self.session_id

    def _on_opened(self, event: RoomEvent) -> set[str]:
        if self._ours(event.body):
            self.opened = True
        return set()

    def _on_finalised(self, event: RoomEvent) -> set[str]:
        if not self._ours(event.body) or self.finalised:
            return set()
        self.finalised = True
        return set(self._people)

    def _on_joined(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        one.station_id = event.station_id
        kem_key = event.body.get("station_kem_key")
        if isinstance(kem_key, str):
            self.station_kem_keys[event.station_id] = kem_key
        shown = _fingerprint_of(event.body.get("station_key"))
        if shown is not None:
            self.station_prints[event.station_id] = shown
        # A join locks a station's sealed bank again: the key must be sent again.
        self.bank_keys_delivered.discard((event.station_id, one.person.candidate_id))
        return {one.person.candidate_id}

    def _on_admitted(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        station = event.body.get("station_id")
        if one is None or not self._ours(event.body) or not isinstance(station, str):
            return set()
        one.station_id = station
        return {one.person.candidate_id}

    def _on_confirmed(self, event: RoomEvent) -> set[str]:
        return self._set_presence(event, present=True)

    def _on_cancelled(self, event: RoomEvent) -> set[str]:
        return self._set_presence(event, present=False)

    def _set_presence(self, event: RoomEvent, *, present: bool) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        one.present = present
        return {one.person.candidate_id}

    def _on_started(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        one.started_at = one.started_at or event.wall_time or datetime.now(UTC)
        one.present = True
        one.test_station = event.station_id
        item_ids = event.body.get("item_ids")
        if event.body.get("engine") == "v2" and isinstance(item_ids, list):
            one.question_total = len(item_ids)
        else:  # v3, the engine a start without ``engine`` means (station_replay)
            one.question_total = V3_QUESTIONS
        return {one.person.candidate_id}

    def _on_transferred(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        one.test_station = event.station_id
        return {one.person.candidate_id}

    def _on_ended(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None or one.end_reason is not None:
            return set()  # the first end wins (docs/journal.md §7)
        one.end_reason = str(event.body.get("reason", ""))
        one.ended_at = event.wall_time
        one.interrupted = False
        return {one.person.candidate_id}

    def _on_answer(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        index = event.body.get("question_index")
        if one is None or not isinstance(index, int):
            return set()
        one.answered.add(index)
        if event.wall_time is not None and (
            one.last_saved is None or event.wall_time > one.last_saved
        ):
            one.last_saved = event.wall_time
        one.interrupted = False
        return {one.person.candidate_id}

    def _on_alert_raised(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        alert_id, index = event.body.get("alert_id"), event.body.get("question_index")
        if one is None or not isinstance(alert_id, str) or not isinstance(index, int):
            return set()
        self._alert_owner[alert_id] = one.person.candidate_id
        if alert_id not in self._resolved_alerts:
            one.alerts[alert_id] = OpenAlert(alert_id, index, event.wall_time)
        return {one.person.candidate_id}

    def _on_alert_resolved(self, event: RoomEvent) -> set[str]:
        alert_id = event.body.get("alert_id")
        if not isinstance(alert_id, str):
            return set()
        self._resolved_alerts.add(alert_id)
        cid = self._alert_owner.get(alert_id)
        if cid is None:
            return set()
        self._people[cid].alerts.pop(alert_id, None)
        return {cid}

    def _on_incident(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        one.incidents += 1
        return {one.person.candidate_id}

    def _on_command(self, event: RoomEvent) -> set[str]:
        body = event.body
        if not self._ours(body) or body.get("status") not in DONE:
            return set()
        if body.get("kind") == CommandKind.RESUME_CODES.value:
            self.codes_delivered.add(str(body.get("station_id")))
            return set()
        if body.get("kind") == CommandKind.BANK_KEY.value:
            station, cid = body.get("station_id"), body.get("candidate_id")
            self.bank_keys_delivered.add((str(station), str(cid)))
            return set()
        if body.get("kind") == CommandKind.CODES_USED.value:
            numbers = body.get("numbers")
            known = self.codes_known.setdefault(str(body.get("station_id")), set())
            if isinstance(numbers, list):
                known.update(n for n in numbers if isinstance(n, int))
            return set()
        if body.get("kind") == CommandKind.HANDOVER.value:
            # The station took the test over (its test.transferred may replicate later).
            moved = self._person(body)
            if moved is not None:
                moved.test_station = str(body.get("station_id"))
            return set()
        one = self._person(body)
        seconds = body.get("seconds")
        if one is None or body.get("kind") != CommandKind.ADD_TIME.value:
            return set()
        if isinstance(seconds, int):
            one.added_seconds += seconds
        return {one.person.candidate_id}

    def _on_credit_proposed(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        credit_id, seconds = event.body.get("credit_id"), event.body.get("seconds")
        if one is None or not isinstance(credit_id, str) or not isinstance(seconds, int):
            return set()
        if credit_id not in self._decided_credits:
            one.credits[credit_id] = PendingCredit(
                credit_id, seconds, str(event.body.get("cause", ""))
            )
        return {one.person.candidate_id}

    def _on_credit_decided(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        credit_id = event.body.get("credit_id")
        if not isinstance(credit_id, str):
            return set()
        self._decided_credits.add(credit_id)
        if one is None:
            return set()
        one.credits.pop(credit_id, None)
        return {one.person.candidate_id}

    def _on_codes(self, event: RoomEvent) -> set[str]:
        if self._ours(event.body) and not self.resume_code_hashes:
            self.resume_code_hashes = hashes_from_docs(event.body.get("hashes"))
        return set()

    def _on_interrupted(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None or one.state is not CandidateState.STARTED:
            return set()
        one.interrupted = True
        return {one.person.candidate_id}

    def _on_resumed(self, event: RoomEvent) -> set[str]:
        one = self._person(event.body)
        if one is None:
            return set()
        number = event.body.get("code_number")
        if event.body.get("via") == "code" and isinstance(number, int):
            self.used_codes.add(number)
            self.codes_known.setdefault(event.station_id, set()).add(number)
        one.interrupted = False
        return {one.person.candidate_id}


_HANDLERS: Mapping[EventType, Callable[[Room, RoomEvent], set[str]]] = {
    EventType.SESSION_OPENED: Room._on_opened,
    EventType.SESSION_FINALISED: Room._on_finalised,
    EventType.CANDIDATE_JOINED: Room._on_joined,
    EventType.STATION_ADMITTED: Room._on_admitted,
    EventType.PRESENCE_CONFIRMED: Room._on_confirmed,
    EventType.PRESENCE_CANCELLED: Room._on_cancelled,
    EventType.TEST_STARTED: Room._on_started,
    EventType.TEST_ENDED: Room._on_ended,
    EventType.ANSWER_SAVED: Room._on_answer,
    EventType.ALERT_RAISED: Room._on_alert_raised,
    EventType.ALERT_VALIDATED: Room._on_alert_resolved,
    EventType.ALERT_DISMISSED: Room._on_alert_resolved,
    EventType.INCIDENT_RECORDED: Room._on_incident,
    EventType.COMMAND_ISSUED: Room._on_command,
    EventType.TIME_CREDIT_PROPOSED: Room._on_credit_proposed,
    EventType.TIME_CREDIT_ACCEPTED: Room._on_credit_decided,
    EventType.TIME_CREDIT_REFUSED: Room._on_credit_decided,
    EventType.RESUME_CODES_ISSUED: Room._on_codes,
    EventType.TEST_INTERRUPTED: Room._on_interrupted,
    EventType.TEST_RESUMED: Room._on_resumed,
    EventType.TEST_TRANSFERRED: Room._on_transferred,
}


def _total_before_start(person: ConsoleCandidate) -> int | None:
    """Return the number of questions a candidate's test will have, if known before it starts:
    32 unless a certifiable profile may make it v2 (the station decides, decisions.md §27)."""
    profile = person.positioning_profile
    return None if profile is not None and is_certifiable(profile) else V3_QUESTIONS


def _fingerprint_of(station_key: object) -> str | None:
    """Return the fingerprint a station shows (``ABCD-EFGH-…``) from its ``station_key``."""
    if not isinstance(station_key, str):
        return None
    try:
        return fingerprint(b64u_decode(station_key))
    except (ValueError, CryptoError):
        return None


def parse_wall_time(text: str) -> datetime | None:
    """Return a journal ``wall_time`` as an aware datetime (None if unreadable)."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
