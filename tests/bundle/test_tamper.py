"""Every single-byte change of a bundle is refused, and by the check that should catch it.

Three sweeps over a small (one station, two answers, countersigned) bundle:

1. every byte of the sealed file, one bit flipped: the seal (magic, header or AEAD) refuses;
2. every byte of the archive, flipped then sealed again for the right platform: the inner
   checks refuse it, never the seal, so they do not lean on the AEAD;
3. every byte of the manifest and its signatures, and every 13th byte of the other files,
   with the archive rebuilt around the change (valid CRC-32 and sizes): the manifest
   signature or the file hashes refuse it. (Sampled for the other files only to keep the test
   fast: each of those is compared whole by SHA-256, so no position is special.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pixdesk.bundle.archive import build_archive, read_archive
from pixdesk.bundle.envelope import seal_archive
from pixdesk.bundle.errors import BundleError, Stage
from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.verifier import open_bundle, verify_archive
from pixdesk.bundle.writer import build_bundle_archive
from tests.bundle.conftest import CREATED


@pytest.fixture(scope="module")
def archive(tiny: tuple[BundleContents, Signers]) -> bytes:
    contents, signers = tiny
    return build_bundle_archive(contents, signers, created=CREATED)


def _flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << (position % 8)
    return bytes(changed)


def _outcome(call: Callable[..., object], *args: object) -> Stage | None:
    """Return the stage that refused, or None if the bundle was accepted."""
    try:
        call(*args)
    except BundleError as exc:
        return exc.stage
    return None


def test_the_untouched_bundle_opens(archive: bytes, platform: PlatformKeyPair) -> None:
    open_bundle(seal_archive(archive, platform.public()), platform)


def test_every_byte_of_the_sealed_file(archive: bytes, platform: PlatformKeyPair) -> None:
    sealed = seal_archive(archive, platform.public())
    outcomes = [
        _outcome(open_bundle, _flip(sealed, position), platform) for position in range(len(sealed))
    ]
    assert set(outcomes) == {Stage.SEAL}
    assert len(sealed) > 4000


def test_every_byte_of_the_archive_resealed(archive: bytes, platform: PlatformKeyPair) -> None:
    outcomes = {
        _outcome(open_bundle, seal_archive(_flip(archive, position), platform.public()), platform)
        for position in range(len(archive))
    }
    assert None not in outcomes
    assert Stage.SEAL not in outcomes


def test_file_contents_with_a_valid_archive(archive: bytes) -> None:
    files = dict(read_archive(archive))
    stages = set()
    for name, content in files.items():
        step = 1 if name.startswith("manifest.") else 13
        for position in [*range(0, len(content), step), len(content) - 1]:
            changed = {**files, name: _flip(content, position)}
            stages.add(_outcome(verify_archive, build_archive(changed)))
    assert None not in stages
    assert Stage.SEAL not in stages
    # Not only the signature: the manifest's own bytes go through it, the rest through hashes.
    assert {Stage.SIGNATURE, Stage.FILES} <= stages
