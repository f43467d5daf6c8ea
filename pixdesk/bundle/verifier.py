"""Open and verify a bundle, stage by stage, stopping at the first failure.

Order (docs/bundle-format.md §8): seal → archive → manifest signature and certificate chain
→ revocation → files against the manifest → session data and journals → results against the
journals. Each stage trusts only what the stages before it established.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixdesk.bundle.archive import read_archive
from pixdesk.bundle.contents_check import check_files, check_journals, check_session
from pixdesk.bundle.envelope import open_envelope
from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import MANIFEST, RESULTS
from pixdesk.bundle.manifest import Manifest, parse_manifest
from pixdesk.bundle.model import BundleContents
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import CandidateCheck, check_results
from pixdesk.bundle.trust import TrustReport, check_revocation, check_signatures
from pixdesk.bundle.wire import WireError, decode_results


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    """A bundle that passed every check, and what each check established.

    Attributes:
        manifest: The signed manifest.
        trust: Degraded or center trust, countersignature, verified chains.
        contents: The session data, journals and results (certificates in ``trust``).
        checks: How far each candidate's result could be re-derived.
        archive_size: Size of the archive inside the seal, in bytes.
    """

    manifest: Manifest
    trust: TrustReport
    contents: BundleContents
    checks: tuple[CandidateCheck, ...]
    archive_size: int


def open_bundle(
    data: bytes, platform: PlatformKeyPair, policy: VerifyPolicy | None = None
) -> VerifiedBundle:
    """Decrypt a sealed bundle with the platform's key and verify everything in it.

    Raises:
        BundleError: the first check that failed, by its code.
    """
    return verify_archive(open_envelope(data, platform), policy)


def verify_archive(archive: bytes, policy: VerifyPolicy | None = None) -> VerifiedBundle:
    """Verify an archive already taken out of its seal (stages 2 to 7).

    Raises:
        BundleError: the first check that failed, by its code.
    """
    policy = policy or VerifyPolicy()
    files = read_archive(archive)
    raw_manifest = files.get(MANIFEST)
    if raw_manifest is None:
        raise BundleError(BundleErrorCode.MANIFEST_MISSING)
    manifest = parse_manifest(raw_manifest)
    trust = check_signatures(manifest, files, policy)
    check_revocation(manifest, files, trust, policy)
    check_files(manifest, files)
    session = check_session(manifest, files)
    journals = check_journals(manifest, files)
    try:
        results = decode_results(files[RESULTS])
    except WireError as exc:
        raise BundleError(BundleErrorCode.RESULTS_MALFORMED, str(exc)) from exc
    checks = check_results(results, journals, session, policy.banks)
    contents = BundleContents(
        session=session,
        journals=journals,
        results=results,
        session_time=manifest.session_time,
    )
    return VerifiedBundle(manifest, trust, contents, checks, len(archive))
