"""The bodies of the events a learner station journals (docs/journal.md §6), in one place.

Required fields are the store's (``event_types.FIELDS``); the others are extra fields, signed
and replicated with the event: ``test.started`` carries what re-scoring needs
(docs/bundle-format.md §7), ``candidate.joined`` what a restarted station needs to carry on
without the console, ``command.received`` the signed token itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.secret_hash import SecretHash
from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.legacy_profile import is_certifiable
from pixdesk.domain.legacy_profile_doc import profile_doc, profile_from_doc
from pixdesk.domain.legacy_test import ENGINE_V2, LegacyTest
from pixdesk.lab.commands import SignedCommand
from pixdesk.services.station_bank import StationBank
from pixdesk.services.station_record import JoinedCandidate

ENGINE_V3: Final = "v3"

# docs/journal.md spells two statuses with an underscore; the domain's codes have none.
_JOURNAL_STATUS: Final[Mapping[AnswerStatus, str]] = {
    AnswerStatus.TIMED_OUT: "timed_out",
    AnswerStatus.FOCUSED_OUT: "focused_out",
}
_DOMAIN_STATUS: Final[Mapping[str, AnswerStatus]] = {v: k for k, v in _JOURNAL_STATUS.items()}

Response = str | list[str] | dict[str, str] | None
"""What a pupil gives (the shapes of ``domain.grading``): None skips."""


def journal_status(status: AnswerStatus) -> str:
    """Return the journal's spelling of a status."""
    return _JOURNAL_STATUS.get(status, status.value)


def domain_status(text: str) -> AnswerStatus:
    """Return the domain status of a journaled one.

    Raises:
        ValueError: Not a status.
    """
    return _DOMAIN_STATUS.get(text) or AnswerStatus(text)


def encode_response(response: Response) -> str | None:
    """Return the response as the canonical JSON text journaled in ``value`` (None: skipped)."""
    if response is None:
        return None
    return canonical_bytes(response).decode("utf-8")


def decode_response(value: str | None) -> Response:
    """Read a journaled ``value`` back."""
    if value is None:
        return None
    decoded: Response = json.loads(value)
    return decoded


def joined_body(
    candidate: JoinedCandidate, station_key: str, kem_key: str | None = None
) -> dict[str, Any]:
    """``candidate.joined``: the session number stands for the session id on a station.

    ``kem_key`` is the station's X25519 public key (``crypto.station_kem``): the console
    seals the session's bank key to it.
    """
    body: dict[str, Any] = {
        "candidate_id": candidate.candidate_id,
        "session_id": candidate.session_number,
        "session_number": candidate.session_number,
        "room": candidate.room,
        "first_name": candidate.first_name,
        "birth_name": candidate.birth_name,
        "birth_date": candidate.birth_date,
        "extra_time_percent": candidate.extra_time_percent,
        "accessibility_adjustment": candidate.accessibility_adjustment,
        "station_key": station_key,
    }
    if candidate.console_address is not None:
        body["console_address"] = candidate.console_address
    if kem_key is not None:
        body["station_kem_key"] = kem_key
    if candidate.profile is not None:
        body["positioning_profile"] = profile_doc(candidate.profile)
    if candidate.started_elsewhere:
        body["started_elsewhere"] = True
    return body


def candidate_of(body: Mapping[str, Any]) -> JoinedCandidate:
    """Read a ``candidate.joined`` body back.

    Raises:
        ProfileFormatError: A positioning profile that is not one (never journaled so: the
            join result's profile is checked on receipt).
    """
    address = body.get("console_address")
    profile = body.get("positioning_profile")
    return JoinedCandidate(
        candidate_id=str(body["candidate_id"]),
        first_name=str(body.get("first_name", "")),
        birth_name=str(body.get("birth_name", "")),
        birth_date=str(body.get("birth_date", "")),
        extra_time_percent=str(body.get("extra_time_percent", "0")),
        accessibility_adjustment=body.get("accessibility_adjustment") is True,
        session_number=str(body.get("session_number", body.get("session_id", ""))),
        room=str(body.get("room", "")),
        console_address=address if isinstance(address, str) else None,
        profile=None if profile is None else profile_from_doc(profile),
        started_elsewhere=body.get("started_elsewhere") is True,
    )


def legacy_start_fields(candidate: JoinedCandidate, bank: StationBank, seed: int) -> dict[str, Any]:
    """Return what ``test.started`` adds for engine v2, or nothing: the test stays v3.

    v2 runs for a certifiable profile (RULES §6: five competences at level ≥ 1) whose
    skills the bank has questions for; any other profile falls back to v3. Re-scoring and a
    restarted station pick the same list from the profile and the seed; ``item_ids`` lets
    both check it.
    """
    profile = candidate.profile
    if profile is None or not is_certifiable(profile):
        return {}
    test = LegacyTest.start(
        bank.items, profile, seed, accessibility_adjustment=candidate.accessibility_adjustment
    )
    if test.total == 0:
        return {}
    return {
        "engine": ENGINE_V2,
        "positioning_profile": profile_doc(profile),
        "item_ids": [item.id for item in test.questions],
    }


def command_body(command: SignedCommand, candidate_id: str, age_ms: int) -> dict[str, Any]:
    """``command.received``: the token (its signature stays checkable) and its decoded args.

    ``age_ms`` is how old the command was by the station's estimate of console time when it
    arrived: an authorisation's 15 minutes run from its issue, not from its arrival.
    """
    args = {name: _json_value(value) for name, value in command.args.items()}
    return {
        "command_id": command.command_id,
        "kind": command.kind.value,
        "candidate_id": candidate_id,
        "token": command.token,
        "args": args,
        "issued_at_ms": command.issued_at_ms,
        "age_ms": max(0, age_ms),
    }


def _json_value(value: Any) -> Any:
    """Return a decoded command argument in its JSON form (enums, code hashes, lists)."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, SecretHash):
        return value.to_doc()
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    return value
