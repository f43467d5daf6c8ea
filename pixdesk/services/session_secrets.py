"""The console's secrets for one session: the session key, the console's TLS identity and, when
the session's items come sealed, the bank key (docs/item-banks.md §9).

Both are made when the session's pack is exported (the center certifies the session key and
pins the TLS certificate's fingerprint, so they must exist before the certificate) or, for a
session created on the console itself, when it is created. They travel and rest only sealed
under the invigilator password (``crypto.password_seal``): whoever copies the pack or the
console's data directory still needs the password to command the room. Format:
docs/session-pack.md §5.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.center import Argon2Params
from pixdesk.crypto.keys import (
    KeyFormatError,
    b64u_decode,
    b64u_encode,
    private_key_from_bytes,
    private_key_to_bytes,
    public_key_bytes,
)
from pixdesk.crypto.password_seal import (
    Sealed,
    SealError,
    SealErrorCode,
    open_with_password,
    seal_with_password,
)
from pixdesk.crypto.sealed_bank import BankKey, SealedBankError
from pixdesk.lab.tls import ConsoleTlsIdentity, certificate_sha256, generate_console_tls

AAD_PURPOSE = "pixdesk/v1/session-secrets"


@dataclass(frozen=True, slots=True)
class SessionSecrets:
    """What only the console may hold: it signs commands and serves TLS with these."""

    session_key: Ed25519PrivateKey
    tls: ConsoleTlsIdentity
    bank_key: BankKey | None = field(default=None, repr=False)

    @property
    def session_public_key(self) -> bytes:
        """Return the raw session public key."""
        return public_key_bytes(self.session_key)


def generate_session_secrets(now: datetime) -> SessionSecrets:
    """Draw a new session key and a new self-signed console TLS certificate."""
    return SessionSecrets(Ed25519PrivateKey.generate(), generate_console_tls(now=now))


def secrets_aad(
    *, session_id: str, number: int, session_key: bytes, tls_certificate_der: bytes
) -> bytes:
    """Return the associated data binding sealed secrets to their session and public parts."""
    return canonical_bytes(
        {
            "purpose": AAD_PURPOSE,
            "session_id": session_id,
            "session_number": number,
            "session_key": b64u_encode(session_key),
            "tls_sha256": certificate_sha256(tls_certificate_der),
        }
    )


def seal_session_secrets(
    secrets: SessionSecrets,
    password: str,
    *,
    session_id: str,
    number: int,
    params: Argon2Params | None = None,
) -> dict[str, Any]:
    """Return the sealed form of ``secrets`` (a JSON object), under ``password``."""
    tls_key = secrets.tls.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    doc: dict[str, Any] = {
        "session_key": b64u_encode(private_key_to_bytes(secrets.session_key)),
        "tls_key": b64u_encode(tls_key),
    }
    if secrets.bank_key is not None:
        doc["bank_key"] = {
            "bank_id": secrets.bank_key.bank_id,
            "key": b64u_encode(secrets.bank_key.key),
        }
    plaintext = canonical_bytes(doc)
    aad = secrets_aad(
        session_id=session_id,
        number=number,
        session_key=secrets.session_public_key,
        tls_certificate_der=secrets.tls.certificate_der,
    )
    return seal_with_password(plaintext, password, aad=aad, params=params).to_doc()


def open_session_secrets(
    sealed_doc: object,
    password: str,
    *,
    session_id: str,
    number: int,
    session_key: bytes,
    tls_certificate_der: bytes,
) -> SessionSecrets:
    """Open sealed secrets with the invigilator password and check they fit the public parts.

    Raises:
        SealError: ``WRONG_PASSWORD`` (or an altered part), ``MALFORMED``.
    """
    sealed = Sealed.from_doc(sealed_doc)
    aad = secrets_aad(
        session_id=session_id,
        number=number,
        session_key=session_key,
        tls_certificate_der=tls_certificate_der,
    )
    plaintext = open_with_password(sealed, password, aad=aad)
    try:
        doc = json.loads(plaintext)
        key = private_key_from_bytes(b64u_decode(doc["session_key"]))
        tls_key = serialization.load_der_private_key(b64u_decode(doc["tls_key"]), None)
        bank = doc.get("bank_key")
        bank_key = None if bank is None else BankKey(bank["bank_id"], b64u_decode(bank["key"]))
    except (ValueError, TypeError, KeyError, KeyFormatError, SealedBankError) as exc:
        raise SealError(SealErrorCode.MALFORMED, "secrets") from exc
    if not isinstance(tls_key, ec.EllipticCurvePrivateKey):
        raise SealError(SealErrorCode.MALFORMED, "tls key type")
    if public_key_bytes(key) != session_key:
        raise SealError(SealErrorCode.MALFORMED, "session key does not match")
    if _certificate_numbers(tls_certificate_der) != tls_key.public_key().public_numbers():
        raise SealError(SealErrorCode.MALFORMED, "tls key does not match its certificate")
    return SessionSecrets(key, ConsoleTlsIdentity(tls_certificate_der, tls_key), bank_key)


def _certificate_numbers(der: bytes) -> ec.EllipticCurvePublicNumbers:
    try:
        public = x509.load_der_x509_certificate(der).public_key()
    except ValueError as exc:
        raise SealError(SealErrorCode.MALFORMED, "tls certificate") from exc
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise SealError(SealErrorCode.MALFORMED, "tls certificate type")
    return public.public_numbers()
