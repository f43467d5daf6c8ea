"""Known answers printed in docs/lab-protocol.md §11, so another implementation can check itself."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.keys import b64u_encode
from pixdesk.lab.commands import Command, TimeReason, sign_command
from pixdesk.lab.handshake import hub_hello_payload, station_auth_payload, station_id_for

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
NONCE, CHALLENGE, TLS = b"\x11" * 32, b"\x22" * 32, "5f" * 32


def test_station_id() -> None:
    assert station_id_for(KEY) == "56475aa75463474c"


def test_station_auth() -> None:
    payload = station_auth_payload(
        nonce=NONCE,
        challenge=CHALLENGE,
        station_id="56475aa75463474c",
        session_number="123456",
        tls_sha256=TLS,
    )
    assert payload == (
        b'{"challenge":"IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiI",'
        b'"nonce":"ERERERERERERERERERERERERERERERERERERERERERE",'
        b'"purpose":"pixdesk/lab/v1/station-auth","session_number":"123456",'
        b'"station_id":"56475aa75463474c","tls_sha256":"' + TLS.encode() + b'"}'
    )
    assert b64u_encode(KEY.sign(payload)) == (
        "E97uJ63A2qT1OF-ukaiAH8Wlr0VFA6opG00MpQD_UKYMsIP5cGoCu4sJpJ55tq0lQxabWkj44ZcnyK1g_e2wDA"
    )


def test_hub_hello() -> None:
    payload = hub_hello_payload(
        nonce=NONCE,
        challenge=CHALLENGE,
        station_id="56475aa75463474c",
        session_number="123456",
        room="Salle 12",
        console_time_ms=1796025600000,
        tls_sha256=TLS,
    )
    assert b64u_encode(KEY.sign(payload)) == (
        "h4G1IgNhMCDSUF5nfIeZo5TwsHusOvtVsK63dzK1UE9vPin4j9WkDJYE44hPZZSFmkJrzMNvmBp6Vm0YSCYeBA"
    )


def test_command_token() -> None:
    token = sign_command(
        KEY,
        Command.add_time("cand-lea", 600, TimeReason.TIME_CREDIT),
        session_number="123456",
        station_id="56475aa75463474c",
        issued_at_ms=1796025600000,
        command_id="9f" * 16,
    )
    assert token.endswith(
        ".EGiNKT3HM4wXH5vb47oO8aEm366m4FsJ4mdd_b-0Rv6L3rnvstyqlG96hFt1TFBiz6zV4fIPAv43u4O3GhRLCg"
    )
