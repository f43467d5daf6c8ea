"""The Linux tarball and .deb, built from a stand-in payload and read back with dpkg-deb."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from installers.linux.build_packages import DESKTOP_FILE, fake_payload

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "installers" / "linux" / "build_packages.py"
VERSION = "1.2.3"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert shutil.which("dpkg-deb"), "dpkg-deb is part of every Debian system"
    work = tmp_path_factory.mktemp("linux")
    payload = fake_payload(work / "payload")
    subprocess.run(
        [sys.executable, str(BUILD), str(payload), str(work / "out"), "--version", VERSION],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return work / "out"


def dpkg_deb(*args: str) -> str:
    return subprocess.run(
        ["dpkg-deb", *args], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_deb_metadata(packages: Path) -> None:
    info = dpkg_deb("-I", str(packages / f"pixdesk_{VERSION}_amd64.deb"))
    assert "Package: pixdesk" in info
    assert f"Version: {VERSION}" in info
    assert "Architecture: amd64" in info
    assert "Depends: libc6" in info
    assert "Section: education" in info


def test_deb_files(packages: Path) -> None:
    listing = dpkg_deb("-c", str(packages / f"pixdesk_{VERSION}_amd64.deb"))
    assert "-rwxr-xr-x root/root" in next(
        line for line in listing.splitlines() if line.endswith("./opt/pixdesk/pixdesk")
    )
    for path in (
        "./opt/pixdesk/_internal/libpython3.11.so.1.0",
        "./usr/share/applications/pixdesk.desktop",
        "./usr/share/icons/hicolor/256x256/apps/pixdesk.png",
        "./usr/bin/pixdesk -> /opt/pixdesk/pixdesk",
    ):
        assert path in listing, path


def test_the_deb_is_reproducible(packages: Path, tmp_path: Path) -> None:
    payload = fake_payload(tmp_path / "payload")
    subprocess.run(
        [sys.executable, str(BUILD), str(payload), str(tmp_path / "out"), "--version", VERSION],
        check=True,
        capture_output=True,
        timeout=120,
    )
    name = f"pixdesk_{VERSION}_amd64.deb"
    assert dpkg_deb("-c", str(tmp_path / "out" / name)) == dpkg_deb("-c", str(packages / name))


def test_tarball(packages: Path) -> None:
    with tarfile.open(packages / f"pixdesk-{VERSION}-linux-x86_64.tar.gz") as archive:
        members = {m.name: m for m in archive.getmembers()}
    top = f"pixdesk-{VERSION}"
    assert {f"{top}/pixdesk", f"{top}/pixdesk.desktop", f"{top}/pixdesk.png"} <= set(members)
    assert members[f"{top}/pixdesk"].mode & 0o111
    assert all(m.uid == 0 and m.uname == "root" for m in members.values())


def test_desktop_file_names_in_french_and_english() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    entry.read(DESKTOP_FILE, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "pixdesk"
    assert desktop["Icon"] == "pixdesk"
    assert desktop["GenericName"] == "Digital skills certification"
    assert desktop["GenericName[fr]"] == "Certification des compétences numériques"
    assert "Comment[fr]" in desktop
    assert desktop["Categories"].endswith(";")
