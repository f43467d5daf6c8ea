"""The session pack: the one file a console opens to run a planned session.

A pack is canonical JSON (the *body*: the session, its candidates, the access code, the
invigilator password as an Argon2id hash, a session id, ``pack_version``, the center key's
id and fingerprint and, since version 2, the console's part: the session public key, its
center-issued certificate pinning the console's TLS certificate, and the session key and TLS
key sealed under the invigilator password), signed by the center key, inside a small JSON
envelope. The signature is
checked over the body bytes as stored, never over a re-serialisation. Format: docs/session-pack.md.

Write with :func:`export_session_pack` (from the store) or :func:`write_session_pack` (from a
body); open with :func:`read_session_pack`, which verifies everything before returning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlite_utils import Database

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.canonical import CanonicalError, canonical_bytes
from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.certificates import (
    CertificateError,
    CertKind,
    check_signature,
    issue_certificate,
)
from pixdesk.crypto.keys import b64u_decode, b64u_encode, fingerprint, key_id, sign, verify
from pixdesk.crypto.sealed_bank import BankKey
from pixdesk.crypto.secret_hash import hash_secret
from pixdesk.domain.clock import Clock
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.positioning_profiles import profiles_by_candidate
from pixdesk.services.session_pack_body import (
    FORMAT,
    PACK_VERSION,
    READABLE_VERSIONS,
    PackCandidate,
    PackConsole,
    PackErrorCode,
    SessionPack,
    SessionPackError,
    candidate_doc,
    console_doc,
    read_body,
)
from pixdesk.services.session_records import format_instant, to_candidate
from pixdesk.services.session_secrets import generate_session_secrets, seal_session_secrets
from pixdesk.store import sessions_repo

__all__ = [
    "PackCandidate",
    "PackConsole",
    "PackErrorCode",
    "SessionPack",
    "SessionPackError",
    "export_session_pack",
    "open_session_pack",
    "read_session_pack",
    "write_session_pack",
]

SIGNING_CONTEXT: Final = b"pixdesk/v1/session-pack\x00"
"""Prefixed to the body before signing, so a pack signature can serve no other purpose."""
MAX_PACK_BYTES: Final = 4 * 1024 * 1024
CERT_SLACK: Final = timedelta(days=1)
"""The session certificate is valid from a day before the export (a console clock a little
behind must not refuse it) ..."""
CERT_AFTER_SESSION: Final = timedelta(days=3)
"""... until three days after the session's date (a test is force-ended 24 h after it
started; the rest is slack for time zones and a late finalisation)."""
ENVELOPE_FIELDS: Final = frozenset({"format", "pack_version", "body", "signature"})


def export_session_pack(
    db: Database,
    session_id: str,
    path: Path,
    *,
    center_key: Ed25519PrivateKey,
    clock: Clock,
    password_params: Argon2Params | None = None,
    profiles: Mapping[str, PositioningProfile] | None = None,
    bank_key: BankKey | None = None,
) -> SessionPack:
    """Write the pack of a planned session, signed by the center key, and return it.

    Args:
        db: This PC's store.
        session_id: The session to export.
        path: The pack file, replaced atomically.
        center_key: The school's key, opened with its passphrase
            (``pixdesk.crypto.center.load_center_key``).
        clock: Gives the issue time and the session certificate's validity.
        password_params: Argon2id costs of the password hash and of the sealed session
            secrets (tests pass cheap ones).
        profiles: Positioning profiles by external id (``positioning_profiles``): those
            candidates sit engine v2 when the profile is certifiable.
        bank_key: The key of the session's sealed bank (docs/item-banks.md §9), sealed with
            the console's secrets under the invigilator password.

    Raises:
        SessionPackError: ``EMPTY_SESSION``, a field the reader would refuse (checked before
            writing), a profile for no candidate of the session, or ``IO_ERROR``.
        PlanningError: ``SESSION_NOT_FOUND``.
    """
    conn = db.conn
    record = sessions_repo.get_session(conn, session_id)
    if record is None:
        raise PlanningError(PlanningErrorCode.SESSION_NOT_FOUND, {"id": session_id})
    rows = sessions_repo.list_candidates(conn, session_id)
    if not rows:
        raise SessionPackError(PackErrorCode.EMPTY_SESSION, session=str(record.number))
    candidates = [to_candidate(row, record.number) for row in rows]
    by_candidate = profiles_by_candidate(
        profiles or {}, ((one.candidate_id, one.external_id) for one in candidates)
    )
    now = clock.now()
    secrets = replace(generate_session_secrets(now), bank_key=bank_key)
    day = datetime.fromisoformat(record.date).replace(tzinfo=UTC)
    cert = issue_certificate(
        center_key,
        secrets.session_key.public_key(),
        kind=CertKind.SESSION,
        not_before=now - CERT_SLACK,
        not_after=max(day, now) + CERT_AFTER_SESSION,
        extra={"session_number": str(record.number), "console_tls_sha256": secrets.tls.sha256},
    )
    console = PackConsole(
        session_key=secrets.session_public_key,
        session_cert=cert,
        tls_certificate=secrets.tls.certificate_der,
        secrets=seal_session_secrets(
            secrets,
            record.invigilator_password,
            session_id=record.session_id,
            number=record.number,
            params=password_params,
        ),
    )
    body = {
        "format": FORMAT,
        "pack_version": PACK_VERSION,
        "session_id": record.session_id,
        "issued_at": format_instant(clock.now()),
        "center": {"key_id": key_id(center_key), "fingerprint": fingerprint(center_key)},
        "session": {
            "number": record.number,
            "site": record.site,
            "room": record.room,
            "date": record.date,
            "start_time": record.start_time,
            "invigilators": list(record.invigilators),
            "description": record.description,
            "engine_version": record.engine_version,
        },
        "access_code": record.access_code,
        "invigilator_password": hash_secret(
            record.invigilator_password, params=password_params
        ).to_doc(),
        "candidates": [
            candidate_doc(
                PackCandidate(
                    candidate_id=one.candidate_id,
                    birth_name=one.birth_name,
                    first_name=one.first_name,
                    birth_date=one.birth_date,
                    sex=one.sex,
                    division=one.division,
                    external_id=one.external_id,
                    extra_time_ratio=one.extra_time_ratio,
                    accessibility_adjustment=one.accessibility_adjustment,
                    positioning_profile=by_candidate.get(one.candidate_id),
                )
            )
            for one in candidates
        ],
        "console": console_doc(console),
    }
    return write_session_pack(path, body, center_key)


def write_session_pack(
    path: Path, body: Mapping[str, Any], center_key: Ed25519PrivateKey
) -> SessionPack:
    """Check ``body`` as a reader would, sign it and write the pack atomically.

    Raises:
        SessionPackError: The body would be refused when read (its code and field), or
            ``IO_ERROR``.
    """
    pack = read_body(dict(body))
    if pack.center_key_id != key_id(center_key):
        raise SessionPackError(PackErrorCode.WRONG_CENTER, field="center.key_id")
    try:
        body_bytes = canonical_bytes(body)
    except CanonicalError as exc:
        raise SessionPackError(PackErrorCode.MALFORMED, detail=str(exc)) from exc
    envelope = {
        "format": FORMAT,
        "pack_version": pack.pack_version,
        "body": b64u_encode(body_bytes),
        "signature": b64u_encode(sign(center_key, SIGNING_CONTEXT + body_bytes)),
    }
    try:
        write_file_atomically(path, canonical_bytes(envelope) + b"\n", mode=0o600)
    except OSError as exc:
        raise SessionPackError(
            PackErrorCode.IO_ERROR, path=str(path), detail=exc.strerror or ""
        ) from exc
    return pack


def read_session_pack(path: Path, trusted_center_public_key: Ed25519PublicKey) -> SessionPack:
    """Open a pack file and verify it against the school's provisioned center key.

    Raises:
        SessionPackError: ``IO_ERROR``, ``TOO_BIG`` or any code of :func:`open_session_pack`.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise SessionPackError(
            PackErrorCode.IO_ERROR, path=str(path), detail=exc.strerror or ""
        ) from exc
    return open_session_pack(data, trusted_center_public_key)


def open_session_pack(data: bytes, trusted_center_public_key: Ed25519PublicKey) -> SessionPack:
    """Verify a pack's bytes: size, envelope, signer, signature, canonical body, fields.

    Raises:
        SessionPackError: ``TOO_BIG``, ``MALFORMED``, ``UNSUPPORTED_VERSION``,
            ``WRONG_CENTER``, ``BAD_SIGNATURE``, ``INVALID_FIELD`` or ``OUT_OF_BOUNDS``.
    """
    if len(data) > MAX_PACK_BYTES:
        raise SessionPackError(PackErrorCode.TOO_BIG, limit=str(MAX_PACK_BYTES))
    envelope = _json(data.removesuffix(b"\n"), "envelope")
    if not isinstance(envelope, dict) or set(envelope) != ENVELOPE_FIELDS:
        raise SessionPackError(PackErrorCode.MALFORMED, part="envelope")
    if envelope["format"] != FORMAT:
        raise SessionPackError(PackErrorCode.MALFORMED, part="format")
    version = envelope["pack_version"]
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise SessionPackError(PackErrorCode.UNSUPPORTED_VERSION, version=str(version))
    try:
        body_bytes = b64u_decode(envelope["body"])
        signature = b64u_decode(envelope["signature"])
    except (TypeError, ValueError) as exc:
        raise SessionPackError(PackErrorCode.MALFORMED, part="encoding") from exc
    if not verify(trusted_center_public_key, SIGNING_CONTEXT + body_bytes, signature):
        raise _signature_error(body_bytes, trusted_center_public_key)
    body = _json(body_bytes, "body")
    try:
        canonical = canonical_bytes(body) == body_bytes
    except (CanonicalError, RecursionError):
        canonical = False  # a float, say: never written by pixdesk
    if not canonical:
        raise SessionPackError(PackErrorCode.MALFORMED, part="not_canonical")
    pack = read_body(body)
    if pack.pack_version != version:
        raise SessionPackError(PackErrorCode.MALFORMED, part="pack_version")
    if pack.center_key_id != key_id(trusted_center_public_key):
        raise SessionPackError(PackErrorCode.WRONG_CENTER, field="center.key_id")
    if pack.console is not None:
        # Signed inside a signed body, but checked on its own: stations will check it too.
        cert = pack.console.session_cert
        try:
            if cert.issuer_fpr != key_id(trusted_center_public_key):
                raise SessionPackError(PackErrorCode.INVALID_FIELD, field="console.session_cert")
            check_signature(cert.signed, trusted_center_public_key)
        except CertificateError:
            raise SessionPackError(
                PackErrorCode.INVALID_FIELD, field="console.session_cert"
            ) from None
    return pack


def _signature_error(body_bytes: bytes, trusted: Ed25519PublicKey) -> SessionPackError:
    """Tell "another school's pack" from "an altered pack", for a clearer message."""
    try:
        claimed = json.loads(body_bytes)["center"]["key_id"]
    except (ValueError, TypeError, KeyError):
        claimed = None
    if isinstance(claimed, str) and claimed != key_id(trusted):
        return SessionPackError(PackErrorCode.WRONG_CENTER, found=claimed[:64])
    return SessionPackError(PackErrorCode.BAD_SIGNATURE)


def _json(data: bytes, part: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SessionPackError(PackErrorCode.MALFORMED, part=part) from exc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")
