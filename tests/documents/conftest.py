"""Render each document once per test module; the tests read the PDFs back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pixdesk.documents.attendance import build_attendance_sheet
from pixdesk.documents.certificate import build_certificate
from pixdesk.documents.minutes import build_incident_minutes
from pixdesk.documents.render_pdf import (
    render_attendance_sheet,
    render_certificate,
    render_incident_minutes,
    render_session_report,
)
from pixdesk.documents.report import build_session_report
from pixdesk.domain.results import CertificateStatus
from tests.documents import samples
from tests.documents.pdftools import write

FINALISED_AT = datetime(2026, 11, 30, 11, 20)


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def attendance_pdf(pdf_dir: Path) -> Path:
    sheet = build_attendance_sheet(samples.session(), samples.candidates(45), centre=samples.CENTRE)
    return write(pdf_dir, "attendance.pdf", render_attendance_sheet(sheet))


@pytest.fixture(scope="module")
def certificate_pdf(pdf_dir: Path) -> Path:
    certificate = build_certificate(
        samples.certificate_data(), verification_base_url=samples.VERIFY_BASE
    )
    return write(pdf_dir, "certificate.pdf", render_certificate(certificate))


@pytest.fixture(scope="module")
def minutes_pdf(pdf_dir: Path) -> Path:
    people = samples.candidates(45)
    minutes = build_incident_minutes(
        samples.session(),
        people,
        samples.finalisation(people),
        samples.incidents(people),
        centre=samples.CENTRE,
        finalised_at=FINALISED_AT,
    )
    return write(pdf_dir, "minutes.pdf", render_incident_minutes(minutes))


@pytest.fixture(scope="module")
def report_pdf(pdf_dir: Path) -> Path:
    people = samples.candidates(45)
    statuses = [CertificateStatus.VALIDATED] * 40 + [CertificateStatus.REJECTED] * 3
    report = build_session_report(
        samples.session(),
        samples.finalisation(people),
        [*statuses, CertificateStatus.CANCELLED],
        incident_count=3,
        centre=samples.CENTRE,
        finalised_at=FINALISED_AT,
    )
    return write(pdf_dir, "report.pdf", render_session_report(report))


@pytest.fixture(scope="module")
def all_pdfs(
    attendance_pdf: Path, certificate_pdf: Path, minutes_pdf: Path, report_pdf: Path
) -> dict[str, Path]:
    return {
        "attendance": attendance_pdf,
        "certificate": certificate_pdf,
        "minutes": minutes_pdf,
        "report": report_pdf,
    }
