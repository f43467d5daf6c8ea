"""Revocation lists: serials and keys the center no longer vouches for, signed by it.

Same transport form as certificates (canonical JSON body + detached signature). A list is
loaded with the session pack; :func:`pixdesk.crypto.certificates.verify_chain` consults it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.certificates import (
    CertErrorCode,
    Certificate,
    CertificateError,
    SignedObject,
    check_signature,
    decode_signed,
    format_utc,
    parse_utc,
    sign_object,
)
from pixdesk.crypto.keys import key_id

VERSION = 1
KIND = "revocation-list"
_SERIAL_RE = re.compile(r"[0-9a-f]{32}")
_KEY_ID_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class RevocationList:
    """A verified revocation list.

    Attributes:
        signed: The exact signed bytes and signature, kept to store or forward unchanged.
        number: Increases with each list the center issues: a station keeps the highest it
            has seen and refuses older ones, so an old list cannot be replayed to un-revoke.
        issued: When the center issued it (informative: lab PC clocks are not trusted, so
            it is never compared with the local time).
        serials: Revoked certificate serials.
        key_fprs: Revoked public keys, by :func:`pixdesk.crypto.keys.key_id`.
    """

    signed: SignedObject
    number: int
    issued: datetime
    serials: frozenset[str]
    key_fprs: frozenset[str]

    def is_revoked(self, cert: Certificate) -> bool:
        """Return True when the certificate's serial or its subject key is on the list."""
        return cert.serial in self.serials or cert.subject_fpr in self.key_fprs

    def encode(self) -> str:
        """Return the transport form of the list."""
        return self.signed.encode()


def issue_revocation_list(
    center_key: Ed25519PrivateKey,
    *,
    number: int,
    issued: datetime,
    serials: Iterable[str] = (),
    key_fprs: Iterable[str] = (),
) -> RevocationList:
    """Sign a revocation list with the center key.

    Raises:
        CertificateError: MALFORMED when a serial or key id is not in its format.
    """
    fields = {
        "v": VERSION,
        "kind": KIND,
        "issuer_fpr": key_id(center_key),
        "number": number,
        "issued": format_utc(issued),
        # Sorted and deduplicated: one list content has one byte form.
        "serials": sorted(set(serials)),
        "key_fprs": sorted(set(key_fprs)),
    }
    return _revocation_list(sign_object(center_key, fields))


def load_revocation_list(token: str, *, center_public_key: Ed25519PublicKey) -> RevocationList:
    """Parse a revocation list and verify that the center signed it.

    Raises:
        CertificateError: MALFORMED, WRONG_ISSUER or BAD_SIGNATURE.
    """
    revocations = _revocation_list(decode_signed(token))
    if revocations.signed.fields["issuer_fpr"] != key_id(center_public_key):
        raise CertificateError(CertErrorCode.WRONG_ISSUER, "revocation list")
    check_signature(revocations.signed, center_public_key)
    return revocations


def _revocation_list(signed: SignedObject) -> RevocationList:
    fields = signed.fields
    number, issuer = fields.get("number"), fields.get("issuer_fpr")
    serials = _sorted_unique(fields.get("serials"), _SERIAL_RE)
    key_fprs = _sorted_unique(fields.get("key_fprs"), _KEY_ID_RE)
    if (
        fields.get("v") != VERSION
        or fields.get("kind") != KIND
        or not isinstance(issuer, str)
        or not _KEY_ID_RE.fullmatch(issuer)
        or not isinstance(number, int)
        or isinstance(number, bool)  # a JSON true is not a number
        or number < 0
        or serials is None
        or key_fprs is None
    ):
        raise CertificateError(CertErrorCode.MALFORMED, "revocation list")
    issued = parse_utc(fields.get("issued"))
    return RevocationList(signed, number, issued, serials, key_fprs)


def _sorted_unique(values: object, pattern: re.Pattern[str]) -> frozenset[str] | None:
    # Only the sorted, duplicate-free form is accepted, as issue_revocation_list writes it.
    if not isinstance(values, list):
        return None
    if not all(isinstance(v, str) and pattern.fullmatch(v) for v in values):
        return None
    return frozenset(values) if values == sorted(set(values)) else None
