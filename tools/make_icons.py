"""Draw pixdesk's icon and write it as PNG, ICO (Windows) and ICNS (macOS) in resources/icons.

A blue rounded square with a white check mark, drawn with the standard library only (zlib
for PNG, 4×4 supersampling for smooth edges), so that the icon can be rebuilt anywhere and
its source is this file. ICO and ICNS both hold PNG images, which every Windows since Vista
and every macOS since 10.7 read.

Usage: ``python tools/make_icons.py`` (writes pixdesk.png, pixdesk.ico, pixdesk.icns).
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
BLUE = (31, 79, 160)
WHITE = (255, 255, 255)
SAMPLES = 4  # per axis
CORNER = 0.2  # radius of the rounded square, as a share of the side
CHECK = ((0.27, 0.53), (0.44, 0.70), (0.75, 0.33))  # the check mark's polyline
STROKE = 0.055  # half its thickness


def _segment_distance(
    px: float, py: float, a: tuple[float, float], b: tuple[float, float]
) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _inside_rounded_square(x: float, y: float) -> bool:
    # Distance to the inner square, shrunk by the corner radius.
    qx = max(abs(x - 0.5) - (0.5 - CORNER), 0.0)
    qy = max(abs(y - 0.5) - (0.5 - CORNER), 0.0)
    return math.hypot(qx, qy) <= CORNER


def _on_check(x: float, y: float) -> bool:
    return any(_segment_distance(x, y, a, b) <= STROKE for a, b in itertools.pairwise(CHECK))


def render(size: int) -> bytes:
    """Return the RGBA pixels of the icon at ``size`` × ``size``, row by row."""
    rows = bytearray()
    step = 1.0 / (size * SAMPLES)
    for row in range(size):
        for col in range(size):
            cover = white = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (col * SAMPLES + sx + 0.5) * step
                    y = (row * SAMPLES + sy + 0.5) * step
                    if _inside_rounded_square(x, y):
                        cover += 1
                        white += _on_check(x, y)
            total = SAMPLES * SAMPLES
            if cover == 0:
                rows += b"\0\0\0\0"
                continue
            share = white / cover
            rgb = [round(BLUE[i] * (1 - share) + WHITE[i] * share) for i in range(3)]
            rows += bytes([*rgb, round(255 * cover / total)])
    return bytes(rows)


def png(size: int) -> bytes:
    """Return the icon as a PNG file of ``size`` × ``size`` pixels."""
    pixels = render(size)
    stride = size * 4
    raw = b"".join(b"\0" + pixels[r * stride : (r + 1) * stride] for r in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images: dict[int, bytes]) -> bytes:
    """Return an ICO file holding the PNG ``images`` (size → PNG bytes)."""
    sizes = sorted(images)
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for size in sizes:
        data = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images[size] for size in sizes)


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08"}


def icns(images: dict[int, bytes]) -> bytes:
    """Return an ICNS file holding the PNG ``images`` (size → PNG bytes)."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(images[size])) + images[size]
        for size in sorted(images)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> None:
    """Write the three icon files."""
    ICONS.mkdir(parents=True, exist_ok=True)
    images = {size: png(size) for size in (16, 32, 64, 128, 256)}
    (ICONS / "pixdesk.png").write_bytes(images[256])
    (ICONS / "pixdesk.ico").write_bytes(ico({s: images[s] for s in (16, 32, 64, 256)}))
    (ICONS / "pixdesk.icns").write_bytes(icns(images))


if __name__ == "__main__":
    main()
