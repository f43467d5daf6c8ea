"""The attendance sheet: 20 candidates a page, "page N/M", invigilators on every page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from pixdesk.documents.attendance import IdentifierKind, build_attendance_sheet
from pixdesk.documents.render_pdf import render_attendance_sheet
from tests.documents import samples
from tests.documents.pdftools import info, page_texts, reading_order, write

DATE = re.compile(r"\b\d{2}/\d{2}/2009\b")  # the candidates' birth dates, one per row


def test_candidates_are_sorted_by_birth_name_then_first_name_accents_ignored() -> None:
    """RULES §10: the rows are in alphabetical order; "Ç" sorts with "C", "Œ" as "OE"."""
    sheet = build_attendance_sheet(samples.session(), samples.candidates(45), centre="X")
    rows = [row for page in sheet.pages for row in page.rows]
    names = [(row.birth_name, row.first_name) for row in rows]
    assert names[:2] == [("BESANÇON", "Élodie"), ("BESANÇON", "François")]
    assert [row.birth_name for row in rows].index("ÇELIK") < [row.birth_name for row in rows].index(
        "CŒURDEROY"
    )
    assert [row.position for row in rows] == list(range(1, 46))


def test_pages_hold_20_candidates_and_name_every_invigilator() -> None:
    """RULES §2 (pixdesk): the sheet lists the invigilators on each 20-candidate page."""
    session = samples.session()
    sheet = build_attendance_sheet(session, samples.candidates(45), centre="X")
    assert [len(page.rows) for page in sheet.pages] == [20, 20, 5]
    assert all(page.invigilators == session.invigilators for page in sheet.pages)
    assert sheet.invigilators_needed == 3
    assert sheet.too_few_invigilators


def test_identifier_column_is_the_division_for_schools_else_the_external_id() -> None:
    people = samples.candidates(3)
    school = build_attendance_sheet(samples.session(), people, centre="X")
    assert school.identifier_kind is IdentifierKind.DIVISION
    assert school.pages[0].rows[0].identifier.startswith("2nde")
    adults = [replace(p, division="") for p in people]
    other = build_attendance_sheet(samples.session(), adults, centre="X")
    assert other.identifier_kind is IdentifierKind.EXTERNAL_ID
    assert other.pages[0].rows[0].identifier.startswith("INE")
    mixed = build_attendance_sheet(samples.session(), [people[0], adults[1]], centre="X")
    assert mixed.identifier_kind is IdentifierKind.MIXED


def test_a_candidate_of_another_session_is_a_bug() -> None:
    stranger = samples.candidates(1, session_number=99)
    with pytest.raises(ValueError, match="another session"):
        build_attendance_sheet(samples.session(), stranger, centre="X")


def test_45_candidates_print_on_3_pages_numbered_n_of_m(attendance_pdf: Path) -> None:
    """RULES §10: 20 candidates a page, "page N/M"."""
    pages = page_texts(attendance_pdf)
    assert info(attendance_pdf)["Pages"] == "3"
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"page {number}/3" in page
    assert [len(DATE.findall(page)) for page in pages] == [20, 20, 5]


def test_every_page_has_the_session_and_the_invigilators(attendance_pdf: Path) -> None:
    for page in page_texts(attendance_pdf):
        for expected in (
            "Feuille d'émargement",
            "Mme Bérénice Œhl",
            "M. Gaël Roché",
            "Signature",
            "30/11/2026",
            "09:00",
            "Salle informatique B204",
            "12 rue de l'Église, 69003 Lyon",
        ):
            assert expected in page
        assert "il faut un surveillant pour 20 candidats, soit 3" in page


def test_accents_and_ligatures_come_back_as_text(attendance_pdf: Path) -> None:
    text = "".join(page_texts(attendance_pdf))
    for word in ("Élodie", "ÇELIK", "CŒURDEROY", "Lætitia", "Héloïse", "NGUYỄN", "ØRSTED"):
        assert word in text
    assert "28/04/2009" in text  # DD/MM/YYYY


def test_rows_read_in_order_one_candidate_at_a_time(attendance_pdf: Path) -> None:
    """What a screen reader says: the header, then each row's cells in column order."""
    text = reading_order(attendance_pdf)
    assert "Classe Signature 1 BESANÇON Élodie 28/04/2009 2nde 1 2 BESANÇON François" in text
    assert text.index("page 1/3") < text.index("21 ") < text.index("page 2/3")


def test_many_invigilators_still_give_one_page_per_20_candidates(tmp_path: Path) -> None:
    """A long header shrinks to fit: a page is one 20-candidate group, never split."""
    names = tuple(f"Surveillant·e n° {n} avec un nom assez long" for n in range(1, 11))
    session = replace(samples.session(invigilators=names), site="Bâtiment C, " * 12 + "69003 Lyon")
    sheet = build_attendance_sheet(session, samples.candidates(41), centre="X")
    path = write(tmp_path, "long.pdf", render_attendance_sheet(sheet))
    pages = page_texts(path)
    assert len(pages) == 3
    assert "page 3/3" in pages[2]
    assert [len(DATE.findall(page)) for page in pages] == [20, 20, 1]
    assert all("Surveillant·e n° 10" in page for page in pages)


def test_an_empty_session_prints_one_page(tmp_path: Path) -> None:
    sheet = build_attendance_sheet(samples.session(), [], centre="X")
    path = write(tmp_path, "empty.pdf", render_attendance_sheet(sheet))
    (page,) = page_texts(path)
    assert "aucun candidat inscrit" in page
    assert "page 1/1" in page
