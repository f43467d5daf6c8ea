"""The bytes each side signs during the handshake, and the station id rule.

Both signatures cover canonical JSON naming their purpose, both nonces, the session, the
station and the console's TLS certificate fingerprint: a signature made for one connection,
one station or one purpose is worthless on any other (docs/lab-protocol.md §5).
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.keys import b64u_encode, public_key_bytes, verify

HUB_HELLO_PURPOSE = "pixdesk/lab/v1/hub-hello"
STATION_AUTH_PURPOSE = "pixdesk/lab/v1/station-auth"
STATION_ID_LENGTH = 16


def station_id_for(public_key: bytes | Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the station id a key derives to: the first 16 hex of SHA-256 of its raw bytes.

    The same rule as ``services.station_store`` (docs/decisions.md §10), restated here because
    the lab layer sits below services.
    """
    return hashlib.sha256(public_key_bytes(public_key)).hexdigest()[:STATION_ID_LENGTH]


def hub_hello_payload(
    *,
    nonce: bytes,
    challenge: bytes,
    station_id: str,
    session_number: str,
    room: str,
    console_time_ms: int,
    tls_sha256: str,
) -> bytes:
    """Return what the session key signs in ``hub.hello``."""
    return canonical_bytes(
        {
            "purpose": HUB_HELLO_PURPOSE,
            "nonce": b64u_encode(nonce),
            "challenge": b64u_encode(challenge),
            "station_id": station_id,
            "session_number": session_number,
            "room": room,
            "console_time_ms": console_time_ms,
            "tls_sha256": tls_sha256,
        }
    )


def station_auth_payload(
    *, nonce: bytes, challenge: bytes, station_id: str, session_number: str, tls_sha256: str
) -> bytes:
    """Return what the station key signs in ``station.auth``."""
    return canonical_bytes(
        {
            "purpose": STATION_AUTH_PURPOSE,
            "nonce": b64u_encode(nonce),
            "challenge": b64u_encode(challenge),
            "station_id": station_id,
            "session_number": session_number,
            "tls_sha256": tls_sha256,
        }
    )


def check_signature(public_key: Ed25519PublicKey, payload: bytes, signature: bytes) -> bool:
    """Return True when ``signature`` is the key's Ed25519 signature of ``payload``."""
    return verify(public_key, payload, signature)
