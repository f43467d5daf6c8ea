"""Render the document models to PDF bytes, and write them atomically.

Each ``render_*`` function is a thin layout of its model (see :mod:`pdf_layout` for what the
PDFs do for accessibility). Rendering is pure CPU work: call it off the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.tables import TableStyle

from pixdesk.atomicfile import write_file_atomically
from pixdesk.documents.attendance import AttendancePage, AttendanceSheet, IdentifierKind
from pixdesk.documents.certificate import Certificate
from pixdesk.documents.fonts import REGULAR
from pixdesk.documents.header import SessionHeader
from pixdesk.documents.labels import _, yes_no
from pixdesk.documents.minutes import (
    IncidentMinutes,
    IncidentSource,
    MinutesCandidate,
    MinutesIncident,
)
from pixdesk.documents.pdf_layout import (
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    HEADER_BACKGROUND,
    MARGIN,
    PAGE_HEIGHT,
    Heading,
    PdfInfo,
    build_pdf,
    data_table,
    dmy,
    facts_table,
    labelled,
    qr_drawing,
    styles,
    text,
)
from pixdesk.documents.report import SessionReport
from pixdesk.domain.candidate import is_finished
from pixdesk.domain.session import CANDIDATES_PER_INVIGILATOR

__all__ = [
    "render_attendance_sheet",
    "render_certificate",
    "render_incident_minutes",
    "render_session_report",
    "write_pdf",
]

_IDENTIFIER_HEADERS: Final = {
    IdentifierKind.DIVISION: _("Classe"),
    IdentifierKind.EXTERNAL_ID: _("Identifiant"),
    IdentifierKind.MIXED: _("Classe ou identifiant"),
}
_SIGNATURE_ROW: Final = 12 * mm
_QR_SIZE: Final = 32 * mm


def write_pdf(path: Path, pdf: bytes) -> None:
    """Write rendered PDF bytes to ``path`` atomically (private file: it names minors)."""
    write_file_atomically(path, pdf)


def render_attendance_sheet(sheet: AttendanceSheet) -> bytes:
    """Return the attendance sheet as a PDF: one printed page per 20 candidates."""
    header = sheet.header

    def story() -> list[Flowable]:
        flowables: list[Flowable] = []
        for page in sheet.pages:
            if page.number > 1:
                flowables.append(PageBreak())
            flowables += _attendance_page(sheet, page)
        return flowables

    return build_pdf(_info(_("Feuille d'émargement"), header), story)


def _attendance_page(sheet: AttendanceSheet, page: AttendancePage) -> list[Flowable]:
    style = styles()
    rows = page.rows
    if rows:
        title = _("Feuille d'émargement — candidats {first} à {last} sur {count}").format(
            first=rows[0].position, last=rows[-1].position, count=sheet.candidate_count
        )
    else:
        title = _("Feuille d'émargement — aucun candidat inscrit")
    body: list[Flowable] = [_session_facts(sheet.header), Spacer(1, 3 * mm)]
    if sheet.too_few_invigilators:
        body.append(
            labelled(
                _("Attention"),
                _(
                    "il faut un surveillant pour {per} candidats, soit {needed} "
                    "pour {count} candidats ; {present} sont prévus."
                ).format(
                    per=CANDIDATES_PER_INVIGILATOR,
                    needed=sheet.invigilators_needed,
                    count=sheet.candidate_count,
                    present=len(sheet.header.invigilators),
                ),
            )
        )
    body += [
        Paragraph(_("Surveillants"), style.heading),
        _signature_table(page.invigilators),
        Paragraph(_("Candidats"), style.heading),
        data_table(
            [
                _("N°"),
                _("Nom de naissance"),
                _("Prénom"),
                _("Date de naissance"),
                _IDENTIFIER_HEADERS[sheet.identifier_kind],
                _("Signature"),
            ],
            [
                [str(r.position), r.birth_name, r.first_name, dmy(r.birth_date), r.identifier, ""]
                for r in rows
            ],
            [10 * mm, 43 * mm, 36 * mm, 24 * mm, 25 * mm, CONTENT_WIDTH - 138 * mm],
            row_height=8 * mm,
        ),
    ]
    # An unusual header (many invigilators, a long address) must not push candidates onto
    # another page: each printed page is one 20-candidate group, so shrink rather than split.
    room = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT - 12 * mm
    return [
        Heading(title, style.title),
        KeepInFrame(CONTENT_WIDTH, room, body, mode="shrink", hAlign="LEFT"),
    ]


def render_incident_minutes(minutes: IncidentMinutes) -> bytes:
    """Return the procès-verbal as a PDF."""
    style = styles()

    def story() -> list[Flowable]:
        flowables: list[Flowable] = [
            Heading(_("Procès-verbal de la session"), style.title),
            _session_facts(minutes.header, finalised_at=minutes.finalised_at),
            Heading(_("Bilan de la session"), style.heading, level=1),
            labelled(_("Incident pendant la session"), yes_no(minutes.incident_flag)),
            labelled(_("Difficultés de connexion des candidats"), yes_no(minutes.joining_issue)),
            labelled(_("Commentaire"), minutes.comment or _("aucun")),
        ]
        if minutes.session_incidents:
            flowables += [
                Heading(_("Incidents concernant toute la session"), style.heading, level=1),
                _incident_table(minutes.session_incidents),
            ]
        flowables += _minutes_candidates(minutes.started)
        flowables += _minutes_details(minutes.candidates)
        flowables.append(
            Heading(
                _("Candidats absents ({count})").format(count=len(minutes.absent)),
                style.heading,
                level=1,
            )
        )
        if minutes.absent:
            flowables.append(
                data_table(
                    [_("Nom de naissance"), _("Prénom"), _("Date de naissance")],
                    [[c.birth_name, c.first_name, dmy(c.birth_date)] for c in minutes.absent],
                    [70 * mm, 60 * mm, CONTENT_WIDTH - 130 * mm],
                )
            )
        else:
            flowables.append(text(_("Aucun candidat absent.")))
        flowables += [
            Heading(_("Signatures"), style.heading, level=1),
            _signature_table(minutes.header.invigilators),
        ]
        return flowables

    return build_pdf(_info(_("Procès-verbal de la session"), minutes.header), story)


def _minutes_candidates(started: Sequence[MinutesCandidate]) -> list[Flowable]:
    heading = _("Candidats ayant commencé le test ({count})").format(count=len(started))
    flowables: list[Flowable] = [Heading(heading, styles().heading, level=1)]
    if not started:
        return [*flowables, text(_("Aucun candidat n'a commencé le test."))]
    rows = [
        [
            c.birth_name,
            c.first_name,
            dmy(c.birth_date),
            yes_no(c.saw_end_screen),
            _abort_reason(c),
            str(len(c.incidents)),
        ]
        for c in started
    ]
    headers = [
        _("Nom de naissance"),
        _("Prénom"),
        _("Date de naissance"),
        _("Écran de fin vu"),
        _("Motif d'abandon"),
        _("Incidents"),
    ]
    widths = [40 * mm, 32 * mm, 24 * mm, 20 * mm, 0.0, 21 * mm]
    widths[4] = CONTENT_WIDTH - sum(widths)
    return [*flowables, data_table(headers, rows, widths)]


def _abort_reason(candidate: MinutesCandidate) -> str:
    if candidate.abort_reason_label is not None:
        return candidate.abort_reason_label
    # Finalisation demands a reason for every unfinished test; say so if one slipped through.
    return _("aucun (test terminé)") if is_finished(candidate.state) else _("non renseigné")


def _minutes_details(candidates: Sequence[MinutesCandidate]) -> list[Flowable]:
    """Each candidate's comment, incidents and validated alerts (an absent one may have some)."""
    style = styles()
    flowables: list[Flowable] = [Heading(_("Incidents et commentaires"), style.heading, level=1)]
    reported = [c for c in candidates if c.incidents or c.comment]
    if not reported:
        return [*flowables, text(_("Aucun incident ni commentaire."))]
    for candidate in reported:
        name = _("{last_name} {first_name}").format(
            last_name=candidate.birth_name, first_name=candidate.first_name
        )
        if not candidate.started:
            name = _("{name} — absent(e)").format(name=name)
        flowables.append(Heading(name, style.subheading, level=2))
        if candidate.comment:
            flowables.append(labelled(_("Commentaire"), candidate.comment))
        if candidate.incidents:
            flowables.append(_incident_table(candidate.incidents))
        flowables.append(Spacer(1, 2 * mm))
    return flowables


def _incident_table(incidents: Sequence[MinutesIncident]) -> Table:
    """One row an incident: time, code, what (a validated alert says so), question, note."""
    return data_table(
        [_("Heure"), _("Code"), _("Nature"), _("Question"), _("Description")],
        [
            [
                "" if i.at is None else i.at.strftime("%H:%M"),
                i.code.value,
                _incident_nature(i),
                "" if i.question_number is None else str(i.question_number),
                i.description,
            ]
            for i in incidents
        ],
        [16 * mm, 14 * mm, 60 * mm, 22 * mm, CONTENT_WIDTH - 112 * mm],
    )


def _incident_nature(incident: MinutesIncident) -> str:
    if incident.source is IncidentSource.LIVE_ALERT:
        return _("Alerte validée : {label}").format(label=incident.label)
    return incident.label


def render_certificate(certificate: Certificate) -> bytes:
    """Return one certificate as a one-page PDF."""
    style = styles()
    c = certificate

    def story() -> list[Flowable]:
        name = _("{last_name} {first_name}").format(last_name=c.last_name, first_name=c.first_name)
        flowables: list[Flowable] = [
            Heading(_("Certificat de compétences numériques"), style.title),
            labelled(_("Centre de certification"), c.centre),
            Paragraph(f"<b>{escape(name)}</b>", style.heading),
            labelled(
                _("Né(e) le"),
                _("{date} à {place}").format(date=dmy(c.birth_date), place=c.birth_place),
            ),
            labelled(_("Date de passage"), dmy(c.test_date)),
            labelled(_("Date de délivrance"), dmy(c.delivery_date)),
        ]
        if not c.validated:
            flowables.append(
                labelled(
                    _("Statut"),
                    _("{status} : aucune compétence n'est certifiée.").format(
                        status=c.status_label
                    ),
                )
            )
        flowables.append(
            labelled(
                _("Score"),
                _("{score} / {maximum} Pix").format(score=c.pix_score, maximum=c.max_score),
            )
        )
        if c.global_level_label is not None:
            flowables.append(labelled(_("Niveau global"), c.global_level_label))
        flowables += [
            Heading(_("Niveaux par compétence"), style.heading, level=1),
            _competence_table(c),
            Heading(_("Vérification"), style.heading, level=1),
            _verification_block(c),
        ]
        return flowables

    info = PdfInfo(
        title=_("Certificat de compétences numériques — {last_name} {first_name}").format(
            last_name=c.last_name, first_name=c.first_name
        ),
        subject=_("Certificat {code}, délivré le {date}").format(
            code=c.verification_code, date=dmy(c.delivery_date)
        ),
        author=c.centre,
        footer=_("Certificat {code}").format(code=c.verification_code),
    )
    return build_pdf(info, story)


def _competence_table(certificate: Certificate) -> Table:
    style = styles()
    rows: list[list[str | Flowable]] = []
    domain_rows: list[int] = []
    for domain in certificate.domains:
        domain_rows.append(len(rows) + 1)  # + 1: the header row
        caption = _("{code}. {label}").format(code=domain.code, label=domain.label)
        rows.append([Paragraph(f"<b>{escape(caption)}</b>", style.cell), "", ""])
        for competence in domain.competences:
            level = (
                _("non certifiée")
                if competence.level is None
                else _("niveau {level}").format(level=competence.level)
            )
            rows.append([competence.code, competence.label, level])
    table = data_table(
        [_("Code"), _("Compétence"), _("Niveau")],
        rows,
        [22 * mm, CONTENT_WIDTH - 52 * mm, 30 * mm],
    )
    commands = []
    for row in domain_rows:
        commands += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), HEADER_BACKGROUND),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _verification_block(certificate: Certificate) -> Table:
    style = styles()
    explanation = [
        labelled(_("Code de vérification"), certificate.verification_code, style.heading),
        text(_("Pour vérifier ce certificat, scannez le code QR ou ouvrez l'adresse :")),
        text(certificate.verification_url),
    ]
    table = Table(
        [[qr_drawing(certificate.verification_url, _QR_SIZE), explanation]],
        colWidths=[_QR_SIZE + 4 * mm, CONTENT_WIDTH - _QR_SIZE - 4 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        )
    )
    return table


def render_session_report(report: SessionReport) -> bytes:
    """Return the session report as a PDF."""
    style = styles()
    r = report

    def story() -> list[Flowable]:
        count_widths = [CONTENT_WIDTH - 40 * mm, 40 * mm]
        flowables: list[Flowable] = [
            Heading(_("Rapport de session"), style.title),
            _session_facts(r.header, finalised_at=r.finalised_at),
            Heading(_("Candidats"), style.heading, level=1),
            data_table(
                [_("Situation"), _("Nombre")],
                [
                    [_("Inscrits"), str(r.enrolled)],
                    [_("Présents"), str(r.present)],
                    [_("Ayant commencé le test"), str(r.started)],
                    [_("Ayant terminé le test"), str(r.finished)],
                    [_("Absents (sans test)"), str(r.absent)],
                ],
                count_widths,
            ),
            Heading(_("Résultats"), style.heading, level=1),
            data_table(
                [_("Statut"), _("Nombre")],
                [[s.label, str(s.count)] for s in r.results],
                count_widths,
            ),
            Heading(_("Incidents"), style.heading, level=1),
            labelled(_("Incidents enregistrés"), str(r.incident_count)),
            Heading(_("Surveillance"), style.heading, level=1),
            labelled(_("Surveillants"), str(r.invigilator_count)),
            labelled(
                _("Requis (un pour {per} candidats présents)").format(
                    per=CANDIDATES_PER_INVIGILATOR
                ),
                str(r.invigilators_needed),
            ),
            labelled(
                _("Taux d'encadrement"),
                _("insuffisant") if r.too_few_invigilators else _("conforme"),
            ),
            Heading(_("Finalisation"), style.heading, level=1),
            labelled(_("Incident pendant la session"), yes_no(r.incident_flag)),
            labelled(_("Difficultés de connexion des candidats"), yes_no(r.joining_issue)),
            labelled(_("Commentaire"), r.comment or _("aucun")),
        ]
        return flowables

    return build_pdf(_info(_("Rapport de session"), r.header), story)


def _info(kind: str, header: SessionHeader) -> PdfInfo:
    title = _("{document} — session {number}").format(document=kind, number=header.number)
    return PdfInfo(
        title=title,
        subject=_("Session {number} du {date}, {centre}").format(
            number=header.number, date=dmy(header.day), centre=header.centre
        ),
        author=header.centre,
        footer=title,
    )


def _session_facts(header: SessionHeader, *, finalised_at: datetime | None = None) -> Table:
    pairs = [
        (_("Session n°"), str(header.number)),
        (_("Centre"), header.centre),
        (_("Date"), dmy(header.day)),
        (_("Heure de début"), header.start_time),
        (_("Site"), header.site),
        (_("Salle"), header.room),
    ]
    if finalised_at is not None:
        pairs.append(
            (
                _("Finalisée le"),
                _("{date} à {time}").format(
                    date=dmy(finalised_at.date()), time=finalised_at.strftime("%H:%M")
                ),
            )
        )
    return facts_table(pairs)


def _signature_table(names: Sequence[str]) -> Table:
    """Two invigilators a row, each with a box to sign in."""
    cells: list[list[str]] = []
    for start in range(0, max(len(names), 1), 2):
        pair = list(names[start : start + 2])
        row: list[str] = []
        for name in pair:
            row += [name, ""]
        cells.append(row + [""] * (4 - len(row)))
    half = CONTENT_WIDTH / 2
    return data_table(
        [_("Surveillant"), _("Signature"), _("Surveillant"), _("Signature")],
        cells,
        [half * 0.45, half * 0.55] * 2,
        row_height=_SIGNATURE_ROW,
    )
