"""`pixdesk doctor`: each readiness check on real files, sockets and processes.

The console check only ever connects to the configured address: here, a listener on
127.0.0.1 that the test opens itself.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pixdesk.crypto.keystore import KEYSTORE_FILE, Keystore
from pixdesk.services.checks import CheckStatus
from pixdesk.services.config import CONFIG_ENV, ConsoleAddress, MachineConfig, Mode
from pixdesk.services.doctor import (
    DISK_FAIL_BYTES,
    DISK_WARN_BYTES,
    DoctorOptions,
    check_clock,
    check_console,
    check_data_directory,
    check_disk_space,
    check_fonts,
    check_keys,
    check_screen,
    check_version,
    disk_space_verdict,
    run_doctor,
)
from pixdesk.services.station_store import open_station_store

KEY = "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A stand-in console on the loopback interface."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


def closed_port() -> int:
    """Return a loopback port nothing listens on (just released)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        return int(server.getsockname()[1])


def test_version_names_the_release() -> None:
    result = check_version()
    assert result.status is CheckStatus.PASS
    assert "pixdesk 0." in result.message


@pytest.mark.parametrize(
    ("free", "status"),
    [
        (DISK_FAIL_BYTES - 1, CheckStatus.FAIL),
        (DISK_FAIL_BYTES, CheckStatus.WARN),
        (DISK_WARN_BYTES - 1, CheckStatus.WARN),
        (DISK_WARN_BYTES, CheckStatus.PASS),
    ],
)
def test_disk_space_thresholds(free: int, status: CheckStatus) -> None:
    assert disk_space_verdict(free) is status


def test_disk_space_is_measured_under_a_directory_not_created_yet(tmp_path: Path) -> None:
    result = check_disk_space(tmp_path / "not" / "yet")
    assert isinstance(result.data, dict)
    assert int(str(result.data["free_bytes"])) > 0


@pytest.mark.parametrize(
    ("year", "status"),
    [
        (2000, CheckStatus.FAIL),
        (2024, CheckStatus.FAIL),
        (2026, CheckStatus.PASS),
        (2101, CheckStatus.FAIL),
    ],
)
def test_clock_year_sanity(year: int, status: CheckStatus) -> None:
    assert check_clock(datetime(year, 6, 1, 9, 0, tzinfo=UTC)).status is status


def test_console_reachable(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    config = MachineConfig(console_address=ConsoleAddress("127.0.0.1", port))
    result = check_console(config, timeout_s=2.0)
    assert result.status is CheckStatus.PASS
    assert f"127.0.0.1:{port}" in result.message
    connection, _ = listener.accept()  # the check really connected, to this address
    connection.close()


def test_console_not_started_is_a_warning() -> None:
    config = MachineConfig(console_address=ConsoleAddress("127.0.0.1", closed_port()))
    result = check_console(config, timeout_s=2.0)
    assert result.status is CheckStatus.WARN
    assert isinstance(result.data, dict)
    assert result.data["reason"] == "refused"


def test_console_unresolvable_name_is_a_warning() -> None:
    # ".invalid" never resolves (RFC 2606), so no query leaves for a real host.
    config = MachineConfig(console_address=ConsoleAddress("console.invalid", 47474))
    result = check_console(config, timeout_s=2.0)
    assert result.status is CheckStatus.WARN


def test_no_console_address_matters_for_a_learner_only() -> None:
    assert check_console(MachineConfig(mode=Mode.LEARNER), 1.0).status is CheckStatus.WARN
    assert check_console(MachineConfig(mode=Mode.REFERENT), 1.0).status is CheckStatus.SKIP


def test_data_directory_writable(tmp_path: Path) -> None:
    assert check_data_directory(tmp_path / "data").status is CheckStatus.PASS


def test_data_directory_unusable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = check_data_directory(tmp_path / "file" / "data")
    assert result.status is CheckStatus.FAIL


def test_keys_not_created_yet_is_fine(tmp_path: Path) -> None:
    result = check_keys(tmp_path)
    assert result.status is CheckStatus.PASS
    assert not (tmp_path / KEYSTORE_FILE).exists()  # the check created nothing


def test_keys_and_store_open(tmp_path: Path) -> None:
    open_station_store(tmp_path, keystore=Keystore(tmp_path, use_os_keyring=False)).close()
    result = check_keys(tmp_path)
    assert result.status is CheckStatus.PASS
    assert "secret-file" in result.message


def test_damaged_keys_fail_without_replacing_them(tmp_path: Path) -> None:
    open_station_store(tmp_path, keystore=Keystore(tmp_path, use_os_keyring=False)).close()
    (tmp_path / "machine-secret").unlink()
    before = (tmp_path / KEYSTORE_FILE).read_bytes()
    result = check_keys(tmp_path)
    assert result.status is CheckStatus.FAIL
    assert "KEK_MISSING" in result.message
    assert (tmp_path / KEYSTORE_FILE).read_bytes() == before


def test_fonts_are_shipped() -> None:
    result = check_fonts()
    assert result.status is CheckStatus.PASS
    assert "DejaVuSans.ttf" in result.message


def test_screen_without_display_is_skipped() -> None:
    result = check_screen(True, {"PATH": os.environ.get("PATH", "")})
    if sys.platform.startswith("linux"):
        assert result.status is CheckStatus.SKIP
    assert check_screen(False, {"QT_QPA_PLATFORM": "offscreen"}).status is CheckStatus.SKIP


def test_screen_measured_through_qt_offscreen() -> None:
    result = check_screen(True, {"QT_QPA_PLATFORM": "offscreen"})
    assert result.status in (CheckStatus.PASS, CheckStatus.WARN)
    assert "offscreen" in result.message
    assert isinstance(result.data, dict)
    assert result.data["screens"]


def test_run_doctor_with_a_bad_config_fails_that_check_only(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text('mode = "learner"\nconsole_address = "nope nope"\n', encoding="utf-8")
    results = run_doctor(
        DoctorOptions(cli_data_dir=tmp_path / "data", gui=False, env={CONFIG_ENV: str(config)})
    )
    by_check = {r.check: r for r in results}
    assert by_check["config"].status is CheckStatus.FAIL
    assert str(config) in by_check["config"].message
    assert by_check["data_dir"].status is CheckStatus.PASS
    assert len(results) == 11


def doctor(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CONFIG_ENV: str(config), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_doctor_command_json_on_a_ready_pc(tmp_path: Path, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    config = tmp_path / "pixdesk.toml"
    config.write_text(
        f'mode = "learner"\nconsole_address = "127.0.0.1:{port}"\ncenter_public_key = "{KEY}"\n',
        encoding="utf-8",
    )
    done = doctor("--data-dir", str(tmp_path / "data"), "doctor", "--json", config=config)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    checks = {c["check"]: c for c in report["checks"]}
    assert set(checks) == {
        "version", "config", "data_dir", "keys", "disk_space", "clock", "console", "bank",
        "bank_key", "fonts", "screen",
    }  # fmt: skip
    assert checks["config"]["status"] == "pass"
    assert checks["console"]["status"] == "pass"
    assert checks["bank"]["status"] == "warn"  # learner mode on the plaintext demo bank
    assert checks["bank"]["data"] == {"sealed": False}
    assert checks["data_dir"]["data"]["path"] == str(tmp_path / "data")


def test_doctor_command_text_report_fails_on_a_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text('center_public_key = "abc"\n', encoding="utf-8")
    done = doctor("--data-dir", str(tmp_path / "d"), "doctor", "--no-gui", config=config)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "Diagnostic du poste pixdesk"
    assert any(line.startswith("[ÉCHEC]") and "center_public_key" in line for line in lines)
    assert lines[-1] == "Poste PAS prêt."
