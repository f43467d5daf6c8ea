"""The console's self-signed TLS certificate, and the TLS contexts of both sides.

The console's certificate is ECDSA P-256 (docs/decisions.md: every TLS stack a third party
might use, Windows SChannel included, accepts it; Ed25519 certificates are not universal).
No certificate authority is involved: a station checks the SHA-256 of the certificate's DER
bytes after the handshake, against the session certificate's ``console_tls_sha256`` (center
key provisioned) or against the console it pinned (degraded mode). TLS 1.3 only.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import ssl
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Self

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pixdesk.atomicfile import write_file_atomically

CERT_FILE = "console-tls.crt"
KEY_FILE = "console-tls.key"
DEFAULT_VALIDITY = timedelta(days=3650)  # nobody checks it: the fingerprint is the trust


class TlsError(Exception):
    """The TLS identity cannot be used, or the peer's certificate cannot be read."""


@dataclass(frozen=True, slots=True)
class ConsoleTlsIdentity:
    """The console's TLS certificate and private key.

    Attributes:
        certificate_der: The self-signed certificate, DER.
        private_key: Its ECDSA P-256 key (kept in memory; written only encrypted).
    """

    certificate_der: bytes
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)

    @property
    def sha256(self) -> str:
        """Return the lowercase hex SHA-256 of the certificate's DER bytes."""
        return certificate_sha256(self.certificate_der)

    @property
    def fingerprint(self) -> str:
        """Return the short form people compare (``XXXX-XXXX-XXXX-XXXX``)."""
        return short_fingerprint(self.sha256)

    def certificate_pem(self) -> bytes:
        """Return the certificate in PEM."""
        cert = x509.load_der_x509_certificate(self.certificate_der)
        return cert.public_bytes(serialization.Encoding.PEM)

    def private_key_pem(self, password: bytes) -> bytes:
        """Return the private key as encrypted PKCS#8 PEM (never in the clear)."""
        if not password:
            raise ValueError("the TLS key is only written encrypted")
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password),
        )

    @classmethod
    def load(cls, certificate_pem: bytes, private_key_pem: bytes, password: bytes) -> Self:
        """Read an identity written by :meth:`certificate_pem` and :meth:`private_key_pem`.

        Raises:
            TlsError: Unreadable files, a wrong password, or a key that is not the
                certificate's.
        """
        try:
            cert = x509.load_pem_x509_certificate(certificate_pem)
            key = serialization.load_pem_private_key(private_key_pem, password)
        except (ValueError, TypeError) as exc:
            raise TlsError(f"cannot read the console TLS identity: {exc}") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TlsError("the console TLS key is not an ECDSA key")
        if key.public_key().public_numbers() != _ec_public(cert).public_numbers():
            raise TlsError("the console TLS key does not match its certificate")
        return cls(cert.public_bytes(serialization.Encoding.DER), key)


def _ec_public(cert: x509.Certificate) -> ec.EllipticCurvePublicKey:
    public = cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise TlsError("the console TLS certificate is not an ECDSA certificate")
    return public


def generate_console_tls(
    *, now: datetime, common_name: str = "pixdesk console", validity: timedelta = DEFAULT_VALIDITY
) -> ConsoleTlsIdentity:
    """Create a new self-signed ECDSA P-256 certificate for the console.

    Args:
        now: The current time (aware); the certificate is valid from one day before, so
            a station whose clock is behind does not choke on it in a library check.
        common_name: The subject and issuer name (informational).
        validity: How long after ``now`` the certificate stays valid.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware (UTC) time")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return ConsoleTlsIdentity(cert.public_bytes(serialization.Encoding.DER), key)


def save_console_tls(directory: Path, identity: ConsoleTlsIdentity, password: bytes) -> None:
    """Write the identity to ``directory`` (certificate, and key encrypted under ``password``).

    The certificate must stay the same for a whole session, since the session certificate
    pins its fingerprint: a console that restarts reloads it instead of making a new one.
    """
    write_file_atomically(directory / CERT_FILE, identity.certificate_pem(), mode=0o644)
    write_file_atomically(directory / KEY_FILE, identity.private_key_pem(password), mode=0o600)


def load_console_tls(directory: Path, password: bytes) -> ConsoleTlsIdentity:
    """Read the identity written by :func:`save_console_tls`.

    Raises:
        TlsError: Missing or unreadable files, wrong password, mismatched key.
    """
    try:
        cert_pem = (directory / CERT_FILE).read_bytes()
        key_pem = (directory / KEY_FILE).read_bytes()
    except OSError as exc:
        raise TlsError(f"cannot read the console TLS identity: {exc.strerror}") from exc
    return ConsoleTlsIdentity.load(cert_pem, key_pem, password)


def server_context(identity: ConsoleTlsIdentity) -> ssl.SSLContext:
    """Return the console's TLS 1.3 server context; stations present no certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    # ssl can only load a key from a file: write it encrypted under a one-time password in
    # a private temporary directory, so the clear key never touches the disk.
    password = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="pixdesk-tls-") as tmp:
        cert_path, key_path = Path(tmp) / CERT_FILE, Path(tmp) / KEY_FILE
        write_file_atomically(cert_path, identity.certificate_pem(), mode=0o600)
        write_file_atomically(key_path, identity.private_key_pem(password), mode=0o600)
        context.load_cert_chain(cert_path, key_path, password=password)
    return context


def client_context() -> ssl.SSLContext:
    """Return a station's TLS 1.3 client context.

    It verifies no chain and no host name on purpose: the console's certificate is
    self-signed, and the station checks its fingerprint right after the handshake
    (:func:`peer_certificate_sha256`) before sending anything.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def certificate_sha256(der: bytes) -> str:
    """Return the lowercase hex SHA-256 of a certificate's DER bytes."""
    return hashlib.sha256(der).hexdigest()


def peer_certificate_sha256(ssl_object: object) -> str:
    """Return the SHA-256 of the certificate the TLS peer presented.

    Args:
        ssl_object: ``transport.get_extra_info("ssl_object")``.

    Raises:
        TlsError: Not a TLS connection, or no certificate was presented.
    """
    if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        raise TlsError("not a TLS connection")
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        raise TlsError("the console presented no certificate")
    return certificate_sha256(der)


def short_fingerprint(sha256_hex: str) -> str:
    """Return the first 10 bytes of a SHA-256 in base32, in four groups of four.

    The same form as ``crypto.keys.fingerprint`` (docs/crypto.md §4), for a TLS certificate.
    """
    text = base64.b32encode(bytes.fromhex(sha256_hex)[:10]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))
