"""The MSI, built here with msitools' wixl from pixdesk.wxs on a placeholder payload, read back
with msiinfo: a structural check of the WiX source (the real MSI is built on Windows)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installers.windows.build_msi import WXS, harvest, msi_version, placeholder_payload
from installers.windows.msi_properties import (
    PROPERTIES,
    UPGRADE_CODE,
    config_set_arguments,
    silent_install_command,
    silent_uninstall_command,
)
from pixdesk import __version__
from pixdesk.cli import build_parser
from pixdesk.services.config import CONFIG_ENV, KEYS, load_config

ROOT = Path(__file__).resolve().parents[2]
BUILD_MSI = ROOT / "installers" / "windows" / "build_msi.py"
KEY = "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw"


def require(tool: str) -> str:
    found = shutil.which(tool)
    # Installed by scripts/bootstrap.sh (msitools, wixl): missing is a set-up failure, not a skip.
    assert found, f"{tool} not found: run scripts/bootstrap.sh (apt packages msitools and wixl)"
    return found


@pytest.fixture(scope="module")
def msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("wixl")
    work = tmp_path_factory.mktemp("msi")
    payload = placeholder_payload(work / "payload")
    out = work / "pixdesk.msi"
    subprocess.run(
        [sys.executable, str(BUILD_MSI), str(payload), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def table(msi: Path, name: str) -> list[dict[str, str]]:
    """Return the rows of one MSI table, as msiinfo exports them (IDT: 3 header lines)."""
    text = subprocess.run(
        [require("msiinfo"), "export", str(msi), name],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    lines = text.splitlines()
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:]]


def test_the_upgrade_code_is_fixed_and_drives_major_upgrades(msi: Path) -> None:
    properties = {row["Property"]: row["Value"] for row in table(msi, "Property")}
    assert properties["UpgradeCode"] == "{" + UPGRADE_CODE + "}"
    assert properties["ProductVersion"] == msi_version(__version__)
    assert properties["ALLUSERS"] == "1"  # per-machine
    upgrades = table(msi, "Upgrade")
    assert {row["UpgradeCode"] for row in upgrades} == {"{" + UPGRADE_CODE + "}"}
    assert {row["ActionProperty"] for row in upgrades} == {
        "WIX_UPGRADE_DETECTED",
        "WIX_DOWNGRADE_DETECTED",
    }
    sequence = {row["Action"] for row in table(msi, "InstallExecuteSequence")}
    assert {"FindRelatedProducts", "RemoveExistingProducts"} <= sequence


def test_the_upgrade_code_is_written_once(msi: Path) -> None:
    assert f'UpgradeCode="{UPGRADE_CODE}"' in WXS.read_text(encoding="utf-8")


def test_the_expected_files_are_installed(msi: Path) -> None:
    files = {row["FileName"] for row in table(msi, "File")}
    assert {"pixdesk.exe", "pixdesk-cli.exe", "python311.dll", "qwindows.dll"} <= files
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "pixdesk.mo", "pixdesk.ico"} <= files
    ids = {row["FileName"]: row["File"] for row in table(msi, "File")}
    assert ids["pixdesk.exe"] == "PixdeskExe"
    components = table(msi, "Component")
    assert all(row["Attributes"] in ("256", "260") for row in components)  # 64-bit


def test_component_guids_are_stable_across_builds(tmp_path: Path) -> None:
    """The same file keeps its component GUID from one version to the next."""
    payload = placeholder_payload(tmp_path / "payload")
    assert harvest(payload) == harvest(payload)
    guids = re.findall(r'Guid="([0-9A-F-]+)"', harvest(payload))
    assert len(guids) == len(set(guids)) > 5


def test_a_start_menu_shortcut_starts_the_windowed_app(msi: Path) -> None:
    (shortcut,) = table(msi, "Shortcut")
    assert shortcut["Target"] == "[INSTALLDIR]pixdesk.exe"
    assert shortcut["Directory_"] == "PixdeskMenuFolder"


def test_the_custom_action_writes_every_public_property(msi: Path) -> None:
    (action,) = table(msi, "CustomAction")
    assert action["Source"] == "PixdeskExe"
    # 18 (run an installed exe) + 1024 (deferred) + 2048 (as LocalSystem); no 64: checked.
    assert int(action["Type"]) == 18 + 1024 + 2048
    assert action["Target"] == config_set_arguments()
    for name in PROPERTIES:
        assert f"[{name}]" in action["Target"]
    sequence = {row["Action"]: row for row in table(msi, "InstallExecuteSequence")}
    written = sequence["WriteMachineConfig"]
    assert written["Condition"] == "NOT REMOVE"  # not while uninstalling
    assert int(written["Sequence"]) > int(sequence["InstallFiles"]["Sequence"])


def test_the_wxs_declares_each_property_secure() -> None:
    text = WXS.read_text(encoding="utf-8")
    for name in PROPERTIES:
        assert f'<Property Id="{name}" Secure="yes" />' in text


def test_properties_cover_every_config_key() -> None:
    assert sorted(PROPERTIES.values()) == sorted(KEYS)
    assert all(name == key.upper() for name, key in PROPERTIES.items())


def test_the_custom_action_command_is_understood_by_pixdesk(tmp_path: Path, msi: Path) -> None:
    """Run what the MSI runs, with properties substituted the way Windows Installer does."""
    (action,) = table(msi, "CustomAction")
    values = {"MODE": "learner", "CONSOLE_ADDRESS": "10.0.12.5", "CENTER_PUBLIC_KEY": KEY}
    command = re.sub(r"\[([A-Z_]+)\]", lambda m: values.get(m.group(1), ""), action["Target"])
    argv = shlex.split(command)
    assert build_parser().parse_args(argv).command == "config"
    config = tmp_path / "ProgramData" / "pixdesk" / "pixdesk.toml"
    done = subprocess.run(
        [sys.executable, "-m", "pixdesk", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, CONFIG_ENV: str(config)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = load_config(env={CONFIG_ENV: str(config)}, user_file=tmp_path / "none.toml")
    assert loaded.config.mode == "learner"
    assert str(loaded.config.console_address) == "10.0.12.5:47474"
    assert loaded.config.center_public_key == KEY
    assert loaded.config.language is None  # not given: not written


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", "0.1.0"), ("1.2", "1.2.0"), ("0.2.0.dev1", "0.2.0"), ("2.10.300rc1", "2.10.300")],
)
def test_msi_versions(version: str, expected: str) -> None:
    assert msi_version(version) == expected


@pytest.mark.parametrize("version", ["dev", "256.0.0", "1.2.70000"])
def test_versions_windows_installer_cannot_compare_are_refused(version: str) -> None:
    with pytest.raises(ValueError):
        msi_version(version)


def test_silent_commands() -> None:
    install = silent_install_command(
        "pixdesk.msi", {"DATA_DIR": r"D:\pixdesk", "MODE": "learner"}, log="install.log"
    )
    assert install == [
        "msiexec", "/i", "pixdesk.msi", "/qn", "/norestart", "/l*v", "install.log",
        "MODE=learner", r"DATA_DIR=D:\pixdesk",
    ]  # fmt: skip
    assert silent_uninstall_command("pixdesk.msi") == [
        "msiexec", "/x", "pixdesk.msi", "/qn", "/norestart",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        silent_install_command("pixdesk.msi", {"COLOUR": "blue"})


def test_harvest_refuses_a_payload_without_the_windows_executable(tmp_path: Path) -> None:
    (tmp_path / "pixdesk").write_text("linux build", encoding="utf-8")
    with pytest.raises(ValueError, match=r"pixdesk\.exe"):
        harvest(tmp_path)
