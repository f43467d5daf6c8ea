"""The "Sessions" page: create, enrol, adjust, export the pack and print, on real services."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from pixdesk.crypto.center import load_center_key, save_center_key
from pixdesk.services.referent import ReferentServices
from pixdesk.services.session_pack import read_session_pack
from pixdesk.services.sessions import PlannedSession
from pixdesk.ui.referent.candidate_options_dialog import CandidateOptionsDialog
from pixdesk.ui.referent.candidates_model import Column as CandidateColumn
from pixdesk.ui.referent.codes_dialog import CodesDialog
from pixdesk.ui.referent.enrol_division_dialog import EnrolDivisionDialog
from pixdesk.ui.referent.export_pack_dialog import ExportPackDialog
from pixdesk.ui.referent.free_candidate_dialog import FreeCandidateDialog
from pixdesk.ui.referent.pick_learners_dialog import PickLearnersDialog
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.referent.session_dialog import SessionDialog
from pixdesk.ui.referent.session_panel import SessionPanel
from pixdesk.ui.referent.sessions_model import Column as SessionColumn
from pixdesk.ui.referent.sessions_page import SessionsPage
from tests.imports.siecle_files import pupil, siecle_xml
from tests.ui.referent.conftest import CHEAP_ARGON2, SAMPLE, SAMPLE_UAI, WAIT_MS

PASSPHRASE = "la clé du lycée Lovelace"
CLICK = Qt.MouseButton.LeftButton


def import_roster(services: ReferentServices, path: Path = SAMPLE) -> None:
    """Put learners in the store (the roster page's own tests drive this through the UI)."""
    plan = services.roster.plan_import(path, uai=SAMPLE_UAI)
    assert plan.can_apply, plan.errors
    services.roster.apply_import(plan)


def create_session(
    qtbot, page: SessionsPage, invigilators: str = "Mme Hopper", *, keep_codes: bool = False
) -> PlannedSession:
    """Fill and save the session form; close the codes dialog unless ``keep_codes``."""
    window = page.window()
    assert isinstance(window, ReferentWindow)
    window.show_page(window.tabs.indexOf(page))
    page.new_session()
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    dialog.site_edit.setText("Lycée Ada Lovelace, 1 rue Babbage, Rouen")
    dialog.room_edit.setText("Salle info 2")
    dialog.date_edit.setDate(QDate(2027, 3, 16))
    dialog.invigilators_edit.setPlainText(invigilators)
    with qtbot.waitSignal(page.session_saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, CLICK)
    if not keep_codes:
        assert isinstance(page.dialog, CodesDialog)
        page.dialog.accept()
        # A window manager gives the focus back to the window; the offscreen platform does not.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return saved.args[0]


def enrol_division(qtbot, panel: SessionPanel, division: str) -> None:
    panel.enrol_division()
    dialog = panel.dialog
    assert isinstance(dialog, EnrolDivisionDialog)
    # The list loads on a worker; it may be there before a signal wait would begin.
    qtbot.waitUntil(lambda: dialog.division_combo.findData(division) >= 0, timeout=WAIT_MS)
    dialog.choose(division)
    with qtbot.waitSignal(panel.enrolment_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.enrol_button, CLICK)


def cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column, QModelIndex())))


def set_extra_time(qtbot, panel: SessionPanel, row: int, percent: float) -> None:
    candidate_id = panel.model.enrolled(row).candidate.candidate_id
    panel.select_candidate(candidate_id)
    panel.edit_adjustments()
    dialog = panel.dialog
    assert isinstance(dialog, CandidateOptionsDialog)
    dialog.extra_time_spin.setValue(percent)
    with qtbot.waitSignal(panel.candidate_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, CLICK)


def test_a_session_form_shows_each_refusal_next_to_its_field(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    page = window.sessions_page
    page.new_session()
    dialog = page.dialog
    assert isinstance(dialog, SessionDialog)
    dialog.number_edit.setText("douze")
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.errors.message("number") == (
        "Erreur : Numéro attendu : un nombre entier positif."
    )
    dialog.number_edit.clear()

    with qtbot.waitSignal(dialog.banner.shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, CLICK)

    for field in ("site", "room", "invigilators"):
        assert dialog.errors.message(field) == "Erreur : Ce champ est obligatoire.", field
    assert dialog.errors.message("date") == ""
    assert dialog.site_edit.hasFocus()
    assert dialog.site_edit.accessibleDescription() == "Erreur : Ce champ est obligatoire."
    assert services.planner.list_sessions() == ()


def test_create_a_session_then_copy_its_codes(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    page = window.sessions_page

    planned = create_session(qtbot, page, keep_codes=True)

    assert services.planner.list_sessions() == (planned,)
    codes = page.dialog
    assert isinstance(codes, CodesDialog)
    assert codes.codes.access_edit.text() == planned.session.access_code
    assert codes.codes.password_edit.text() == planned.session.invigilator_password
    qtbot.mouseClick(codes.codes.copy_access_button, CLICK)
    assert QGuiApplication.clipboard().text() == planned.session.access_code
    assert codes.codes.status_label.text() == "Code d'accès copié."
    assert page.model.rowCount() == 1
    assert cell(page.model, 0, SessionColumn.DATE) == "16/03/2027 à 09:00"
    assert page.panel.planned == planned
    assert page.panel.codes.password_edit.text() == planned.session.invigilator_password


def test_enrol_a_division_and_a_chosen_learner_then_set_extra_time(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    import_roster(services)
    page = window.sessions_page
    planned = create_session(qtbot, page)
    panel = page.panel

    enrol_division(qtbot, panel, "3A")

    names = [cell(panel.model, row, CandidateColumn.BIRTH_NAME) for row in range(3)]
    assert sorted(names) == ["GARCÍA MÁRQUEZ", "LOVELACE", "ŒUVRAY"]
    assert cell(page.model, 0, SessionColumn.CANDIDATES) == "3"
    assert panel.banner.text == "Terminé : 3 candidat(s) inscrit(s)."

    panel.pick_learners()
    picker = panel.dialog
    assert isinstance(picker, PickLearnersDialog)
    with qtbot.waitSignal(picker.learners_loaded, timeout=WAIT_MS):
        pass
    enrolled = [picker.model.item(row) for row in range(picker.model.rowCount())]
    assert sum(not item.isEnabled() for item in enrolled) == 3  # already in the session
    qtbot.keyClicks(picker.search_edit, "babbage")
    assert picker.filter.rowCount() == 1
    qtbot.mouseClick(picker.check_all_button, CLICK)
    assert picker.count_label.text() == "1 élève(s) coché(s)"
    with qtbot.waitSignal(panel.enrolment_changed, timeout=WAIT_MS):
        qtbot.mouseClick(picker.enrol_button, CLICK)
    assert panel.model.rowCount() == 4
    assert cell(panel.model, 3, CandidateColumn.BIRTH_NAME) == "BABBAGE"

    set_extra_time(qtbot, panel, 3, 33)

    assert cell(panel.model, 3, CandidateColumn.EXTRA_TIME) == "33 %"
    stored = {
        one.candidate.birth_name: one for one in services.planner.candidates(planned.session_id)
    }
    assert stored["BABBAGE"].candidate.extra_time_ratio == Decimal("0.33")
    assert cell(page.model, 0, SessionColumn.CANDIDATES) == "4"


def test_the_one_invigilator_per_20_warning_is_written(
    qtbot, window: ReferentWindow, services: ReferentServices, tmp_path: Path
) -> None:
    big = tmp_path / "grosse-classe.xml"
    big.write_bytes(siecle_xml([pupil(n, [("2NDE1", "D")]) for n in range(1, 22)]))
    import_roster(services, big)
    page = window.sessions_page
    create_session(qtbot, page)

    enrol_division(qtbot, page.panel, "2NDE1")

    warning = page.panel.warning_label
    assert warning.isVisible()
    assert "21 candidats pour 1 surveillant(s) ; il en faut 2" in warning.text()
    assert warning.text().startswith("⚠")  # a sign, not only a colour
    assert cell(page.model, 0, SessionColumn.INVIGILATORS) == "1 — il en faut 2"

    page.panel.edit_session()
    dialog = page.panel.dialog
    assert isinstance(dialog, SessionDialog)
    assert "il faut 2 surveillants" in dialog.invigilator_hint.text()
    dialog.invigilators_edit.setPlainText("Mme Hopper\nM. Turing")
    with qtbot.waitSignal(page.panel.session_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, CLICK)
    assert not page.panel.warning_label.isVisible()
    assert cell(page.model, 0, SessionColumn.INVIGILATORS) == "2"


def test_a_free_candidate_is_checked_field_by_field(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    page = window.sessions_page
    planned = create_session(qtbot, page)
    panel = page.panel
    panel.add_free_candidate()
    dialog = panel.dialog
    assert isinstance(dialog, FreeCandidateDialog)
    dialog.first_name_edit.setText("Ada")

    with qtbot.waitSignal(dialog.banner.shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.enrol_button, CLICK)

    assert dialog.errors.message("birth_name") == "Erreur : Ce champ est obligatoire."
    assert "code INSEE" in dialog.errors.message("birth_insee_code")
    assert dialog.birth_name_edit.hasFocus()

    dialog.birth_name_edit.setText("Lovelace")
    dialog.insee_edit.setText("75056")
    with qtbot.waitSignal(panel.enrolment_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.enrol_button, CLICK)
    assert cell(panel.model, 0, CandidateColumn.ORIGIN) == "Candidat libre"
    assert len(services.planner.candidates(planned.session_id)) == 1


def test_unenrol_asks_first(qtbot, window: ReferentWindow, services: ReferentServices) -> None:
    import_roster(services)
    page = window.sessions_page
    create_session(qtbot, page)
    enrol_division(qtbot, page.panel, "3B")
    panel = page.panel
    panel.select_candidate(panel.model.enrolled(0).candidate.candidate_id)

    panel.unenrol_selected()
    box = panel.dialog
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(panel.candidate_unenrolled, timeout=WAIT_MS):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), CLICK)

    assert panel.model.rowCount() == 1
    assert cell(page.model, 0, SessionColumn.CANDIDATES) == "1"


@pytest.fixture
def center_key(tmp_path: Path) -> tuple[Path, Ed25519PrivateKey]:
    """The school's center key, in a file protected by its passphrase (cheap Argon2)."""
    path = tmp_path / "cle-etablissement.json"
    save_center_key(path, Ed25519PrivateKey.generate(), PASSPHRASE, params=CHEAP_ARGON2)
    return path, load_center_key(path, PASSPHRASE)


def test_export_the_pack_and_read_it_back(
    qtbot,
    window: ReferentWindow,
    services: ReferentServices,
    center_key: tuple[Path, Ed25519PrivateKey],
    tmp_path: Path,
) -> None:
    key_path, key = center_key
    import_roster(services)
    page = window.sessions_page
    planned = create_session(qtbot, page)
    panel = page.panel
    enrol_division(qtbot, panel, "3A")
    set_extra_time(qtbot, panel, 0, 33)
    usb = tmp_path / "usb"
    usb.mkdir()

    panel.export_pack()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ExportPackDialog), timeout=WAIT_MS)
    dialog = panel.dialog
    assert isinstance(dialog, ExportPackDialog)
    dialog.key_edit.setText(str(key_path))
    dialog.folder_edit.setText(str(usb))
    qtbot.keyClicks(dialog.passphrase_edit, "pas la bonne")
    assert dialog.passphrase_edit.echoMode() is dialog.passphrase_edit.EchoMode.Password

    with qtbot.waitSignal(dialog.export_refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(dialog.export_button, CLICK)
    assert refused.args[0] == "Phrase de passe incorrecte pour cette clé d'établissement."
    assert dialog.passphrase_edit.hasFocus()
    assert list(usb.iterdir()) == []

    dialog.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(panel.pack_exported, timeout=WAIT_MS) as exported:
        qtbot.mouseClick(dialog.export_button, CLICK)

    path = exported.args[0].path
    assert path == usb / "session-1.pixpack"
    pack = read_session_pack(path, key.public_key())
    assert pack.number == planned.session.number
    assert pack.access_code == planned.session.access_code
    assert pack.check_password(planned.session.invigilator_password)
    assert len(pack.candidates) == 3
    assert sorted(one.extra_time_ratio for one in pack.candidates) == [
        Decimal(0),
        Decimal(0),
        Decimal("0.33"),
    ]
    assert "session-1.pixpack" in panel.banner.text
    assert dialog.passphrase_edit.text() == ""  # not kept once used
    qtbot.waitUntil(
        lambda: services.settings.load().center_key_path == str(key_path), timeout=WAIT_MS
    )


def test_an_empty_session_is_not_exported(qtbot, window: ReferentWindow) -> None:
    page = window.sessions_page
    create_session(qtbot, page)
    page.panel.export_pack()
    assert page.panel.banner.text.startswith("Erreur : Cette session n'a aucun candidat")
    assert not isinstance(page.panel.dialog, ExportPackDialog)


@pytest.mark.usefixtures("school")
def test_print_the_attendance_sheet_as_a_pdf(
    qtbot, window: ReferentWindow, services: ReferentServices, tmp_path: Path
) -> None:
    import_roster(services)
    page = window.sessions_page
    create_session(qtbot, page)
    enrol_division(qtbot, page.panel, "3A")
    folder = tmp_path / "documents"
    folder.mkdir()

    with qtbot.waitSignal(page.panel.document_written, timeout=WAIT_MS) as written:
        page.panel.print_attendance_sheet(folder)

    path = written.args[0]
    assert path == folder / "emargement-session-1.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    assert page.panel.banner.action_button.isVisible()
    assert page.panel.banner.action_button.text() == "Ou&vrir le PDF"
    assert page.panel.print_button.isEnabled()


def test_printing_into_a_missing_folder_is_said_in_the_page(
    qtbot, window: ReferentWindow, services: ReferentServices, tmp_path: Path
) -> None:
    page = window.sessions_page
    create_session(qtbot, page)
    with qtbot.waitSignal(page.panel.banner.shown, timeout=WAIT_MS) as shown:
        page.panel.print_attendance_sheet(tmp_path / "clé USB retirée")
    assert shown.args[0].startswith("Erreur : Fichier ou dossier inaccessible")
    assert page.panel.banner.label.hasFocus()
