"""The platform's signed upload receipt: issued by the receiver, verified and kept by the client.

A receipt is a signed object in the transport form of certificates,
``b64u(body).b64u(signature)``, where ``body`` is canonical JSON (docs/sync-protocol.md §5)::

    {"bundle_id", "candidates", "content_id", "flags", "kind": "pixdesk-receipt",
     "platform", "received", "session_id", "session_number", "sha256", "size", "v": 1}

and ``signature = Ed25519(platform sign key, "pixdesk receipt v1" || 0x00 || body)``. The
context prefix keeps a receipt signature from ever passing for a bank or session-pack one
made with the same key. The client checks the signature over the bytes it received (never a
re-serialisation), then that the receipt is for *its* file (id, SHA-256, size), and stores
the token as received, so it can be shown or checked again by anyone holding the public key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import (
    CertificateError,
    decode_signed,
    format_utc,
    parse_utc,
)
from pixdesk.crypto.keys import b64u_encode, key_id, sign, verify
from pixdesk.sync.protocol import BUNDLE_ID_RE, SHA256_RE

RECEIPT_CONTEXT: Final = b"pixdesk receipt v1\x00"
RECEIPT_KIND: Final = "pixdesk-receipt"
RECEIPT_VERSION: Final = 1
_FIELDS: Final = frozenset(
    {
        "bundle_id",
        "candidates",
        "content_id",
        "flags",
        "kind",
        "platform",
        "received",
        "session_id",
        "session_number",
        "sha256",
        "size",
        "v",
    }
)
_KEY_ID_RE: Final = re.compile(r"[0-9a-f]{64}")


class ReceiptErrorCode(StrEnum):
    """Why a receipt is not accepted."""

    MALFORMED = "MALFORMED"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    WRONG_PLATFORM = "WRONG_PLATFORM"  # signed by, or naming, another key than the configured one
    NOT_OURS = "NOT_OURS"  # for another bundle id, SHA-256 or size


class ReceiptError(ValueError):
    """A receipt that must not be trusted; ``code`` says why, the message is English."""

    def __init__(self, code: ReceiptErrorCode, detail: str = "") -> None:
        """Build the error from its code and a detail for logs."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code


@dataclass(frozen=True, slots=True)
class Receipt:
    """A verified receipt, and its token exactly as the platform signed it.

    Attributes:
        bundle_id: The upload's id (32 hex: the start of the sealed file's SHA-256).
        sha256: The SHA-256 of the sealed file the platform received.
        size: Its size in bytes.
        received: When the platform stored it (UTC, seconds).
        platform_key_id: Key id of the platform's signing key.
        content_id: The manifest's ``bundle_id`` (the content's id; only the platform reads it).
        session_id: The session the bundle holds.
        session_number: Its number.
        candidates: Candidates whose results the platform recomputed.
        flags: Differences found between the client's results and the platform's.
        token: ``b64u(body).b64u(signature)``, as received.
    """

    bundle_id: str
    sha256: str
    size: int
    received: datetime
    platform_key_id: str
    content_id: str
    session_id: str
    session_number: str
    candidates: int
    flags: int
    token: str


def issue_receipt(
    key: Ed25519PrivateKey,
    *,
    bundle_id: str,
    sha256: str,
    size: int,
    received: datetime,
    content_id: str,
    session_id: str,
    session_number: str,
    candidates: int,
    flags: int,
) -> Receipt:
    """Sign a receipt with the platform's Ed25519 key (the receiver's side)."""
    fields: dict[str, Any] = {
        "v": RECEIPT_VERSION,
        "kind": RECEIPT_KIND,
        "bundle_id": bundle_id,
        "sha256": sha256,
        "size": size,
        "received": format_utc(received),
        "platform": key_id(key.public_key()),
        "content_id": content_id,
        "session_id": session_id,
        "session_number": session_number,
        "candidates": candidates,
        "flags": flags,
    }
    body = canonical_bytes(fields)
    token = f"{b64u_encode(body)}.{b64u_encode(sign(key, RECEIPT_CONTEXT + body))}"
    return _receipt(fields, token)


def verify_receipt(
    token: str,
    platform_key: Ed25519PublicKey,
    *,
    bundle_id: str | None = None,
    sha256: str | None = None,
    size: int | None = None,
) -> Receipt:
    """Check a receipt's signature and, when given, that it is for this file.

    Args:
        token: The receipt as received.
        platform_key: The configured platform signing key.
        bundle_id: The upload's id the receipt must name.
        sha256: The file's SHA-256 the receipt must name.
        size: The file's size the receipt must name.

    Raises:
        ReceiptError: ``MALFORMED``, ``BAD_SIGNATURE``, ``WRONG_PLATFORM`` or ``NOT_OURS``.
    """
    try:
        signed = decode_signed(token)
    except CertificateError as exc:
        raise ReceiptError(ReceiptErrorCode.MALFORMED, str(exc)) from exc
    fields = dict(signed.fields)
    receipt = _receipt(fields, token)
    if receipt.platform_key_id != key_id(platform_key):
        raise ReceiptError(ReceiptErrorCode.WRONG_PLATFORM, receipt.platform_key_id)
    if not verify(platform_key, RECEIPT_CONTEXT + signed.body, signed.signature):
        raise ReceiptError(ReceiptErrorCode.BAD_SIGNATURE)
    expected = {"bundle_id": bundle_id, "sha256": sha256, "size": size}
    for name, value in expected.items():
        if value is not None and fields[name] != value:
            raise ReceiptError(ReceiptErrorCode.NOT_OURS, f"{name}: {fields[name]!r}")
    return receipt


def parse_receipt(token: str) -> Receipt:
    """Parse a receipt WITHOUT checking its signature: only for one verified before storing.

    Raises:
        ReceiptError: ``MALFORMED``.
    """
    try:
        signed = decode_signed(token)
    except CertificateError as exc:
        raise ReceiptError(ReceiptErrorCode.MALFORMED, str(exc)) from exc
    return _receipt(dict(signed.fields), token)


def _receipt(fields: dict[str, Any], token: str) -> Receipt:
    if set(fields) != _FIELDS:
        raise ReceiptError(ReceiptErrorCode.MALFORMED, "fields")
    if fields["v"] != RECEIPT_VERSION or fields["kind"] != RECEIPT_KIND:
        raise ReceiptError(ReceiptErrorCode.MALFORMED, "kind or version")
    texts = ("bundle_id", "sha256", "platform", "content_id", "session_id", "session_number")
    counts = ("size", "candidates", "flags")
    if not all(isinstance(fields[name], str) for name in texts) or not all(
        type(fields[name]) is int and fields[name] >= 0 for name in counts
    ):
        raise ReceiptError(ReceiptErrorCode.MALFORMED, "field types")
    if not (
        BUNDLE_ID_RE.fullmatch(fields["bundle_id"])
        and SHA256_RE.fullmatch(fields["sha256"])
        and _KEY_ID_RE.fullmatch(fields["platform"])
    ):
        raise ReceiptError(ReceiptErrorCode.MALFORMED, "ids")
    try:
        received = parse_utc(fields["received"])
    except CertificateError as exc:
        raise ReceiptError(ReceiptErrorCode.MALFORMED, "received") from exc
    return Receipt(
        bundle_id=fields["bundle_id"],
        sha256=fields["sha256"],
        size=fields["size"],
        received=received,
        platform_key_id=fields["platform"],
        content_id=fields["content_id"],
        session_id=fields["session_id"],
        session_number=fields["session_number"],
        candidates=fields["candidates"],
        flags=fields["flags"],
        token=token,
    )
