"""Stages 5 and 6 of verification: the files against the manifest, then every journal.

Journals are checked from their wire form, without a database: each event goes through the
store's own :func:`pixdesk.store.events.check_event` (hash, signature, canonical body with the
fields of its type), and the walk adds what a chain needs (no gap, each ``prev_hash`` is the
previous event's hash, the head the manifest names), as ``Journal.verify`` does on a store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import (
    MANIFEST,
    MANIFEST_COUNTERSIG,
    MANIFEST_SIG,
    RESULTS,
    REVOCATION_LIST,
    SESSION,
    SESSION_CERT,
    station_cert_path,
)
from pixdesk.bundle.manifest import JournalEntry, Manifest
from pixdesk.bundle.model import SessionData, StationJournal
from pixdesk.bundle.wire import WireError, decode_journal, decode_session
from pixdesk.crypto.keys import key_id, public_key_from_bytes
from pixdesk.store.events import ZERO_HASH, Event, Problem, check_event

STATION_ID_LENGTH = 16
_SIGNATURE_FILES = frozenset({MANIFEST, MANIFEST_SIG, MANIFEST_COUNTERSIG})


def allowed_paths(manifest: Manifest) -> frozenset[str]:
    """Return every path a bundle with this manifest may hold besides the signature files."""
    paths = {SESSION, RESULTS, *(journal.path for journal in manifest.journals)}
    if manifest.center_key is not None:
        paths |= {SESSION_CERT, REVOCATION_LIST}
        paths |= {station_cert_path(journal.station_id) for journal in manifest.journals}
    return frozenset(paths)


def check_files(manifest: Manifest, files: Mapping[str, bytes]) -> None:
    """Check that the archive holds exactly the files listed, with their sizes and hashes.

    Raises:
        BundleError: ``FILE_MISSING``, ``FILE_EXTRA`` (in the archive but not listed, or
            listed but not a file this kind of bundle has) or ``FILE_MISMATCH``.
    """
    listed = {entry.path: entry for entry in manifest.files}
    for path in sorted({SESSION, RESULTS}.union(listed)):
        if path not in listed or path not in files:
            raise BundleError(BundleErrorCode.FILE_MISSING, path, name=path)
    allowed = allowed_paths(manifest)
    for path in sorted(set(files).union(listed) - _SIGNATURE_FILES):
        if path not in listed or path not in allowed:
            raise BundleError(BundleErrorCode.FILE_EXTRA, path, name=path)
    for entry in manifest.files:
        data = files[entry.path]
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise BundleError(BundleErrorCode.FILE_MISMATCH, entry.path, name=entry.path)


def check_session(manifest: Manifest, files: Mapping[str, bytes]) -> SessionData:
    """Parse the session data and check it is the manifest's session.

    Raises:
        BundleError: ``SESSION_MALFORMED``.
    """
    try:
        session = decode_session(files[SESSION])
    except WireError as exc:
        raise BundleError(BundleErrorCode.SESSION_MALFORMED, str(exc)) from exc
    if (session.session_id, session.number) != (manifest.session_id, manifest.session_number):
        raise BundleError(BundleErrorCode.SESSION_MALFORMED, "not the manifest's session")
    return session


def check_journals(manifest: Manifest, files: Mapping[str, bytes]) -> tuple[StationJournal, ...]:
    """Parse and verify every journal the manifest lists.

    Raises:
        BundleError: ``STATION_KEY_MISMATCH``, ``JOURNAL_MALFORMED`` or ``JOURNAL_INVALID``
            (with the station, the seq and the store's problem code).
    """
    return tuple(_check_journal(entry, files[entry.path]) for entry in manifest.journals)


def _check_journal(entry: JournalEntry, raw: bytes) -> StationJournal:
    station = entry.station_id
    # A station's id is derived from its key (docs/decisions.md §10): no PC writes in
    # another's name, even in degraded trust where no certificate binds the two.
    if key_id(entry.public_key)[:STATION_ID_LENGTH] != station:
        raise BundleError(BundleErrorCode.STATION_KEY_MISMATCH, station, station=station)
    try:
        events = decode_journal(raw)
    except WireError as exc:
        raise BundleError(
            BundleErrorCode.JOURNAL_MALFORMED, f"{station}: {exc}", station=station
        ) from exc
    if len(events) != entry.count or any(event.station_id != station for event in events):
        raise BundleError(BundleErrorCode.JOURNAL_MALFORMED, f"{station}: events", station=station)
    key = public_key_from_bytes(entry.public_key)
    expected = entry.first_seq
    previous = ZERO_HASH if expected == 1 else events[0].prev_hash
    for event in events:
        problem = _link_problem(event, expected, previous) or check_event(event, key)
        if problem is not None:
            _invalid(station, event.seq, problem[0], problem[1])
        previous = event.hash
        expected += 1
    if expected - 1 != entry.last_seq or previous != entry.head_hash:
        _invalid(station, expected - 1, Problem.HEAD_MISMATCH, "not the head the manifest names")
    return StationJournal(station, entry.public_key, events)


def _link_problem(event: Event, expected: int, previous: str) -> tuple[Problem, str] | None:
    if event.seq != expected:
        return Problem.GAP, f"expected seq {expected}"
    if event.prev_hash != previous:
        return Problem.BROKEN_LINK, "prev_hash is not the previous event's hash"
    return None


def _invalid(station: str, seq: int, problem: Problem, detail: str) -> None:
    raise BundleError(
        BundleErrorCode.JOURNAL_INVALID,
        f"{station} seq {seq}: {problem.value}: {detail}",
        station=station,
        seq=str(seq),
        problem=problem.value,
    )
