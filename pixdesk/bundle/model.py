"""What a bundle carries, as values: session data, journals, results, certificates, signers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.certificates import Certificate
from pixdesk.crypto.revocation import RevocationList
from pixdesk.store.events import Event


@dataclass(frozen=True, slots=True)
class SessionData:
    """The session as the console knows it (``session/session.json``).

    Attributes:
        session: The session's fields; ``session_id`` and ``number`` (strings) at least.
            Never the access code or the invigilator password.
        candidates: One object per candidate, ``candidate_id`` (string) at least.
        finalisation: The invigilator's finalisation form, or None when not finalised here.
    """

    session: Mapping[str, Any]
    candidates: tuple[Mapping[str, Any], ...]
    finalisation: Mapping[str, Any] | None = None

    @property
    def session_id(self) -> str:
        """Return the session's id."""
        return str(self.session["session_id"])

    @property
    def number(self) -> str:
        """Return the session's number."""
        return str(self.session["number"])

    def candidate_ids(self) -> tuple[str, ...]:
        """Return the candidates' ids, in file order."""
        return tuple(str(candidate["candidate_id"]) for candidate in self.candidates)

    def abort_reasons(self) -> dict[str, str]:
        """Return the abort reason the finalisation form gives each candidate, if any."""
        if not self.finalisation:
            return {}
        reasons: dict[str, str] = {}
        for report in self.finalisation.get("reports", ()):
            reason = report.get("abort_reason") if isinstance(report, Mapping) else None
            if isinstance(reason, str):
                reasons[str(report.get("candidate_id"))] = reason
        return reasons


@dataclass(frozen=True, slots=True)
class StationJournal:
    """One station's events for the session, and the key that signed them."""

    station_id: str
    public_key: bytes  # raw Ed25519
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """A v3 score as the certificate needs it; capacity in millionths (no floats are signed)."""

    engine: str
    outcome: str
    score: int
    level: int
    capacity_micro: int
    competence_levels: Mapping[str, int]
    penalised: bool


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One candidate's client-computed result.

    Attributes:
        candidate_id: Who.
        answer_count: Questions answered (distinct question indexes in the journals).
        statuses: How many answers have each status code.
        score: The score, or None when the client could not compute it (no bank, no seed).
    """

    candidate_id: str
    answer_count: int
    statuses: Mapping[str, int]
    score: Score | None = None


@dataclass(frozen=True, slots=True)
class BundleContents:
    """Everything a bundle holds besides its manifest and signatures.

    Attributes:
        session: The session data.
        journals: Each station's events for the session (the console's own included).
        results: The client-computed results, one per candidate who answered.
        session_time: When the session was opened (console clock): certificates must be
            valid at this instant.
        session_certificate: The center's certificate of the session key (center trust).
        station_certificates: The session key's certificate of each journal's key, by
            station id (center trust).
        revocation_list: The center's revocation list, when one was loaded.
    """

    session: SessionData
    journals: tuple[StationJournal, ...]
    results: tuple[CandidateResult, ...]
    session_time: datetime
    session_certificate: Certificate | None = None
    station_certificates: Mapping[str, Certificate] = field(default_factory=dict)
    revocation_list: RevocationList | None = None


@dataclass(frozen=True, slots=True)
class Signers:
    """The keys that sign a bundle.

    Attributes:
        session_key: Signs the manifest (``manifest.sig``).
        center_public_key: The provisioned center key; None means degraded trust (no
            certificate chain, the session key vouches for itself).
        center_key: The center's private key, when the referent has unlocked it: it then
            countersigns the manifest (``manifest.countersig``).
    """

    session_key: Ed25519PrivateKey
    center_public_key: Ed25519PublicKey | None = None
    center_key: Ed25519PrivateKey | None = None

    def center(self) -> Ed25519PublicKey | None:
        """Return the center's public key, from either field."""
        if self.center_public_key is not None:
            return self.center_public_key
        return self.center_key.public_key() if self.center_key is not None else None
