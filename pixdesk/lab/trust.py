"""What a station believes about the console it reaches: provisioned chain or pinned console.

With a provisioned center key (the normal case), the console must present a session
certificate issued by that key for the requested session, whose ``console_tls_sha256`` is the
TLS certificate actually presented. Without one (degraded mode: demo, small schools), the
station trusts the console on first use and *pins* its session key and TLS fingerprint at the
first successful join; afterwards only that console is accepted for the session. Either way the
session key must sign the hello over the station's fresh nonce (docs/lab-protocol.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixdesk.crypto.certificates import (
    CertificateError,
    RevocationChecker,
    decode_certificate,
    verify_chain,
)
from pixdesk.crypto.keys import (
    KeyFormatError,
    fingerprint,
    public_key_bytes,
    public_key_from_bytes,
)
from pixdesk.lab.codes import LinkProblem
from pixdesk.lab.handshake import check_signature, hub_hello_payload
from pixdesk.lab.messages import HubHello
from pixdesk.lab.pins import MemoryPinStore, PinnedConsole, PinStore
from pixdesk.lab.tls import short_fingerprint


class TrustError(Exception):
    """The console is not the one this station may trust; ``problem`` says why."""

    def __init__(self, problem: LinkProblem, detail: str = "") -> None:
        """Build the error."""
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True, slots=True)
class TrustedConsole:
    """A console that passed the checks, as the learner UI shows it.

    Attributes:
        session_number: The session.
        room: The room the console announced.
        session_key: The session key, which commands must be signed with.
        tls_sha256: The console's TLS certificate fingerprint (full).
        provisioned: True when a center-issued certificate vouched for it; False in
            degraded mode (shown in the UI and recorded in the bundle).
        pinned: In degraded mode, whether this is the console pinned at the first join.
    """

    session_number: str
    room: str
    session_key: Ed25519PublicKey
    tls_sha256: str
    provisioned: bool
    pinned: bool

    @property
    def degraded(self) -> bool:
        """Tell whether no provisioned center key vouches for this console."""
        return not self.provisioned

    @property
    def session_fingerprint(self) -> str:
        """Return the session key's short fingerprint, for the invigilator to compare."""
        return fingerprint(self.session_key)

    @property
    def tls_fingerprint(self) -> str:
        """Return the TLS certificate's short fingerprint."""
        return short_fingerprint(self.tls_sha256)


class StationTrust:
    """Decide whether to trust a console's hello, and which key commands must carry.

    Args:
        center_key: The provisioned center public key; None for degraded mode.
        pins: Where degraded-mode pins live.
        revocations: A verified revocation list, when one was loaded with the session pack.
    """

    def __init__(
        self,
        center_key: Ed25519PublicKey | None,
        pins: PinStore | None = None,
        revocations: RevocationChecker | None = None,
    ) -> None:
        """Keep the trust anchors."""
        self.center_key = center_key
        self._pins = pins if pins is not None else MemoryPinStore()
        self._revocations = revocations

    @property
    def provisioned(self) -> bool:
        """Tell whether a center key is provisioned."""
        return self.center_key is not None

    def check_hub(
        self, hello: HubHello, *, peer_tls_sha256: str, nonce: bytes, station_id: str, session: str
    ) -> TrustedConsole:
        """Check a ``hub.hello`` received over a TLS connection.

        Args:
            hello: The message.
            peer_tls_sha256: SHA-256 of the certificate the TLS handshake presented.
            nonce: The nonce this station sent in its hello.
            station_id: This station's id.
            session: The session this station asked for.

        Raises:
            TrustError: The first check that fails.
        """
        if hello.session_number != session:
            raise TrustError(LinkProblem.WRONG_SESSION, hello.session_number)
        if hello.tls_sha256 != peer_tls_sha256:
            raise TrustError(LinkProblem.TLS_FINGERPRINT_MISMATCH, "hello and TLS disagree")
        try:
            session_key = public_key_from_bytes(hello.session_key)
        except KeyFormatError as exc:
            raise TrustError(LinkProblem.BAD_HUB_SIGNATURE, "session key") from exc
        payload = hub_hello_payload(
            nonce=nonce,
            challenge=hello.challenge,
            station_id=station_id,
            session_number=hello.session_number,
            room=hello.room,
            console_time_ms=hello.console_time_ms,
            tls_sha256=hello.tls_sha256,
        )
        if not check_signature(session_key, payload, hello.signature):
            raise TrustError(LinkProblem.BAD_HUB_SIGNATURE)
        if self.center_key is not None:
            self._check_certificate(hello, self.center_key, session_key, peer_tls_sha256)
            return TrustedConsole(
                session, hello.room, session_key, peer_tls_sha256, provisioned=True, pinned=False
            )
        pin = self._pins.get(session)
        if pin is not None and (
            pin.session_key != hello.session_key or pin.tls_sha256 != peer_tls_sha256
        ):
            raise TrustError(LinkProblem.PIN_MISMATCH, "not the console pinned for the session")
        return TrustedConsole(
            session,
            hello.room,
            session_key,
            peer_tls_sha256,
            provisioned=False,
            pinned=pin is not None,
        )

    def pin(self, console: TrustedConsole) -> TrustedConsole:
        """Pin ``console`` for its session if nothing is pinned yet (degraded mode only).

        Returns:
            The console, marked pinned when it is (now) the pinned one.
        """
        if console.provisioned:
            return console
        existing = self._pins.get(console.session_number)
        if existing is None:
            self._pins.put(
                PinnedConsole(
                    console.session_number,
                    public_key_bytes(console.session_key),
                    console.tls_sha256,
                )
            )
        return TrustedConsole(
            console.session_number,
            console.room,
            console.session_key,
            console.tls_sha256,
            provisioned=False,
            pinned=True,
        )

    def command_key(self, console: TrustedConsole | None) -> Ed25519PublicKey | None:
        """Return the key commands must be signed with, or None when nothing is trusted yet.

        Provisioned: the certified session key of the current connection. Degraded: the
        pinned key only; before the first join nothing may command the station.
        """
        if console is None:
            return None
        if console.provisioned:
            return console.session_key
        pin = self._pins.get(console.session_number)
        return None if pin is None else public_key_from_bytes(pin.session_key)

    def _check_certificate(
        self,
        hello: HubHello,
        center_key: Ed25519PublicKey,
        session_key: Ed25519PublicKey,
        peer_tls_sha256: str,
    ) -> None:
        if hello.session_cert is None:
            raise TrustError(LinkProblem.UNTRUSTED_SESSION, "no session certificate")
        # Console time, not the lab PC's clock: the console's clock is authoritative and
        # lab PC clocks are not trusted (docs/crypto.md §8.3).
        now = datetime.fromtimestamp(hello.console_time_ms // 1000, tz=UTC)
        try:
            cert = verify_chain(
                [decode_certificate(hello.session_cert)],
                root=center_key,
                now=now,
                revocations=self._revocations,
            )
        except CertificateError as exc:
            raise TrustError(LinkProblem.UNTRUSTED_SESSION, exc.code.value) from exc
        if cert.subject_key != public_key_bytes(session_key):
            raise TrustError(LinkProblem.UNTRUSTED_SESSION, "certificate is for another key")
        if cert.session_number != hello.session_number:
            raise TrustError(LinkProblem.UNTRUSTED_SESSION, "certificate is for another session")
        if cert.console_tls_sha256 != peer_tls_sha256:
            raise TrustError(LinkProblem.TLS_FINGERPRINT_MISMATCH, "certificate pins another")
