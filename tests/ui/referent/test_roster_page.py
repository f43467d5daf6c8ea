"""The "Élèves" page: preview an import, apply it, see the table change; errors block it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from pixdesk.services.referent import ReferentServices
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.ui.referent.import_preview_dialog import ImportPreviewDialog
from pixdesk.ui.referent.learners_model import Column
from pixdesk.ui.referent.referent_window import ReferentWindow
from pixdesk.ui.referent.roster_page import RosterPage
from tests.imports.siecle_files import pupil, siecle_xml
from tests.ui.referent.conftest import SAMPLE, SAMPLE_UAI, WAIT_MS


def preview(qtbot, page: RosterPage, path: Path) -> ImportPreviewDialog:
    """Import ``path`` and return the preview dialog once it is on screen."""
    with qtbot.waitSignal(page.import_planned, timeout=WAIT_MS):
        page.import_file(path)
    assert page.preview_dialog is not None
    return page.preview_dialog


def apply(qtbot, page: RosterPage, dialog: ImportPreviewDialog) -> object:
    """Click "Appliquer" and return the result once the table is updated."""
    with qtbot.waitSignal(page.import_applied, timeout=WAIT_MS) as applied:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    return applied.args[0]


def shown_column(page: RosterPage, column: Column) -> list[str]:
    proxy = page.filter
    return [
        proxy.data(proxy.index(row, column, QModelIndex()))
        for row in range(proxy.rowCount(QModelIndex()))
    ]


@pytest.mark.usefixtures("school")
def test_the_sample_previews_six_added_four_skipped_then_fills_the_table(
    qtbot, window: ReferentWindow
) -> None:
    page = window.roster_page
    assert page.model.rowCount() == 0
    assert "Aucun élève" in page.count_label.text()

    dialog = preview(qtbot, page, SAMPLE)

    assert dialog.summary_label.text().startswith(
        "6 élève(s) ajouté(s), 0 mis à jour, 0 désactivé(s), 0 inchangé(s), 4 ignoré(s)."
    )
    added = dialog.section("added")
    skipped = dialog.section("skipped")
    assert added is not None
    assert len(added.lines) == 6
    assert any("LOVELACE Ada — classe 3A" in line for line in added.lines)
    assert skipped is not None
    assert skipped.lines == (
        "POUZIN Louis : pas d'INE",
        "SANTA Garance : date de sortie renseignée",
        "HOPPER Grace : aucune division active",
        "TURING Alan : aucune division active",
    )
    assert dialog.section("errors") is None
    assert dialog.apply_button.isEnabled()
    assert page.model.rowCount() == 0  # nothing written before "Appliquer"

    result = apply(qtbot, page, dialog)

    assert len(result.added) == 6
    assert page.model.rowCount() == 6
    assert "ŒUVRAY (usage : DUPRÉ)" in shown_column(page, Column.NAME)
    assert page.banner.isVisible()
    assert page.banner.text.startswith("Terminé : Import appliqué")
    assert page.count_label.text() == "6 élève(s) affiché(s) sur 6, dont 6 actif(s)."
    assert [page.division_combo.itemText(i) for i in range(page.division_combo.count())] == [
        "Toutes les classes",
        "3A",
        "3B",
        "3C",
    ]


@pytest.mark.usefixtures("school")
def test_a_second_export_updates_and_disables_only_what_changed(
    qtbot, window: ReferentWindow, tmp_path: Path
) -> None:
    page = window.roster_page
    first = tmp_path / "septembre.xml"
    first.write_bytes(siecle_xml([pupil(1), pupil(2), pupil(3)]))
    apply(qtbot, page, preview(qtbot, page, first))
    rows_before = {page.model.learner(row).ine: row for row in range(page.model.rowCount())}

    second = tmp_path / "janvier.xml"
    moved = pupil(2, [("3B", "D")])
    second.write_bytes(siecle_xml([pupil(1), moved]))
    dialog = preview(qtbot, page, second)

    assert dialog.summary_label.text().startswith(
        "0 élève(s) ajouté(s), 1 mis à jour, 1 désactivé(s), 1 inchangé(s)"
    )
    updated = dialog.section("updated")
    assert updated is not None
    assert updated.lines == ("NOM2 Prénom2 : classe",)
    result = apply(qtbot, page, dialog)

    assert result.updated == ("100000002AB",)
    assert result.disabled == ("100000003AB",)
    rows_after = {page.model.learner(row).ine: row for row in range(page.model.rowCount())}
    assert rows_after == rows_before  # rows updated in place, none reloaded or added
    third = page.model.learner(rows_after["100000003AB"])
    assert not third.active
    assert page.model.data(page.model.index(rows_after["100000003AB"], Column.STATUS)) == (
        "Désactivé (absent du dernier export)"
    )
    page.status_combo.setCurrentIndex(page.status_combo.findData("disabled"))
    assert shown_column(page, Column.INE) == ["100000003AB"]


@pytest.mark.usefixtures("school")
def test_an_export_with_errors_lists_them_and_cannot_be_applied(
    qtbot, window: ReferentWindow, tmp_path: Path, services: ReferentServices
) -> None:
    page = window.roster_page
    broken = tmp_path / "erreurs.xml"
    broken.write_bytes(
        siecle_xml(
            [
                pupil(1),
                pupil(2, CODE_SEXE=None),
                pupil(3, DATE_NAISS=""),
                pupil(4, ID_NATIONAL="100000001AB"),
            ]
        )
    )

    dialog = preview(qtbot, page, broken)

    assert dialog.summary_label.text().startswith("Import impossible : 3 erreur(s)")
    errors = dialog.section("errors")
    assert errors is not None
    assert len(errors.lines) == 3
    assert any(line.startswith("NOM2 Prénom2") and "sexe" in line for line in errors.lines)
    assert any(
        line.startswith("NOM3 Prénom3") and "date de naissance" in line for line in errors.lines
    )
    assert any("INE en double" in line for line in errors.lines)
    assert not dialog.apply_button.isEnabled()
    assert dialog.cancel_button.text() == "Fermer"
    dialog.reject()
    assert page.model.rowCount() == 0
    assert services.roster.learners() == ()


def test_the_uai_is_asked_the_first_time_then_remembered(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    page = window.roster_page
    page.import_file(SAMPLE)
    qtbot.waitUntil(lambda: page.school_dialog is not None, timeout=WAIT_MS)
    dialog = page.school_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)

    dialog.uai_edit.setText("78 1234")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "7 chiffres puis une lettre" in dialog.errors.message("uai")
    assert dialog.uai_edit.hasFocus()
    assert "7 chiffres" in dialog.uai_edit.accessibleDescription()

    dialog.uai_edit.setText(" 0781234a ")
    dialog.name_edit.setText("Lycée Ada Lovelace")
    with qtbot.waitSignals([window.school_changed, page.import_planned], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert services.settings.load() == SchoolSettings(SAMPLE_UAI, "Lycée Ada Lovelace", "")
    assert page.preview_dialog is not None
    assert page.preview_dialog.plan.can_apply
    assert "0781234A" in window.school_label.text()


def test_an_export_of_another_school_is_refused_by_name(
    qtbot, window: ReferentWindow, services: ReferentServices
) -> None:
    services.settings.save(SchoolSettings("0921234X", "Collège voisin"))
    dialog = preview(qtbot, window.roster_page, SAMPLE)
    errors = dialog.section("errors")
    assert errors is not None
    assert errors.lines == ("ce fichier est celui de l'établissement 0781234A, pas de 0921234X",)
    assert not dialog.apply_button.isEnabled()


@pytest.mark.usefixtures("school")
def test_search_ignores_accents_and_case(qtbot, window: ReferentWindow) -> None:
    page = window.roster_page
    apply(qtbot, page, preview(qtbot, page, SAMPLE))

    qtbot.keyClicks(page.search_edit, "oeuvray")
    assert shown_column(page, Column.FIRST_NAME) == ["Lætitia"]
    page.search_edit.clear()
    page.division_combo.setCurrentIndex(page.division_combo.findData("3B"))
    assert sorted(shown_column(page, Column.NAME)) == ["BABBAGE", "JACKSON"]
    assert page.count_label.text() == "2 élève(s) affiché(s) sur 6, dont 6 actif(s)."


def test_an_unreadable_file_is_said_in_the_page(
    qtbot, window: ReferentWindow, school: SchoolSettings, tmp_path: Path
) -> None:
    page = window.roster_page
    with qtbot.waitSignal(page.banner.shown, timeout=WAIT_MS) as shown:
        page.import_file(tmp_path / "absent.xml")
    assert shown.args[0].startswith("Erreur : Fichier ou dossier inaccessible")
    assert page.banner.label.hasFocus()
    assert page.import_button.isEnabled()
