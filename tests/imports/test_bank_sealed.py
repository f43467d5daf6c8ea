"""Sealing a bank folder and opening it in memory: verified as a folder is, or refused."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pixdesk.crypto.platform_keys import read_public_key_file
from pixdesk.crypto.sealed_bank import (
    BankKey,
    SealedBankError,
    SealedBankErrorCode,
    generate_bank_key,
    read_key_file,
    seal_archive,
)
from pixdesk.imports.bank_problems import BankProblemCode as P
from pixdesk.imports.bank_problems import BankRejectedError
from pixdesk.imports.bank_sealed import (
    bank_archive,
    open_sealed_bank,
    read_archive,
    seal_bank_folder,
)
from pixdesk.imports.bank_verify import load_bank, read_bank_folder, verify_bank_files
from pixdesk.services.station_bank import (
    DEMO_BANK_DIR,
    DEMO_PLATFORM_KEY,
    load_demo_bank,
    load_sealed_station_bank,
)
from tests.imports.bank_samples import OTHER_KEY, TEST_KEY, write_sample

TRUSTED = [TEST_KEY.public_key()]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "bank")


def _key(folder: Path) -> BankKey:
    return generate_bank_key(json.loads((folder / "bank.json").read_bytes())["bank_id"])


def test_a_sealed_bank_opens_to_the_same_verified_bank(bank: Path) -> None:
    key = _key(bank)
    sealed = seal_bank_folder(bank, key, TRUSTED)
    opened = open_sealed_bank(sealed, key.key, TRUSTED)
    plain = load_bank(bank, TRUSTED)
    assert opened.loaded.bank.items == plain.bank.items
    assert dict(opened.loaded.bank.contents) == dict(plain.bank.contents)
    assert opened.loaded.signer == plain.signer
    names = {p.name for p in (bank / "attachments").iterdir()}
    assert set(opened.attachments) == names
    for name in names:
        assert opened.attachments[name] == (bank / "attachments" / name).read_bytes()
    assert (opened.header.bank_id, opened.header.version) == (
        plain.bank.header.bank_id,
        plain.bank.header.version,
    )


def test_the_archive_is_deterministic_and_read_strictly(bank: Path) -> None:
    files, problems = read_bank_folder(bank)
    assert problems == ()
    archive = bank_archive(files)
    assert bank_archive(dict(reversed(list(files.items())))) == archive
    assert dict(read_archive(archive)) == files
    for bad in (archive[:-1], archive + b"\x00", archive[:3], b"\xff\xff\xff\xff"):
        with pytest.raises(SealedBankError) as caught:
            read_archive(bad)
        assert caught.value.code is SealedBankErrorCode.MALFORMED


def test_an_altered_file_sealed_under_the_right_key_is_still_refused(bank: Path) -> None:
    """Whoever holds the key cannot change an item: the platform signature still holds."""
    files, _ = read_bank_folder(bank)
    files["bank.json"] = files["bank.json"].replace(b"Explication", b"Explicatiun", 1)
    key = _key(bank)
    version = json.loads(files["bank.json"])["version"]
    sealed = seal_archive(bank_archive(files), key, version=version)
    with pytest.raises(BankRejectedError) as caught:
        open_sealed_bank(sealed, key.key, TRUSTED)
    assert P.HASH_MISMATCH in {p.code for p in caught.value.problems}


def test_an_extra_file_in_the_archive_is_refused(bank: Path) -> None:
    files, _ = read_bank_folder(bank)
    result = verify_bank_files({**files, "notes.txt": b"x"}, TRUSTED)
    assert (P.EXTRA_FILE, "notes.txt") in {(p.code, p.name) for p in result.problems}
    result = verify_bank_files({**files, "attachments/../x": b"x"}, TRUSTED)
    assert P.UNSAFE_NAME in {p.code for p in result.problems}


def test_an_untrusted_signer_or_another_bank_header_is_refused(bank: Path) -> None:
    key = _key(bank)
    sealed = seal_bank_folder(bank, key, TRUSTED)
    with pytest.raises(BankRejectedError) as caught:
        open_sealed_bank(sealed, key.key, [OTHER_KEY.public_key()])
    assert P.SIGNER_UNTRUSTED in {p.code for p in caught.value.problems}
    files, _ = read_bank_folder(bank)
    relabelled = seal_archive(bank_archive(files), key, version="9.9")
    with pytest.raises(SealedBankError) as refused:
        open_sealed_bank(relabelled, key.key, TRUSTED)
    assert refused.value.code is SealedBankErrorCode.MALFORMED


def test_sealing_refuses_a_bad_bank_or_a_key_for_another_bank(bank: Path) -> None:
    with pytest.raises(SealedBankError):
        seal_bank_folder(bank, generate_bank_key("another-bank"), TRUSTED)
    (bank / "extra.txt").write_text("x")
    with pytest.raises(BankRejectedError):
        seal_bank_folder(bank, _key(bank), TRUSTED)


def _seal_cli(*args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pixdesk", "bank", "seal", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_bank_seal_command_writes_the_bank_and_a_private_key(tmp_path: Path) -> None:
    out, key_file = tmp_path / "demo.pxbank", tmp_path / "demo.key"
    done = _seal_cli(DEMO_BANK_DIR, "--out", out, "--key-out", key_file)
    assert done.returncode == 0, done.stderr
    assert "pixdesk-demo" in done.stdout
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = read_key_file(key_file)
    assert key.key.hex() not in done.stdout + done.stderr
    sealed = load_sealed_station_bank(out, [read_public_key_file(DEMO_PLATFORM_KEY)])
    assert len(sealed.open(key.key).items) == len(load_demo_bank().items)
    # A key file is never replaced (its bank would be lost with it); a bad folder writes nothing.
    again = _seal_cli(DEMO_BANK_DIR, "--out", out, "--key-out", key_file)
    assert again.returncode == 2
    assert read_key_file(key_file) == key
    missing = _seal_cli(
        tmp_path / "nope", "--out", tmp_path / "x.pxbank", "--key-out", tmp_path / "x.key"
    )
    assert missing.returncode == 2
    assert not (tmp_path / "x.key").exists()
    assert not (tmp_path / "x.pxbank").exists()
