"""The station keystore, on real files: stability, permissions, corruption, keyring path."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from keyring import backend as keyring_backend_module
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked

from pixdesk.atomicfile import write_file_atomically
from pixdesk.crypto.keys import b64u_decode, b64u_encode, public_key_bytes
from pixdesk.crypto.keystore import (
    KEYSTORE_FILE,
    SECRET_FILE,
    Keystore,
    KeystoreError,
    KeystoreErrorCode,
    keyring_backend_usable,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


class DictKeyring(KeyringBackend):
    """A real keyring backend that keeps its entries in a dict (recommended priority).

    Its constructor takes an argument so that keyring's own discovery, which builds every
    registered backend without arguments, never picks it up as the process-wide default.
    """

    priority = 5.0  # type: ignore[assignment]

    def __init__(self, entries: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.entries = entries

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.entries[(service, username)]


class LockedKeyring(DictKeyring):
    """A backend that is present but refuses every access, like a locked Secret Service."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def file_store(data_dir: Path) -> Keystore:
    return Keystore(data_dir, use_os_keyring=False)


def test_database_key_is_stable_across_calls_and_reopen(tmp_path: Path) -> None:
    first = file_store(tmp_path)
    key = first.database_key()
    assert len(key) == 32
    assert first.database_key() == key
    station = public_key_bytes(first.station_key())
    reopened = file_store(tmp_path)
    assert reopened.database_key() == key
    assert public_key_bytes(reopened.station_key()) == station
    assert reopened.installation_id == first.installation_id
    assert reopened.backend_name == "secret-file"


def test_two_installations_have_different_keys(tmp_path: Path) -> None:
    a, b = file_store(tmp_path / "a"), file_store(tmp_path / "b")
    assert a.database_key() != b.database_key()
    assert a.installation_id != b.installation_id


def test_no_secret_in_clear_on_disk(tmp_path: Path) -> None:
    store = file_store(tmp_path)
    key = store.database_key()
    seed = store.station_key().private_bytes_raw()
    for content in snapshot(tmp_path).values():
        for secret in (key, seed):
            assert secret not in content
            assert secret.hex().encode() not in content
            assert b64u_encode(secret).encode() not in content


@posix_only
def test_secret_and_keystore_files_are_0600(tmp_path: Path) -> None:
    file_store(tmp_path).database_key()
    for name in (SECRET_FILE, KEYSTORE_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o601])
def test_exposed_secret_file_is_refused(tmp_path: Path, mode: int) -> None:
    file_store(tmp_path).database_key()
    (tmp_path / SECRET_FILE).chmod(mode)
    before = snapshot(tmp_path)
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path).database_key()
    assert info.value.code is KeystoreErrorCode.SECRET_FILE_PERMISSIONS
    assert "expected -rw-------" in str(info.value)
    assert snapshot(tmp_path) == before
    assert stat.S_IMODE((tmp_path / SECRET_FILE).stat().st_mode) == mode  # not "fixed" silently


@posix_only
def test_symlinked_secret_file_is_refused(tmp_path: Path) -> None:
    file_store(tmp_path).database_key()
    real = tmp_path / "elsewhere"
    (tmp_path / SECRET_FILE).rename(real)
    (tmp_path / SECRET_FILE).symlink_to(real)
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path).database_key()
    assert info.value.code is KeystoreErrorCode.SECRET_FILE_PERMISSIONS


def _rewrite(path: Path, change: Any) -> None:
    doc = json.loads(path.read_bytes())
    change(doc)
    path.write_text(json.dumps(doc))


def _flip_ciphertext(entry: str) -> Any:
    def change(doc: dict[str, Any]) -> None:
        raw = bytearray(b64u_decode(doc[entry]["ciphertext"]))
        raw[5] ^= 0x01
        doc[entry]["ciphertext"] = b64u_encode(bytes(raw))

    return change


def _swap_entries(doc: dict[str, Any]) -> None:
    db, station = doc["database_key"], doc["station_key"]
    doc["database_key"] = {k: station[k] for k in ("nonce", "ciphertext")}
    station.update({k: db[k] for k in ("nonce", "ciphertext")})


def _other_installation(doc: dict[str, Any]) -> None:
    doc["installation_id"] = "0" * 32


CORRUPTIONS: list[tuple[str, Any, KeystoreErrorCode]] = [
    ("empty", lambda p: p.write_bytes(b""), KeystoreErrorCode.WRAPPED_KEY_CORRUPT),
    (
        "truncated",
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
    ("garbage", lambda p: p.write_bytes(b"\xff\x00garbage"), KeystoreErrorCode.WRAPPED_KEY_CORRUPT),
    ("json list", lambda p: p.write_text("[]"), KeystoreErrorCode.WRAPPED_KEY_CORRUPT),
    (
        "missing db entry",
        lambda p: _rewrite(p, lambda d: d.pop("database_key")),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
    (
        "short ciphertext",
        lambda p: _rewrite(p, lambda d: d["database_key"].update(ciphertext="AAAA")),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
    (
        "bad base64",
        lambda p: _rewrite(p, lambda d: d["database_key"].update(nonce="!!")),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
    (
        "unknown KEK source",
        lambda p: _rewrite(p, lambda d: d["kek"].update(source="usb")),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
    (
        "newer version",
        lambda p: _rewrite(p, lambda d: d.update(v=2)),
        KeystoreErrorCode.UNSUPPORTED_VERSION,
    ),
    (
        "flipped db ciphertext",
        lambda p: _rewrite(p, _flip_ciphertext("database_key")),
        KeystoreErrorCode.UNWRAP_FAILED,
    ),
    (
        "flipped station ciphertext",
        lambda p: _rewrite(p, _flip_ciphertext("station_key")),
        KeystoreErrorCode.UNWRAP_FAILED,
    ),
    ("entries swapped", lambda p: _rewrite(p, _swap_entries), KeystoreErrorCode.UNWRAP_FAILED),
    (
        "installation id changed",
        lambda p: _rewrite(p, _other_installation),
        KeystoreErrorCode.UNWRAP_FAILED,
    ),
    (
        "station public key changed",
        lambda p: _rewrite(p, lambda d: d["station_key"].update(public_key=b64u_encode(bytes(32)))),
        KeystoreErrorCode.WRAPPED_KEY_CORRUPT,
    ),
]


@pytest.mark.parametrize(
    ("corrupt", "code"), [(c[1], c[2]) for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS]
)
def test_damaged_keystore_is_an_error_never_a_new_key(
    tmp_path: Path, corrupt: Any, code: KeystoreErrorCode
) -> None:
    file_store(tmp_path).database_key()
    corrupt(tmp_path / KEYSTORE_FILE)
    before = snapshot(tmp_path)
    store = file_store(tmp_path)
    for ask in (store.database_key, store.station_key):
        with pytest.raises(KeystoreError) as info:
            ask()
        assert info.value.code is code
    assert snapshot(tmp_path) == before  # nothing rewritten, nothing created


def test_missing_secret_file_is_kek_missing_and_not_regenerated(tmp_path: Path) -> None:
    file_store(tmp_path).database_key()
    (tmp_path / SECRET_FILE).unlink()
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_MISSING
    assert not (tmp_path / SECRET_FILE).exists()


def test_another_machine_secret_fails_to_unwrap(tmp_path: Path) -> None:
    file_store(tmp_path / "a").database_key()
    file_store(tmp_path / "b").database_key()
    (tmp_path / "b" / SECRET_FILE).replace(tmp_path / "a" / SECRET_FILE)
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path / "a").database_key()
    assert info.value.code is KeystoreErrorCode.UNWRAP_FAILED


@pytest.mark.parametrize("content", [b"", b"pixdesk-machine-secret-v1\n" + bytes(31), bytes(58)])
def test_corrupt_secret_file_is_kek_corrupt(tmp_path: Path, content: bytes) -> None:
    file_store(tmp_path).database_key()
    write_file_atomically(tmp_path / SECRET_FILE, content, mode=0o600)
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_CORRUPT


def test_create_false_refuses_to_make_keys(tmp_path: Path) -> None:
    store = file_store(tmp_path / "data")
    assert not store.exists()
    with pytest.raises(KeystoreError) as info:
        store.database_key(create=False)
    assert info.value.code is KeystoreErrorCode.KEYSTORE_MISSING
    assert not (tmp_path / "data").exists()
    key = store.database_key()
    assert store.exists()
    assert file_store(tmp_path / "data").database_key(create=False) == key


def test_existing_secret_file_is_reused_after_an_interrupted_first_run(tmp_path: Path) -> None:
    file_store(tmp_path).database_key()
    secret = (tmp_path / SECRET_FILE).read_bytes()
    (tmp_path / KEYSTORE_FILE).unlink()  # as if the first run died before writing it
    file_store(tmp_path).database_key()
    assert (tmp_path / SECRET_FILE).read_bytes() == secret


# ---------------------------------------------------------------- OS keyring path


def test_keyring_path_with_a_recommended_backend(tmp_path: Path) -> None:
    entries: dict[tuple[str, str], str] = {}
    store = Keystore(tmp_path, keyring_backend=DictKeyring(entries))
    key = store.database_key()
    assert store.backend_name.startswith("os-keyring:")
    assert store.backend_name.endswith("DictKeyring")
    assert not (tmp_path / SECRET_FILE).exists()
    assert list(entries) == [("pixdesk", f"kek/{store.installation_id}")]
    assert Keystore(tmp_path, keyring_backend=DictKeyring(entries)).database_key() == key
    # The recorded source wins over a later preference for the file.
    reopened = Keystore(tmp_path, use_os_keyring=False, keyring_backend=DictKeyring(entries))
    assert reopened.database_key() == key


def test_keyring_entry_gone_is_kek_missing(tmp_path: Path) -> None:
    entries: dict[tuple[str, str], str] = {}
    Keystore(tmp_path, keyring_backend=DictKeyring(entries)).database_key()
    before = snapshot(tmp_path)
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path, keyring_backend=DictKeyring({})).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_MISSING
    assert snapshot(tmp_path) == before


def test_keyring_entry_corrupt_is_kek_corrupt(tmp_path: Path) -> None:
    entries: dict[tuple[str, str], str] = {}
    Keystore(tmp_path, keyring_backend=DictKeyring(entries)).database_key()
    entries[next(iter(entries))] = "not a key"
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path, keyring_backend=DictKeyring(entries)).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_CORRUPT


def test_keyring_recorded_but_now_unavailable(tmp_path: Path) -> None:
    Keystore(tmp_path, keyring_backend=DictKeyring({})).database_key()
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path, keyring_backend=fail.Keyring()).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_BACKEND_UNAVAILABLE
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path, keyring_backend=LockedKeyring({})).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_BACKEND_ERROR


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), LockedKeyring({})])
def test_automatic_mode_falls_back_to_the_secret_file(tmp_path: Path, backend: Any) -> None:
    store = Keystore(tmp_path, keyring_backend=backend)
    store.database_key()
    assert store.backend_name == "secret-file"
    assert (tmp_path / SECRET_FILE).exists()


@pytest.mark.parametrize(
    ("backend", "code"),
    [
        (fail.Keyring(), KeystoreErrorCode.KEK_BACKEND_UNAVAILABLE),
        (null.Keyring(), KeystoreErrorCode.KEK_BACKEND_UNAVAILABLE),
        (LockedKeyring({}), KeystoreErrorCode.KEK_BACKEND_ERROR),
    ],
)
def test_required_keyring_never_falls_back(
    tmp_path: Path, backend: Any, code: KeystoreErrorCode
) -> None:
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path, use_os_keyring=True, keyring_backend=backend).database_key()
    assert info.value.code is code
    assert not (tmp_path / SECRET_FILE).exists()
    assert not (tmp_path / KEYSTORE_FILE).exists()


def test_chainer_with_nothing_to_chain_is_not_usable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_backend_module, "_limit", lambda _ring: False)
    empty = chainer.ChainerBackend()
    assert not keyring_backend_usable(empty, recommended_only=False)
    assert keyring_backend_usable(DictKeyring({}), recommended_only=True)


def test_keyrings_alt_file_backend(tmp_path: Path) -> None:
    """keyrings.alt's plaintext file: usable on request, never chosen automatically."""
    alt_file = pytest.importorskip("keyrings.alt.file")

    def backend() -> Any:
        ring = alt_file.PlaintextKeyring()
        ring.file_path = str(tmp_path / "keyring.cfg")
        return ring

    assert not keyring_backend_usable(backend(), recommended_only=True)
    auto = Keystore(tmp_path / "auto", keyring_backend=backend())
    auto.database_key()
    assert auto.backend_name == "secret-file"

    store = Keystore(tmp_path / "data", use_os_keyring=True, keyring_backend=backend())
    key = store.database_key()
    assert store.backend_name.startswith("os-keyring:keyrings.alt.file.PlaintextKeyring")
    assert Keystore(tmp_path / "data", keyring_backend=backend()).database_key() == key
    backend().delete_password("pixdesk", f"kek/{store.installation_id}")
    with pytest.raises(KeystoreError) as info:
        Keystore(tmp_path / "data", keyring_backend=backend()).database_key()
    assert info.value.code is KeystoreErrorCode.KEK_MISSING


def test_unreadable_keystore_is_io_error_not_a_new_key(tmp_path: Path) -> None:
    (tmp_path / KEYSTORE_FILE).mkdir()  # a directory where the file should be
    with pytest.raises(KeystoreError) as info:
        file_store(tmp_path).database_key()
    assert info.value.code is KeystoreErrorCode.IO_ERROR
    assert not (tmp_path / SECRET_FILE).exists()
