"""``pixdesk roster import`` as a user or a script runs it (a real process, a real store)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.imports.siecle_files import UAI, pupil, siecle_xml

SAMPLE = Path(__file__).parents[1] / "data" / "siecle" / "ElevesSansAdresses-sample.xml"
# No OS keyring in a test: the keystore falls back to its secret file.
ENV = os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def pixdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", "--data-dir", str(data_dir), "roster", "import", *args],
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
        timeout=60,
    )


def database_digest(data_dir: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.glob("pixdesk.db*"))
    }


def test_the_sample_imports_as_its_readme_says(tmp_path: Path) -> None:
    dry = pixdesk(tmp_path, str(SAMPLE), "--uai", "0781234A", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert (preview["dry_run"], preview["applied"], preview["imported"]) == (True, False, 6)

    done = pixdesk(tmp_path, str(SAMPLE), "--uai", "0781234A", "--json")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["applied"], report["dry_run"]) == (True, False)
    assert (report["imported"], report["added"], report["updated"], report["disabled"]) == (
        6,
        6,
        0,
        0,
    )
    assert [(one["name"], one["reason"]) for one in report["skipped"]] == [
        ("POUZIN Louis", "NO_INE"),
        ("SANTA Garance", "LEFT_SCHOOL"),
        ("HOPPER Grace", "NO_DIVISION"),
        ("TURING Alan", "NO_DIVISION"),
    ]
    assert report["errors"] == []
    again = json.loads(pixdesk(tmp_path, str(SAMPLE), "--uai", "0781234a", "--json").stdout)
    assert (again["imported"], again["unchanged"]) == (0, 6)


def test_the_text_summary_is_french_and_names_every_student(tmp_path: Path) -> None:
    done = pixdesk(tmp_path, str(SAMPLE), "--uai", "0781234A")

    assert done.returncode == 0
    assert "6 élève(s) ajouté(s)" in done.stdout
    assert "POUZIN Louis : pas d'INE" in done.stdout
    assert "Import appliqué" in done.stdout


def test_a_rejected_file_lists_every_error_and_writes_nothing(tmp_path: Path) -> None:
    pixdesk(tmp_path, str(SAMPLE), "--uai", "0781234A")
    before = database_digest(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        siecle_xml(
            [
                pupil(1, CODE_SEXE=None),
                pupil(2, DATE_NAISS=None),
                pupil(3, CODE_COMMUNE_INSEE_NAISS=None),
                pupil(4, ID_NATIONAL=pupil(5).fields["ID_NATIONAL"]),
                pupil(5),
            ]
        )
    )

    done = pixdesk(tmp_path, str(bad), "--uai", UAI, "--json")

    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["applied"] is False
    assert [(one["code"], one["name"]) for one in report["errors"]] == [
        ("SEX_CODE_REQUIRED", "NOM1 Prénom1"),
        ("BIRTHDATE_REQUIRED", "NOM2 Prénom2"),
        ("BIRTH_CITY_CODE_REQUIRED", "NOM3 Prénom3"),
        ("INE_UNIQUE", "NOM5 Prénom5"),
    ]
    assert all(one["ine"] and one["message"] for one in report["errors"])
    assert database_digest(tmp_path) == before
    text = pixdesk(tmp_path, str(bad), "--uai", UAI)
    assert text.returncode == 1
    assert "NOM1 Prénom1" in text.stdout
    assert "Rien n'a été enregistré" in text.stdout


def test_another_schools_file_is_rejected(tmp_path: Path) -> None:
    done = pixdesk(tmp_path, str(SAMPLE), "--uai", "0999999Z", "--json")

    assert done.returncode == 1
    (error,) = json.loads(done.stdout)["errors"]
    assert error["code"] == "UAI_MISMATCHED"


@pytest.mark.parametrize(
    ("path", "uai", "code"),
    [
        ("missing.xml", "0781234A", "FILE_NOT_FOUND"),
        (str(SAMPLE), "781234A", "UAI_FORMAT"),
        (str(SAMPLE), "07812345", "UAI_FORMAT"),
    ],
)
def test_usage_errors_exit_2_with_one_json_object(
    tmp_path: Path, path: str, uai: str, code: str
) -> None:
    done = pixdesk(
        tmp_path, str(tmp_path / path) if path == "missing.xml" else path, "--uai", uai, "--json"
    )

    assert done.returncode == 2
    assert [one["code"] for one in json.loads(done.stdout)["errors"]] == [code]
    assert done.stderr


def test_english_output(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pixdesk", "--lang", "en", "--data-dir", str(tmp_path)),
            *("roster", "import", str(SAMPLE), "--uai", "0781234A", "--dry-run"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
        timeout=60,
    )
    assert done.returncode == 0
    assert "6 pupil(s) added" in done.stdout
    assert "Dry run: nothing was saved." in done.stdout
