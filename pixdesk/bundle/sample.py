"""A synthetic, deterministic session with real keys: for tests, the bench and the worked example.

Every key is derived from a public sentence (:func:`sample_keys`), so NOTHING signed with them
may ever be trusted. Candidates sit a real v3 test on the synthetic bank ``sample:<seed>:<size>``
(:func:`pixdesk.bundle.rescoring.sample_banks`); each station journals its candidate's join,
start (with seed and bank id), answers and end, and the console journals the session's opening,
presence confirmations and finalisation, exactly as the store would hash and sign them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.bundle.model import BundleContents, SessionData, Signers, StationJournal
from pixdesk.bundle.rescoring import client_results, sample_banks
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import (
    Certificate,
    CertKind,
    decode_certificate,
    format_utc,
    issue_certificate,
    sign_object,
)
from pixdesk.crypto.keys import b64u_encode, key_id, private_key_from_bytes
from pixdesk.crypto.revocation import RevocationList
from pixdesk.domain.adaptive import AdaptiveTest
from pixdesk.domain.items import AnswerStatus
from pixdesk.store.event_types import EventType
from pixdesk.store.events import ZERO_HASH, Event, format_wall_time, hash_input

STATION_ID_LENGTH = 16
_STEP = timedelta(seconds=20)
_STATUSES = (AnswerStatus.OK, AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.SKIPPED)


def sample_key(seed_text: str) -> Ed25519PrivateKey:
    """Return the Ed25519 key whose seed is SHA-256(``seed_text``): PUBLIC, for tests only."""
    return private_key_from_bytes(hashlib.sha256(seed_text.encode()).digest())


def station_id_of(key: Ed25519PrivateKey) -> str:
    """Return the station id a key gives (docs/decisions.md §10)."""
    return key_id(key)[:STATION_ID_LENGTH]


@dataclass(frozen=True, slots=True)
class SampleKeys:
    """The keys of a sample session (all derived from one public sentence)."""

    center: Ed25519PrivateKey
    session: Ed25519PrivateKey
    console: Ed25519PrivateKey
    stations: tuple[Ed25519PrivateKey, ...]


def sample_keys(seed_text: str, stations: int) -> SampleKeys:
    """Derive a session's keys from ``seed_text`` (``<seed_text>/center``, ``…/station/3``…)."""
    return SampleKeys(
        center=sample_key(f"{seed_text}/center"),
        session=sample_key(f"{seed_text}/session"),
        console=sample_key(f"{seed_text}/console"),
        stations=tuple(sample_key(f"{seed_text}/station/{i}") for i in range(stations)),
    )


class ChainWriter:
    """Hash, chain and sign one station's events in memory, as ``Journal.append`` does."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        """Start an empty journal for the station that ``key`` identifies."""
        self.key = key
        self.station_id = station_id_of(key)
        self.events: list[Event] = []

    def append(self, event_type: EventType, body: dict[str, Any], at: datetime) -> Event:
        """Append one event written at ``at`` (the monotonic clock follows the wall clock)."""
        previous = self.events[-1].hash if self.events else ZERO_HASH
        seq = len(self.events) + 1
        wall = format_wall_time(at)
        mono = 1_000_000_000 + seq * 1_000_000
        body_bytes = canonical_bytes(body)
        digest = hashlib.sha256(
            hash_input(
                station_id=self.station_id,
                seq=seq,
                prev_hash=previous,
                event_type=event_type.value,
                body=body_bytes,
                mono_ns=mono,
                wall_time=wall,
            )
        ).digest()
        event = Event(
            self.station_id,
            seq,
            previous,
            digest.hex(),
            mono,
            wall,
            event_type.value,
            body_bytes,
            self.key.sign(digest),
        )
        self.events.append(event)
        return event

    def journal(self) -> StationJournal:
        """Return the journal written so far."""
        return StationJournal(
            self.station_id, self.key.public_key().public_bytes_raw(), tuple(self.events)
        )


def sample_session(
    keys: SampleKeys,
    *,
    start: datetime,
    answers: int = 32,
    bank_id: str = "sample:7:320",
    center_trust: bool = True,
    countersign: bool = False,
    revocation_list: RevocationList | None = None,
    fixed_serials: bool = False,
) -> tuple[BundleContents, Signers]:
    """Play a finalised session: one candidate per station, ``answers`` answers each.

    Args:
        keys: The session's keys; one candidate per station key.
        start: When the console opens the session (aware).
        answers: Answers per candidate (at most the engine's 32).
        bank_id: A ``sample:<seed>:<size>`` bank id.
        center_trust: Include the center key and certificates (else degraded trust).
        countersign: Let the center countersign the manifest.
        revocation_list: A center revocation list to carry.
        fixed_serials: Derive certificate serials from the keys instead of drawing them,
            so that the whole bundle is reproducible (the worked example).
    """
    bank = sample_banks(bank_id)
    if bank is None:
        raise ValueError(f"not a sample bank id: {bank_id}")
    session_id = f"session-{start:%Y%m%d}"
    console = ChainWriter(keys.console)
    console.append(
        EventType.SESSION_OPENED, {"session_id": session_id, "number": "1042", "room": "B12"}, start
    )
    journals, candidates = [], []
    for index, key in enumerate(keys.stations):
        station = ChainWriter(key)
        candidate_id = f"cand-{index + 1:04d}"
        at = start + timedelta(minutes=1, seconds=index)
        station.append(
            EventType.CANDIDATE_JOINED,
            {
                "candidate_id": candidate_id,
                "session_id": session_id,
                "station_key": b64u_encode(key.public_key().public_bytes_raw()),
            },
            at,
        )
        console.append(EventType.PRESENCE_CONFIRMED, {"candidate_id": candidate_id}, at + _STEP)
        play_test(station, candidate_id, bank_id, seed=1000 + index, answers=answers, at=at)
        journals.append(station.journal())
        candidates.append({"candidate_id": candidate_id, "station_id": station.station_id})
    end = start + timedelta(hours=2)
    console.append(EventType.SESSION_FINALISED, {"session_id": session_id}, end)
    journals.insert(0, console.journal())
    session = SessionData(
        {"session_id": session_id, "number": "1042", "room": "B12", "site": "Lycée Exemple"},
        tuple(candidates),
        {"comment": "", "incident": False, "joining_issue": False, "reports": []},
    )
    results = client_results(journals, session, sample_banks)
    contents = BundleContents(session, tuple(journals), results, start)
    if not center_trust:
        return contents, Signers(keys.session)
    certified = _with_certificates(contents, keys, start, revocation_list, fixed_serials)
    return certified, Signers(
        keys.session, keys.center.public_key(), keys.center if countersign else None
    )


def play_test(
    station: ChainWriter, candidate_id: str, bank_id: str, *, seed: int, answers: int, at: datetime
) -> None:
    bank = sample_banks(bank_id)
    assert bank is not None
    station.append(
        EventType.TEST_STARTED,
        {"candidate_id": candidate_id, "bank_id": bank_id, "seed": seed, "engine": "v3"},
        at + 2 * _STEP,
    )
    test = AdaptiveTest.start(bank, seed)
    rng = random.Random(seed)  # noqa: S311 - synthetic answers, nothing secret
    for index in range(answers):
        if test.current is None:
            break
        status = rng.choice(_STATUSES)
        station.append(
            EventType.ANSWER_SAVED,
            {
                "candidate_id": candidate_id,
                "question_index": index,
                "item_id": test.current.id,
                "status": status.value,
            },
            at + (3 + index) * _STEP,
        )
        test = test.answer(status)
    station.append(
        EventType.TEST_ENDED,
        {"candidate_id": candidate_id, "reason": "completed"},
        at + (4 + answers) * _STEP,
    )


def _with_certificates(
    contents: BundleContents,
    keys: SampleKeys,
    start: datetime,
    revocation_list: RevocationList | None,
    fixed_serials: bool,
) -> BundleContents:
    issue = _fixed_certificate if fixed_serials else issue_certificate
    valid = {"not_before": start - timedelta(hours=1), "not_after": start + timedelta(hours=12)}
    number = contents.session.number
    session_cert = issue(
        keys.center,
        keys.session.public_key(),
        kind=CertKind.SESSION,
        extra={"session_number": number, "console_tls_sha256": "0" * 64},
        **valid,
    )
    stations = {}
    for key in (keys.console, *keys.stations):
        stations[station_id_of(key)] = issue(
            keys.session,
            key.public_key(),
            kind=CertKind.STATION,
            extra={"session_number": number},
            **valid,
        )
    return BundleContents(
        contents.session,
        contents.journals,
        contents.results,
        contents.session_time,
        session_cert,
        stations,
        revocation_list,
    )


def _fixed_certificate(
    issuer: Ed25519PrivateKey,
    subject: Ed25519PublicKey,
    *,
    kind: CertKind,
    not_before: datetime,
    not_after: datetime,
    extra: dict[str, str],
) -> Certificate:
    # The fields of issue_certificate (docs/crypto.md §8.2), with a serial derived from the
    # subject key instead of a random one.
    fields = {
        **extra,
        "v": 1,
        "kind": kind.value,
        "subject_key": b64u_encode(subject.public_bytes_raw()),
        "issuer_fpr": key_id(issuer),
        "not_before": format_utc(not_before),
        "not_after": format_utc(not_after),
        "serial": key_id(subject)[:32],
    }
    return decode_certificate(sign_object(issuer, fields).encode())
