"""Build the pixdesk MSI from the frozen app: harvest the payload, then compile the WiX source.

On the Windows release runner the compiler is WiX 3 (candle and light); on Linux it is
msitools' wixl, which makes the same tables from the same source: CI uses it, on a
placeholder payload, as a structural check of pixdesk.wxs (tests/packaging/test_msi.py).

Usage:
    python installers/windows/build_msi.py PAYLOAD_DIR OUT.msi [--version V] [--tool wixl|wix3]
    python installers/windows/build_msi.py --placeholder-payload DIR   (fake files, for CI)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WXS = HERE / "pixdesk.wxs"
ICON = ROOT / "resources" / "icons" / "pixdesk.ico"
# Files the MSI refers to by id (the custom action runs PixdeskExe).
FIXED_FILE_IDS = {"pixdesk.exe": "PixdeskExe", "pixdesk-cli.exe": "PixdeskCliExe"}
# Component GUIDs are derived from the upgrade code and the file's path: the same file keeps
# the same component from one version to the next, as Windows Installer requires.
_COMPONENT_NAMESPACE = uuid.UUID("AE33513C-F2BE-4EDB-9A8B-E3C6A0D5B575")
_MSI_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


def msi_version(version: str) -> str:
    """Return ``version`` as a ProductVersion: ``major.minor.patch``, each part bounded.

    Windows Installer compares only the first three fields, numerically, and allows
    major ≤ 255, minor ≤ 255, build ≤ 65535; ``0.2.0.dev1`` becomes ``0.2.0``.

    Raises:
        ValueError: ``version`` does not start with numbers, or they are out of range.
    """
    match = _MSI_VERSION.match(version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    major, minor, patch = (int(part or 0) for part in match.groups())
    if major > 255 or minor > 255 or patch > 65535:
        raise ValueError(f"out of the MSI version range: {version!r}")
    return f"{major}.{minor}.{patch}"


def _id(prefix: str, relative: str) -> str:
    # Ids must be short identifiers; a hash of the path is stable and never collides in practice.
    return prefix + hashlib.sha256(relative.encode("utf-8")).hexdigest()[:24]


def harvest(payload: Path, source_prefix: str = "payload") -> str:
    """Return a WiX fragment installing every file under ``payload`` into INSTALLDIR.

    Args:
        payload: The frozen app's folder.
        source_prefix: How the compiler, run from the build directory, reaches ``payload``.

    Raises:
        ValueError: ``payload`` lacks pixdesk.exe (the custom action needs it).
    """
    if not (payload / "pixdesk.exe").is_file():
        raise ValueError(f"{payload} has no pixdesk.exe: not a Windows frozen build")
    lines = ['<?xml version="1.0" encoding="utf-8"?>']
    lines.append('<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">')
    lines.append("  <Fragment>")
    lines.append('    <DirectoryRef Id="INSTALLDIR">')
    components: list[str] = []
    _directory(payload, payload, source_prefix, lines, components, depth=3)
    lines.append("    </DirectoryRef>")
    lines.append('    <ComponentGroup Id="Payload">')
    lines += [f'      <ComponentRef Id="{component}" />' for component in components]
    lines.append("    </ComponentGroup>")
    lines.append("  </Fragment>")
    lines.append("</Wix>")
    return "\n".join(lines) + "\n"


def _directory(
    root: Path, folder: Path, prefix: str, lines: list[str], components: list[str], depth: int
) -> None:
    pad = "  " * depth
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        relative = entry.relative_to(root).as_posix()
        if entry.is_dir():
            lines.append(f'{pad}<Directory Id="{_id("d", relative)}" Name={quoteattr(entry.name)}>')
            _directory(root, entry, prefix, lines, components, depth + 1)
            lines.append(f"{pad}</Directory>")
            continue
        component = _id("c", relative)
        guid = str(uuid.uuid5(_COMPONENT_NAMESPACE, relative.lower())).upper()
        file_id = FIXED_FILE_IDS.get(relative, _id("f", relative))
        lines.append(f'{pad}<Component Id="{component}" Guid="{guid}" Win64="yes">')
        lines.append(
            f'{pad}  <File Id="{file_id}" Name={quoteattr(entry.name)}'
            f' Source={quoteattr(f"{prefix}/{relative}")} KeyPath="yes" />'
        )
        lines.append(f"{pad}</Component>")
        components.append(component)


def build(payload: Path, out: Path, version: str, tool: str = "wixl") -> Path:
    """Harvest ``payload`` and compile the MSI to ``out`` with ``tool`` (wixl or wix3)."""
    out = out.resolve()
    defines = {"Version": msi_version(version), "IconFile": "pixdesk.ico"}
    with tempfile.TemporaryDirectory(prefix="pixdesk-msi-") as tmp:
        stage = Path(tmp)
        # Everything the compiler reads, reachable by relative paths from the stage.
        shutil.copy(WXS, stage / "pixdesk.wxs")
        shutil.copy(ICON, stage / "pixdesk.ico")
        if tool == "wixl":
            # wixl refuses absolute source paths: reach the payload through a link.
            (stage / "payload").symlink_to(payload.resolve(), target_is_directory=True)
            prefix = "payload"
        else:
            prefix = payload.resolve().as_posix()  # WiX 3 takes them (links need privileges)
        (stage / "payload.wxs").write_text(harvest(payload, prefix), encoding="utf-8")
        if tool == "wixl":
            command = ["wixl", "--arch", "x64", "-o", str(out), "pixdesk.wxs", "payload.wxs"]
            for name, value in defines.items():
                command += ["-D", f"{name}={value}"]
        elif tool == "wix3":
            candle = ["candle", "-nologo", "-arch", "x64", "-out", "obj" + os_sep()]
            candle += [f"-d{name}={value}" for name, value in defines.items()]
            subprocess.run([*candle, "pixdesk.wxs", "payload.wxs"], cwd=stage, check=True)
            wixobjs = ["obj" + os_sep() + "pixdesk.wixobj", "obj" + os_sep() + "payload.wixobj"]
            command = ["light", "-nologo", "-out", str(out), *wixobjs]
        else:
            raise ValueError(f"unknown tool {tool!r}")
        subprocess.run(command, cwd=stage, check=True)
    return out


def os_sep() -> str:
    """Return the path separator candle wants at the end of an output directory."""
    return "\\" if sys.platform == "win32" else "/"


def placeholder_payload(directory: Path) -> Path:
    """Make a fake frozen Windows app in ``directory``: the layout, not the binaries."""
    files = {
        "pixdesk.exe": b"MZ placeholder",
        "pixdesk-cli.exe": b"MZ placeholder",
        "_internal/python311.dll": b"placeholder",
        "_internal/base_library.zip": b"PK placeholder",
        "_internal/PySide6/Qt6Core.dll": b"placeholder",
        "_internal/PySide6/plugins/platforms/qwindows.dll": b"placeholder",
    }
    for relative, data in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # The real resources, so that the check sees their real layout (fonts, catalogs, icons).
    shutil.copytree(ROOT / "resources", directory / "_internal" / "resources", dirs_exist_ok=True)
    return directory


def main(argv: list[str]) -> int:
    """Build an MSI, or make a placeholder payload."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("payload", type=Path, nargs="?")
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--version", default=None, help="default: pixdesk.__version__")
    parser.add_argument("--tool", choices=["wixl", "wix3"], default="wixl")
    parser.add_argument("--placeholder-payload", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    if args.placeholder_payload:
        placeholder_payload(args.placeholder_payload)
        return 0
    if args.payload is None or args.out is None:
        parser.error("PAYLOAD_DIR and OUT.msi are required")
    version = args.version
    if version is None:
        sys.path.insert(0, str(ROOT))
        from pixdesk import __version__ as version
    build(args.payload, args.out, version, args.tool)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
