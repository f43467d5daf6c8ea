"""Opening the console: a pack with the invigilator password, or a session created right here."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pixdesk.crypto.keystore import Keystore
from pixdesk.domain.candidate import Sex
from pixdesk.lab.loop_thread import LabThread
from pixdesk.services.console_service import SupervisorService
from pixdesk.services.session_pack import export_session_pack
from pixdesk.services.sessions import FreeCandidate, SessionDraft, SessionPlanner
from pixdesk.services.station_store import open_station_store
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.supervisor.supervisor_controller import SupervisorController
from pixdesk.ui.tasks import TaskRunner
from tests.fakes import FakeClock
from tests.lab.harness import open_store
from tests.services.console_harness import CHEAP, LINES, SETTINGS
from tests.ui.supervisor.conftest import WAIT_MS


@pytest.fixture
def center_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def service(tmp_path: Path, center_key: Ed25519PrivateKey) -> Iterator[SupervisorService]:
    lab = LabThread("test-supervisor")
    lab.start()
    data = tmp_path / "console"
    data.mkdir()
    built = SupervisorService(
        data_dir=data,
        center_public_key=center_key.public_key(),
        clock=FakeClock(),
        lab=lab,
        open_store=lambda: open_store(data),
        settings=SETTINGS,
        kdf_params=CHEAP,
    )
    yield built
    built.stop()
    lab.stop()


@pytest.fixture
def controller(qtbot, service: SupervisorService, runner: TaskRunner):
    made = SupervisorController(service, runner)
    with qtbot.waitSignal(made.open_dialog_shown, timeout=WAIT_MS):
        made.start()
    qtbot.addWidget(made.open_dialog)
    yield made
    if made.window is not None:
        made.window.close()


def pack_file(tmp_path: Path, center_key: Ed25519PrivateKey) -> tuple[Path, str]:
    referent = tmp_path / "referent"
    referent.mkdir()
    store = open_station_store(referent, keystore=Keystore(referent, use_os_keyring=False))
    try:
        plans = SessionPlanner(store.db, rng=random.Random(9), clock=FakeClock())
        planned = plans.create_session(
            SessionDraft("Lycée Hopper", "B12", "2026-11-30", "08:30", ("M. Turing",))
        )
        plans.enrol_candidate(
            planned.session_id,
            FreeCandidate("DUPONT", "Léa", date(2010, 5, 4), Sex.F, birth_insee_code="75056"),
        )
        path = tmp_path / "session.pixpack"
        export_session_pack(
            store.db,
            planned.session_id,
            path,
            center_key=center_key,
            clock=FakeClock(),
            password_params=CHEAP,
        )
    finally:
        store.close()
    return path, planned.session.invigilator_password


def test_a_pack_opens_with_its_password_only(qtbot, controller, tmp_path, center_key) -> None:
    path, password = pack_file(tmp_path, center_key)
    dialog = controller.open_dialog
    dialog.pack.setText(str(path))
    dialog.password.setText("mauvais")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=WAIT_MS)
    assert "Mot de passe surveillant incorrect" in dialog.banner.text
    assert dialog.password.text() == ""

    dialog.password.setText(password)
    with qtbot.waitSignal(controller.console_shown, timeout=WAIT_MS) as shown:
        dialog.open_button.click()

    window = shown.args[0]
    assert isinstance(window, ConsoleWindow)
    qtbot.addWidget(window)
    assert "Session certifiée" in window.header.trust.text()
    assert "Code d'accès" in window.header.access_code.text()
    assert window.header.address.text().count("127.0.0.1:") == 1
    assert window.header.sheet_button.isEnabled()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)


def test_a_session_is_created_here_in_degraded_mode(qtbot, controller) -> None:
    with qtbot.waitSignal(controller.create_dialog_shown, timeout=WAIT_MS) as opened:
        controller.open_dialog.create_button.click()
    dialog = opened.args[0]
    dialog.room.setText("Salle B12")
    dialog.candidates.setPlainText(LINES + "\nMARTIN;Paul;31/02/2009")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.errors.message("site").startswith("Erreur : À remplir")
    assert "ligne 4" in dialog.errors.message("candidates")
    assert dialog.errors.message("invigilators") == "Erreur : À remplir."

    dialog.site.setText("Lycée Hopper")
    dialog.invigilators.setPlainText("M. Turing")
    dialog.candidates.setPlainText("\n".join(f"ELEVE{i};Prénom;04/05/2010;" for i in range(21)))
    with qtbot.waitSignal(controller.console_shown, timeout=WAIT_MS) as shown:
        dialog.create_button.click()

    window = shown.args[0]
    qtbot.addWidget(window)
    header = window.header
    assert "Mode dégradé" in header.trust.text()
    assert not header.password.isHidden()
    assert not header.invigilators.isHidden()  # 21 candidates, 1 invigilator
    assert "il en faut 2" in header.invigilators.text()
    qtbot.waitUntil(lambda: window.model.rowCount() == 21, timeout=WAIT_MS)


def test_the_accessibility_adjustment_is_typed_on_each_candidate_line(qtbot, controller) -> None:
    """Typed with the keyboard in the candidates field (its name and format said to a screen
    reader); a wrong value is refused next to the field; "oui" reaches the room's row."""
    with qtbot.waitSignal(controller.create_dialog_shown, timeout=WAIT_MS) as opened:
        controller.open_dialog.create_button.click()
    dialog = opened.args[0]
    qtbot.waitExposed(dialog)
    assert dialog.candidates.accessibleName() == "Candidats, un par ligne"
    assert "aménagement d'accessibilité oui ou non" in dialog.candidates.accessibleDescription()
    dialog.site.setText("Lycée Hopper")
    dialog.room.setText("Salle B12")
    dialog.invigilators.setPlainText("M. Turing")
    dialog.activateWindow()
    dialog.invigilators.setFocus()
    qtbot.waitUntil(dialog.invigilators.hasFocus, timeout=WAIT_MS)
    QTest.keyClick(dialog.invigilators, Qt.Key.Key_Tab)  # the next field in the tab chain
    assert dialog.candidates.hasFocus()
    QTest.keyClicks(dialog.candidates, "DUPONT;Lea;04/05/2010;33;peut-etre")  # ASCII: QTest
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.errors.message("candidates") == (
        "Erreur : ligne 1 : aménagement d'accessibilité invalide (oui ou non)"
    )

    dialog.candidates.setPlainText("DUPONT;Léa;04/05/2010;33;oui\nMARTIN;Paul;02/01/2009;;non")
    with qtbot.waitSignal(controller.console_shown, timeout=WAIT_MS) as shown:
        dialog.create_button.click()

    window = shown.args[0]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=WAIT_MS)
    adjusted = {row.first_name: row.accessibility_adjustment for row in window.model.rows()}
    assert adjusted == {"Léa": True, "Paul": False}
