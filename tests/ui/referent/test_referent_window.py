"""The window: a bug shows the crash dialog and is logged; the command opens referent mode."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pixdesk.app import run_referent
from pixdesk.cli import build_parser
from pixdesk.commands import referent
from pixdesk.services.referent import ReferentServices
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.widgets.crash_dialog import CrashDialog
from tests.ui.referent.conftest import WAIT_MS


def test_a_bug_shows_the_crash_dialog_and_is_logged(
    qtbot,
    window: ReferentWindow,
    services: ReferentServices,
    crashes: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> tuple[object, ...]:
        raise KeyError("session_id")

    monkeypatch.setattr(services.planner, "list_sessions", broken)
    with (
        caplog.at_level(logging.ERROR),
        qtbot.waitSignal(window.reporter.crash_reported, timeout=WAIT_MS) as crashed,
    ):
        window.sessions_page.reload()

    assert "KeyError: 'session_id'" in crashed.args[0]
    dialog = window.reporter.last_dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert "KeyError" in dialog.details.toPlainText()
    assert not window.sessions_page.banner.isVisible()  # a bug is not dressed as advice
    assert any("KeyError" in record.getMessage() for record in caplog.records)
    dialog.reject()
    crashes.clear()  # expected here; the fixture fails any other test that crashes


def test_the_school_is_shown_in_the_status_bar(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    assert window.school_label.text() == "Établissement : non renseigné (menu Fichier)"
    window.edit_school()
    dialog = window.school_dialog
    assert dialog is not None
    dialog.uai_edit.setText("0781234A")
    dialog.name_edit.setText("Lycée Ada Lovelace")
    with qtbot.waitSignal(window.school_changed, timeout=WAIT_MS):
        dialog.save_button.click()
    assert window.school_label.text() == "Établissement : Lycée Ada Lovelace (UAI 0781234A)"


def test_the_command_is_registered_with_its_options(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "referent", "--lang", "en"])
    assert args.handler is referent.run
    assert (args.lang, args.data_dir) == ("en", tmp_path)


def test_an_unusable_data_directory_stops_before_any_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "fichier"
    not_a_folder.write_text("", encoding="utf-8")
    assert run_referent(data_dir=not_a_folder / "données") == 2
    assert str(not_a_folder) in capsys.readouterr().err
