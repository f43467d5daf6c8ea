"""What every PDF carries: title, French language, embedded fonts, and pages that print."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.documents.render_pdf import write_pdf
from tests.documents.pdftools import catalog, fonts, info, rasterise

DOCUMENTS = ["attendance", "certificate", "minutes", "report"]
TITLES = {
    "attendance": "Feuille d'émargement — session 12",
    "certificate": "Certificat de compétences numériques — LEFÈVRE-ÇELIK Élodie",
    "minutes": "Procès-verbal de la session — session 12",
    "report": "Rapport de session — session 12",
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_title_author_and_subject(name: str, all_pdfs: dict[str, Path]) -> None:
    fields = info(all_pdfs[name])
    assert fields["Title"] == TITLES[name]
    assert fields["Author"] == "Lycée Édouard-Herriot"
    assert fields["Subject"]
    assert fields["Page size"].startswith("595.276 x 841.89")  # A4


@pytest.mark.parametrize("name", DOCUMENTS)
def test_language_is_french_and_the_title_is_shown(name: str, all_pdfs: dict[str, Path]) -> None:
    pdf = all_pdfs[name].read_bytes()
    root = catalog(pdf)
    assert b"/Lang (fr-FR)" in root
    assert b"/Outlines" in root  # headings are bookmarks
    assert b"/DisplayDocTitle true" in pdf


@pytest.mark.parametrize("name", DOCUMENTS)
def test_only_embedded_unicode_fonts(name: str, all_pdfs: dict[str, Path]) -> None:
    """Accents render everywhere and read back as text: no base-14 font, a Unicode map."""
    rows = fonts(all_pdfs[name])
    assert rows
    for row in rows:
        assert "DejaVuSans" in row[0]
        emb, sub, uni = row[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_first_page_rasterises(name: str, all_pdfs: dict[str, Path], tmp_path: Path) -> None:
    png = rasterise(all_pdfs[name], tmp_path, dpi=50)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 2000  # not a blank page


def test_write_pdf_is_atomic_and_private(all_pdfs: dict[str, Path], tmp_path: Path) -> None:
    data = all_pdfs["report"].read_bytes()
    target = tmp_path / "rapport.pdf"
    write_pdf(target, data)
    assert target.read_bytes() == data
    assert target.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]
