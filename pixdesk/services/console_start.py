"""What a console does once when it opens a session, and each time it (re)starts.

Each start: fold every event of the store into the room (a restart rebuilds the room the
crash left). First start only: journal ``session.opened`` (with the trust mode and the
session's public key, for the bundle), draw the offline resume codes, journal their hashes
and print the emergency sheet (the only place the codes exist in clear).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import ifaddr

from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.resume_codes import generate_resume_codes, hash_resume_codes, hashes_to_docs
from pixdesk.documents.emergency_sheet import EmergencySheet, render_emergency_sheet
from pixdesk.documents.render_pdf import write_pdf
from pixdesk.services.console_room import Room, RoomEvent, parse_wall_time
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.station_store import StationStore
from pixdesk.store.event_log import iter_events
from pixdesk.store.event_types import EventType

_log = logging.getLogger(__name__)

Append = Callable[[EventType, dict[str, Any]], set[str]]


def load_room(room: Room, store: StationStore) -> int:
    """Fold every event of the store into ``room``, in the order the store applied them.

    Returns:
        How many events were read.
    """
    count = 0
    for station_id, type_, wall_time, body in iter_events(store.db):
        count += 1
        try:
            decoded = _decode(body)
        except ValueError:
            continue  # verified on import; a body that is not an object is not ours
        room.apply(RoomEvent(station_id, type_, decoded, parse_wall_time(wall_time)))
    return count


def open_session_once(
    room: Room,
    session: ConsoleSession,
    *,
    append: Append,
    params: Argon2Params | None,
    count: int,
) -> bool:
    """Journal the opening and issue the resume codes, unless a previous start did.

    Returns:
        True when the codes were issued by an earlier start (their sheet must already exist).
    """
    if not room.opened:
        append(
            EventType.SESSION_OPENED,
            {
                "session_id": session.session_id,
                "number": session.number_text,
                "room": session.room,
                "site": session.site,
                "date": session.date,
                "start_time": session.start_time,
                "invigilators": list(session.invigilators),
                "trust": "degraded" if session.degraded else "certified",
                "session_key": b64u_encode(session.secrets.session_public_key),
            },
        )
    if room.resume_code_hashes:
        return True
    codes = generate_resume_codes(count)
    hashes = hash_resume_codes(codes, params=params)
    sheet = EmergencySheet(
        number=session.number,
        site=session.site,
        room=session.room,
        day=date.fromisoformat(session.date),
        start_time=session.start_time,
        invigilators=session.invigilators,
        access_code=session.access_code,
        session_fingerprint=session.session_fingerprint,
        degraded=session.degraded,
        codes=tuple(code.text for code in codes),
        invigilator_password=session.new_password,
    )
    # The sheet first: codes journaled but never printed would help nobody.
    session.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_pdf(session.sheet_path, render_emergency_sheet(sheet))
    append(
        EventType.RESUME_CODES_ISSUED,
        {"session_id": session.session_id, "count": len(hashes), "hashes": hashes_to_docs(hashes)},
    )
    return False


def lan_addresses() -> list[str]:
    """Return this PC's IPv4 addresses stations may reach (loopback excluded)."""
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if ip.is_IPv4 and not str(ip.ip).startswith("127."):
                found.append(str(ip.ip))
    return sorted(set(found))


def _decode(body: bytes) -> dict[str, Any]:
    value = json.loads(body)
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value
