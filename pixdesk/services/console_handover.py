"""What the console sends so that a session's stations can carry on without each other.

Two cases, both built from the console's replicas (DESIGN.md §4: either side can rebuild the
session from the other), both run on the console's worker:

* **Handover**: a candidate who began their test on station A (whose PC died) joins again on
  station B; before authorising the resume there, the console sends B A's events for that
  candidate, from their last ``candidate.joined`` on A to the last event A replicated, with
  A's public key (``handover``, docs/lab-protocol.md §7.7). B checks and journals them, and
  the test goes on where A left it.
* **Used resume codes**: an offline resume code is single-use per session: when a replica
  shows a station used code N, the console tells every other station of the session
  (``codes_used``), now or when it reconnects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.domain.candidate import CandidateState
from pixdesk.lab.commands import Command
from pixdesk.lab.wire import MAX_EVENT_BODY
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_room import Room
from pixdesk.services.station_store import StationStore
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event

_ROOM_FOR_BODY: Final = 2048
"""What the station's ``test.transferred`` adds around the events (ids, seqs, key)."""
_TOLD: Final = frozenset({CandidateState.PRESENT, CandidateState.STARTED})


def handover_events(events: Sequence[Event], candidate_id: str) -> tuple[Event, ...]:
    """Return the stretch of one station's journal that holds the candidate's test.

    From the candidate's last ``candidate.joined`` to the last event held, stopping before
    another candidate's join (the PC repaired and used again): empty when they never joined.
    """
    start = None
    for index, event in enumerate(events):
        if event.type == EventType.CANDIDATE_JOINED and _names(event, candidate_id):
            start = index
    if start is None:
        return ()
    stretch = [events[start]]
    for event in events[start + 1 :]:
        if event.type == EventType.CANDIDATE_JOINED:
            break
        stretch.append(event)
    return tuple(stretch)


def handover_command(
    room: Room, store: StationStore, candidate_id: str, target: str
) -> Command | None:
    """Return the ``handover`` to send ``target`` before resuming the candidate there (None:
    the test is already on ``target``, or not started).

    Raises:
        ConsoleError: HANDOVER_UNAVAILABLE: the replica of the test's station holds no join
            of the candidate with its key, or too much to send in one command (``station``:
            that PC's fingerprint, as its screen showed it).
    """
    source = room.test_station(candidate_id)
    if source is None or source == target:
        return None
    shown = {"station": room.station_prints.get(source, source)}
    stretch = handover_events(store.journal.export_after(source, 0), candidate_id)
    key = stretch[0].body_dict().get("station_key") if stretch else None
    if not isinstance(key, str):
        raise ConsoleError(ConsoleErrorCode.HANDOVER_UNAVAILABLE, shown)
    command = Command.handover(candidate_id, source, key, stretch)
    if len(canonical_bytes(command.wire_args())) > MAX_EVENT_BODY - _ROOM_FOR_BODY:
        raise ConsoleError(ConsoleErrorCode.HANDOVER_UNAVAILABLE, shown)
    return command


def handover_issued(command: Command) -> dict[str, Any]:
    """Return the extra fields of the ``command.issued`` of a handover (not its token: the
    events are in the replica of their station already)."""
    events: tuple[Event, ...] = command.args["events"]
    return {
        "source_station_id": command.args["source_station_id"],
        "first_seq": events[0].seq,
        "last_seq": events[-1].seq,
    }


def codes_used_command(room: Room, station_id: str) -> Command | None:
    """Return the ``codes_used`` a station is owed (None: nothing new, or nobody to tell).

    Only a station serving a present or started candidate can take it (it is addressed to
    that candidate); it lists every code used in the session so far.
    """
    candidate_id = room.candidate_at(station_id)
    if (
        candidate_id is None
        or not room.codes_to_tell(station_id)
        or not room.is_connected(station_id)
        or room.row(candidate_id).state not in _TOLD
    ):
        return None
    return Command.codes_used(candidate_id, tuple(sorted(room.used_codes)))


def _names(event: Event, candidate_id: str) -> bool:
    try:
        return event.body_dict().get("candidate_id") == candidate_id
    except ValueError:
        return False
