"""Writing the machine configuration: what the MSI and `pixdesk config set` do."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pixdesk.services.config import CONFIG_ENV, ConsoleAddress, Mode, load_config, parse_config
from pixdesk.services.config_errors import ConfigError, ConfigErrorCode
from pixdesk.services.config_write import format_config, update_config_file

KEY = "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw"


def run_pixdesk(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CONFIG_ENV: str(config), "PIXDESK_LANG": "fr"}
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_format_quotes_what_toml_needs_quoted(tmp_path: Path) -> None:
    text = format_config({"data_dir": 'C:\\Données\\"pix"', "mode": "learner"})
    config = parse_config(text, source=tmp_path / "x.toml")
    assert str(config.data_dir) == 'C:\\Données\\"pix"'
    assert text.index("mode") < text.index("data_dir")  # the documented order


def test_update_creates_the_file_and_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "ProgramData" / "pixdesk" / "pixdesk.toml"
    update_config_file(path, {"mode": "learner", "center_public_key": KEY})
    config = parse_config(path.read_text(encoding="utf-8"), source=path)
    assert config.mode is Mode.LEARNER
    assert config.center_public_key == KEY
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # every account reads it


def test_update_keeps_the_other_keys_and_an_empty_value_removes_one(tmp_path: Path) -> None:
    path = tmp_path / "pixdesk.toml"
    update_config_file(path, {"mode": "learner", "language": "en"})
    current = update_config_file(path, {"console_address": "10.0.0.9", "language": ""})
    assert current == {"mode": "learner", "console_address": "10.0.0.9"}
    config = parse_config(path.read_text(encoding="utf-8"), source=path)
    assert config.console_address == ConsoleAddress("10.0.0.9", 47474)
    assert config.language is None


def test_an_invalid_value_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "pixdesk.toml"
    update_config_file(path, {"mode": "learner"})
    before = path.read_bytes()
    with pytest.raises(ConfigError) as caught:
        update_config_file(path, {"console_address": "999.0.0.1"})
    assert caught.value.code is ConfigErrorCode.BAD_ADDRESS
    assert path.read_bytes() == before


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        update_config_file(tmp_path / "pixdesk.toml", {"colour": "blue"})
    assert caught.value.code is ConfigErrorCode.UNKNOWN_KEY
    assert not (tmp_path / "pixdesk.toml").exists()


def test_a_broken_existing_file_is_left_for_a_person(tmp_path: Path) -> None:
    path = tmp_path / "pixdesk.toml"
    path.write_text("mode = = broken\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        update_config_file(path, {"mode": "learner"})
    assert caught.value.code is ConfigErrorCode.SYNTAX
    assert path.read_text(encoding="utf-8") == "mode = = broken\n"


def test_config_set_ignores_empty_values_as_the_installer_passes_them(tmp_path: Path) -> None:
    """The MSI passes every property, set or not: unset ones must not erase the file's."""
    path = tmp_path / "pixdesk.toml"
    first = run_pixdesk("config", "set", "mode=learner", "language=en", config=path)
    assert first.returncode == 0, first.stderr
    again = run_pixdesk("config", "set", "mode=", "language=", "console_address=", config=path)
    assert again.returncode == 0, again.stderr
    assert "rien à changer" in again.stdout
    loaded = load_config(env={CONFIG_ENV: str(path)}, user_file=tmp_path / "u.toml")
    assert loaded.config.mode is Mode.LEARNER
    assert loaded.config.language == "en"


def test_config_set_unset_and_check_and_show(tmp_path: Path) -> None:
    path = tmp_path / "pixdesk.toml"
    assert run_pixdesk("config", "set", "mode=learner", config=path).returncode == 0
    assert run_pixdesk("config", "set", "--unset", "mode", config=path).returncode == 0
    assert "mode" not in path.read_text(encoding="utf-8").split("\n", 2)[2]
    checked = run_pixdesk("config", "check", config=path)
    assert checked.returncode == 0
    assert "configuration valide" in checked.stdout
    shown = run_pixdesk("config", "show", config=path)
    assert f"Fichier du poste : {path} (trouvé)" in shown.stdout


def test_config_set_reports_a_bad_value_and_fails(tmp_path: Path) -> None:
    done = run_pixdesk("config", "set", "center_public_key=abc", config=tmp_path / "p.toml")
    assert done.returncode == 1
    assert "center_public_key" in done.stderr
    assert "clé publique mal encodée" in done.stderr
    assert not (tmp_path / "p.toml").exists()


def test_config_check_fails_on_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "pixdesk.toml"
    path.write_text('mode = "learner"\ncolour = "blue"\n', encoding="utf-8")
    done = run_pixdesk("config", "check", config=path)
    assert done.returncode == 1
    assert "clé inconnue « colour »" in done.stderr
