"""The passphrase-protected center key file (cheap Argon2id parameters keep tests fast)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from pixdesk.crypto.center import (
    Argon2Params,
    CenterKeyError,
    CenterKeyErrorCode,
    decrypt_center_key,
    encrypt_center_key,
    load_center_key,
    read_center_key_info,
    save_center_key,
)
from pixdesk.crypto.keys import b64u_encode, generate_signing_key, public_key_bytes

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=64, parallelism=1)
PASSPHRASE = "correct horse battery staple"


def test_defaults_are_the_documented_ones() -> None:
    assert Argon2Params() == Argon2Params(time_cost=3, memory_cost_kib=65536, parallelism=1)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    key = generate_signing_key()
    path = tmp_path / "center-key.json"
    save_center_key(path, key, PASSPHRASE, params=CHEAP, label="Lycée Jean Moulin")
    loaded = load_center_key(path, PASSPHRASE)
    assert public_key_bytes(loaded) == public_key_bytes(key)
    assert key.private_bytes_raw() not in path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_parameters_and_label_round_trip() -> None:
    key = generate_signing_key()
    params = Argon2Params(time_cost=2, memory_cost_kib=128, parallelism=2)
    data = encrypt_center_key(key, PASSPHRASE, params=params, label="Collège Zoé")
    info = read_center_key_info(data)
    assert info.params == params
    assert info.label == "Collège Zoé"
    assert public_key_bytes(info.public_key) == public_key_bytes(key)
    doc = json.loads(data)
    assert doc["kdf"]["alg"] == "argon2id"
    assert doc["kdf"]["version"] == 19
    assert (doc["kdf"]["time_cost"], doc["kdf"]["memory_cost_kib"]) == (2, 128)
    assert public_key_bytes(decrypt_center_key(data, PASSPHRASE)) == public_key_bytes(key)


def test_each_save_uses_a_fresh_salt_and_nonce() -> None:
    key = generate_signing_key()
    a = json.loads(encrypt_center_key(key, PASSPHRASE, params=CHEAP))
    b = json.loads(encrypt_center_key(key, PASSPHRASE, params=CHEAP))
    assert a["kdf"]["salt"] != b["kdf"]["salt"]
    assert a["cipher"]["nonce"] != b["cipher"]["nonce"]


@pytest.mark.parametrize(
    "wrong", ["correct horse battery stapl", "", "Correct horse battery staple"]
)
def test_wrong_passphrase(tmp_path: Path, wrong: str) -> None:
    path = tmp_path / "center-key.json"
    save_center_key(path, generate_signing_key(), PASSPHRASE, params=CHEAP)
    with pytest.raises(CenterKeyError) as info:
        load_center_key(path, wrong)
    assert info.value.code is CenterKeyErrorCode.WRONG_PASSPHRASE
    assert str(info.value) == "WRONG_PASSPHRASE"  # the message never echoes a passphrase


def test_passphrase_is_unicode_normalised() -> None:
    key = generate_signing_key()
    data = encrypt_center_key(key, "mot de passe \u00e9t\u00e9", params=CHEAP)  # NFC
    opened = decrypt_center_key(data, "mot de passe e\u0301te\u0301")  # NFD, as macOS types it
    assert public_key_bytes(opened) == public_key_bytes(key)


def test_short_passphrase_refused() -> None:
    with pytest.raises(CenterKeyError) as info:
        encrypt_center_key(generate_signing_key(), "short", params=CHEAP)
    assert info.value.code is CenterKeyErrorCode.PASSPHRASE_TOO_SHORT


def test_existing_file_is_not_overwritten_by_default(tmp_path: Path) -> None:
    path = tmp_path / "center-key.json"
    save_center_key(path, generate_signing_key(), PASSPHRASE, params=CHEAP)
    before = path.read_bytes()
    with pytest.raises(CenterKeyError) as info:
        save_center_key(path, generate_signing_key(), PASSPHRASE, params=CHEAP)
    assert info.value.code is CenterKeyErrorCode.ALREADY_EXISTS
    assert path.read_bytes() == before
    key = load_center_key(path, PASSPHRASE)
    save_center_key(path, key, "a new passphrase", params=CHEAP, overwrite=True)
    assert public_key_bytes(load_center_key(path, "a new passphrase")) == public_key_bytes(key)


def test_missing_file_is_io_error(tmp_path: Path) -> None:
    with pytest.raises(CenterKeyError) as info:
        load_center_key(tmp_path / "absent.json", PASSPHRASE)
    assert info.value.code is CenterKeyErrorCode.IO_ERROR


@pytest.mark.parametrize(
    "params",
    [
        Argon2Params(time_cost=0, memory_cost_kib=64, parallelism=1),
        Argon2Params(time_cost=1, memory_cost_kib=7, parallelism=1),
        Argon2Params(time_cost=1, memory_cost_kib=16, parallelism=4),
        Argon2Params(time_cost=1, memory_cost_kib=4 * 1024 * 1024, parallelism=1),
    ],
)
def test_invalid_parameters_refused(params: Argon2Params) -> None:
    with pytest.raises(CenterKeyError) as info:
        encrypt_center_key(generate_signing_key(), PASSPHRASE, params=params)
    assert info.value.code is CenterKeyErrorCode.KDF_PARAMS_INVALID


def _edit(data: bytes, change: Any) -> bytes:
    doc = json.loads(data)
    change(doc)
    return json.dumps(doc).encode()


EDITS: list[tuple[str, Any, CenterKeyErrorCode]] = [
    ("label", lambda d: d.update(label="Autre lycée"), CenterKeyErrorCode.WRONG_PASSPHRASE),
    (
        "public key",
        lambda d: d.update(public_key=b64u_encode(public_key_bytes(generate_signing_key()))),
        CenterKeyErrorCode.WRONG_PASSPHRASE,
    ),
    (
        "memory cost",
        lambda d: d["kdf"].update(memory_cost_kib=128),
        CenterKeyErrorCode.WRONG_PASSPHRASE,
    ),
    (
        "huge memory cost",
        lambda d: d["kdf"].update(memory_cost_kib=2**40),
        CenterKeyErrorCode.KDF_PARAMS_INVALID,
    ),
    ("argon2i", lambda d: d["kdf"].update(alg="argon2i"), CenterKeyErrorCode.KDF_PARAMS_INVALID),
    ("bool cost", lambda d: d["kdf"].update(time_cost=True), CenterKeyErrorCode.MALFORMED),
    ("no salt", lambda d: d["kdf"].pop("salt"), CenterKeyErrorCode.MALFORMED),
    ("short salt", lambda d: d["kdf"].update(salt="AAAA"), CenterKeyErrorCode.MALFORMED),
    ("cipher", lambda d: d["cipher"].update(alg="aes-128-cbc"), CenterKeyErrorCode.MALFORMED),
    ("ciphertext", lambda d: d.update(ciphertext="AAAA"), CenterKeyErrorCode.MALFORMED),
    ("version", lambda d: d.update(v=2), CenterKeyErrorCode.UNSUPPORTED_VERSION),
    ("format", lambda d: d.update(format="other"), CenterKeyErrorCode.MALFORMED),
]


@pytest.mark.parametrize(
    ("change", "code"), [(e[1], e[2]) for e in EDITS], ids=[e[0] for e in EDITS]
)
def test_edited_file_refused(change: Any, code: CenterKeyErrorCode) -> None:
    data = encrypt_center_key(generate_signing_key(), PASSPHRASE, params=CHEAP, label="L")
    with pytest.raises(CenterKeyError) as info:
        decrypt_center_key(_edit(data, change), PASSPHRASE)
    assert info.value.code is code


@pytest.mark.parametrize("data", [b"", b"{", b"[]", b"\xff"])
def test_garbage_is_malformed(data: bytes) -> None:
    with pytest.raises(CenterKeyError) as info:
        decrypt_center_key(data, PASSPHRASE)
    assert info.value.code is CenterKeyErrorCode.MALFORMED
