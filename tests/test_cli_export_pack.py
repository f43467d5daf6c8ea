"""``pixdesk referent export-pack`` as a user or a script runs it: a real process, a real store
with a planned session, a real center key and profiles file; refusals in words, exit ≠ 0 and
nothing written."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.center import Argon2Params, save_center_key
from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.candidate import Sex
from pixdesk.domain.legacy_profile_doc import profile_doc
from pixdesk.services.session_pack import read_session_pack
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_store import open_station_store
from tests.fakes import FakeClock

# No OS keyring in a test: the keystore falls back to its secret file.
ENV = os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
PASSPHRASE = "la clé du lycée Hopper"
CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
PROFILE = [
    {
        "competence": code,
        "level": 2,
        "pix": 16,
        "skills": [{"skill": "@outil2", "tube": "@outil", "level": 2}],
    }
    for code in ("1.1", "1.2", "2.1", "3.1", "4.1")
]


class Setup:
    """A data directory with session n° 1 (Ada ``LOC-1``, Grace ``LOC-2``) and a center key."""

    def __init__(self, tmp: Path) -> None:
        self.data = tmp / "data"
        self.data.mkdir()
        store = open_station_store(self.data, keystore=Keystore(self.data, use_os_keyring=False))
        try:
            plans = SessionPlanner(store.db, rng=random.Random(4), clock=FakeClock())
            draft = SessionDraft("Lycée Hopper", "B13", "2027-01-16", "09:00", ("M. Turing",))
            session = plans.create_session(draft)
            self.number = session.session.number
            for birth, first, local in (("LOVELACE", "Ada", "LOC-1"), ("HOPPER", "Grace", "LOC-2")):
                plans.enrol_candidate(
                    session.session_id,
                    FreeCandidate(
                        birth,
                        first,
                        date(2010, 12, 10),
                        Sex.F,
                        birth_insee_code="75056",
                        external_id=local,
                    ),
                )
        finally:
            store.close()
        self.key = Ed25519PrivateKey.generate()
        self.key_path = tmp / "cle.json"
        save_center_key(self.key_path, self.key, PASSPHRASE, params=CHEAP)
        self.out = tmp / "usb"
        self.out.mkdir()
        self.tmp = tmp

    def profiles(self, profiles: dict[str, Any], name: str = "profils.json") -> Path:
        path = self.tmp / name
        document = {"format": "pixdesk-positioning-profiles", "profiles": profiles}
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    def run(
        self, *extra: str, passphrase: str = PASSPHRASE, lang: str = "fr"
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pixdesk", "--data-dir", str(self.data), "--lang", lang]
        command += ["referent", "export-pack", str(self.number), "--key", str(self.key_path)]
        return subprocess.run(
            [*command, "--out", str(self.out), *extra],
            input=passphrase + "\n",
            capture_output=True,
            text=True,
            check=False,
            env=ENV,
            timeout=120,
        )


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def test_export_with_profiles_writes_the_pack(setup: Setup) -> None:
    done = setup.run("--profiles", str(setup.profiles({"LOC-1": PROFILE})))
    assert done.returncode == 0, done.stderr
    path = setup.out / f"session-{setup.number}.pixpack"
    assert f"Pack écrit : {path}" in done.stdout
    pack = read_session_pack(path, setup.key.public_key())
    profiles = {one.external_id: one.positioning_profile for one in pack.candidates}
    ada = profiles["LOC-1"]
    assert ada is not None
    assert profile_doc(ada) == PROFILE
    assert profiles["LOC-2"] is None


def test_export_without_profiles_writes_a_pack_without_any(setup: Setup) -> None:
    done = setup.run()
    assert done.returncode == 0, done.stderr
    pack = read_session_pack(setup.out / f"session-{setup.number}.pixpack", setup.key.public_key())
    assert {one.positioning_profile for one in pack.candidates} == {None}


def _bad(change: Any) -> list[dict[str, Any]]:
    doc = json.loads(json.dumps(PROFILE))
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("profiles", "lang", "expected"),
    [
        (
            {"LOC-1": _bad(lambda p: p[2].update(competence="6.1"))},
            "fr",
            "Profil du candidat « LOC-1 », compétence n° 3, champ « competence » : "
            "compétence inconnue (de 1.1 à 5.2).",
        ),
        (
            {"LOC-2": _bad(lambda p: p[0].update(pix=80))},
            "en",
            'Profile of candidate "LOC-2", competence no. 1, field "pix": value out of bounds',
        ),
        (
            {"LOC-9": PROFILE},
            "fr",
            "Le fichier contient un profil pour l'identifiant « LOC-9 », qui n'est celui "
            "d'aucun candidat de cette session",
        ),
        (
            {"LOC-9": PROFILE},
            "en",
            'The file holds a profile for the id "LOC-9", which is no candidate of this session',
        ),
    ],
    ids=["unknown-competence", "pix-en", "unknown-id", "unknown-id-en"],
)
def test_a_bad_profiles_file_is_refused_in_words_and_nothing_is_written(
    setup: Setup, profiles: dict[str, Any], lang: str, expected: str
) -> None:
    done = setup.run("--profiles", str(setup.profiles(profiles)), lang=lang)
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert list(setup.out.iterdir()) == []


def test_a_file_that_is_not_a_profiles_file_or_absent_is_refused(setup: Setup) -> None:
    roster = setup.tmp / "roster.json"
    roster.write_text("[1, 2", encoding="utf-8")
    done = setup.run("--profiles", str(roster))
    assert done.returncode == 1
    assert "n'est pas un fichier de profils de positionnement" in done.stderr
    done = setup.run("--profiles", str(setup.tmp / "absent.json"), lang="en")
    assert done.returncode == 1
    assert "The positioning profiles file cannot be read" in done.stderr
    assert list(setup.out.iterdir()) == []


def test_a_wrong_passphrase_or_an_unknown_session_is_refused(setup: Setup) -> None:
    done = setup.run("--profiles", str(setup.profiles({"LOC-1": PROFILE})), passphrase="non")
    assert done.returncode == 1
    assert "Phrase de passe incorrecte" in done.stderr
    command = [sys.executable, "-m", "pixdesk", "--data-dir", str(setup.data)]
    command += ["referent", "export-pack", "999", "--key", str(setup.key_path)]
    missing = subprocess.run(
        [*command, "--out", str(setup.out)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
        timeout=120,
    )
    assert missing.returncode == 2
    assert "Aucune session n° 999" in missing.stderr
    assert list(setup.out.iterdir()) == []
