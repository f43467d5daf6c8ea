"""The console's TLS identity: ECDSA P-256, TLS 1.3 only, fingerprints, storage."""

from __future__ import annotations

import hashlib
import ssl
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from pixdesk.lab.tls import (
    ConsoleTlsIdentity,
    TlsError,
    client_context,
    generate_console_tls,
    load_console_tls,
    peer_certificate_sha256,
    save_console_tls,
    server_context,
    short_fingerprint,
)
from tests.lab.harness import T0


def test_the_certificate_is_ecdsa_p256_and_its_fingerprint_is_of_the_der() -> None:
    identity = generate_console_tls(now=T0)
    cert = x509.load_der_x509_certificate(identity.certificate_der)
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    assert isinstance(public.curve, ec.SECP256R1)
    assert identity.sha256 == hashlib.sha256(identity.certificate_der).hexdigest()
    assert len(identity.fingerprint) == 19
    assert identity.fingerprint == short_fingerprint(identity.sha256)


def test_both_contexts_speak_tls_13_only() -> None:
    identity = generate_console_tls(now=T0)
    for context in (server_context(identity), client_context()):
        assert context.minimum_version is ssl.TLSVersion.TLSv1_3
    assert client_context().verify_mode is ssl.CERT_NONE  # the fingerprint is checked instead


def test_the_identity_is_saved_with_its_key_encrypted(tmp_path: Path) -> None:
    identity = generate_console_tls(now=T0)
    save_console_tls(tmp_path, identity, b"a long secret")
    key_file = tmp_path / "console-tls.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"ENCRYPTED" in key_file.read_bytes()
    again = load_console_tls(tmp_path, b"a long secret")
    assert again.sha256 == identity.sha256
    with pytest.raises(TlsError):
        load_console_tls(tmp_path, b"wrong")
    with pytest.raises(ValueError, match="encrypted"):
        identity.private_key_pem(b"")


def test_a_key_that_is_not_the_certificates_is_refused(tmp_path: Path) -> None:
    one, two = generate_console_tls(now=T0), generate_console_tls(now=T0)
    with pytest.raises(TlsError, match="does not match"):
        ConsoleTlsIdentity.load(one.certificate_pem(), two.private_key_pem(b"pw"), b"pw")
    with pytest.raises(TlsError):
        load_console_tls(tmp_path / "missing", b"pw")


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        generate_console_tls(now=T0.replace(tzinfo=None))


def test_no_tls_object_no_fingerprint() -> None:
    with pytest.raises(TlsError):
        peer_certificate_sha256(None)
