"""The session report: counts of candidates, results, incidents and invigilators."""

from __future__ import annotations

from pathlib import Path

from pixdesk.documents.report import build_session_report
from pixdesk.domain.results import CertificateStatus
from tests.documents import samples
from tests.documents.pdftools import page_texts


def test_counts_follow_the_finalisation_form() -> None:
    """RULES §9: absent candidates have no test; the ratio is one invigilator per 20 (§2)."""
    people = samples.candidates(45)
    report = build_session_report(
        samples.session(),
        samples.finalisation(people),
        [CertificateStatus.VALIDATED] * 42 + [CertificateStatus.CANCELLED],
        incident_count=3,
        centre="X",
    )
    assert (report.enrolled, report.present, report.started) == (45, 44, 44)
    assert (report.finished, report.absent) == (43, 1)
    assert [(s.label, s.count) for s in report.results] == [
        ("Validée", 42),
        ("Rejetée", 0),
        ("Annulée", 1),
    ]
    assert (report.invigilator_count, report.invigilators_needed) == (2, 3)
    assert report.too_few_invigilators


def test_the_report_prints_the_counts(report_pdf: Path) -> None:
    pages = page_texts(report_pdf)
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    for expected in (
        "Rapport de session",
        "Inscrits 45",
        "Présents 44",
        "Ayant commencé le test 44",
        "Ayant terminé le test 43",
        "Absents (sans test) 1",
        "Validée 40",
        "Rejetée 3",
        "Annulée 1",
        "Incidents enregistrés : 3",
        "Surveillants : 2",
        "Requis (un pour 20 candidats présents) : 3",
        "Taux d'encadrement : insuffisant",
        "page 1/1",
    ):
        assert expected in text
