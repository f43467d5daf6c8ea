"""Certificates for the chain center → session → station, and their verification.

A certificate is canonical JSON (the *body*) plus a detached Ed25519 signature over exactly
those bytes, carried as ``<base64url(body)>.<base64url(signature)>``. Signatures are always
checked over the bytes received, never over a re-serialisation of what was parsed. Field by
field description: docs/crypto.md.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.canonical import CanonicalError, canonical_bytes
from pixdesk.crypto.keys import (
    KEY_SIZE,
    SIGNATURE_SIZE,
    CryptoError,
    b64u_decode,
    b64u_encode,
    key_id,
    public_key_bytes,
    public_key_from_bytes,
    sign,
    verify,
)

VERSION = 1
MAX_TOKEN_LENGTH = 64 * 1024  # far above any real certificate; refuses absurd input early
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SERIAL_RE = re.compile(r"[0-9a-f]{32}")
_SHA256_HEX_RE = re.compile(r"[0-9a-f]{64}")
_RESERVED = frozenset(
    {"v", "kind", "subject_key", "issuer_fpr", "not_before", "not_after", "serial"}
)


class CertErrorCode(StrEnum):
    """Why a certificate, chain or revocation list was refused."""

    MALFORMED = "MALFORMED"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    WRONG_ISSUER = "WRONG_ISSUER"
    WRONG_KIND = "WRONG_KIND"
    NOT_YET_VALID = "NOT_YET_VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


class CertificateError(CryptoError):
    """A certificate, a chain or a revocation list that must not be trusted."""

    code: CertErrorCode

    def __init__(self, code: CertErrorCode, detail: str = "", **params: str) -> None:
        """Build the error from its code, a detail for logs and named parameters."""
        super().__init__(code, detail, **params)


class CertKind(StrEnum):
    """What a certificate vouches for."""

    SESSION = "session"  # a session key, issued by the center key
    STATION = "station"  # a station key registered in a session, issued by the session key


# Which kind may issue which (None: the trust anchor, i.e. the provisioned center key), and
# the extra fields each kind must carry (all strings).
_ISSUER_KIND: Mapping[CertKind, CertKind | None] = {
    CertKind.SESSION: None,
    CertKind.STATION: CertKind.SESSION,
}
_REQUIRED_EXTRA: Mapping[CertKind, tuple[str, ...]] = {
    CertKind.SESSION: ("session_number", "console_tls_sha256"),
    CertKind.STATION: ("session_number",),
}


@dataclass(frozen=True, slots=True)
class SignedObject:
    """A canonical JSON body, its detached signature and the body's parsed fields."""

    body: bytes
    signature: bytes
    fields: Mapping[str, Any]

    def encode(self) -> str:
        """Return the transport form ``<base64url(body)>.<base64url(signature)>``."""
        return f"{b64u_encode(self.body)}.{b64u_encode(self.signature)}"


@dataclass(frozen=True, slots=True)
class Certificate:
    """A parsed certificate; ``signed.body`` holds the exact bytes that were signed."""

    signed: SignedObject
    kind: CertKind
    subject_key: bytes  # raw Ed25519 public key
    issuer_fpr: str  # key_id() of the issuer's public key
    not_before: datetime
    not_after: datetime
    serial: str

    @property
    def subject_fpr(self) -> str:
        """Return the key_id() of the certified key."""
        return key_id(self.subject_key)

    def subject_public_key(self) -> Ed25519PublicKey:
        """Return the certified key as a key object."""
        return public_key_from_bytes(self.subject_key)

    @property
    def session_number(self) -> str | None:
        """Return the session the certificate belongs to (every kind names one)."""
        value = self.signed.fields.get("session_number")
        return value if isinstance(value, str) else None

    @property
    def console_tls_sha256(self) -> str | None:
        """Return the console's TLS certificate SHA-256 (hex) a session certificate pins."""
        value = self.signed.fields.get("console_tls_sha256")
        return value if isinstance(value, str) else None

    def encode(self) -> str:
        """Return the transport form of the certificate."""
        return self.signed.encode()


class RevocationChecker(Protocol):
    """Anything that can tell a revoked certificate (a verified revocation list)."""

    def is_revoked(self, cert: Certificate) -> bool:
        """Return True when ``cert`` (its serial or its key) has been revoked."""
        ...


def format_utc(moment: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, seconds truncated)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware (UTC) time")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def parse_utc(text: object) -> datetime:
    """Parse the one time format of signed objects.

    Raises:
        CertificateError: MALFORMED when ``text`` is anything else.
    """
    if not isinstance(text, str) or not _TIME_RE.fullmatch(text):
        raise CertificateError(CertErrorCode.MALFORMED, "time format")
    try:
        return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError as exc:
        raise CertificateError(CertErrorCode.MALFORMED, "time value") from exc


def sign_object(issuer_key: Ed25519PrivateKey, fields: Mapping[str, Any]) -> SignedObject:
    """Serialise ``fields`` canonically and sign the bytes."""
    body = canonical_bytes(dict(fields))
    return SignedObject(body, sign(issuer_key, body), dict(fields))


def decode_signed(token: str, max_length: int = MAX_TOKEN_LENGTH) -> SignedObject:
    """Split a transport token and parse its body; no signature is checked here.

    The body must be the canonical form of what it parses to: this refuses duplicate keys,
    floats and padding, so one object has exactly one signed byte form. ``max_length``
    bounds the token (a lab command carrying a handed-over test is larger than 64 KiB).

    Raises:
        CertificateError: MALFORMED.
    """
    if not isinstance(token, str) or len(token) > max_length or token.count(".") != 1:
        raise CertificateError(CertErrorCode.MALFORMED, "token shape")
    body_text, signature_text = token.split(".")
    try:
        body, signature = b64u_decode(body_text), b64u_decode(signature_text)
        fields = json.loads(body.decode("utf-8"), object_pairs_hook=_no_duplicates)
        if not isinstance(fields, dict) or canonical_bytes(fields) != body:
            raise ValueError("body is not canonical JSON of an object")
    except (ValueError, CanonicalError) as exc:  # UnicodeDecodeError is a ValueError
        raise CertificateError(CertErrorCode.MALFORMED, str(exc)) from exc
    if len(signature) != SIGNATURE_SIZE:
        raise CertificateError(CertErrorCode.MALFORMED, "signature length")
    return SignedObject(body, signature, fields)


def check_signature(signed: SignedObject, issuer: Ed25519PublicKey) -> None:
    """Check the signature over the stored body bytes.

    Raises:
        CertificateError: BAD_SIGNATURE.
    """
    if not verify(issuer, signed.body, signed.signature):
        raise CertificateError(CertErrorCode.BAD_SIGNATURE)


def issue_certificate(
    issuer_key: Ed25519PrivateKey,
    subject_key: Ed25519PublicKey,
    *,
    kind: CertKind,
    not_before: datetime,
    not_after: datetime,
    extra: Mapping[str, str],
) -> Certificate:
    """Issue a certificate for ``subject_key``, signed by ``issuer_key``.

    Args:
        issuer_key: The center key (session certificates) or a session key (station ones).
        subject_key: The key being certified.
        kind: What the key is for.
        not_before: Start of validity (aware; truncated to the second).
        not_after: End of validity, excluded.
        extra: The kind's extra fields: ``session_number`` for both kinds, and
            ``console_tls_sha256`` (64 lowercase hex) for a session.

    Raises:
        CertificateError: MALFORMED when the fields break the format's rules.
    """
    clash = _RESERVED.intersection(extra)
    if clash:
        raise CertificateError(CertErrorCode.MALFORMED, f"reserved field {sorted(clash)[0]}")
    fields: dict[str, Any] = {
        **extra,
        "v": VERSION,
        "kind": kind.value,
        "subject_key": b64u_encode(public_key_bytes(subject_key)),
        "issuer_fpr": key_id(issuer_key),
        "not_before": format_utc(not_before),
        "not_after": format_utc(not_after),
        "serial": secrets.token_hex(16),
    }
    return _certificate(sign_object(issuer_key, fields))


def decode_certificate(token: str) -> Certificate:
    """Parse a certificate token (structure only; see :func:`verify_chain`).

    Raises:
        CertificateError: MALFORMED.
    """
    return _certificate(decode_signed(token))


def verify_chain(
    chain: Sequence[Certificate],
    *,
    root: Ed25519PublicKey,
    now: datetime,
    revocations: RevocationChecker | None = None,
) -> Certificate:
    """Verify a chain that starts under ``root`` and return its last certificate.

    The certificate returned is rebuilt from the verified bytes: use it, not the input.

    Each certificate must name its issuer (``root`` for the first, then the previous
    certificate's subject key), be of a kind that issuer may certify, carry a valid signature
    by that issuer, not be revoked, and satisfy ``not_before <= now < not_after``. A station
    certificate must name the same session as the session certificate above it.

    Args:
        chain: Certificates from the one issued by ``root`` down to the leaf.
        root: The provisioned (or pinned) center public key.
        now: The current time, injected (aware).
        revocations: A verified revocation list, when one has been loaded.

    Raises:
        CertificateError: the first problem found, by its code.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware (UTC) time")
    if not chain:
        raise CertificateError(CertErrorCode.MALFORMED, "empty chain")
    # Every field used below comes from the signed bytes again, so a Certificate whose
    # attributes were altered after parsing (dataclasses.replace…) cannot vouch for anything.
    checked = [decode_certificate(cert.encode()) for cert in chain]
    issuer_key, issuer_cert = root, None
    for cert in checked:
        if cert.issuer_fpr != key_id(issuer_key):
            raise CertificateError(CertErrorCode.WRONG_ISSUER, serial=cert.serial)
        issuer_kind = issuer_cert.kind if issuer_cert else None
        if _ISSUER_KIND[cert.kind] != issuer_kind:
            raise CertificateError(CertErrorCode.WRONG_KIND, serial=cert.serial)
        check_signature(cert.signed, issuer_key)
        if issuer_cert and cert.session_number != issuer_cert.session_number:
            raise CertificateError(CertErrorCode.WRONG_ISSUER, "session", serial=cert.serial)
        if revocations is not None and revocations.is_revoked(cert):
            raise CertificateError(CertErrorCode.REVOKED, serial=cert.serial)
        if now < cert.not_before:
            raise CertificateError(CertErrorCode.NOT_YET_VALID, serial=cert.serial)
        if now >= cert.not_after:
            raise CertificateError(CertErrorCode.EXPIRED, serial=cert.serial)
        issuer_key, issuer_cert = cert.subject_public_key(), cert
    return checked[-1]


def _certificate(signed: SignedObject) -> Certificate:
    fields = signed.fields
    try:
        if fields.get("v") != VERSION:
            raise ValueError("version")
        kind = CertKind(_str(fields, "kind"))
        subject_key = b64u_decode(_str(fields, "subject_key"))
        public_key_from_bytes(subject_key)  # refuse a certificate for a non-key
        issuer_fpr, serial = _str(fields, "issuer_fpr"), _str(fields, "serial")
        if not _SHA256_HEX_RE.fullmatch(issuer_fpr) or not _SERIAL_RE.fullmatch(serial):
            raise ValueError("issuer_fpr or serial")
        for name in _REQUIRED_EXTRA[kind]:
            _str(fields, name)
        tls = fields.get("console_tls_sha256")
        if tls is not None and not (isinstance(tls, str) and _SHA256_HEX_RE.fullmatch(tls)):
            raise ValueError("console_tls_sha256")
    except (ValueError, CryptoError) as exc:
        raise CertificateError(CertErrorCode.MALFORMED, str(exc)) from exc
    not_before, not_after = parse_utc(fields.get("not_before")), parse_utc(fields.get("not_after"))
    if not_before >= not_after or len(subject_key) != KEY_SIZE:
        raise CertificateError(CertErrorCode.MALFORMED, "validity period")
    return Certificate(signed, kind, subject_key, issuer_fpr, not_before, not_after, serial)


def _str(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"field {name}")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result
