"""A station's X25519 key, and the bank key sealed to it (docs/crypto.md §5, lab-protocol §7.2).

The station's X25519 key is not stored: it is derived from the station's Ed25519 seed (in the
keystore) with HKDF-SHA256, ``info = "pixdesk/v1/station-x25519"``, no salt, 32 bytes, used as
the X25519 private key. Its public half is published in the station's signed
``candidate.joined`` event (``station_kem_key``), from which the console reads it.

The console seals a session's **bank key** (``crypto.sealed_bank``) to it with HPKE base mode
(``crypto.hpke``: X25519, HKDF-SHA256, AES-256-GCM), ``info = "pixdesk/v1/bank-key"`` and as
associated data the canonical JSON of who it is for (session, station, candidate, bank). The
sealed form is ``b64u(enc ‖ ct)``: 32 + 32 + 16 = 80 bytes, 107 characters. Only that form is
ever journaled; a station opens it again from its journal after a restart, offline.
"""

from __future__ import annotations

from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from pixdesk.crypto import hpke
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import KeyPurpose, b64u_decode, b64u_encode, derive_key

BANK_KEY_INFO: Final = b"pixdesk/v1/bank-key"
BANK_KEY_PURPOSE: Final = "pixdesk/v1/bank-key"
SEALED_KEY_BYTES: Final = hpke.N_ENC + 32 + hpke.N_T
SEALED_KEY_CHARS: Final = 107  # unpadded base64url of 80 bytes


def station_kem_key(signing_key: Ed25519PrivateKey) -> X25519PrivateKey:
    """Return the station's X25519 key, derived from its Ed25519 seed (deterministic)."""
    seed = signing_key.private_bytes_raw()
    return X25519PrivateKey.from_private_bytes(derive_key(seed, KeyPurpose.STATION_X25519))


def kem_public_text(key: X25519PrivateKey | X25519PublicKey) -> str:
    """Return the public half as journaled: unpadded base64url of its 32 raw bytes."""
    return b64u_encode(hpke.public_bytes(key))


def kem_public_from_text(text: str) -> X25519PublicKey:
    """Read a journaled public half.

    Raises:
        ValueError: Not 32 bytes of base64url, or not an X25519 key.
    """
    raw = b64u_decode(text)
    if len(raw) != hpke.N_ENC:
        raise ValueError("an X25519 public key is 32 bytes")
    return X25519PublicKey.from_public_bytes(raw)


def bank_key_aad(*, session_number: str, station_id: str, candidate_id: str, bank_id: str) -> bytes:
    """Return the associated data binding a sealed bank key to its recipient and bank."""
    return canonical_bytes(
        {
            "purpose": BANK_KEY_PURPOSE,
            "session_number": session_number,
            "station_id": station_id,
            "candidate_id": candidate_id,
            "bank_id": bank_id,
        }
    )


def seal_bank_key(recipient: X25519PublicKey, key: bytes, aad: bytes) -> str:
    """Seal a 32-byte bank key to a station; return ``b64u(enc ‖ ct)``."""
    if len(key) != 32:
        raise ValueError("a bank key is 32 bytes")
    enc, ciphertext = hpke.seal(recipient, BANK_KEY_INFO, aad, key)
    return b64u_encode(enc + ciphertext)


def open_bank_key(sealed: str, recipient: X25519PrivateKey, aad: bytes) -> bytes:
    """Open what :func:`seal_bank_key` made.

    Raises:
        HpkeError: Not this station's, not for this candidate/bank/session, or altered.
    """
    try:
        raw = b64u_decode(sealed)
    except ValueError as exc:
        raise hpke.HpkeError("sealed key is not base64url") from exc
    if len(raw) != SEALED_KEY_BYTES:
        raise hpke.HpkeError("sealed key has the wrong size")
    return hpke.open_sealed(raw[: hpke.N_ENC], recipient, BANK_KEY_INFO, aad, raw[hpke.N_ENC :])
