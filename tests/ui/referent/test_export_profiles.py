"""The pack export dialog's positioning profiles file (engine v2), on real services and files:
a bad file is refused under its field, naming the candidate and the field, nothing written; a
good one puts the profile in the pack for that candidate only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.center import load_center_key, save_center_key
from pixdesk.domain.legacy_profile import is_certifiable
from pixdesk.domain.legacy_profile_doc import profile_doc
from pixdesk.i18n import set_language
from pixdesk.services.referent import ReferentServices
from pixdesk.services.session_pack import read_session_pack
from pixdesk.ui.referent.export_pack_dialog import ExportPackDialog
from pixdesk.ui.referent.referent_window import ReferentWindow
from tests.ui.a11y import assert_accessible
from tests.ui.referent.conftest import CHEAP_ARGON2, WAIT_MS
from tests.ui.referent.test_sessions_page import (
    PASSPHRASE,
    create_session,
    enrol_division,
    import_roster,
)

CLICK = Qt.MouseButton.LeftButton
PROFILE = [
    {
        "competence": code,
        "level": 2,
        "pix": 16,
        "skills": [{"skill": "@outil2", "tube": "@outil", "level": 2}],
    }
    for code in ("1.1", "1.2", "2.1", "3.1", "4.1")
]


def write_profiles(path: Path, profiles: dict[str, Any]) -> Path:
    path.write_text(
        json.dumps({"format": "pixdesk-positioning-profiles", "profiles": profiles}),
        encoding="utf-8",
    )
    return path


class Export:
    """A session of the 3A planned, and its export dialog open on a real center key."""

    def __init__(self, qtbot: Any, window: ReferentWindow, services: ReferentServices, tmp: Path):
        self.qtbot = qtbot
        key_path = tmp / "cle-etablissement.json"
        save_center_key(key_path, Ed25519PrivateKey.generate(), PASSPHRASE, params=CHEAP_ARGON2)
        self.key = load_center_key(key_path, PASSPHRASE)
        import_roster(services)
        create_session(qtbot, window.sessions_page)
        panel = window.sessions_page.panel
        self.panel = panel
        enrol_division(qtbot, panel, "3A")
        self.ines = [panel.model.enrolled(i).candidate.external_id for i in range(3)]
        self.usb = tmp / "usb"
        self.usb.mkdir()
        panel.export_pack()
        qtbot.waitUntil(lambda: isinstance(panel.dialog, ExportPackDialog), timeout=WAIT_MS)
        dialog = panel.dialog
        assert isinstance(dialog, ExportPackDialog)
        self.dialog = dialog
        dialog.key_edit.setText(str(key_path))
        dialog.folder_edit.setText(str(self.usb))

    def refused(self, profiles: Path) -> str:
        """Export with ``profiles``; return the error shown under the profiles field."""
        dialog = self.dialog
        dialog.profiles_edit.setText(str(profiles))
        dialog.passphrase_edit.setText(PASSPHRASE)
        with self.qtbot.waitSignal(dialog.export_refused, timeout=WAIT_MS) as refused:
            self.qtbot.mouseClick(dialog.export_button, CLICK)
        message = dialog.errors.message("profiles")
        assert message.endswith(refused.args[0])
        assert dialog.errors.message("folder") == ""
        assert dialog.profiles_edit.hasFocus()
        assert dialog.profiles_edit.accessibleDescription() == message
        assert list(self.usb.iterdir()) == []  # nothing exported
        assert dialog.isVisible()
        return str(refused.args[0])


@pytest.fixture
def export(qtbot, window: ReferentWindow, services: ReferentServices, tmp_path: Path) -> Export:
    return Export(qtbot, window, services, tmp_path)


def test_bad_profiles_files_are_refused_naming_the_candidate_and_the_field(
    export: Export, tmp_path: Path
) -> None:
    ine = export.ines[1]
    bad = json.loads(json.dumps(PROFILE))
    bad[1]["competence"] = "9.9"
    message = export.refused(write_profiles(tmp_path / "bad.json", {ine: bad}))
    assert message == (
        f"Profil du candidat « {ine} », compétence n° 2, champ « competence » : "
        "compétence inconnue (de 1.1 à 5.2)."
    )
    bad = json.loads(json.dumps(PROFILE))
    bad[0]["skills"][0]["level"] = 9
    message = export.refused(write_profiles(tmp_path / "level.json", {ine: bad}))
    assert message.startswith(
        f"Profil du candidat « {ine} », compétence n° 1, acquis n° 1, champ « level » : "
        "valeur hors limites"
    )
    message = export.refused(write_profiles(tmp_path / "who.json", {"999999999ZZ": PROFILE}))
    assert "« 999999999ZZ »" in message
    assert "aucun candidat de cette session" in message
    not_profiles = tmp_path / "roster.json"
    not_profiles.write_text('{"eleves": []}', encoding="utf-8")
    message = export.refused(not_profiles)
    assert message.startswith("Ce fichier n'est pas un fichier de profils de positionnement")
    message = export.refused(tmp_path / "absent.json")
    assert message.startswith("Le fichier des profils de positionnement est illisible")
    assert "absent.json" in message


def test_a_good_profiles_file_puts_the_profile_in_the_pack(export: Export, tmp_path: Path) -> None:
    ine = export.ines[0]
    dialog = export.dialog
    # A refusal first: the error goes once the file is right.
    export.refused(write_profiles(tmp_path / "who.json", {"999999999ZZ": PROFILE}))
    dialog.profiles_edit.setText(str(write_profiles(tmp_path / "profiles.json", {ine: PROFILE})))
    dialog.passphrase_edit.setText(PASSPHRASE)
    with export.qtbot.waitSignal(export.panel.pack_exported, timeout=WAIT_MS) as exported:
        export.qtbot.mouseClick(dialog.export_button, CLICK)
    pack = read_session_pack(exported.args[0].path, export.key.public_key())
    profiles = {one.external_id: one.positioning_profile for one in pack.candidates}
    assert set(profiles) == set(export.ines)
    profile = profiles.pop(ine)
    assert profile is not None
    assert profile_doc(profile) == PROFILE
    assert is_certifiable(profile)
    assert set(profiles.values()) == {None}  # the others sit engine v3


def test_without_a_profiles_file_no_candidate_has_a_profile(export: Export) -> None:
    assert export.dialog.profiles_file() is None
    export.dialog.profiles_edit.setText("   ")
    assert export.dialog.profiles_file() is None
    export.dialog.passphrase_edit.setText(PASSPHRASE)
    with export.qtbot.waitSignal(export.panel.pack_exported, timeout=WAIT_MS) as exported:
        export.qtbot.mouseClick(export.dialog.export_button, CLICK)
    pack = read_session_pack(exported.args[0].path, export.key.public_key())
    assert {one.positioning_profile for one in pack.candidates} == {None}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_profiles_field_is_reached_by_keyboard_and_named(
    export: Export, language: str, tmp_path: Path
) -> None:
    set_language(language)
    dialog = export.dialog
    export.qtbot.waitExposed(dialog)
    dialog.activateWindow()
    export.qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    dialog.folder_browse.setFocus()
    export.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.profiles_edit.hasFocus()
    export.qtbot.keyClick(dialog.profiles_edit, Qt.Key.Key_Tab)
    assert dialog.profiles_browse.hasFocus()
    dialog.key_edit.setFocus()
    export.qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert dialog.profiles_edit.hasFocus()  # the label's mnemonic
    assert dialog.profiles_browse.accessibleName()
    assert dialog.profiles_edit.accessibleDescription()
    assert_accessible(dialog)
    # The refusal is worded in the interface's language.
    message = export.refused(write_profiles(tmp_path / "who.json", {"999999999ZZ": PROFILE}))
    if language == "en":
        assert "999999999ZZ" in message
        assert "no candidate of this session" in message
    assert_accessible(dialog)
