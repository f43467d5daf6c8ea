"""The certificate: name, dates, score, levels, verification code and QR code (RULES §10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget

from pixdesk.documents import pdf_layout
from pixdesk.documents.certificate import build_certificate, verification_url
from pixdesk.documents.render_pdf import render_certificate
from pixdesk.domain.referential import COMPETENCES, DOMAINS
from tests.documents import samples
from tests.documents.pdftools import page_texts, rasterise, write

EXPECTED_URL = "https://verif.pixdesk.example/certificats/P-B2C3D4F6"


def flat(path: Path) -> str:
    """The text with runs of spaces collapsed, so wrapped table cells read as sentences."""
    return " ".join("".join(page_texts(path)).split())


def test_the_model_groups_the_16_competences_by_domain() -> None:
    certificate = build_certificate(
        samples.certificate_data(), verification_base_url=samples.VERIFY_BASE
    )
    assert [d.label for d in certificate.domains] == [d.label for d in DOMAINS]
    competences = [c for d in certificate.domains for c in d.competences]
    assert [(c.code, c.label) for c in competences] == [(c.code, c.label) for c in COMPETENCES]
    assert certificate.last_name == "LEFÈVRE-ÇELIK"
    assert certificate.global_level_label == "Avancé 5"
    assert certificate.verification_url == EXPECTED_URL


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://v.example/c", "https://v.example/c/P-B2C3D4F6"),
        ("https://v.example/c/", "https://v.example/c/P-B2C3D4F6"),
        ("https://v.example/?code={code}", "https://v.example/?code=P-B2C3D4F6"),
    ],
)
def test_verification_url_appends_or_substitutes_the_code(base: str, expected: str) -> None:
    assert verification_url(base, "P-B2C3D4F6") == expected


@pytest.mark.parametrize("base", ["", "verif.example/c", "ftp://v.example/c", "https://"])
def test_verification_url_needs_an_http_url(base: str) -> None:
    with pytest.raises(ValueError, match="http"):
        verification_url(base, "P-B2C3D4F6")


def test_the_certificate_prints_its_facts(certificate_pdf: Path) -> None:
    pages = page_texts(certificate_pdf)
    assert len(pages) == 1
    text = flat(certificate_pdf)
    for expected in (
        "Certificat de compétences numériques",
        "Lycée Édouard-Herriot",
        "LEFÈVRE-ÇELIK Élodie",  # LAST NAME uppercase
        "14/03/2009 à Besançon (25)",
        "Date de passage : 30/11/2026",
        "Date de délivrance : 15/12/2026",
        "560 / 895 Pix",
        "Niveau global : Avancé 5",
        "Code de vérification : P-B2C3D4F6",
        EXPECTED_URL,
        "page 1/1",
    ):
        assert expected in text


def test_the_certificate_lists_the_16_competences_with_their_levels(
    certificate_pdf: Path,
) -> None:
    text = flat(certificate_pdf)
    for domain in DOMAINS:
        assert f"{domain.code}. {domain.label}" in text
    for competence in COMPETENCES:
        assert competence.label in text
    assert "Programmer non certifiée" in text  # 3.4 has no level
    assert "Mener une recherche et une veille d'information niveau 1" in text


def test_the_qr_code_encodes_the_verification_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """What reportlab is asked to encode, whether or not a decoder is installed."""
    payloads: list[str] = []

    class Spy(QrCodeWidget):  # type: ignore[misc]
        def __init__(self, value: str, **kw: object) -> None:
            payloads.append(value)
            super().__init__(value, **kw)

    monkeypatch.setattr(pdf_layout, "QrCodeWidget", Spy)
    render_certificate(
        build_certificate(samples.certificate_data(), verification_base_url=samples.VERIFY_BASE)
    )
    assert set(payloads) == {EXPECTED_URL}


def test_the_printed_qr_code_decodes(certificate_pdf: Path, tmp_path: Path) -> None:
    """Scan the rasterised page, as a phone would."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="no QR decoder installed (zxing-cpp)")
    from PIL import Image

    png = rasterise(certificate_pdf, tmp_path, dpi=100)
    with Image.open(png) as image:
        decoded = [(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)]
    assert decoded == [("QRCode", EXPECTED_URL)]


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_an_uncertified_test_says_so_in_words(status: str, tmp_path: Path) -> None:
    data = samples.certificate_data(status=status)
    certificate = build_certificate(data, verification_base_url=samples.VERIFY_BASE)
    text = flat(write(tmp_path, "c.pdf", render_certificate(certificate)))
    label = {"rejected": "Rejetée", "cancelled": "Annulée"}[status]
    assert f"Statut : {label} : aucune compétence n'est certifiée." in text
    assert "0 / 895 Pix" in text
    assert "Niveau global" not in text
    assert text.count("non certifiée") == 16


def test_a_pre_beginner_has_no_global_level_line(tmp_path: Path) -> None:
    """RULES §5: pre-beginner is not shown on the certificate."""
    data = samples.certificate_data(global_level=None)
    certificate = build_certificate(data, verification_base_url=samples.VERIFY_BASE)
    assert certificate.global_level_label is None
    text = flat(write(tmp_path, "c.pdf", render_certificate(certificate)))
    assert "Niveau global" not in text
