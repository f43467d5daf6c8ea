"""macOS bundle metadata, the DMG script's syntax, and the icon files (PNG, ICO, ICNS)."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from installers.macos.info_plist import bundle_version, info_plist
from pixdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_info_plist_has_what_macos_needs() -> None:
    plist = info_plist("1.4.0.dev2")
    assert plist["CFBundleIdentifier"] == "fr.pixdesk.desktop"
    assert plist["CFBundleShortVersionString"] == "1.4.0"
    assert plist["CFBundleVersion"] == "1.4.0"
    assert plist["CFBundleExecutable"] == "pixdesk"
    assert plist["LSMinimumSystemVersion"] == "13.0"
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleIconFile"] == "pixdesk.icns"
    # macOS 15 asks the user before an app talks to the LAN; the reason is shown to them.
    assert "réseau local" in plist["NSLocalNetworkUsageDescription"]


def test_bundle_version_of_this_release() -> None:
    assert bundle_version(__version__) == __version__
    with pytest.raises(ValueError):
        bundle_version("dev")


def test_dmg_script_is_valid_bash() -> None:
    subprocess.run(["bash", "-n", str(ROOT / "installers" / "macos" / "make_dmg.sh")], check=True)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    # Every chunk's CRC holds: the file is not truncated or damaged.
    offset = 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 4 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(body) == crc, kind
        offset += 12 + length
    return width, height


def test_png_icon() -> None:
    assert png_size((ICONS / "pixdesk.png").read_bytes()) == (256, 256)


def test_ico_holds_png_images() -> None:
    data = (ICONS / "pixdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        sizes.append(png_size(data[offset : offset + size])[0])
        assert width in (0, sizes[-1])
    assert 256 in sizes
    assert 16 in sizes


def test_icns_holds_png_images() -> None:
    data = (ICONS / "pixdesk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    offset, kinds = 8, {}
    while offset < len(data):
        kind, length = struct.unpack(">4sI", data[offset : offset + 8])
        kinds[kind] = png_size(data[offset + 8 : offset + length])[0]
        offset += length
    assert kinds[b"ic08"] == 256
