"""Referent mode's services without Qt: settings, roster, edits, documents, packs, messages."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.center import (
    Argon2Params,
    CenterKeyError,
    CenterKeyErrorCode,
    save_center_key,
)
from pixdesk.domain.errors import FieldCode, FieldProblem
from pixdesk.i18n import set_language
from pixdesk.services.planning_errors import PlanningError, PlanningErrorCode
from pixdesk.services.planning_messages import describe_field_problem
from pixdesk.services.referent import ReferentServices, build_referent_services
from pixdesk.services.referent_messages import describe_expected
from pixdesk.services.roster_import import RosterImportError, RosterImportErrorCode
from pixdesk.services.school_settings import SchoolSettings, SchoolSettingsFile, normalise_uai
from pixdesk.services.session_pack import PackErrorCode, SessionPackError, read_session_pack
from pixdesk.services.sessions import SessionDraft
from pixdesk.services.station_store import StationStore
from pixdesk.store.errors import StoreError, StoreErrorCode
from tests.fakes import FakeClock

SAMPLE = Path(__file__).parents[1] / "data" / "siecle" / "ElevesSansAdresses-sample.xml"
CHEAP_ARGON2 = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
DRAFT = SessionDraft(
    site="Lycée Ada Lovelace", room="B12", date="2027-03-16", start_time="09:00",
    invigilators=("Mme Hopper",),
)  # fmt: skip


@pytest.fixture
def services(store: StationStore) -> ReferentServices:
    return build_referent_services(
        store, clock=FakeClock(), rng=random.Random(3), password_params=CHEAP_ARGON2
    )


def import_sample(services: ReferentServices) -> None:
    plan = services.roster.plan_import(SAMPLE, uai="0781234A")
    services.roster.apply_import(plan)


@pytest.mark.parametrize(
    ("typed", "uai"),
    [("0781234A", "0781234A"), (" 0781234a ", "0781234A"), ("781234A", None), ("0781234", None)],
)
def test_a_uai_is_seven_digits_then_a_letter(typed: str, uai: str | None) -> None:
    assert normalise_uai(typed) == uai


def test_school_settings_round_trip_and_survive_a_broken_file(tmp_path: Path) -> None:
    settings = SchoolSettingsFile(tmp_path)
    assert settings.load() == SchoolSettings()

    saved = settings.save(SchoolSettings(" 0781234a", " Lycée Ada Lovelace ", "/media/cle.json"))

    assert saved == SchoolSettings("0781234A", "Lycée Ada Lovelace", "/media/cle.json")
    assert settings.load() == saved
    assert json.loads(settings.path.read_text(encoding="utf-8"))["uai"] == "0781234A"
    with pytest.raises(ValueError, match="UAI"):
        settings.save(SchoolSettings("pas un UAI"))
    settings.path.write_text("{ pas du JSON", encoding="utf-8")
    assert settings.load() == SchoolSettings()
    settings.path.write_text(json.dumps({"uai": "faux", "name": "X"}), encoding="utf-8")
    assert settings.load() == SchoolSettings("", "X", "")


def test_the_roster_reads_learners_divisions_and_changed_ones(
    services: ReferentServices, tmp_path: Path
) -> None:
    import_sample(services)

    learners = services.roster.learners()
    assert [one.birth_name for one in learners][:2] == ["BABBAGE", "GARCÍA MÁRQUEZ"]
    assert all(one.active for one in learners)
    assert [(one.name, one.active_count) for one in services.roster.divisions()] == [
        ("3A", 3),
        ("3B", 2),
        ("3C", 1),
    ]
    (ada,) = services.roster.learners_by_ine(["120456789AB", "999999999ZZ"])
    assert (ada.first_name, ada.birth_date) == ("Ada", date(2009, 12, 10))


def test_a_session_is_edited_and_keeps_its_codes(services: ReferentServices) -> None:
    planner = services.planner
    created = planner.create_session(DRAFT)
    other = planner.create_session(DRAFT)

    edited = planner.update_session(
        created.session_id,
        dataclasses.replace(DRAFT, room="C3", invigilators=("Mme Hopper", "M. Turing")),
    )

    assert edited.session.room == "C3"
    assert edited.session.invigilators == ("Mme Hopper", "M. Turing")
    assert edited.session.access_code == created.session.access_code
    assert edited.session.invigilator_password == created.session.invigilator_password
    with pytest.raises(PlanningError) as taken:
        planner.update_session(created.session_id, dataclasses.replace(DRAFT, number=2))
    assert taken.value.code is PlanningErrorCode.NUMBER_TAKEN
    with pytest.raises(PlanningError) as invalid:
        planner.update_session(other.session_id, dataclasses.replace(DRAFT, site=" "))
    assert invalid.value.problems == (FieldProblem("site", FieldCode.REQUIRED),)
    assert planner.get_session(other.session_id) == other  # nothing written


def test_adjustments_are_set_together(services: ReferentServices, tmp_path: Path) -> None:
    import_sample(services)
    session = services.planner.create_session(DRAFT)
    (first, *_rest) = services.planner.enrol_division(session.session_id, "3A").enrolled

    changed = services.planner.set_adjustments(
        first.candidate_id, extra_time_percent="33,5", accessibility=True
    )

    assert (changed.extra_time_ratio, changed.accessibility_adjustment) == (
        Decimal("0.335"),
        True,
    )
    with pytest.raises(PlanningError) as refused:
        services.planner.set_adjustments(
            first.candidate_id, extra_time_percent="1000", accessibility=False
        )
    assert refused.value.code is PlanningErrorCode.EXTRA_TIME_INVALID


def test_the_attendance_sheet_is_written_as_a_pdf(
    services: ReferentServices, tmp_path: Path
) -> None:
    import_sample(services)
    session = services.planner.create_session(DRAFT)
    services.planner.enrol_division(session.session_id, "3B")

    sheet = services.documents.attendance_sheet(session.session_id, centre="Lycée Ada Lovelace")
    path = services.documents.write_attendance_sheet(sheet, tmp_path)

    assert sheet.candidate_count == 2
    assert [row.birth_name for row in sheet.pages[0].rows] == ["BABBAGE", "JACKSON"]
    assert path == tmp_path / "emargement-session-1.pdf"
    assert path.read_bytes().startswith(b"%PDF-")


def test_the_pack_is_written_and_signed_with_the_center_key(
    services: ReferentServices, tmp_path: Path
) -> None:
    import_sample(services)
    session = services.planner.create_session(DRAFT)
    services.planner.enrol_division(session.session_id, "3C")
    key_path = tmp_path / "cle.json"
    key = Ed25519PrivateKey.generate()
    save_center_key(key_path, key, "une phrase de passe", params=CHEAP_ARGON2)

    with pytest.raises(CenterKeyError) as wrong:
        services.packs.open_center_key(key_path, "pas la bonne")
    opened = services.packs.open_center_key(key_path, "une phrase de passe")
    exported = services.packs.export(session.session_id, center_key=opened, folder=tmp_path)

    assert wrong.value.code is CenterKeyErrorCode.WRONG_PASSPHRASE
    assert exported.path == tmp_path / "session-1.pixpack"
    pack = read_session_pack(exported.path, key.public_key())
    assert [one.birth_name for one in pack.candidates] == ["N'DIAYE"]
    assert exported.center_fingerprint == pack.center_fingerprint


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PlanningError(PlanningErrorCode.DIVISION_EMPTY, {"division": "6E"}), "classe 6E"),
        (SessionPackError(PackErrorCode.EMPTY_SESSION, session="4"), "session n° 4"),
        (CenterKeyError(CenterKeyErrorCode.WRONG_PASSPHRASE), "Phrase de passe incorrecte"),
        (RosterImportError(RosterImportErrorCode.STALE), "a changé depuis l'aperçu"),
        (StoreError(StoreErrorCode.DISK_FULL, "disk full"), "disque est plein"),
        (FileNotFoundError(2, "No such file", "/media/usb"), "/media/usb"),
    ],
)
def test_expected_problems_are_sentences(error: BaseException, expected: str) -> None:
    assert expected in (describe_expected(error) or "")


def test_a_bug_is_not_an_expected_problem() -> None:
    assert describe_expected(KeyError("candidate")) is None
    assert describe_expected(RuntimeError("boom")) is None


@pytest.mark.parametrize("code", list(FieldCode))
def test_every_field_code_has_a_sentence_in_both_languages(code: FieldCode) -> None:
    french = describe_field_problem(FieldProblem("site", code))
    set_language("en")
    try:
        english = describe_field_problem(FieldProblem("site", code))
    finally:
        set_language("fr")
    assert french
    assert english
    assert english != french
