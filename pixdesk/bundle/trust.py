"""Stages 3 and 4 of verification: signatures, certificate chain, revocation.

Center trust: the manifest names the center key; the session certificate (issued by the
center) certifies the session key that signed the manifest, and each journal's key has a
station certificate issued by that session key; every certificate must be valid at the
session's time. Degraded trust: no center key was provisioned; the session key signs the
manifest, which lists each station's key, and nothing vouches for the session key itself
(the platform sees the flag and the key's fingerprint).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import (
    MANIFEST_COUNTERSIG,
    MANIFEST_COUNTERSIG_CONTEXT,
    MANIFEST_SIG,
    MANIFEST_SIG_CONTEXT,
    REVOCATION_LIST,
    SESSION_CERT,
    station_cert_path,
)
from pixdesk.bundle.manifest import Manifest
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.crypto.certificates import (
    Certificate,
    CertificateError,
    decode_certificate,
    verify_chain,
)
from pixdesk.crypto.keys import key_id, public_key_from_bytes, verify
from pixdesk.crypto.revocation import load_revocation_list


@dataclass(frozen=True, slots=True)
class TrustReport:
    """What the signature stage established.

    Attributes:
        degraded: No center key: only the session key vouches for the bundle.
        center_registered: The center key is one of the policy's (None when the policy
            names none, or in degraded trust).
        countersigned: The center countersigned the manifest.
        chains: The verified chain (session certificate, station certificate) of each
            station, by station id; empty in degraded trust.
    """

    degraded: bool
    center_registered: bool | None
    countersigned: bool
    chains: Mapping[str, tuple[Certificate, Certificate]]


def check_signatures(
    manifest: Manifest, files: Mapping[str, bytes], policy: VerifyPolicy
) -> TrustReport:
    """Check the manifest signature, the countersignature and the certificate chains.

    Raises:
        BundleError: ``BAD_SIGNATURE``, ``BAD_COUNTERSIGNATURE``, ``DEGRADED_REFUSED``,
            ``UNTRUSTED_CENTER`` or ``CERTIFICATE_INVALID``.
    """
    signature = files.get(MANIFEST_SIG, b"")
    if not verify(manifest.session_public_key(), MANIFEST_SIG_CONTEXT + manifest.raw, signature):
        raise BundleError(BundleErrorCode.BAD_SIGNATURE, "manifest.sig")
    countersignature = files.get(MANIFEST_COUNTERSIG)
    if (countersignature is not None) != manifest.countersigned:
        raise BundleError(BundleErrorCode.BAD_COUNTERSIGNATURE, "presence")
    if manifest.center_key is None:
        if policy.require_center:
            raise BundleError(BundleErrorCode.DEGRADED_REFUSED)
        return TrustReport(degraded=True, center_registered=None, countersigned=False, chains={})
    center = public_key_from_bytes(manifest.center_key)
    registered = None
    if policy.trusted_centers is not None:
        registered = key_id(center) in policy.trusted_centers
        if not registered:
            raise BundleError(BundleErrorCode.UNTRUSTED_CENTER, key=key_id(center))
    if countersignature is not None and not verify(
        center, MANIFEST_COUNTERSIG_CONTEXT + manifest.raw, countersignature
    ):
        raise BundleError(BundleErrorCode.BAD_COUNTERSIGNATURE)
    session_cert = _certificate(files, SESSION_CERT)
    chains: dict[str, tuple[Certificate, Certificate]] = {}
    for journal in manifest.journals:
        station_cert = _certificate(files, station_cert_path(journal.station_id))
        try:
            verify_chain([session_cert, station_cert], root=center, now=manifest.session_time)
        except CertificateError as exc:
            raise BundleError(
                BundleErrorCode.CERTIFICATE_INVALID,
                f"{journal.station_id}: {exc.code}",
                station=journal.station_id,
                reason=exc.code.value,
            ) from exc
        if station_cert.subject_key != journal.public_key:
            raise BundleError(
                BundleErrorCode.CERTIFICATE_INVALID,
                f"{journal.station_id}: certificate for another key",
                station=journal.station_id,
                reason="SUBJECT",
            )
        chains[journal.station_id] = (session_cert, station_cert)
    if not manifest.journals:
        try:
            verify_chain([session_cert], root=center, now=manifest.session_time)
        except CertificateError as exc:
            raise BundleError(
                BundleErrorCode.CERTIFICATE_INVALID, str(exc), station="", reason=exc.code.value
            ) from exc
    if (
        session_cert.subject_key != manifest.session_key
        or session_cert.session_number != manifest.session_number
    ):
        raise BundleError(
            BundleErrorCode.CERTIFICATE_INVALID,
            "session certificate does not name the manifest's signer and session",
            station="",
            reason="SUBJECT",
        )
    return TrustReport(False, registered, countersignature is not None, chains)


def check_revocation(
    manifest: Manifest, files: Mapping[str, bytes], trust: TrustReport, policy: VerifyPolicy
) -> None:
    """Refuse a bundle whose session or station certificate or key has been revoked.

    The bundle's own list (signed by its center) and the verifier's lists all count.

    Raises:
        BundleError: ``REVOKED``.
    """
    lists = list(policy.revocations)
    raw = files.get(REVOCATION_LIST)
    if raw is not None:
        if manifest.center_key is None:
            raise BundleError(BundleErrorCode.REVOCATION_LIST_INVALID, "no center to issue it")
        try:
            lists.append(
                load_revocation_list(
                    raw.decode("ascii"),
                    center_public_key=public_key_from_bytes(manifest.center_key),
                )
            )
        except (CertificateError, UnicodeDecodeError) as exc:
            raise BundleError(BundleErrorCode.REVOCATION_LIST_INVALID, str(exc)) from exc
    revoked_keys = {fpr for revocations in lists for fpr in revocations.key_fprs}
    # Keys first: in degraded trust there are no certificates, but a lost PC's key can still
    # be revoked.
    signer = key_id(manifest.session_key)
    if signer in revoked_keys:
        raise BundleError(BundleErrorCode.REVOKED, "session key", serial="", station="")
    for journal in manifest.journals:
        if key_id(journal.public_key) in revoked_keys:
            raise BundleError(
                BundleErrorCode.REVOKED, journal.station_id, serial="", station=journal.station_id
            )
    for station, chain in trust.chains.items():
        for cert in chain:
            if any(revocations.is_revoked(cert) for revocations in lists):
                raise BundleError(
                    BundleErrorCode.REVOKED, cert.serial, serial=cert.serial, station=station
                )


def _certificate(files: Mapping[str, bytes], path: str) -> Certificate:
    raw = files.get(path)
    if raw is None:
        raise BundleError(
            BundleErrorCode.CERTIFICATE_INVALID, f"{path} missing", station=path, reason="MISSING"
        )
    try:
        return decode_certificate(raw.decode("ascii"))
    except (CertificateError, UnicodeDecodeError) as exc:
        raise BundleError(
            BundleErrorCode.CERTIFICATE_INVALID, f"{path}: {exc}", station=path, reason="MALFORMED"
        ) from exc
