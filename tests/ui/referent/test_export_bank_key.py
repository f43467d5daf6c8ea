"""The pack export dialog's sealed bank key file (``pixdesk bank seal``, docs/item-banks.md §9),
on real services and files: a bad file is refused under its field and nothing is written; a good
one is sealed into the pack's console secrets, opened with the invigilator password only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.keys import b64u_encode
from pixdesk.crypto.sealed_bank import generate_bank_key, key_file_bytes
from pixdesk.i18n import set_language
from pixdesk.services.referent import ReferentServices
from pixdesk.services.session_pack import read_session_pack
from pixdesk.services.session_secrets import open_session_secrets
from pixdesk.ui.referent.referent_window import ReferentWindow
from tests.ui.a11y import assert_accessible
from tests.ui.referent.conftest import WAIT_MS
from tests.ui.referent.test_export_profiles import CLICK, Export
from tests.ui.referent.test_sessions_page import PASSPHRASE


@pytest.fixture
def export(qtbot, window: ReferentWindow, services: ReferentServices, tmp_path: Path) -> Export:
    return Export(qtbot, window, services, tmp_path)


def refused(export: Export, key_file: Path) -> str:
    """Export with ``key_file``; return the error shown under the bank key field."""
    dialog = export.dialog
    dialog.bank_key_edit.setText(str(key_file))
    dialog.passphrase_edit.setText(PASSPHRASE)
    with export.qtbot.waitSignal(dialog.export_refused, timeout=WAIT_MS) as signal:
        export.qtbot.mouseClick(dialog.export_button, CLICK)
    message = dialog.errors.message("bank_key")
    assert message.endswith(signal.args[0])
    assert dialog.errors.message("profiles") == ""
    assert dialog.bank_key_edit.hasFocus()
    assert list(export.usb.iterdir()) == []  # nothing exported
    assert dialog.isVisible()
    return str(signal.args[0])


def test_bad_bank_key_files_are_refused_under_their_field(export: Export, tmp_path: Path) -> None:
    absent = tmp_path / "absente.key"
    assert refused(export, absent) == f"Clé de banque introuvable : {absent}"
    not_a_key = tmp_path / "profils.json"
    not_a_key.write_text('{"format": "pixdesk-positioning-profiles"}', encoding="utf-8")
    assert refused(export, not_a_key) == (
        f"Clé de banque refusée : {not_a_key} (ce n'est pas un fichier de clé de banque pixdesk)"
    )


def test_a_good_bank_key_is_sealed_into_the_pack(
    export: Export, services: ReferentServices, tmp_path: Path
) -> None:
    dialog = export.dialog
    key = generate_bank_key("pixdesk-demo")
    key_file = tmp_path / "banque.key"
    key_file.write_bytes(key_file_bytes(key))
    refused(export, tmp_path / "absente.key")  # a refusal first: it goes once the file is right
    dialog.bank_key_edit.setText(str(key_file))
    assert dialog.bank_key_file() == key_file
    dialog.passphrase_edit.setText(PASSPHRASE)
    with export.qtbot.waitSignal(export.panel.pack_exported, timeout=WAIT_MS) as exported:
        export.qtbot.mouseClick(dialog.export_button, CLICK)
    path = exported.args[0].path
    pack = read_session_pack(path, export.key.public_key())
    console = pack.console
    assert console is not None
    (planned,) = services.planner.list_sessions()
    secrets = open_session_secrets(
        console.secrets,
        planned.session.invigilator_password,
        session_id=pack.session_id,
        number=pack.number,
        session_key=console.session_key,
        tls_certificate_der=console.tls_certificate,
    )
    assert secrets.bank_key == key
    assert b64u_encode(key.key) not in path.read_text(encoding="utf-8")


def test_without_a_bank_key_the_field_is_empty(export: Export) -> None:
    export.dialog.bank_key_edit.setText("  ")
    assert export.dialog.bank_key_file() is None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_bank_key_field_is_reached_by_keyboard_and_named(
    export: Export, language: str, tmp_path: Path
) -> None:
    set_language(language)
    dialog = export.dialog
    export.qtbot.waitExposed(dialog)
    dialog.activateWindow()
    export.qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    dialog.profiles_browse.setFocus()
    export.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.bank_key_edit.hasFocus()
    export.qtbot.keyClick(dialog.bank_key_edit, Qt.Key.Key_Tab)
    assert dialog.bank_key_browse.hasFocus()
    export.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.export_button.hasFocus()
    dialog.key_edit.setFocus()
    export.qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert dialog.bank_key_edit.hasFocus()  # the label's mnemonic
    assert dialog.bank_key_browse.accessibleName()
    assert dialog.bank_key_edit.accessibleDescription()
    assert_accessible(dialog)
    message = refused(export, tmp_path / "absente.key")
    if language == "en":
        assert message == f"Bank key not found: {tmp_path / 'absente.key'}"
    assert_accessible(dialog)
