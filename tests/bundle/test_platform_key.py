"""The platform key pair's files: round trip, 0600 and no clobber, halves that must match."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.bundle.platform_key import (
    PlatformKeyError,
    PlatformKeyErrorCode,
    PlatformPublicKey,
    derive_test_platform_key,
    generate_platform_key,
    parse_platform_key,
    read_platform_private_key,
    write_platform_private_key,
)


def test_private_file_round_trip(tmp_path: Path) -> None:
    pair = generate_platform_key("Académie de test")
    path = tmp_path / "platform.key"
    write_platform_private_key(path, pair)
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_platform_private_key(path).to_file() == pair.to_file()
    with pytest.raises(FileExistsError):
        write_platform_private_key(path, pair)


def test_public_file_round_trip() -> None:
    public = derive_test_platform_key("files").public()
    parsed = parse_platform_key(public.to_file())
    assert isinstance(parsed, PlatformPublicKey)
    assert parsed.to_file() == public.to_file()
    assert parsed.seal_key_id == public.seal_key_id


def test_public_file_is_not_a_private_key(tmp_path: Path) -> None:
    path = tmp_path / "platform.pub"
    path.write_bytes(derive_test_platform_key("files").public().to_file())
    with pytest.raises(PlatformKeyError) as info:
        read_platform_private_key(path)
    assert info.value.code is PlatformKeyErrorCode.NOT_PRIVATE


def test_private_file_whose_public_half_was_swapped() -> None:
    pair, other = derive_test_platform_key("mine"), derive_test_platform_key("theirs")
    text = pair.to_file().decode()
    mine = text.split('"seal_key":"')[1].split('"')[0]
    theirs = other.public().to_file().decode().split('"seal_key":"')[1].split('"')[0]
    with pytest.raises(PlatformKeyError) as info:
        parse_platform_key(text.replace(mine, theirs).encode())
    assert info.value.code is PlatformKeyErrorCode.MISMATCH


@pytest.mark.parametrize(
    "data", [b"", b"{}", b"[1]", b"\xff", b'{"format":"pixdesk-platform-public-key","v":1}']
)
def test_malformed_files(data: bytes) -> None:
    with pytest.raises(PlatformKeyError):
        parse_platform_key(data)
