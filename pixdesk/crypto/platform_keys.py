"""Platform public keys as files, and the DEMO platform key (publicly known, test only).

A platform public key file (``*.pub``) is text: comment lines starting with ``#``, then one
line holding the 32 raw bytes of the Ed25519 public key in unpadded base64url.

The demo platform key signs the demo item bank. Its private half is **not a secret**: it is
derived from a published sentence (:data:`DEMO_PLATFORM_SEED_TEXT`), so anyone can sign
anything with it. It exists so that the demo bank can be rebuilt and verified without a
private key file in the repository; a bank it signs must never be used for a real
certification, and ``pixdesk bank verify`` says so whenever it sees it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.keys import (
    KeyFormatError,
    b64u_decode,
    b64u_encode,
    fingerprint,
    key_id,
    private_key_from_bytes,
    public_key_bytes,
    public_key_from_bytes,
)

DEMO_PLATFORM_SEED_TEXT: Final = (
    "pixdesk DEMO platform key — TEST ONLY, publicly known, never trust in production"
)
MAX_KEY_FILE_BYTES: Final = 4096


def demo_platform_private_key() -> Ed25519PrivateKey:
    """Return the demo platform key: seed = SHA-256 of the published sentence (NOT SECRET)."""
    seed = hashlib.sha256(DEMO_PLATFORM_SEED_TEXT.encode("utf-8")).digest()
    return private_key_from_bytes(seed)


def demo_platform_key_id() -> str:
    """Return the key id of the demo platform key, to recognise what it signed."""
    return key_id(demo_platform_private_key())


def is_demo_platform_key(key: Ed25519PublicKey | bytes) -> bool:
    """Tell whether ``key`` is the publicly known demo platform key."""
    return key_id(key) == demo_platform_key_id()


def format_public_key_file(key: Ed25519PublicKey | Ed25519PrivateKey, comment: str) -> str:
    """Return the text of a ``.pub`` file for ``key`` (its public half only)."""
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines.append(f"# fingerprint {fingerprint(key)}")
    lines.append(b64u_encode(public_key_bytes(key)))
    return "\n".join(lines) + "\n"


def read_public_key_file(path: Path) -> Ed25519PublicKey:
    """Read a ``.pub`` file.

    Raises:
        KeyFormatError: the file holds no key, several keys or a malformed one.
        OSError: the file cannot be read.
    """
    with path.open("rb") as handle:
        raw = handle.read(MAX_KEY_FILE_BYTES + 1)
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFormatError("public key file too big")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KeyFormatError("public key file is not UTF-8") from exc
    keys = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(keys) != 1:
        raise KeyFormatError("a public key file holds exactly one key line")
    try:
        return public_key_from_bytes(b64u_decode(keys[0]))
    except ValueError as exc:
        raise KeyFormatError("public key is not base64url") from exc
