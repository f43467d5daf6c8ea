"""The session pack's body: its values, its error codes, and its strict, bounded reader.

The byte format and every field are described in docs/session-pack.md; this module turns a
parsed body into a :class:`SessionPack`, refusing any field that is missing, unexpected, of the
wrong type or out of bounds, with a code and the field's path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Final

from pixdesk.crypto.certificates import (
    Certificate,
    CertificateError,
    CertKind,
    decode_certificate,
)
from pixdesk.crypto.keys import KeyFormatError, b64u_decode, b64u_encode, public_key_bytes
from pixdesk.crypto.password_seal import Sealed, SealError
from pixdesk.crypto.secret_hash import SecretHash, SecretHashFormatError, verify_secret
from pixdesk.domain.candidate import Sex, is_valid_extra_time_ratio
from pixdesk.domain.codes import is_valid_access_code
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.domain.legacy_profile_doc import ProfileFormatError, profile_doc, profile_from_doc
from pixdesk.domain.session import EngineVersion, parse_date, parse_time
from pixdesk.lab.tls import certificate_sha256

FORMAT: Final = "pixdesk-session-pack"
PACK_VERSION: Final = 2
"""The version written. Version 1 (no ``console`` part: no session key, no certificate) is
still read; a console opens such a pack in degraded mode."""
READABLE_VERSIONS: Final = frozenset({1, 2})
MAX_CANDIDATES: Final = 1000
MAX_INVIGILATORS: Final = 50
MAX_TEXT: Final = 200  # characters of a name, site, room, division, id
MAX_DESCRIPTION: Final = 2000
MAX_SESSION_NUMBER: Final = 2**53 - 1  # what every JSON reader holds exactly

BODY_FIELDS: Final = frozenset(
    {"format", "pack_version", "session_id", "issued_at", "center", "session", "access_code"}
    | {"invigilator_password", "candidates"}
)
SESSION_FIELDS: Final = frozenset(
    {"number", "site", "room", "date", "start_time", "invigilators", "description"}
    | {"engine_version"}
)
CONSOLE_FIELDS: Final = frozenset({"session_key", "session_cert", "tls_certificate", "secrets"})
MAX_TLS_CERTIFICATE: Final = 4096  # bytes of DER; a P-256 self-signed one is ~400
CANDIDATE_FIELDS: Final = frozenset(
    {"candidate_id", "birth_name", "first_name", "birth_date", "sex", "division"}
    | {"external_id", "extra_time_ratio", "accessibility_adjustment"}
)
OPTIONAL_CANDIDATE_FIELDS: Final = frozenset({"positioning_profile"})
_ID: Final = re.compile(r"[0-9a-f]{32}")
_KEY_ID: Final = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT: Final = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3}")
_INSTANT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_RATIO: Final = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?")
_ENGINES: Final = frozenset(version.value for version in EngineVersion)


class PackErrorCode(StrEnum):
    """Why a session pack could not be written or opened."""

    IO_ERROR = "IO_ERROR"  # the file cannot be read or written
    TOO_BIG = "TOO_BIG"
    MALFORMED = "MALFORMED"  # not a pack: not JSON, wrong envelope, not canonical
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"  # a pack from a newer pixdesk
    WRONG_CENTER = "WRONG_CENTER"  # signed by another center key than the trusted one
    BAD_SIGNATURE = "BAD_SIGNATURE"  # altered after signing
    INVALID_FIELD = "INVALID_FIELD"  # a field missing, unexpected, or of the wrong form
    OUT_OF_BOUNDS = "OUT_OF_BOUNDS"  # too many candidates or invigilators, a text too long
    EMPTY_SESSION = "EMPTY_SESSION"  # writing: a session without candidates


class SessionPackError(Exception):
    """A pack that must not be used (reading) or cannot be made (writing).

    Attributes:
        code: Why.
        params: ``field`` (a path such as ``candidates[3].birth_date``), ``path``, ``limit``…
    """

    def __init__(self, code: PackErrorCode, **params: str) -> None:
        self.code = code
        self.params = dict(params)
        super().__init__(code.value, self.params)


@dataclass(frozen=True, slots=True)
class PackCandidate:
    """What the console needs about one candidate: joining, the extra time, the sheet.

    Attributes:
        external_id: The INE for a roster learner, the local id otherwise (may be empty).
        extra_time_ratio: 0.33 for 33 %.
        positioning_profile: The candidate's positioning profile, if any (engine v2).
    """

    candidate_id: str
    birth_name: str
    first_name: str
    birth_date: date
    sex: Sex
    division: str
    external_id: str
    extra_time_ratio: Decimal
    accessibility_adjustment: bool
    positioning_profile: PositioningProfile | None = None


@dataclass(frozen=True, slots=True)
class PackConsole:
    """The console's part of a version 2 pack (docs/session-pack.md §5).

    Attributes:
        session_key: The session's Ed25519 public key (raw bytes).
        session_cert: The center-issued session certificate: it certifies ``session_key``
            for this session and pins ``tls_certificate``'s fingerprint. Its signature is
            checked when the pack is opened; its validity period when a console opens it.
        tls_certificate: The console's self-signed TLS certificate (DER).
        secrets: The sealed session key and TLS key (``session_secrets``), opened with the
            invigilator password.
    """

    session_key: bytes
    session_cert: Certificate
    tls_certificate: bytes
    secrets: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SessionPack:
    """A verified session pack: the session, its candidates, its codes.

    Attributes:
        issued_at: When the referent wrote it, ISO 8601 UTC.
        center_key_id: Hex SHA-256 of the signing center public key.
        center_fingerprint: Its human fingerprint (``XXXX-XXXX-XXXX-XXXX``).
        password_hash: The invigilator password's Argon2id hash; see :meth:`check_password`.
    """

    pack_version: int
    session_id: str
    issued_at: str
    center_key_id: str
    center_fingerprint: str
    number: int
    site: str
    room: str
    date: str
    start_time: str
    invigilators: tuple[str, ...]
    description: str
    engine_version: EngineVersion
    access_code: str
    password_hash: SecretHash
    candidates: tuple[PackCandidate, ...]
    console: PackConsole | None = None

    def check_password(self, typed: str) -> bool:
        """Tell whether ``typed`` is the invigilator password (slow on purpose: Argon2id)."""
        return verify_secret(typed, self.password_hash)


def candidate_doc(candidate: PackCandidate) -> dict[str, Any]:
    """Return the body form of a candidate (``positioning_profile`` only when there is one)."""
    doc: dict[str, Any] = {
        "candidate_id": candidate.candidate_id,
        "birth_name": candidate.birth_name,
        "first_name": candidate.first_name,
        "birth_date": candidate.birth_date.isoformat(),
        "sex": candidate.sex.value,
        "division": candidate.division,
        "external_id": candidate.external_id,
        "extra_time_ratio": format_ratio(candidate.extra_time_ratio),
        "accessibility_adjustment": candidate.accessibility_adjustment,
    }
    if candidate.positioning_profile is not None:
        doc["positioning_profile"] = profile_doc(candidate.positioning_profile)
    return doc


def format_ratio(ratio: Decimal) -> str:
    """Write a ratio as the body's plain decimal text (0.33 → ``"0.33"``, 0 → ``"0"``)."""
    text = format(ratio.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def read_body(body: object) -> SessionPack:
    """Check every field of a parsed body and return the pack.

    Raises:
        SessionPackError: ``MALFORMED``, ``UNSUPPORTED_VERSION``, ``INVALID_FIELD`` or
            ``OUT_OF_BOUNDS``, with the field's path.
    """
    version = body.get("pack_version") if isinstance(body, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise _invalid("pack_version")
    if version not in READABLE_VERSIONS:
        raise SessionPackError(PackErrorCode.UNSUPPORTED_VERSION, version=str(version))
    doc = _object(body, "", BODY_FIELDS if version == 1 else BODY_FIELDS | {"console"})
    if doc["format"] != FORMAT:
        raise SessionPackError(PackErrorCode.MALFORMED, field="format")
    center = _object(doc["center"], "center", frozenset({"key_id", "fingerprint"}))
    session = _object(doc["session"], "session", SESSION_FIELDS)
    try:
        password = SecretHash.from_doc(doc["invigilator_password"])
    except SecretHashFormatError:
        raise _invalid("invigilator_password") from None
    access_code = _text(doc["access_code"], "access_code")
    if not is_valid_access_code(access_code) or access_code != access_code.upper():
        raise _invalid("access_code")
    number = _number(session["number"])
    return SessionPack(
        pack_version=version,
        session_id=_match(doc["session_id"], "session_id", _ID),
        issued_at=_match(doc["issued_at"], "issued_at", _INSTANT),
        center_key_id=_match(center["key_id"], "center.key_id", _KEY_ID),
        center_fingerprint=_match(center["fingerprint"], "center.fingerprint", _FINGERPRINT),
        number=number,
        site=_text(session["site"], "session.site", required=True),
        room=_text(session["room"], "session.room", required=True),
        date=_checked(session["date"], "session.date", parse_date),
        start_time=_checked(session["start_time"], "session.start_time", parse_time),
        invigilators=_invigilators(session["invigilators"]),
        description=_text(
            session["description"], "session.description", MAX_DESCRIPTION, multiline=True
        ),
        engine_version=_engine(session["engine_version"]),
        access_code=access_code,
        password_hash=password,
        candidates=_candidates(doc["candidates"]),
        console=_console(doc["console"], number) if version >= 2 else None,
    )


def console_doc(console: PackConsole) -> dict[str, Any]:
    """Return the body form of the console part."""
    return {
        "session_key": b64u_encode(console.session_key),
        "session_cert": console.session_cert.encode(),
        "tls_certificate": b64u_encode(console.tls_certificate),
        "secrets": dict(console.secrets),
    }


def _console(value: object, number: int) -> PackConsole:
    doc = _object(value, "console", CONSOLE_FIELDS)
    try:
        session_key = public_key_bytes(
            b64u_decode(_text(doc["session_key"], "console.session_key", 64))
        )
    except (ValueError, KeyFormatError):
        raise _invalid("console.session_key") from None
    try:
        tls = b64u_decode(
            _text(doc["tls_certificate"], "console.tls_certificate", 2 * MAX_TLS_CERTIFICATE)
        )
    except ValueError:
        raise _invalid("console.tls_certificate") from None
    if not tls or len(tls) > MAX_TLS_CERTIFICATE:
        raise _invalid("console.tls_certificate")
    token = doc["session_cert"]
    try:
        cert = decode_certificate(token if isinstance(token, str) else "")
    except CertificateError:
        raise _invalid("console.session_cert") from None
    # The certificate must vouch for exactly this session, this key and this TLS certificate:
    # a pack carrying another session's certificate would let its console command this room.
    if (
        cert.kind is not CertKind.SESSION
        or cert.subject_key != session_key
        or cert.session_number != str(number)
        or cert.console_tls_sha256 != certificate_sha256(tls)
    ):
        raise _invalid("console.session_cert")
    try:
        Sealed.from_doc(doc["secrets"])
    except SealError:
        raise _invalid("console.secrets") from None
    return PackConsole(session_key, cert, tls, doc["secrets"])


def _invalid(path: str) -> SessionPackError:
    return SessionPackError(PackErrorCode.INVALID_FIELD, field=path)


def _object(value: object, path: str, fields: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(path or "(body)")
    missing, extra = fields - set(value), set(value) - fields
    if missing or extra:
        prefix = f"{path}." if path else ""
        raise _invalid(prefix + sorted(missing or extra)[0])
    return value


def _text(
    value: object,
    path: str,
    limit: int = MAX_TEXT,
    *,
    required: bool = False,
    multiline: bool = False,
) -> str:
    if not isinstance(value, str) or value != value.strip():
        raise _invalid(path)
    # Control characters (and, in names, line breaks) would garble a screen or a printout.
    if not (value.replace("\n", " ") if multiline else value).isprintable():
        raise _invalid(path)
    if len(value) > limit:
        raise SessionPackError(PackErrorCode.OUT_OF_BOUNDS, field=path, limit=str(limit))
    if required and not value:
        raise _invalid(path)
    return value


def _match(value: object, path: str, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise _invalid(path)
    return value


def _checked(value: object, path: str, parse: Any) -> str:
    if not isinstance(value, str) or parse(value) is None:
        raise _invalid(path)
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid("session.number")
    if not 0 < value <= MAX_SESSION_NUMBER:
        raise SessionPackError(PackErrorCode.OUT_OF_BOUNDS, field="session.number")
    return value


def _engine(value: object) -> EngineVersion:
    if not isinstance(value, str) or value not in _ENGINES:
        raise _invalid("session.engine_version")
    return EngineVersion(value)


def _invigilators(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _invalid("session.invigilators")
    if len(value) > MAX_INVIGILATORS:
        raise SessionPackError(
            PackErrorCode.OUT_OF_BOUNDS, field="session.invigilators", limit=str(MAX_INVIGILATORS)
        )
    return tuple(
        _text(name, f"session.invigilators[{i}]", required=True) for i, name in enumerate(value)
    )


def _candidates(value: object) -> tuple[PackCandidate, ...]:
    if not isinstance(value, list):
        raise _invalid("candidates")
    if len(value) > MAX_CANDIDATES:
        raise SessionPackError(
            PackErrorCode.OUT_OF_BOUNDS, field="candidates", limit=str(MAX_CANDIDATES)
        )
    found = tuple(_candidate(one, f"candidates[{i}]") for i, one in enumerate(value))
    ids = [one.candidate_id for one in found]
    if len(set(ids)) != len(ids):
        raise _invalid("candidates.candidate_id")
    return found


def _candidate(value: object, path: str) -> PackCandidate:
    optional = set(value) & OPTIONAL_CANDIDATE_FIELDS if isinstance(value, dict) else set()
    doc = _object(value, path, CANDIDATE_FIELDS | optional)
    birth_date = _checked(doc["birth_date"], f"{path}.birth_date", parse_date)
    sex = doc["sex"]
    if sex not in ("M", "F"):
        raise _invalid(f"{path}.sex")
    adjustment = doc["accessibility_adjustment"]
    if not isinstance(adjustment, bool):
        raise _invalid(f"{path}.accessibility_adjustment")
    return PackCandidate(
        candidate_id=_match(doc["candidate_id"], f"{path}.candidate_id", _ID),
        birth_name=_text(doc["birth_name"], f"{path}.birth_name", required=True),
        first_name=_text(doc["first_name"], f"{path}.first_name", required=True),
        birth_date=date.fromisoformat(birth_date),
        sex=Sex(sex),
        division=_text(doc["division"], f"{path}.division"),
        external_id=_text(doc["external_id"], f"{path}.external_id"),
        extra_time_ratio=_ratio(doc["extra_time_ratio"], f"{path}.extra_time_ratio"),
        accessibility_adjustment=adjustment,
        positioning_profile=_profile(doc, f"{path}.positioning_profile"),
    )


def _profile(doc: Mapping[str, Any], path: str) -> PositioningProfile | None:
    if "positioning_profile" not in doc:
        return None
    try:
        return profile_from_doc(doc["positioning_profile"])
    except ProfileFormatError as exc:
        raise SessionPackError(
            PackErrorCode.INVALID_FIELD, field=path + exc.path, reason=exc.reason
        ) from None


def _ratio(value: object, path: str) -> Decimal:
    if not isinstance(value, str) or _RATIO.fullmatch(value) is None:
        raise _invalid(path)
    try:
        ratio = Decimal(value)
    except InvalidOperation:
        raise _invalid(path) from None
    if not is_valid_extra_time_ratio(ratio) or format_ratio(ratio) != value:
        raise _invalid(path)
    return ratio
