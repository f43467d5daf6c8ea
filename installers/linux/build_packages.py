"""Package the frozen Linux app as a tarball and a Debian package (.deb).

The .deb installs the app in /opt/pixdesk, the command as /usr/bin/pixdesk, and the menu
entry and icon where desktops look for them. The tarball holds the same app folder plus the
menu entry and icon, for distributions without dpkg. Both are reproducible: sorted entries,
fixed times, root ownership.

Usage: ``python installers/linux/build_packages.py PAYLOAD_DIR OUT_DIR [--version V]``
(PAYLOAD_DIR is ``dist/pixdesk-<version>``; ``--fake-payload DIR`` makes a stand-in for tests).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DESKTOP_FILE = HERE / "pixdesk.desktop"
ICON = ROOT / "resources" / "icons" / "pixdesk.png"
# Every file gets this time (2025-01-01): the same payload always makes the same archive.
FIXED_MTIME = 1735689600
ARCH = "amd64"
# Libraries PyInstaller leaves to the system (graphics drivers' GL/EGL, the C library).
DEPENDS = "libc6 (>= 2.31), libegl1, libgl1, libfontconfig1, libxkbcommon-x11-0"


def control(version: str, installed_kib: int) -> str:
    """Return the DEBIAN/control file of ``version``."""
    return (
        "Package: pixdesk\n"
        f"Version: {version}\n"
        f"Architecture: {ARCH}\n"
        "Maintainer: The pixdesk team <pixdesk@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {DEPENDS}\n"
        "Section: education\n"
        "Priority: optional\n"
        "Homepage: https://pixdesk.invalid/\n"
        "Description: offline-first digital skills certification for school labs\n"
        " pixdesk runs Pix-style digital skills certification sessions in school\n"
        " computer labs: learner stations, the invigilator's console and the\n"
        " referent's tools, working without the internet.\n"
    )


def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = FIXED_MTIME
    return info


def build_tarball(payload: Path, out_dir: Path, version: str) -> Path:
    """Write ``pixdesk-<version>-linux-x86_64.tar.gz`` and return its path."""
    top = f"pixdesk-{version}"
    target = out_dir / f"{top}-linux-x86_64.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        for path in sorted(payload.rglob("*")):
            name = f"{top}/{path.relative_to(payload).as_posix()}"
            archive.add(path, arcname=name, recursive=False, filter=_tar_filter)
        archive.add(DESKTOP_FILE, arcname=f"{top}/pixdesk.desktop", filter=_tar_filter)
        archive.add(ICON, arcname=f"{top}/pixdesk.png", filter=_tar_filter)
    return target


def build_deb(payload: Path, out_dir: Path, version: str) -> Path:
    """Write ``pixdesk_<version>_amd64.deb`` with dpkg-deb and return its path."""
    target = out_dir / f"pixdesk_{version}_{ARCH}.deb"
    with tempfile.TemporaryDirectory(prefix="pixdesk-deb-") as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(payload, root / "opt" / "pixdesk", symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        (root / "usr" / "bin" / "pixdesk").symlink_to("/opt/pixdesk/pixdesk")
        applications = root / "usr" / "share" / "applications"
        applications.mkdir(parents=True)
        shutil.copy(DESKTOP_FILE, applications / "pixdesk.desktop")
        icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
        icons.mkdir(parents=True)
        shutil.copy(ICON, icons / "pixdesk.png")
        size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) // 1024 + 1
        debian = root / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(version, size_kib), encoding="utf-8")
        for path in root.rglob("*"):
            if not path.is_symlink():
                # dpkg refuses group- or world-writable control files; keep everything 755/644.
                path.chmod(0o755 if path.is_dir() or _executable(path) else 0o644)
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "--build", str(root), str(target)],
            check=True,
            env={"SOURCE_DATE_EPOCH": str(FIXED_MTIME), "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
    return target


def _executable(path: Path) -> bool:
    return path.is_file() and bool(path.stat().st_mode & 0o111)


def fake_payload(directory: Path) -> Path:
    """Make a stand-in for the frozen app: an executable ``pixdesk`` and an _internal folder."""
    (directory / "_internal" / "resources").mkdir(parents=True, exist_ok=True)
    launcher = directory / "pixdesk"
    launcher.write_text("#!/bin/sh\necho pixdesk placeholder\n", encoding="utf-8")
    launcher.chmod(0o755)
    (directory / "_internal" / "libpython3.11.so.1.0").write_bytes(b"placeholder")
    shutil.copy(ICON, directory / "_internal" / "resources" / "pixdesk.png")
    return directory


def main(argv: list[str]) -> int:
    """Build both packages (or a fake payload)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("payload", type=Path, nargs="?")
    parser.add_argument("out_dir", type=Path, nargs="?")
    parser.add_argument("--version", default=None, help="default: pixdesk.__version__")
    parser.add_argument("--fake-payload", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    if args.fake_payload:
        fake_payload(args.fake_payload)
        return 0
    if args.payload is None or args.out_dir is None:
        parser.error("PAYLOAD_DIR and OUT_DIR are required")
    version = args.version
    if version is None:
        sys.path.insert(0, str(ROOT))
        from pixdesk import __version__ as version
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for built in (
        build_tarball(args.payload, args.out_dir, version),
        build_deb(args.payload, args.out_dir, version),
    ):
        sys.stdout.write(f"{built}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
