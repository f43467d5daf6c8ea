"""Receipts: signed over canonical bytes with a context prefix, checked for this very file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.crypto.keys import b64u_decode, b64u_encode, key_id
from pixdesk.sync.receipt import (
    RECEIPT_CONTEXT,
    Receipt,
    ReceiptError,
    ReceiptErrorCode,
    issue_receipt,
    parse_receipt,
    verify_receipt,
)

FIELDS: dict[str, Any] = {
    "bundle_id": "0" * 31 + "1",
    "sha256": "0" * 31 + "1" + "f" * 32,
    "size": 29007,
    "received": datetime(2026, 11, 30, 17, 30, 5, 999, tzinfo=UTC),
    "content_id": "a" * 32,
    "session_id": "session-20261130",
    "session_number": "1042",
    "candidates": 3,
    "flags": 0,
}


def issued(platform: PlatformKeyPair, **changes: Any) -> Receipt:
    return issue_receipt(platform.sign_key, **{**FIELDS, **changes})


def test_round_trip(platform: PlatformKeyPair) -> None:
    receipt = issued(platform)
    public = platform.public().sign_key
    again = verify_receipt(
        receipt.token, public, bundle_id=FIELDS["bundle_id"], sha256=FIELDS["sha256"], size=29007
    )
    assert again == receipt
    assert again.received == datetime(2026, 11, 30, 17, 30, 5, tzinfo=UTC)  # seconds
    assert again.platform_key_id == key_id(public)
    assert parse_receipt(receipt.token) == receipt


def test_body_is_canonical_json_and_signature_has_the_context(platform: PlatformKeyPair) -> None:
    body_text, signature_text = issued(platform).token.split(".")
    body = b64u_decode(body_text)
    assert body == json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    assert json.loads(body)["kind"] == "pixdesk-receipt"
    public = platform.public().sign_key
    public.verify(b64u_decode(signature_text), RECEIPT_CONTEXT + body)  # raises if not


def test_a_signature_without_the_context_is_refused(platform: PlatformKeyPair) -> None:
    body_text, _ = issued(platform).token.split(".")
    bare = platform.sign_key.sign(b64u_decode(body_text))
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(f"{body_text}.{b64u_encode(bare)}", platform.public().sign_key)
    assert caught.value.code is ReceiptErrorCode.BAD_SIGNATURE


def test_a_changed_body_is_refused(platform: PlatformKeyPair) -> None:
    body_text, signature = issued(platform).token.split(".")
    fields = json.loads(b64u_decode(body_text))
    fields["flags"] = 0 if fields["flags"] else 1
    forged = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(f"{b64u_encode(forged)}.{signature}", platform.public().sign_key)
    assert caught.value.code is ReceiptErrorCode.BAD_SIGNATURE


def test_another_platform_key_is_refused(
    platform: PlatformKeyPair, other_platform: PlatformKeyPair
) -> None:
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(issued(other_platform).token, platform.public().sign_key)
    assert caught.value.code is ReceiptErrorCode.WRONG_PLATFORM


@pytest.mark.parametrize(
    ("name", "value"), [("bundle_id", "f" * 32), ("sha256", "e" * 64), ("size", 29008)]
)
def test_a_receipt_for_another_file_is_refused(
    platform: PlatformKeyPair, name: str, value: object
) -> None:
    expected = {"bundle_id": FIELDS["bundle_id"], "sha256": FIELDS["sha256"], "size": 29007}
    expected[name] = value
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(issued(platform).token, platform.public().sign_key, **expected)  # type: ignore[arg-type]
    assert caught.value.code is ReceiptErrorCode.NOT_OURS


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "eyJ9.AAAA", "x" * 5000])
def test_malformed_tokens(platform: PlatformKeyPair, token: str) -> None:
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(token, platform.public().sign_key)
    assert caught.value.code is ReceiptErrorCode.MALFORMED
