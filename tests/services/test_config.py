"""The machine configuration: one TOML file, validated with errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.i18n import set_language
from pixdesk.services.config import (
    CONFIG_ENV,
    DEFAULT_CONSOLE_PORT,
    KEYS,
    ConsoleAddress,
    MachineConfig,
    Mode,
    load_config,
    machine_config_path,
    parse_config,
    resolve_data_dir,
)
from pixdesk.services.config_errors import ConfigError, ConfigErrorCode, describe_config_error

KEY = "7-MugOVOwlYlcB_STj4FCAQFeJPsjvHCJ2-YWWJ1ENw"  # the public demo platform key
SOURCE = Path("/etc/xdg/pixdesk/pixdesk.toml")

FULL = f"""
# every key
mode = "learner"
console_address = "10.0.12.5:47999"
center_public_key = "{KEY}"
platform_url = "https://plateforme.example/api"
platform_public_key = "{KEY}"
language = "en"
bank_file = "/srv/banques/pix.pxbank"
bank_key_file = "/srv/banques/pix.key"
data_dir = "/srv/pixdesk"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read_and_typed() -> None:
    config = parse_config(FULL, source=SOURCE)
    assert config == MachineConfig(
        mode=Mode.LEARNER,
        console_address=ConsoleAddress("10.0.12.5", 47999),
        center_public_key=KEY,
        platform_url="https://plateforme.example/api",
        platform_public_key=KEY,
        language="en",
        bank_file=Path("/srv/banques/pix.pxbank"),
        bank_key_file=Path("/srv/banques/pix.key"),
        data_dir=Path("/srv/pixdesk"),
    )


def test_an_empty_file_and_empty_values_mean_defaults() -> None:
    assert parse_config("", source=SOURCE) == MachineConfig()
    assert parse_config('mode = ""\nlanguage = "  "\n', source=SOURCE) == MachineConfig()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.12.5", ConsoleAddress("10.0.12.5", DEFAULT_CONSOLE_PORT)),
        ("console-b204.lycee.local:8443", ConsoleAddress("console-b204.lycee.local", 8443)),
        ("fe80::1", ConsoleAddress("fe80::1", DEFAULT_CONSOLE_PORT)),
        ("[fe80::1]:9000", ConsoleAddress("fe80::1", 9000)),
        ("PROF-PC", ConsoleAddress("PROF-PC", DEFAULT_CONSOLE_PORT)),
    ],
)
def test_console_addresses(text: str, expected: ConsoleAddress) -> None:
    config = parse_config(f'console_address = "{text}"', source=SOURCE)
    assert config.console_address == expected


def test_an_address_prints_with_its_port() -> None:
    assert str(ConsoleAddress("fe80::1", 9000)) == "[fe80::1]:9000"
    assert str(ConsoleAddress("10.0.0.1", 47474)) == "10.0.0.1:47474"


@pytest.mark.parametrize(
    ("line", "code", "key"),
    [
        ('colour = "blue"', ConfigErrorCode.UNKNOWN_KEY, "colour"),
        ("mode = 3", ConfigErrorCode.WRONG_TYPE, "mode"),
        ("[pixdesk]\nmode = 'learner'", ConfigErrorCode.UNKNOWN_KEY, "pixdesk"),
        ('mode = "student"', ConfigErrorCode.BAD_CHOICE, "mode"),
        ('language = "de"', ConfigErrorCode.BAD_CHOICE, "language"),
        ('console_address = "10.0.0.300"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "10.0.0.1:0"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "10.0.0.1:70000"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "host:"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "-bad-.example"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "[fe80::1"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('console_address = "a b"', ConfigErrorCode.BAD_ADDRESS, "console_address"),
        ('platform_url = "ftp://x.example"', ConfigErrorCode.BAD_URL, "platform_url"),
        ('platform_url = "https://"', ConfigErrorCode.BAD_URL, "platform_url"),
        ('platform_url = "https://x.example:99999/"', ConfigErrorCode.BAD_URL, "platform_url"),
        ('center_public_key = "not-a-key"', ConfigErrorCode.BAD_KEY, "center_public_key"),
        (f'center_public_key = "{KEY}="', ConfigErrorCode.BAD_KEY, "center_public_key"),
        (f'platform_public_key = "{KEY[:-1]}"', ConfigErrorCode.BAD_KEY, "platform_public_key"),
        ('data_dir = "relative/dir"', ConfigErrorCode.BAD_PATH, "data_dir"),
        ('bank_file = "banque.pxbank"', ConfigErrorCode.BAD_PATH, "bank_file"),
        ("bank_key_file = 1", ConfigErrorCode.WRONG_TYPE, "bank_key_file"),
        ("mode = = 1", ConfigErrorCode.SYNTAX, ""),
    ],
)
def test_a_bad_value_names_the_file_and_the_key(line: str, code: ConfigErrorCode, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(line, source=SOURCE)
    assert caught.value.code is code
    assert caught.value.key == key
    assert caught.value.path == SOURCE
    message = describe_config_error(caught.value)
    assert str(SOURCE) in message
    assert key in message


def test_a_windows_data_dir_is_absolute() -> None:
    config = parse_config(r"data_dir = 'D:\Donnees\pixdesk'", source=SOURCE)
    assert config.data_dir is not None


def test_messages_are_translated() -> None:
    error = ConfigError(ConfigErrorCode.UNKNOWN_KEY, SOURCE, "colour", ", ".join(KEYS))
    try:
        set_language("en")
        english = describe_config_error(error)
    finally:
        set_language("fr")
    assert english.startswith(f'{SOURCE}: unknown key "colour"')
    assert "clé inconnue « colour »" in describe_config_error(error)


def test_the_env_variable_names_the_machine_file(tmp_path: Path) -> None:
    path = write(tmp_path / "ici.toml", 'mode = "supervisor"\n')
    assert machine_config_path({CONFIG_ENV: str(path)}) == path
    loaded = load_config(env={CONFIG_ENV: str(path)}, user_file=tmp_path / "none.toml")
    assert loaded.config.mode is Mode.SUPERVISOR
    assert loaded.machine_file_found


def test_the_default_machine_file_is_in_the_site_config_dir() -> None:
    path = machine_config_path({})
    assert path.name == "pixdesk.toml"
    assert path.parent.name == "pixdesk"


def test_a_missing_file_named_by_the_env_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(env={CONFIG_ENV: str(tmp_path / "absent.toml")})
    assert caught.value.code is ConfigErrorCode.NOT_FOUND


def test_a_missing_default_file_means_defaults(tmp_path: Path) -> None:
    loaded = load_config(
        env={}, machine_file=tmp_path / "absent.toml", user_file=tmp_path / "u.toml"
    )
    assert loaded.config == MachineConfig()
    assert not loaded.machine_file_found


def test_the_user_file_overrides_the_language_only(tmp_path: Path) -> None:
    machine = write(tmp_path / "machine.toml", 'mode = "learner"\nlanguage = "fr"\n')
    user = write(tmp_path / "user.toml", 'language = "en"\n')
    loaded = load_config(env={}, machine_file=machine, user_file=user)
    assert loaded.config.language == "en"
    assert loaded.config.mode is Mode.LEARNER
    assert loaded.warnings == ()


def test_a_machine_key_in_the_user_file_is_a_warning_and_the_file_is_ignored(
    tmp_path: Path,
) -> None:
    """A pupil's own file must never stop the station, nor change where answers go."""
    machine = write(tmp_path / "machine.toml", 'language = "fr"\n')
    user = write(tmp_path / "user.toml", 'language = "en"\ndata_dir = "/tmp/elsewhere"\n')
    loaded = load_config(env={}, machine_file=machine, user_file=user)
    assert loaded.config.language == "fr"
    assert loaded.config.data_dir is None
    assert [w.code for w in loaded.warnings] == [ConfigErrorCode.NOT_PER_USER]
    assert loaded.warnings[0].key == "data_dir"


def test_a_broken_user_file_is_a_warning(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_bytes(b"language = \xff\n")
    loaded = load_config(env={}, machine_file=tmp_path / "absent.toml", user_file=user)
    assert [w.code for w in loaded.warnings] == [ConfigErrorCode.NOT_UTF8]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    machine = tmp_path / "machine.toml"
    machine.write_bytes(b'\xef\xbb\xbfmode = "referent"\n')
    loaded = load_config(env={}, machine_file=machine, user_file=tmp_path / "u.toml")
    assert loaded.config.mode is Mode.REFERENT


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    machine = write(tmp_path / "machine.toml", "# padding\n" * 10_000)
    with pytest.raises(ConfigError) as caught:
        load_config(env={}, machine_file=machine, user_file=tmp_path / "u.toml")
    assert caught.value.code is ConfigErrorCode.UNREADABLE


def test_data_dir_precedence_cli_then_config_then_platform() -> None:
    config = MachineConfig(data_dir=Path("/srv/pixdesk"))
    assert resolve_data_dir(Path("/cli"), config) == Path("/cli")
    assert resolve_data_dir(None, config) == Path("/srv/pixdesk")
    assert resolve_data_dir(None, MachineConfig()) is None
