"""Render every pixdesk document from sample data to PDF and PNG, to look at them.

Usage: .venv/bin/python tools/render_documents.py [OUT_DIR]   (default: ./documents-preview)
Needs pdftoppm (Debian: poppler-utils) for the PNG pages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pixdesk.documents.attendance import build_attendance_sheet
from pixdesk.documents.certificate import build_certificate
from pixdesk.documents.minutes import IncidentSource, TimedIncident, build_incident_minutes
from pixdesk.documents.render_pdf import (
    render_attendance_sheet,
    render_certificate,
    render_incident_minutes,
    render_session_report,
    write_pdf,
)
from pixdesk.documents.report import build_session_report
from pixdesk.domain.incidents import Incident, IncidentCode
from pixdesk.domain.results import CertificateStatus
from tests.documents import samples


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    people = samples.candidates(45)
    finalised = datetime(2026, 11, 30, 11, 20)
    incidents = samples.incidents(people)
    alert = Incident(IncidentCode.E1, question_number=12)  # a validated live alert
    incidents[people[3].candidate_id] = [
        TimedIncident(alert, datetime(2026, 11, 30, 9, 41), IncidentSource.LIVE_ALERT)
    ]
    session_wide = [
        TimedIncident(
            Incident(IncidentCode.C4, "Un candidat a oublié de signer."),
            datetime(2026, 11, 30, 8, 35),
        )
    ]
    documents = {
        "attendance": render_attendance_sheet(
            build_attendance_sheet(samples.session(), people, centre=samples.CENTRE)
        ),
        "certificate": render_certificate(
            build_certificate(samples.certificate_data(), verification_base_url=samples.VERIFY_BASE)
        ),
        "minutes": render_incident_minutes(
            build_incident_minutes(
                samples.session(),
                people,
                samples.finalisation(people),
                incidents,
                centre=samples.CENTRE,
                finalised_at=finalised,
                session_incidents=session_wide,
            )
        ),
        "report": render_session_report(
            build_session_report(
                samples.session(),
                samples.finalisation(people),
                [CertificateStatus.VALIDATED] * 42 + [CertificateStatus.REJECTED] * 3,
                incident_count=3,
                centre=samples.CENTRE,
                finalised_at=finalised,
            )
        ),
    }
    pdftoppm = shutil.which("pdftoppm")
    for name, pdf in documents.items():
        path = out / f"{name}.pdf"
        write_pdf(path, pdf)
        if pdftoppm:
            subprocess.run([pdftoppm, "-png", "-r", "70", str(path), str(out / name)], check=True)
        print(path)
    if not pdftoppm:
        print("pdftoppm not found: PDFs only (apt-get install poppler-utils)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("documents-preview")))
