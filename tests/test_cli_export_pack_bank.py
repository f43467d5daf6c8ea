"""``pixdesk referent export-pack --bank-key FILE``: the sealed bank's key (``pixdesk bank seal``)
rides in the pack's sealed console secrets, opened only with the invigilator password; a bad
key file is refused in words, before the passphrase, and nothing is written."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.keystore import Keystore
from pixdesk.crypto.sealed_bank import BankKey, generate_bank_key, key_file_bytes
from pixdesk.services.session_pack import read_session_pack
from pixdesk.services.session_secrets import SessionSecrets, open_session_secrets
from pixdesk.services.sessions import SessionPlanner
from pixdesk.services.station_store import open_station_store
from pixdesk.store import sessions_repo
from tests.fakes import FakeClock
from tests.test_cli_export_pack import Setup


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def key_file(setup: Setup) -> tuple[Path, BankKey]:
    key = generate_bank_key("pixdesk-demo")
    path = setup.tmp / "banque.key"
    path.write_bytes(key_file_bytes(key))
    return path, key


def invigilator_password(setup: Setup) -> str:
    store = open_station_store(setup.data, keystore=Keystore(setup.data, use_os_keyring=False))
    try:
        plans = SessionPlanner(store.db, rng=random.Random(0), clock=FakeClock())
        (planned,) = [p for p in plans.list_sessions() if p.session.number == setup.number]
        record = sessions_repo.get_session(store.db.conn, planned.session_id)
        assert record is not None
        return record.invigilator_password
    finally:
        store.close()


def console_secrets(setup: Setup) -> SessionSecrets:
    pack = read_session_pack(setup.out / f"session-{setup.number}.pixpack", setup.key.public_key())
    console = pack.console
    assert console is not None
    return open_session_secrets(
        console.secrets,
        invigilator_password(setup),
        session_id=pack.session_id,
        number=pack.number,
        session_key=console.session_key,
        tls_certificate_der=console.tls_certificate,
    )


def test_the_bank_key_is_sealed_into_the_pack(setup: Setup) -> None:
    path, key = key_file(setup)
    done = setup.run("--bank-key", str(path))
    assert done.returncode == 0, done.stderr
    assert console_secrets(setup).bank_key == key
    pack_text = (setup.out / f"session-{setup.number}.pixpack").read_text(encoding="utf-8")
    assert b64u_encode(key.key) not in pack_text  # sealed under the password, never clear


def test_without_bank_key_the_pack_carries_none(setup: Setup) -> None:
    done = setup.run()
    assert done.returncode == 0, done.stderr
    assert console_secrets(setup).bank_key is None


@pytest.mark.parametrize(
    ("content", "lang", "expected"),
    [
        (None, "fr", "Clé de banque introuvable : {path}"),
        (None, "en", "Bank key not found: {path}"),
        (b'{"format": "pixdesk-bank-key"}', "fr", "Clé de banque refusée : {path} (ce n'est pas"),
        (b"\xff\xfe", "en", "Bank key refused: {path} (not a pixdesk bank key file)"),
    ],
    ids=["missing", "missing-en", "not-a-key", "binary-en"],
)
def test_a_bad_bank_key_file_is_refused_before_the_passphrase(
    setup: Setup, content: bytes | None, lang: str, expected: str
) -> None:
    path = setup.tmp / "banque.key"
    if content is not None:
        path.write_bytes(content)
    done = setup.run("--bank-key", str(path), passphrase="jamais lue", lang=lang)
    assert done.returncode == 1
    assert expected.format(path=path) in done.stderr
    assert "Phrase de passe" not in done.stderr + done.stdout  # refused before the key is opened
    assert "Traceback" not in done.stderr
    assert list(setup.out.iterdir()) == []
