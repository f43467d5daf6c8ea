"""Hostile sealed files and archives: wrong key, truncation, size, zip slip, duplicates, bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pixdesk.bundle import envelope
from pixdesk.bundle.archive import build_archive, read_archive
from pixdesk.bundle.envelope import open_envelope, read_bundle_file, read_header, seal_archive
from pixdesk.bundle.errors import BundleError, BundleErrorCode, Stage
from pixdesk.bundle.layout import MAGIC
from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair, derive_test_platform_key
from pixdesk.bundle.verifier import open_bundle, verify_archive
from pixdesk.bundle.writer import build_bundle_archive
from tests.bundle.conftest import CREATED

C = BundleErrorCode


@pytest.fixture(scope="module")
def archive(tiny: tuple[BundleContents, Signers]) -> bytes:
    contents, signers = tiny
    return build_bundle_archive(contents, signers, created=CREATED)


@pytest.fixture(scope="module")
def sealed(archive: bytes, platform: PlatformKeyPair) -> bytes:
    return seal_archive(archive, platform.public())


def _code(call: object, *args: object) -> BundleErrorCode:
    with pytest.raises(BundleError) as info:
        call(*args)  # type: ignore[operator]
    return info.value.code


def test_wrong_platform_key(sealed: bytes) -> None:
    other = derive_test_platform_key("someone else")
    assert _code(open_bundle, sealed, other) is C.WRONG_RECIPIENT


def test_header_naming_the_wrong_recipient_does_not_help(
    archive: bytes, platform: PlatformKeyPair
) -> None:
    # Sealed to another platform, then the header edited to name ours: the AEAD refuses.
    other = derive_test_platform_key("someone else")
    forged = seal_archive(archive, other.public()).replace(
        other.public().seal_key_id.encode(), platform.public().seal_key_id.encode()
    )
    assert _code(open_bundle, forged, platform) is C.DECRYPT_FAILED


@pytest.mark.parametrize("keep", [0, 5, len(MAGIC), len(MAGIC) + 4, 60, -17, -1])
def test_truncated_file(sealed: bytes, platform: PlatformKeyPair, keep: int) -> None:
    with pytest.raises(BundleError) as info:
        open_bundle(sealed[:keep], platform)
    assert info.value.stage is Stage.SEAL


def test_appended_bytes(sealed: bytes, platform: PlatformKeyPair) -> None:
    assert _code(open_bundle, sealed + b"\0", platform) is C.DECRYPT_FAILED


def test_not_a_bundle(platform: PlatformKeyPair) -> None:
    assert _code(open_bundle, b"PK\x03\x04" + bytes(100), platform) is C.NOT_A_BUNDLE


def test_header_must_be_canonical(archive: bytes, platform: PlatformKeyPair) -> None:
    sealed = seal_archive(archive, platform.public())
    spaced = sealed.replace(b'{"aead":2,', b'{"aead": 2')
    assert _code(read_header, spaced) is C.BAD_HEADER


def test_unsupported_suite(sealed: bytes) -> None:
    assert _code(read_header, sealed.replace(b'"aead":2', b'"aead":1')) is C.UNSUPPORTED_SUITE


def test_oversized_file_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pixbundle"
    with path.open("wb") as handle:
        handle.truncate(envelope.MAX_SEALED_BYTES + 1)  # sparse: nothing is written
    assert _code(read_bundle_file, path) is C.TOO_LARGE


def test_oversized_bytes(
    sealed: bytes, platform: PlatformKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(envelope, "MAX_SEALED_BYTES", len(sealed) - 1)
    assert _code(open_envelope, sealed, platform) is C.TOO_LARGE
    monkeypatch.setattr(envelope, "MAX_ARCHIVE_BYTES", 10)
    assert _code(seal_archive, b"x" * 11, platform.public()) is C.TOO_LARGE


def _renamed(archive: bytes, old: str, new: str) -> bytes:
    assert len(old) == len(new)
    return archive.replace(old.encode(), new.encode())


@pytest.mark.parametrize(
    "name",
    [
        "../../../../../../../etc/passwd.jsonl",
        "/absolute/path/is/not/allowed/x.txt",
        "results\\..\\..\\windows\\sys.ini.xx",
        "C:/Windows/System32/drivers/xyz.ab",
        "results/../../../../escape/here.json",
        "Results/Results.json/with/UPPER/cas",
    ],
)
def test_zip_slip_names(archive: bytes, name: str) -> None:
    old = "session/session.json"
    name = name[: len(old)].ljust(len(old), "x")
    assert _code(verify_archive, _renamed(archive, old, name)) is C.ZIP_UNSAFE_NAME


def test_duplicate_names(archive: bytes) -> None:
    names = sorted(read_archive(archive))
    certs = [n for n in names if n.startswith("certificates/stations/")]
    assert len(certs) == 2
    assert _code(verify_archive, _renamed(archive, certs[1], certs[0])) is C.ZIP_DUPLICATE


def _python_zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as out:
        for name, data in entries.items():
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=method)
    return buffer.getvalue()


def test_zip_bomb(platform: PlatformKeyPair) -> None:
    # 100 MiB of zeros deflate to about 100 KiB; the declared size is refused, nothing inflated.
    bomb = _python_zip({"results/results.json": bytes(100 << 20)})
    assert len(bomb) < 200_000
    sealed = seal_archive(bomb, platform.public())
    assert _code(open_bundle, sealed, platform) is C.ZIP_LIMITS


def test_compressed_entries_are_refused() -> None:
    assert _code(verify_archive, _python_zip({"manifest.json": b"{}"})) is C.ZIP_UNSUPPORTED


def test_too_many_entries() -> None:
    many = {f"f/{i:05d}": b"" for i in range(5000)}
    assert _code(verify_archive, _python_zip(many, zipfile.ZIP_STORED)) is C.ZIP_LIMITS


def test_python_zipfile_layout_is_not_canonical() -> None:
    # Same files, another writer: refused, so no byte of the archive escapes the checks.
    plain = _python_zip({"manifest.json": b"{}"}, zipfile.ZIP_STORED)
    assert _code(read_archive, plain) is C.ZIP_MALFORMED


def test_archive_round_trip_and_comment_refused() -> None:
    files = {"b/one": b"1", "a": b"", "c.txt": b"three"}
    archive = build_archive(files)
    assert dict(read_archive(archive)) == files
    commented = archive[:-2] + b"\x01\x00!"
    assert _code(read_archive, commented) is C.ZIP_MALFORMED


def test_writer_refuses_unsafe_names() -> None:
    assert _code(build_archive, {"../x": b""}) is C.ZIP_UNSAFE_NAME
