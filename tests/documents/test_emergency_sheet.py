"""The emergency sheet prints every resume code, big, with room to note its use."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from pixdesk.crypto.resume_codes import generate_resume_codes
from pixdesk.documents.emergency_sheet import EmergencySheet, render_emergency_sheet
from tests.documents.pdftools import info, page_texts, write


def test_the_sheet_lists_the_codes_and_the_session(tmp_path: Path) -> None:
    codes = tuple(code.text for code in generate_resume_codes(12, rng=random.Random(1)))
    sheet = EmergencySheet(
        number=123456,
        site="Lycée Hopper",
        room="Salle B12",
        day=date(2026, 11, 30),
        start_time="08:30",
        invigilators=("M. Turing",),
        access_code="BCDF23",
        session_fingerprint="ABCD-EFGH-IJKL-MNOP",
        degraded=True,
        codes=codes,
        invigilator_password="b3X!9q",
    )
    path = write(tmp_path, "sheet.pdf", render_emergency_sheet(sheet))

    (page,) = page_texts(path)
    assert all(code in page for code in codes)
    for text in ("123456", "30/11/2026", "BCDF23", "ABCD-EFGH-IJKL-MNOP", "b3X!9q", "mode dégradé"):
        assert text in page
    assert "Feuille de secours" in info(path)["Title"]


def test_a_certified_session_prints_no_password(tmp_path: Path) -> None:
    sheet = EmergencySheet(
        123456,
        "Site",
        "Salle",
        date(2026, 11, 30),
        "08:30",
        ("A",),
        "BCDF23",
        "X",
        False,
        ("01-2222-3333",),
    )
    (page,) = page_texts(write(tmp_path, "sheet.pdf", render_emergency_sheet(sheet)))
    assert "Mot de passe" not in page
    assert "dégradé" not in page
