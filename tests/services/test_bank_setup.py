"""The bank files of the machine configuration: ``bank_file`` (the sealed bank learner mode runs
on) and ``bank_key_file`` (the console's key for sessions created on the spot), and what
``pixdesk doctor`` says of them. Real files: the demo bank sealed under a fresh key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.sealed_bank import BankKey, generate_bank_key, key_file_bytes
from pixdesk.i18n import set_language
from pixdesk.services.bank_setup import (
    BankSetupError,
    configured_bank_key,
    configured_station_bank,
    open_bank_file,
)
from pixdesk.services.checks import CheckStatus
from pixdesk.services.config import CONFIG_ENV, MachineConfig, Mode
from pixdesk.services.doctor import check_bank, check_bank_key
from pixdesk.services.learner import open_learner_station
from pixdesk.services.station_bank import (
    DEMO_BANK_ID,
    SealedStationBank,
    StationBank,
    seal_demo_bank,
)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BankKey]:
    """The demo bank sealed once for the module, and its key file."""
    directory = tmp_path_factory.mktemp("bank")
    bank, key = seal_demo_bank(directory)
    key_path = directory / "demo.key"
    key_path.write_bytes(key_file_bytes(key))
    return bank.path, key


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    try:
        yield
    finally:
        set_language("fr")


def copy_with(path: Path, target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    assert target.stat().st_size == len(data)
    del path
    return target


def refusal(config: MachineConfig) -> BankSetupError:
    with pytest.raises(BankSetupError) as caught:
        configured_station_bank(config)
    return caught.value


# ---------------------------------------------------------------- bank_file


def test_without_bank_file_learner_mode_runs_the_plaintext_demo_bank() -> None:
    bank = configured_station_bank(MachineConfig())
    assert isinstance(bank, StationBank)
    assert bank.bank_id == DEMO_BANK_ID
    assert bank.items  # readable at once


def test_a_configured_sealed_bank_is_held_locked(sealed: tuple[Path, BankKey]) -> None:
    path, key = sealed
    bank = configured_station_bank(MachineConfig(bank_file=path))
    assert isinstance(bank, SealedStationBank)
    assert (bank.bank_id, bank.path) == (DEMO_BANK_ID, path)
    assert bank.locked().items == ()
    assert bank.open(key.key).items  # the shipped platform keys trust the bank inside


def test_a_missing_bank_file_is_named_in_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "absente.pxbank"
    error = refusal(MachineConfig(bank_file=missing))
    assert error.code == "NOT_FOUND"
    assert str(error) == (
        f"Banque scellée introuvable : {missing} (clé « bank_file » de la configuration)"
    )
    set_language("en")
    try:
        english = str(refusal(MachineConfig(bank_file=missing)))
    finally:
        set_language("fr")
    assert english == f'Sealed bank not found: {missing} ("bank_file" key of the configuration)'


def test_an_unreadable_bank_file_is_refused(tmp_path: Path) -> None:
    error = refusal(MachineConfig(bank_file=tmp_path))  # a folder: the OS refuses to read it
    assert error.code == "UNREADABLE"
    assert str(error).startswith(f"Banque scellée illisible : {tmp_path} (")


@pytest.mark.parametrize(
    ("change", "code", "reason"),
    [
        (lambda data: data[:-1], "TRUNCATED", "fichier incomplet"),
        (lambda data: data + b"\0", "MALFORMED", "fichier altéré ou endommagé"),
        (lambda data: data[:1000], "TRUNCATED", "fichier incomplet"),
        (lambda data: b"plain text, not a bank", "NOT_SEALED", "pas une banque scellée"),
        (lambda data: data.replace(b'"format_version":1', b'"format_version":2'), "UNSUPPORTED",
         "format plus récent"),
        (lambda data: data.replace(b'"bank_id":"', b'"bank_id":"x', 1), "MALFORMED",
         "fichier altéré"),
    ],
)  # fmt: skip
def test_a_cut_padded_or_altered_bank_file_is_refused_at_start(
    sealed: tuple[Path, BankKey], tmp_path: Path, change: object, code: str, reason: str
) -> None:
    path, _key = sealed
    assert callable(change)
    broken = copy_with(path, tmp_path / "copie.pxbank", change(path.read_bytes()))
    error = refusal(MachineConfig(bank_file=broken))
    assert error.code == code
    assert str(error).startswith(f"Banque scellée refusée : {broken} (")
    assert reason in str(error)


def test_learner_mode_refuses_a_bad_bank_before_touching_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "donnees"
    data_dir.mkdir()
    with pytest.raises(BankSetupError):
        open_learner_station(data_dir, MachineConfig(bank_file=tmp_path / "absente.pxbank"))
    assert list(data_dir.iterdir()) == []  # no key, no store made


def test_the_bank_header_alone_is_read_at_start(sealed: tuple[Path, BankKey]) -> None:
    path, _key = sealed
    bank = open_bank_file(path, trusted_platform_keys=())
    assert bank.header.sealed_size == path.stat().st_size


# ---------------------------------------------------------------- bank_key_file


def test_the_console_reads_its_bank_key_file(sealed: tuple[Path, BankKey]) -> None:
    path, key = sealed
    assert configured_bank_key(MachineConfig()) is None
    read = configured_bank_key(MachineConfig(bank_key_file=path.parent / "demo.key"))
    assert read == key


def test_a_bad_key_file_is_refused_without_quoting_it(tmp_path: Path) -> None:
    secret = b64u_encode(b"k" * 32)
    bad = tmp_path / "cle.key"
    bad.write_text('{"key": "' + secret + '"}\n', encoding="utf-8")
    with pytest.raises(BankSetupError) as caught:
        configured_bank_key(MachineConfig(bank_key_file=bad))
    assert caught.value.code == "BAD_KEY_FILE"
    assert str(caught.value) == (
        f"Clé de banque refusée : {bad} (ce n'est pas un fichier de clé de banque pixdesk)"
    )
    assert secret not in str(caught.value)
    with pytest.raises(BankSetupError) as missing:
        configured_bank_key(MachineConfig(bank_key_file=tmp_path / "absente.key"))
    assert missing.value.code == "NOT_FOUND"
    assert "bank_key_file" in str(missing.value)


# ---------------------------------------------------------------- doctor


def test_doctor_shows_the_sealed_bank_without_its_key(sealed: tuple[Path, BankKey]) -> None:
    path, _key = sealed
    result = check_bank(MachineConfig(mode=Mode.LEARNER, bank_file=path))
    assert result.status is CheckStatus.PASS
    assert result.message == f"Banque : {DEMO_BANK_ID} version 2026.1, scellée ({path})"
    assert result.data == {
        "file": str(path),
        "sealed": True,
        "bank_id": DEMO_BANK_ID,
        "version": "2026.1",
    }


def test_doctor_says_learner_mode_runs_a_plain_bank() -> None:
    result = check_bank(MachineConfig(mode=Mode.LEARNER))
    assert result.status is CheckStatus.WARN
    assert "en clair" in result.message
    assert result.data == {"sealed": False}
    assert check_bank(MachineConfig(mode=Mode.SUPERVISOR)).status is CheckStatus.SKIP


def test_doctor_fails_on_a_bad_bank_file(
    sealed: tuple[Path, BankKey], tmp_path: Path, english: None
) -> None:
    path, _key = sealed
    cut = copy_with(path, tmp_path / "cut.pxbank", path.read_bytes()[:-5])
    result = check_bank(MachineConfig(mode=Mode.LEARNER, bank_file=cut))
    assert result.status is CheckStatus.FAIL
    assert result.message == f"Sealed bank refused: {cut} (incomplete file: interrupted copy?)"


def test_doctor_checks_the_console_key_against_the_bank(sealed: tuple[Path, BankKey]) -> None:
    path, key = sealed
    key_path = path.parent / "demo.key"
    good = check_bank_key(MachineConfig(mode=Mode.SUPERVISOR, bank_key_file=key_path))
    assert good.status is CheckStatus.PASS
    assert good.message == f"Clé de banque : banque {DEMO_BANK_ID} ({key_path})"
    assert b64u_encode(key.key) not in json.dumps(good.as_json())

    other = path.parent / "autre.key"
    other.write_bytes(key_file_bytes(generate_bank_key(DEMO_BANK_ID)))
    wrong = check_bank_key(MachineConfig(mode=Mode.SUPERVISOR, bank_file=path, bank_key_file=other))
    assert wrong.status is CheckStatus.FAIL
    assert "n'ouvre pas la banque" in wrong.message

    on_a_lab_pc = check_bank_key(MachineConfig(mode=Mode.LEARNER, bank_key_file=key_path))
    assert on_a_lab_pc.status is CheckStatus.WARN
    assert check_bank_key(MachineConfig()).status is CheckStatus.SKIP


def doctor(config: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, CONFIG_ENV: str(config), "PIXDESK_LANG": "en"}
    command = [sys.executable, "-m", "pixdesk", "--data-dir", str(data), "doctor", "--no-gui"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_doctor_command_reports_the_sealed_bank(
    sealed: tuple[Path, BankKey], tmp_path: Path
) -> None:
    path, _key = sealed
    config = tmp_path / "pixdesk.toml"
    config.write_text(f'mode = "learner"\nbank_file = "{path.as_posix()}"\n', encoding="utf-8")
    report = json.loads(doctor(config, tmp_path / "d", "--json").stdout)
    bank = next(c for c in report["checks"] if c["check"] == "bank")
    assert bank["status"] == "pass"
    assert bank["data"]["bank_id"] == DEMO_BANK_ID
    assert bank["message"] == f"Bank: {DEMO_BANK_ID} version 2026.1, sealed ({path})"

    gone = path.with_name("gone.pxbank")
    config.write_text(f'mode = "learner"\nbank_file = "{gone.as_posix()}"\n', encoding="utf-8")
    failed = doctor(config, tmp_path / "d")
    assert failed.returncode == 1
    expected = f'[FAIL] Sealed bank not found: {gone} ("bank_file" key of the configuration)'
    assert expected in failed.stdout.splitlines(), failed.stdout
