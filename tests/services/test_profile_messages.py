"""The referent's sentences for a refused positioning profiles file, from real files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pixdesk.i18n import set_language
from pixdesk.services.positioning_profiles import MAX_PROFILES_BYTES, read_profiles_file
from pixdesk.services.profile_messages import describe_profiles_error, is_profiles_error
from pixdesk.services.session_pack_body import MAX_CANDIDATES, PackErrorCode, SessionPackError

ENTRY = {"competence": "1.1", "level": 2, "pix": 16, "skills": []}


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    set_language("fr")
    yield
    set_language("fr")


def refusal(tmp_path: Path, content: Any) -> SessionPackError:
    path = tmp_path / "profils.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        document = {"format": "pixdesk-positioning-profiles", "profiles": content}
        path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SessionPackError) as refused:
        read_profiles_file(path)
    assert is_profiles_error(refused.value)
    return refused.value


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({}, "Profil du candidat « 12345678901 », le profil entier : valeur absente"),
        (
            [ENTRY, ENTRY],
            "Profil du candidat « 12345678901 », le profil entier : "
            "une compétence y figure deux fois.",
        ),
        ([ENTRY] * 17, "le profil entier : trop d'éléments"),
        (
            [ENTRY, "1.2"],
            "Profil du candidat « 12345678901 », compétence n° 2 : valeur absente, en trop "
            "ou mal formée.",
        ),
        ([ENTRY | {"level": 12}], "compétence n° 1, champ « level » : valeur hors limites"),
        ([ENTRY | {"skills": ["@a"]}], "compétence n° 1, acquis n° 1 : valeur absente"),
        (
            [ENTRY | {"skills": [{"skill": "@a1", "tube": "@a", "level": 0}]}],
            "compétence n° 1, acquis n° 1, champ « level » : valeur hors limites",
        ),
        ([ENTRY | {"competence": "0.0"}], "champ « competence » : compétence inconnue"),
    ],
)
def test_each_profile_problem_names_the_candidate_and_the_field(
    tmp_path: Path, profile: Any, expected: str
) -> None:
    error = refusal(tmp_path, {"12345678901": profile})
    assert error.code is PackErrorCode.INVALID_FIELD
    assert expected in describe_profiles_error(error)


def test_the_file_itself(tmp_path: Path) -> None:
    assert describe_profiles_error(refusal(tmp_path, b"{not json")).startswith(
        "Ce fichier n'est pas un fichier de profils de positionnement pixdesk"
    )
    too_many = {f"ID{i}": [ENTRY] for i in range(MAX_CANDIDATES + 1)}
    assert describe_profiles_error(refusal(tmp_path, too_many)) == (
        f"Le fichier des profils de positionnement en contient trop ({MAX_CANDIDATES} au plus)."
    )
    big = refusal(tmp_path, b" " * (MAX_PROFILES_BYTES + 1))
    assert describe_profiles_error(big) == (
        "Le fichier des profils de positionnement est trop gros (8 Mio au plus)."
    )
    with pytest.raises(SessionPackError) as absent:
        read_profiles_file(tmp_path / "absent.json")
    assert is_profiles_error(absent.value)
    assert "absent.json" in describe_profiles_error(absent.value)


def test_in_english(tmp_path: Path) -> None:
    error = refusal(tmp_path, {"LOC-1": [ENTRY | {"pix": -1}]})
    set_language("en")
    assert describe_profiles_error(error).startswith(
        'Profile of candidate "LOC-1", competence no. 1, field "pix": value out of bounds'
    )


def test_the_packs_own_errors_are_not_the_profiles_files() -> None:
    for error in (
        SessionPackError(PackErrorCode.IO_ERROR, path="/usb/session-1.pixpack", detail="full"),
        SessionPackError(PackErrorCode.INVALID_FIELD, field="candidates[0].birth_date"),
        SessionPackError(PackErrorCode.OUT_OF_BOUNDS, field="candidates", limit="1000"),
        SessionPackError(PackErrorCode.EMPTY_SESSION, session="3"),
    ):
        assert not is_profiles_error(error)
