"""Build a bundle: files, manifest, signatures, canonical archive, seal.

Same contents, signers, creation time (and, for sealing, ephemeral key) → same bytes: the
archive is deterministic and Ed25519 signatures are too. Only the seal is randomised, by its
fresh ephemeral key.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from pixdesk.bundle.archive import build_archive
from pixdesk.bundle.envelope import seal_archive
from pixdesk.bundle.layout import (
    MANIFEST,
    MANIFEST_COUNTERSIG,
    MANIFEST_COUNTERSIG_CONTEXT,
    MANIFEST_SIG,
    MANIFEST_SIG_CONTEXT,
    RESULTS,
    REVOCATION_LIST,
    SESSION,
    SESSION_CERT,
    STATION_ID_RE,
    journal_path,
    station_cert_path,
)
from pixdesk.bundle.manifest import JournalEntry, build_manifest, file_entries
from pixdesk.bundle.model import BundleContents, Signers, StationJournal
from pixdesk.bundle.platform_key import PlatformPublicKey
from pixdesk.bundle.wire import encode_journal, encode_results, encode_session
from pixdesk.crypto.keys import key_id, public_key_bytes
from pixdesk.store.events import ZERO_HASH

STATION_ID_LENGTH = 16


class BundleInputError(ValueError):
    """The contents cannot make a valid bundle (a caller's mistake, named in the message)."""


def build_bundle_archive(contents: BundleContents, signers: Signers, *, created: datetime) -> bytes:
    """Return the signed, canonical archive (the bundle before sealing).

    Args:
        contents: What the bundle holds.
        signers: The session key, and the center's keys when provisioned.
        created: When the bundle is made (aware).

    Raises:
        BundleInputError: a journal is empty, not contiguous or not its station's, or the
            certificates a center-trust bundle needs are missing.
    """
    center = signers.center()
    files = _content_files(contents, center_trust=center is not None)
    manifest = build_manifest(
        files=file_entries(files),
        journals=tuple(_journal_entry(journal) for journal in contents.journals),
        session_id=contents.session.session_id,
        session_number=contents.session.number,
        session_time=contents.session_time,
        created=created,
        session_key=signers.session_key.public_key(),
        center_key=center,
        countersigned=signers.center_key is not None,
    )
    files[MANIFEST] = manifest
    files[MANIFEST_SIG] = signers.session_key.sign(MANIFEST_SIG_CONTEXT + manifest)
    if signers.center_key is not None:
        files[MANIFEST_COUNTERSIG] = signers.center_key.sign(MANIFEST_COUNTERSIG_CONTEXT + manifest)
    return build_archive(files)


def build_bundle(
    contents: BundleContents,
    signers: Signers,
    platform: PlatformPublicKey,
    *,
    created: datetime,
    ephemeral: X25519PrivateKey | None = None,
) -> bytes:
    """Return the sealed bundle file's bytes (see :func:`build_bundle_archive`).

    Args:
        contents: What the bundle holds.
        signers: The keys that sign it.
        platform: The platform's public key, which alone can open it.
        created: When the bundle is made (aware).
        ephemeral: Only for reproducible examples: the HPKE ephemeral key.
    """
    archive = build_bundle_archive(contents, signers, created=created)
    return seal_archive(archive, platform, ephemeral=ephemeral)


def _content_files(contents: BundleContents, *, center_trust: bool) -> dict[str, bytes]:
    files = {
        SESSION: encode_session(contents.session),
        RESULTS: encode_results(contents.results),
    }
    for journal in contents.journals:
        files[journal_path(journal.station_id)] = encode_journal(journal.events)
    if not center_trust:
        return files
    if contents.session_certificate is None:
        raise BundleInputError("a center-trust bundle needs the session certificate")
    files[SESSION_CERT] = contents.session_certificate.encode().encode("ascii")
    for journal in contents.journals:
        certificate = contents.station_certificates.get(journal.station_id)
        if certificate is None:
            raise BundleInputError(f"no certificate for station {journal.station_id}")
        files[station_cert_path(journal.station_id)] = certificate.encode().encode("ascii")
    if contents.revocation_list is not None:
        files[REVOCATION_LIST] = contents.revocation_list.encode().encode("ascii")
    return files


def _journal_entry(journal: StationJournal) -> JournalEntry:
    station = journal.station_id
    events = journal.events
    if (
        not STATION_ID_RE.fullmatch(station)
        or key_id(public_key_bytes(journal.public_key))[:STATION_ID_LENGTH] != station
    ):
        raise BundleInputError(f"station id {station!r} is not derived from its key")
    if not events:
        raise BundleInputError(f"journal of {station} is empty")
    first = events[0]
    for previous, event in itertools.pairwise(events):
        if event.seq != previous.seq + 1 or event.prev_hash != previous.hash:
            raise BundleInputError(f"journal of {station} is not contiguous at {event.seq}")
    if any(event.station_id != station for event in events):
        raise BundleInputError(f"journal of {station} holds another station's events")
    if first.seq == 1 and first.prev_hash != ZERO_HASH:
        raise BundleInputError(f"journal of {station} does not start the chain")
    return JournalEntry(
        station, journal.public_key, first.seq, events[-1].seq, len(events), events[-1].hash
    )
