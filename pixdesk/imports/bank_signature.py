"""``signature.json``: the platform's Ed25519 signature over the bank's manifest.

The manifest names ``bank.json`` and every attachment with its SHA-256 and size, and the
signer's key id and fingerprint; the signature is over its canonical JSON bytes
(:func:`pixdesk.crypto.canonical.canonical_bytes`). The file itself::

    {"format": "pixdesk-bank-signature", "format_version": 1, "algorithm": "Ed25519",
     "public_key": b64u(32 bytes), "manifest": {…}, "signature": b64u(64 bytes)}

Signatures are checked over the canonical form of the manifest as decoded, so the layout of
``signature.json`` does not matter, only its content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import (
    KeyFormatError,
    b64u_decode,
    b64u_encode,
    fingerprint,
    key_id,
    public_key_from_bytes,
    sign,
    verify,
)
from pixdesk.crypto.platform_keys import is_demo_platform_key
from pixdesk.imports.bank_format import (
    BANK_FILE,
    FORMAT_VERSION,
    MANIFEST_FORMAT,
    SIGNATURE_ALGORITHM,
    SIGNATURE_FORMAT,
    Signer,
    build_manifest,
    is_safe_name,
)
from pixdesk.imports.bank_json import JsonRefusedError, load_strict_json
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode

_P = BankProblemCode
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SIGNATURE_KEYS = {"format", "format_version", "algorithm", "public_key", "manifest", "signature"}
_MANIFEST_KEYS = {"format", "format_version", "bank", "attachments", "signer"}


@dataclass(frozen=True, slots=True)
class SignedManifest:
    """What the signature vouches for: (size, SHA-256) of each file, and the signer."""

    bank: tuple[int, str]
    attachments: Mapping[str, tuple[int, str]]
    signer: Signer


class _MalformedError(ValueError):
    """``signature.json`` does not have the expected shape; the message is the detail."""


def signature_document(
    bank_json: bytes, attachments: Mapping[str, bytes], private_key: Ed25519PrivateKey
) -> dict[str, Any]:
    """Return the content of ``signature.json`` for these files, signed by ``private_key``."""
    manifest = build_manifest(bank_json, attachments, key_id(private_key), fingerprint(private_key))
    return {
        "format": SIGNATURE_FORMAT,
        "format_version": FORMAT_VERSION,
        "algorithm": SIGNATURE_ALGORITHM,
        "public_key": b64u_encode(private_key.public_key().public_bytes_raw()),
        "manifest": manifest,
        "signature": b64u_encode(sign(private_key, canonical_bytes(manifest))),
    }


def read_signature(
    data: bytes, trusted_key_ids: set[str]
) -> tuple[SignedManifest | None, list[BankProblem]]:
    """Read ``signature.json`` and check its signer and signature.

    Returns:
        The manifest when the file is well-formed (even if its signer is not trusted, so that
        files can still be compared), and the problems found.
    """
    try:
        document = load_strict_json(data)
        manifest, public_key, signature = _parse(document)
    except (JsonRefusedError, _MalformedError) as exc:
        return None, [BankProblem(_P.SIGNATURE_MALFORMED, detail=str(exc)[:200])]
    if manifest.signer.key_id not in trusted_key_ids:
        problem = BankProblem(_P.SIGNER_UNTRUSTED, detail=manifest.signer.fingerprint)
        return manifest, [problem]
    if not verify(
        public_key_from_bytes(public_key), canonical_bytes(document["manifest"]), signature
    ):
        return manifest, [BankProblem(_P.SIGNATURE_INVALID)]
    return manifest, []


def _require(condition: bool, detail: str) -> None:
    if not condition:
        raise _MalformedError(detail)


def _b64(value: object, size: int, detail: str) -> bytes:
    _require(isinstance(value, str), detail)
    try:
        raw = b64u_decode(str(value))
    except ValueError as exc:
        raise _MalformedError(detail) from exc
    _require(len(raw) == size, detail)
    return raw


def _file(value: object, where: str) -> tuple[str, tuple[int, str]]:
    _require(isinstance(value, dict) and set(value) == {"name", "sha256", "size"}, where)
    assert isinstance(value, dict)
    name, digest, size = value["name"], value["sha256"], value["size"]
    _require(isinstance(name, str) and is_safe_name(name), f"{where}.name")
    _require(isinstance(digest, str) and bool(_SHA256.fullmatch(digest)), f"{where}.sha256")
    _require(isinstance(size, int) and not isinstance(size, bool) and size >= 0, f"{where}.size")
    return name, (size, digest)


def _parse(document: object) -> tuple[SignedManifest, bytes, bytes]:
    _require(isinstance(document, dict) and set(document) == _SIGNATURE_KEYS, "fields")
    assert isinstance(document, dict)
    _require(document["format"] == SIGNATURE_FORMAT, "format")
    _require(document["format_version"] == FORMAT_VERSION, "format_version")
    _require(document["algorithm"] == SIGNATURE_ALGORITHM, "algorithm")
    public_key = _b64(document["public_key"], 32, "public_key")
    signature = _b64(document["signature"], 64, "signature")
    manifest = document["manifest"]
    _require(isinstance(manifest, dict) and set(manifest) == _MANIFEST_KEYS, "manifest")
    assert isinstance(manifest, dict)
    _require(manifest["format"] == MANIFEST_FORMAT, "manifest.format")
    _require(manifest["format_version"] == FORMAT_VERSION, "manifest.format_version")
    bank_name, bank = _file(manifest["bank"], "manifest.bank")
    _require(bank_name == BANK_FILE, "manifest.bank.name")
    entries = manifest["attachments"]
    _require(isinstance(entries, list), "manifest.attachments")
    attachments = dict(_file(entry, "manifest.attachments") for entry in entries)
    names = [entry["name"] for entry in entries]
    _require(names == sorted(set(names)), "manifest.attachments order")
    signer = manifest["signer"]
    _require(isinstance(signer, dict) and set(signer) == {"key_id", "fingerprint"}, "signer")
    try:
        key = public_key_from_bytes(public_key)
    except KeyFormatError as exc:
        raise _MalformedError("public_key") from exc
    _require(signer["key_id"] == key_id(key), "signer.key_id")
    _require(signer["fingerprint"] == fingerprint(key), "signer.fingerprint")
    found = Signer(key_id(key), fingerprint(key), is_demo_platform_key(key))
    return SignedManifest(bank, attachments, found), public_key, signature
