"""The sealed file: magic, header, then the archive encrypted to the platform with HPKE.

Layout (docs/bundle-format.md §2)::

    MAGIC (17 bytes: "PIXDESK-BUNDLE" 0x00 "v1")
    header length (4 bytes, big-endian, 2..1024)
    header (canonical JSON: {"aead": 2, "enc": b64u, "kdf": 1, "kem": 32,
            "recipient": <seal key id>, "v": 1})
    ciphertext (AES-256-GCM of the archive, 16-byte tag at the end)

The associated data is everything before the ciphertext, so no byte of the file can change
without the AEAD refusing it. One single-shot HPKE message: v1 bundles are bounded to
256 MiB of archive and are not chunked.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import (
    HPKE_INFO,
    MAGIC,
    MAX_ARCHIVE_BYTES,
    MAX_HEADER_BYTES,
    MAX_SEALED_BYTES,
)
from pixdesk.bundle.platform_key import PlatformKeyPair, PlatformPublicKey
from pixdesk.crypto import hpke
from pixdesk.crypto.canonical import CanonicalError, canonical_bytes
from pixdesk.crypto.keys import b64u_decode, b64u_encode

HEADER_VERSION = 1
_LENGTH_BYTES = 4
_HEADER_KEYS = frozenset({"aead", "enc", "kdf", "kem", "recipient", "v"})


@dataclass(frozen=True, slots=True)
class EnvelopeHeader:
    """The readable part of a sealed bundle (anyone can check it; it reveals no content)."""

    recipient: str  # the platform seal key id the bundle is sealed to
    enc: bytes  # HPKE encapsulated key
    header_bytes: bytes
    ciphertext_length: int


def seal_archive(
    archive: bytes, platform: PlatformPublicKey, *, ephemeral: X25519PrivateKey | None = None
) -> bytes:
    """Seal an archive to the platform and return the bundle file's bytes.

    Args:
        archive: The canonical zip.
        platform: The platform's public key.
        ephemeral: Only for reproducible examples; a fresh random key otherwise.

    Raises:
        BundleError: ``TOO_LARGE``.
    """
    if len(archive) > MAX_ARCHIVE_BYTES:
        raise BundleError(BundleErrorCode.TOO_LARGE, f"{len(archive)} bytes")
    ephemeral = ephemeral if ephemeral is not None else hpke.generate_key()
    header = canonical_bytes(
        {
            "aead": hpke.AEAD_ID,
            "enc": b64u_encode(hpke.public_bytes(ephemeral)),
            "kdf": hpke.KDF_ID,
            "kem": hpke.KEM_ID,
            "recipient": platform.seal_key_id,
            "v": HEADER_VERSION,
        }
    )
    prefix = MAGIC + len(header).to_bytes(_LENGTH_BYTES, "big") + header
    _, ciphertext = hpke.seal(platform.seal_key, HPKE_INFO, prefix, archive, ephemeral=ephemeral)
    return prefix + ciphertext


def read_header(data: bytes) -> EnvelopeHeader:
    """Parse the magic and header without decrypting anything.

    Raises:
        BundleError: ``TOO_LARGE``, ``NOT_A_BUNDLE``, ``BAD_HEADER`` or
            ``UNSUPPORTED_SUITE``.
    """
    if len(data) > MAX_SEALED_BYTES:
        raise BundleError(BundleErrorCode.TOO_LARGE, f"{len(data)} bytes")
    if not data.startswith(MAGIC):
        raise BundleError(BundleErrorCode.NOT_A_BUNDLE, "magic")
    start = len(MAGIC) + _LENGTH_BYTES
    length = int.from_bytes(data[len(MAGIC) : start], "big")
    if len(data) < start or not 2 <= length <= MAX_HEADER_BYTES or len(data) < start + length:
        raise BundleError(BundleErrorCode.BAD_HEADER, "header length")
    header_bytes = data[start : start + length]
    fields = _parse_header(header_bytes)
    if (fields["kem"], fields["kdf"], fields["aead"]) != (hpke.KEM_ID, hpke.KDF_ID, hpke.AEAD_ID):
        raise BundleError(BundleErrorCode.UNSUPPORTED_SUITE, "ciphersuite")
    try:
        enc = b64u_decode(fields["enc"])
    except ValueError as exc:
        raise BundleError(BundleErrorCode.BAD_HEADER, "enc") from exc
    if len(enc) != hpke.N_ENC:
        raise BundleError(BundleErrorCode.BAD_HEADER, "enc length")
    return EnvelopeHeader(fields["recipient"], enc, header_bytes, len(data) - start - length)


def open_envelope(data: bytes, platform: PlatformKeyPair) -> bytes:
    """Check the header, decrypt, and return the archive.

    Raises:
        BundleError: a header code, ``WRONG_RECIPIENT`` or ``DECRYPT_FAILED`` (altered,
            truncated, or sealed with other parameters).
    """
    header = read_header(data)
    if header.recipient != platform.public().seal_key_id:
        raise BundleError(BundleErrorCode.WRONG_RECIPIENT, header.recipient, key=header.recipient)
    prefix_length = len(MAGIC) + _LENGTH_BYTES + len(header.header_bytes)
    try:
        archive = hpke.open_sealed(
            header.enc, platform.seal_key, HPKE_INFO, data[:prefix_length], data[prefix_length:]
        )
    except hpke.HpkeError as exc:
        raise BundleError(BundleErrorCode.DECRYPT_FAILED, str(exc)) from exc
    if len(archive) > MAX_ARCHIVE_BYTES:
        raise BundleError(BundleErrorCode.TOO_LARGE, "archive")
    return archive


def read_bundle_file(path: Path) -> bytes:
    """Read a bundle file, refusing one larger than the format allows before reading it.

    Raises:
        BundleError: ``TOO_LARGE``.
        OSError: the file cannot be read.
    """
    with path.open("rb") as handle:
        # The size first, so that a huge file is refused without reading it.
        if os.fstat(handle.fileno()).st_size > MAX_SEALED_BYTES:
            raise BundleError(BundleErrorCode.TOO_LARGE, str(path))
        data = handle.read(MAX_SEALED_BYTES + 1)
    if len(data) > MAX_SEALED_BYTES:
        raise BundleError(BundleErrorCode.TOO_LARGE, str(path))
    return data


def _parse_header(raw: bytes) -> dict[str, Any]:
    try:
        fields = json.loads(raw.decode("utf-8"))
        if not isinstance(fields, dict) or canonical_bytes(fields) != raw:
            raise ValueError("not canonical JSON of an object")
    except (ValueError, CanonicalError) as exc:
        raise BundleError(BundleErrorCode.BAD_HEADER, str(exc)) from exc
    if set(fields) != _HEADER_KEYS or type(fields["v"]) is not int or fields["v"] != HEADER_VERSION:
        raise BundleError(BundleErrorCode.BAD_HEADER, "fields or version")
    ints = (fields["kem"], fields["kdf"], fields["aead"])
    if not all(type(value) is int for value in ints):
        raise BundleError(BundleErrorCode.BAD_HEADER, "suite ids")
    if not isinstance(fields["enc"], str) or not isinstance(fields["recipient"], str):
        raise BundleError(BundleErrorCode.BAD_HEADER, "field types")
    return fields
