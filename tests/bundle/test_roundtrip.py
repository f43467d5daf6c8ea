"""A bundle opens to exactly what was put in it, and the same inputs give the same bytes."""

from __future__ import annotations

import io
import zipfile

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import Rescore, sample_banks
from pixdesk.bundle.verifier import open_bundle
from pixdesk.bundle.writer import build_bundle, build_bundle_archive
from pixdesk.crypto.keys import key_id
from tests.bundle.conftest import CREATED


def test_round_trip(session: tuple[BundleContents, Signers], platform: PlatformKeyPair) -> None:
    contents, signers = session
    data = build_bundle(contents, signers, platform.public(), created=CREATED)
    opened = open_bundle(data, platform, VerifyPolicy(banks=sample_banks))
    assert opened.contents.session == contents.session
    assert opened.contents.journals == tuple(sorted(contents.journals, key=lambda j: j.station_id))
    assert opened.contents.results == contents.results
    assert opened.manifest.session_number == "1042"
    assert opened.manifest.created == CREATED
    assert not opened.trust.degraded
    assert set(opened.trust.chains) == {j.station_id for j in contents.journals}
    assert [c.level for c in opened.checks] == [Rescore.FULL] * 3
    assert [c.score for c in opened.checks] == [r.score for r in contents.results]


def test_registered_center_and_countersignature(
    tiny: tuple[BundleContents, Signers], platform: PlatformKeyPair
) -> None:
    contents, signers = tiny
    assert signers.center_key is not None
    data = build_bundle(contents, signers, platform.public(), created=CREATED)
    policy = VerifyPolicy(trusted_centers=frozenset({key_id(signers.center_key)}))
    opened = open_bundle(data, platform, policy)
    assert opened.trust.center_registered is True
    assert opened.trust.countersigned is True


def test_without_bank_results_are_checked_by_counts(
    session: tuple[BundleContents, Signers], platform: PlatformKeyPair
) -> None:
    contents, signers = session
    data = build_bundle(contents, signers, platform.public(), created=CREATED)
    opened = open_bundle(data, platform)
    assert {c.level for c in opened.checks} == {Rescore.COUNTS}
    assert {c.gap for c in opened.checks} == {"no_bank"}


def test_same_inputs_same_archive_bytes(session: tuple[BundleContents, Signers]) -> None:
    contents, signers = session
    first = build_bundle_archive(contents, signers, created=CREATED)
    assert build_bundle_archive(contents, signers, created=CREATED) == first


def test_seal_is_fresh_each_time(
    session: tuple[BundleContents, Signers], platform: PlatformKeyPair
) -> None:
    contents, signers = session
    one = build_bundle(contents, signers, platform.public(), created=CREATED)
    two = build_bundle(contents, signers, platform.public(), created=CREATED)
    assert one != two  # a new ephemeral key each time
    assert open_bundle(one, platform).manifest.raw == open_bundle(two, platform).manifest.raw


def test_archive_is_an_ordinary_zip(session: tuple[BundleContents, Signers]) -> None:
    contents, signers = session
    archive = zipfile.ZipFile(io.BytesIO(build_bundle_archive(contents, signers, created=CREATED)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == sorted(names)
    assert {"manifest.json", "manifest.sig", "session/session.json", "results/results.json"} <= set(
        names
    )
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
