"""Console → station commands: what each carries, how the session key signs it, how a
station verifies it.

A command travels as a signed-object token (``<b64u(body)>.<b64u(signature)>``, the form of
docs/crypto.md §8.1) signed by the session key; the station checks the signature over the
bytes received, then that the command names it, its session, a fresh time and valid
arguments (docs/lab-protocol.md §7).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.certificates import CertificateError, decode_signed, sign_object
from pixdesk.crypto.keys import verify
from pixdesk.crypto.secret_hash import SecretHash
from pixdesk.crypto.station_kem import SEALED_KEY_CHARS
from pixdesk.domain.authorisation import AUTHORISATION_VALIDITY
from pixdesk.domain.incidents import LIVE_ALERT_SUBCATEGORIES, IncidentCode
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.schema import (
    Codec,
    Custom,
    Enum,
    Int,
    ListOf,
    RecordError,
    Str,
    decode_record,
)
from pixdesk.lab.wire import MAX_COMMAND_TOKEN, WIRE_EVENT
from pixdesk.store.events import Event

COMMAND_PURPOSE = "pixdesk/lab/v1/command"
COMMAND_VERSION = 1
MAX_AGE = AUTHORISATION_VALIDITY
"""A command older than this (by the console's clock) is refused: an authorisation is only
valid 15 minutes (RULES.md §3), and nothing a console sends should take longer to arrive."""
MAX_FUTURE = timedelta(minutes=1)
"""Tolerance for a command that looks issued after the station's estimate of console time."""
MAX_TIME_SECONDS = 4 * 3600
MAX_RESUME_CODES = 32
"""Offline resume codes per session (each hash is ~180 bytes: the token stays well below its
16 KiB bound)."""
MAX_HANDOVER_EVENTS = 4096
"""Events a ``handover`` carries at most (a 32-question test needs about 80)."""
UNKNOWN_COMMAND_ID = "0" * 32
"""The ``command_id`` of a result about a token whose id could not be read."""

_HEX32 = re.compile(r"[0-9a-f]{32}")
_B64U = re.compile(r"[A-Za-z0-9_-]*")
_ID = Str(64, 1)


class CommandKind(StrEnum):
    """What the invigilator asks a station to do."""

    CONFIRM_PRESENCE = "confirm_presence"
    CANCEL_PRESENCE = "cancel_presence"
    AUTHORISE_START = "authorise_start"
    AUTHORISE_RESUME = "authorise_resume"
    ADD_TIME = "add_time"
    END_TEST = "end_test"
    VALIDATE_ALERT = "validate_alert"
    DISMISS_ALERT = "dismiss_alert"
    RESUME_CODES = "resume_codes"
    HANDOVER = "handover"
    CODES_USED = "codes_used"
    BANK_KEY = "bank_key"


class TimeReason(StrEnum):
    """Why time is added: the invigilator's decision, or an accepted time credit."""

    MANUAL = "manual"
    TIME_CREDIT = "time_credit"


def _subcategory(value: Any) -> IncidentCode:
    code = IncidentCode(value)
    if code not in LIVE_ALERT_SUBCATEGORIES:
        raise ValueError(f"{code} is not a live-alert subcategory")
    return code


_SUBCATEGORY = Custom(_subcategory, lambda code: code.value)

_RESUME_CODES = ListOf(Custom(SecretHash.from_doc, SecretHash.to_doc), MAX_RESUME_CODES, 1)
_CODE_NUMBERS = ListOf(Int(1, MAX_RESUME_CODES), MAX_RESUME_CODES, 1)
_EVENTS = ListOf(WIRE_EVENT, MAX_HANDOVER_EVENTS, 1)

ARGUMENTS: Mapping[CommandKind, Mapping[str, Codec[Any]]] = MappingProxyType(
    {
        CommandKind.CONFIRM_PRESENCE: {"candidate_id": _ID},
        CommandKind.CANCEL_PRESENCE: {"candidate_id": _ID},
        CommandKind.AUTHORISE_START: {"candidate_id": _ID},
        CommandKind.AUTHORISE_RESUME: {"candidate_id": _ID},
        CommandKind.ADD_TIME: {
            "candidate_id": _ID,
            "seconds": Int(1, MAX_TIME_SECONDS),
            "reason": Enum(TimeReason),
        },
        CommandKind.END_TEST: {"candidate_id": _ID},
        CommandKind.VALIDATE_ALERT: {
            "candidate_id": _ID,
            "alert_id": _ID,
            "subcategory": _SUBCATEGORY,
        },
        CommandKind.DISMISS_ALERT: {"candidate_id": _ID, "alert_id": _ID},
        CommandKind.RESUME_CODES: {"candidate_id": _ID, "codes": _RESUME_CODES},
        CommandKind.HANDOVER: {
            "candidate_id": _ID,
            "source_station_id": _ID,
            "source_key": Str(64, 1),
            "events": _EVENTS,
        },
        CommandKind.CODES_USED: {"candidate_id": _ID, "numbers": _CODE_NUMBERS},
        CommandKind.BANK_KEY: {
            "candidate_id": _ID,
            "bank_id": Str(64, 1),
            "sealed_key": Str(SEALED_KEY_CHARS, SEALED_KEY_CHARS, _B64U),
        },
    }
)


@dataclass(frozen=True, slots=True)
class Command:
    """A command as the console builds it, before signing.

    Build one with the class methods (``Command.end_test("cand-1")``) or directly with
    ``kind`` and ``args`` (values are strings, ints, or the enums above).
    """

    kind: CommandKind
    args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse arguments that a station would refuse."""
        try:
            decode_record(self.wire_args(), ARGUMENTS[self.kind], skip=frozenset())
        except RecordError as exc:
            raise ValueError(f"{self.kind}: {exc}") from exc

    def wire_args(self) -> dict[str, Any]:
        """Return the arguments as JSON values (enums as their strings)."""
        return {k: _wire_value(v) for k, v in self.args.items()}

    @classmethod
    def confirm_presence(cls, candidate_id: str) -> Command:
        """Confirm a candidate's presence (which authorises the start, RULES.md §4)."""
        return cls(CommandKind.CONFIRM_PRESENCE, {"candidate_id": candidate_id})

    @classmethod
    def cancel_presence(cls, candidate_id: str) -> Command:
        """Cancel a confirmation of presence."""
        return cls(CommandKind.CANCEL_PRESENCE, {"candidate_id": candidate_id})

    @classmethod
    def authorise_start(cls, candidate_id: str) -> Command:
        """Authorise a candidate to start."""
        return cls(CommandKind.AUTHORISE_START, {"candidate_id": candidate_id})

    @classmethod
    def authorise_resume(cls, candidate_id: str) -> Command:
        """Authorise a candidate to resume after a crash or disconnection."""
        return cls(CommandKind.AUTHORISE_RESUME, {"candidate_id": candidate_id})

    @classmethod
    def add_time(cls, candidate_id: str, seconds: int, reason: TimeReason) -> Command:
        """Give a candidate more time (a manual addition or an accepted time credit)."""
        args = {"candidate_id": candidate_id, "seconds": seconds, "reason": reason}
        return cls(CommandKind.ADD_TIME, args)

    @classmethod
    def end_test(cls, candidate_id: str) -> Command:
        """End a candidate's test."""
        return cls(CommandKind.END_TEST, {"candidate_id": candidate_id})

    @classmethod
    def validate_alert(cls, candidate_id: str, alert_id: str, subcategory: IncidentCode) -> Command:
        """Validate a live alert: the question is replaced and does not count."""
        args = {"candidate_id": candidate_id, "alert_id": alert_id, "subcategory": subcategory}
        return cls(CommandKind.VALIDATE_ALERT, args)

    @classmethod
    def dismiss_alert(cls, candidate_id: str, alert_id: str) -> Command:
        """Dismiss a live alert: the candidate continues the same question."""
        return cls(CommandKind.DISMISS_ALERT, {"candidate_id": candidate_id, "alert_id": alert_id})

    @classmethod
    def resume_codes(cls, candidate_id: str, codes: tuple[SecretHash, ...]) -> Command:
        """Give a station the hashes of the session's offline resume codes (sent right after
        ``confirm_presence``); the n-th hash is the code numbered n on the emergency sheet."""
        return cls(CommandKind.RESUME_CODES, {"candidate_id": candidate_id, "codes": codes})

    @classmethod
    def handover(
        cls, candidate_id: str, source_station_id: str, source_key: str, events: tuple[Event, ...]
    ) -> Command:
        """Hand a station the test a candidate began on another one (whose PC died): that
        station's events for the candidate, from their last join on, and its public key
        (base64url); sent right before ``authorise_resume``."""
        args = {
            "candidate_id": candidate_id,
            "source_station_id": source_station_id,
            "source_key": source_key,
            "events": events,
        }
        return cls(CommandKind.HANDOVER, args)

    @classmethod
    def codes_used(cls, candidate_id: str, numbers: tuple[int, ...]) -> Command:
        """Tell a station which offline resume codes were used elsewhere in the session."""
        return cls(CommandKind.CODES_USED, {"candidate_id": candidate_id, "numbers": numbers})

    @classmethod
    def bank_key(cls, candidate_id: str, bank_id: str, sealed_key: str) -> Command:
        """Give a station the key of the session's sealed bank, HPKE-sealed to the station's
        X25519 key (``crypto.station_kem``); sent right after ``confirm_presence``."""
        args = {"candidate_id": candidate_id, "bank_id": bank_id, "sealed_key": sealed_key}
        return cls(CommandKind.BANK_KEY, args)


def _wire_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, SecretHash):
        return value.to_doc()
    if isinstance(value, Event):
        return value.to_wire()
    if isinstance(value, tuple | list):
        return [_wire_value(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class SignedCommand:
    """A command whose signature, addressee, session, time and arguments checked out.

    Attributes:
        command_id: 32 lowercase hex, unique per command.
        session_number: The session it belongs to.
        station_id: The station it is for.
        kind: What to do.
        args: The decoded arguments (enums for enum fields).
        issued_at_ms: Console time of issue, ms since the Unix epoch (UTC).
        token: The exact token received (to journal it: the signature stays checkable).
    """

    command_id: str
    session_number: str
    station_id: str
    kind: CommandKind
    args: Mapping[str, Any]
    issued_at_ms: int
    token: str


class CommandRefused(Exception):
    """A station refuses a command; ``status`` says why."""

    def __init__(self, status: CommandStatus, detail: str = "", command_id: str = "") -> None:
        """Build the refusal."""
        super().__init__(f"{status.value}: {detail}" if detail else status.value)
        self.status = status
        self.detail = detail
        self.command_id = command_id


def new_command_id() -> str:
    """Return a fresh random command id (128 bits, hex)."""
    return secrets.token_hex(16)


def sign_command(
    session_key: Ed25519PrivateKey,
    command: Command,
    *,
    session_number: str,
    station_id: str,
    issued_at_ms: int,
    command_id: str | None = None,
) -> str:
    """Return the token of ``command`` for ``station_id``, signed by the session key."""
    body = {
        "purpose": COMMAND_PURPOSE,
        "v": COMMAND_VERSION,
        "command_id": command_id or new_command_id(),
        "session_number": session_number,
        "station_id": station_id,
        "kind": command.kind.value,
        "args": command.wire_args(),
        "issued_at_ms": issued_at_ms,
    }
    return sign_object(session_key, body).encode()


def verify_command(
    token: str,
    *,
    session_key: Ed25519PublicKey | None,
    session_number: str,
    station_id: str,
    console_now_ms: int,
) -> SignedCommand:
    """Check a command token as a station must, and return the command.

    Order: structure, then signature (over the received bytes), then addressee, session,
    time and arguments; the first failure gives the status.

    Args:
        token: The token received.
        session_key: The session key this station trusts (None: not joined, nothing trusted).
        session_number: The session this station is in.
        station_id: This station's id.
        console_now_ms: The station's estimate of console time (ms since the epoch).

    Raises:
        CommandRefused: ``MALFORMED``, ``UNTRUSTED``, ``BAD_SIGNATURE``, ``WRONG_STATION``,
            ``WRONG_SESSION`` or ``EXPIRED``.
    """
    try:
        signed = decode_signed(token, MAX_COMMAND_TOKEN)
    except CertificateError as exc:
        raise CommandRefused(CommandStatus.MALFORMED, "token") from exc
    fields = signed.fields
    raw_id = fields.get("command_id")
    command_id = raw_id if isinstance(raw_id, str) and _HEX32.fullmatch(raw_id) else ""
    if session_key is None:
        raise CommandRefused(CommandStatus.UNTRUSTED, "no session key trusted", command_id)
    if not verify(session_key, signed.body, signed.signature):
        raise CommandRefused(CommandStatus.BAD_SIGNATURE, "", command_id)
    if not command_id or fields.get("purpose") != COMMAND_PURPOSE:
        raise CommandRefused(CommandStatus.MALFORMED, "purpose or id", command_id)
    if fields.get("v") != COMMAND_VERSION:
        raise CommandRefused(CommandStatus.MALFORMED, "version", command_id)
    if fields.get("station_id") != station_id:
        raise CommandRefused(CommandStatus.WRONG_STATION, "", command_id)
    if fields.get("session_number") != session_number:
        raise CommandRefused(CommandStatus.WRONG_SESSION, "", command_id)
    issued = fields.get("issued_at_ms")
    if not isinstance(issued, int) or isinstance(issued, bool):
        raise CommandRefused(CommandStatus.MALFORMED, "issued_at_ms", command_id)
    age_ms = console_now_ms - issued
    if age_ms > MAX_AGE // timedelta(milliseconds=1) or -age_ms > MAX_FUTURE // timedelta(
        milliseconds=1
    ):
        raise CommandRefused(CommandStatus.EXPIRED, f"age {age_ms} ms", command_id)
    try:
        kind = CommandKind(str(fields.get("kind")))
        raw_args = fields.get("args")
        if not isinstance(raw_args, dict):
            raise ValueError("args")
        args = decode_record(raw_args, ARGUMENTS[kind], skip=frozenset())
    except ValueError as exc:  # RecordError is one
        raise CommandRefused(CommandStatus.MALFORMED, str(exc)[:100], command_id) from exc
    return SignedCommand(command_id, session_number, station_id, kind, args, issued, token)
