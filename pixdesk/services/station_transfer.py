"""A candidate's test handed over from another station whose PC died (``handover`` command).

DESIGN.md §4: the console keeps a replica of every station's journal, so either side can
rebuild the session from the other. When a candidate who began their test on station A joins
again on station B, the console sends B, before the resume authorisation, A's events for that
candidate (from their last ``candidate.joined`` on A to the last event it replicated) and A's
public key. B checks them as a replica would (one chain, contiguous, every hash and signature
by A's key), checks that they are one candidate's test under way, then journals them in one
``test.transferred`` event and folds it with the same fold as everything else
(``station_replay``): the test goes on at the same question, with the same answers, time,
extra time and alerts (docs/lab-protocol.md §7.7, docs/journal.md §6).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import CryptoError, b64u_decode, public_key_from_bytes
from pixdesk.lab.commands import SignedCommand
from pixdesk.lab.handshake import station_id_for
from pixdesk.lab.wire import MAX_EVENT_BODY
from pixdesk.services.station_record import ExamRecord
from pixdesk.services.station_replay import Context, ReplayError, transferred_record
from pixdesk.services.station_rules import Refusal
from pixdesk.store.event_types import EventType
from pixdesk.store.events import Event, check_event


def transfer_body(
    command: SignedCommand, record: ExamRecord, context: Context, station_id: str
) -> dict[str, Any] | Refusal:
    """Check a verified ``handover`` against this station; return the ``test.transferred``
    body to journal, or why it is refused (nothing is journaled then).

    Args:
        command: The command (signature, addressee, time and argument shapes checked).
        record: This station's record: the candidate joined here, not started.
        context: The bank and engine settings, to fold the events.
        station_id: This station's id (a station does not take over its own test).
    """
    args = command.args
    candidate_id = record.candidate.candidate_id
    source = str(args["source_station_id"])
    events: Sequence[Event] = args["events"]
    if source == station_id or not _key_is_source(str(args["source_key"]), source):
        return Refusal.TRANSFER_INVALID
    if not _one_chain(events, source, str(args["source_key"])):
        return Refusal.TRANSFER_INVALID
    refusal = _one_test(events, candidate_id)
    if refusal is not None:
        return refusal
    body: dict[str, Any] = {
        "candidate_id": candidate_id,
        "source_station_id": source,
        "source_key": str(args["source_key"]),
        "first_seq": events[0].seq,
        "last_seq": events[-1].seq,
        "last_hash": events[-1].hash,
        "command_id": command.command_id,
        "events": [event.to_wire() for event in events],
    }
    try:
        moved = transferred_record(body, context)
    except ReplayError:
        return Refusal.TRANSFER_INVALID  # not this bank, or a journal the engine contradicts
    if moved.end_reason is not None:
        return Refusal.TEST_ENDED
    if len(canonical_bytes(body)) > MAX_EVENT_BODY:
        return Refusal.TRANSFER_INVALID  # could not be replicated back to the console
    return body


def _key_is_source(encoded: str, source: str) -> bool:
    try:
        raw = b64u_decode(encoded)
        public_key_from_bytes(raw)
    except (ValueError, CryptoError):
        return False
    return station_id_for(raw) == source


def _one_chain(events: Sequence[Event], source: str, encoded_key: str) -> bool:
    """Tell whether the events are one stretch of ``source``'s chain, each signed by it."""
    key = public_key_from_bytes(b64u_decode(encoded_key))
    previous: Event | None = None
    for event in events:
        if event.station_id != source or check_event(event, key) is not None:
            return False
        if previous is not None and (
            event.seq != previous.seq + 1 or event.prev_hash != previous.hash
        ):
            return False
        previous = event
    return True


def _one_test(events: Sequence[Event], candidate_id: str) -> Refusal | None:
    """Check the stretch is one candidate's test from their join, not ended."""
    first = events[0]
    if first.type != EventType.CANDIDATE_JOINED:
        return Refusal.TRANSFER_INVALID
    for index, event in enumerate(events):
        body = event.body_dict()
        named = body.get("candidate_id")
        if named is not None and named != candidate_id:
            return Refusal.WRONG_CANDIDATE
        if event.type == EventType.CANDIDATE_JOINED and index > 0:
            return Refusal.TRANSFER_INVALID  # one join: the events of one seat
        if event.type == EventType.TEST_ENDED:
            return Refusal.TEST_ENDED  # nothing to carry on, and nothing may follow an end
    return None
