"""The emergency sheet: the session's offline resume codes, printed when the console opens.

When the console is unreachable (a crash, a cut LAN), the invigilator can still let a
candidate whose PC restarted resume: they type one of these one-time codes on the station,
which holds only slow hashes of them (docs/lab-protocol.md §7.5). The sheet is the only place
the codes exist in clear, so it says to keep it out of sight, and it has room to write down
which code was used where.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from pixdesk.documents.fonts import BOLD
from pixdesk.documents.labels import _
from pixdesk.documents.pdf_layout import (
    CONTENT_WIDTH,
    Heading,
    PdfInfo,
    build_pdf,
    data_table,
    dmy,
    facts_table,
    styles,
    text,
)

__all__ = ["EmergencySheet", "render_emergency_sheet"]

_ROW_HEIGHT: Final = 11 * mm


@dataclass(frozen=True, slots=True)
class EmergencySheet:
    """What the sheet prints.

    Attributes:
        number: The session number.
        site: The site.
        room: The room.
        day: The session's date.
        start_time: ``HH:MM``.
        invigilators: The invigilators' names.
        access_code: The code candidates type to join.
        session_fingerprint: The session key's short fingerprint (what stations show).
        degraded: No center certificate vouches for the session (stations pin the console).
        codes: The resume codes as printed (``03-K7QD-M4PX``), in number order.
        invigilator_password: Printed only for a session created on the console itself,
            whose password nobody else has written down (reopening the console needs it).
    """

    number: int
    site: str
    room: str
    day: date
    start_time: str
    invigilators: tuple[str, ...]
    access_code: str
    session_fingerprint: str
    degraded: bool
    codes: tuple[str, ...]
    invigilator_password: str | None = None


def render_emergency_sheet(sheet: EmergencySheet) -> bytes:
    """Return the emergency sheet as a PDF (one page for up to about 16 codes)."""
    style = styles()
    # Large and bold: read aloud across a room, typed by someone in a hurry.
    code_style = ParagraphStyle("code", parent=style.cell, fontName=BOLD, fontSize=13, leading=16)

    def story() -> list[Flowable]:
        flowables: list[Flowable] = [
            Heading(_("Feuille de secours — codes de reprise hors ligne"), style.title),
            text(
                _(
                    "Confidentiel : cette feuille reste avec le surveillant. Ne l'affichez pas "
                    "et ne la laissez pas sur une table."
                ),
                style.subheading,
            ),
            facts_table(_facts(sheet)),
            Heading(_("Quand s'en servir"), style.heading, level=1),
        ]
        flowables += [text(line) for line in _instructions()]
        flowables += [
            Heading(_("Codes"), style.heading, level=1),
            data_table(
                [_("Code"), _("Poste"), _("Candidat"), _("Heure")],
                [[Paragraph(escape(code), code_style), "", "", ""] for code in sheet.codes],
                _widths(),
                row_height=_ROW_HEIGHT,
            ),
        ]
        return flowables

    title = _("Feuille de secours — session {number}").format(number=sheet.number)
    info = PdfInfo(
        title=title,
        subject=_("Codes de reprise hors ligne de la session {number} du {date}").format(
            number=sheet.number, date=dmy(sheet.day)
        ),
        author=sheet.site,
        footer=title,
    )
    return build_pdf(info, story)


def _facts(sheet: EmergencySheet) -> list[tuple[str, str]]:
    pairs = [
        (_("Session n°"), str(sheet.number)),
        (_("Date"), dmy(sheet.day)),
        (_("Heure de début"), sheet.start_time),
        (_("Site"), sheet.site),
        (_("Salle"), sheet.room),
        (_("Surveillants"), ", ".join(sheet.invigilators)),
        (_("Code d'accès"), sheet.access_code),
        (_("Empreinte de session"), sheet.session_fingerprint),
    ]
    if sheet.degraded:
        pairs.append((_("Confiance"), _("mode dégradé : aucun certificat d'établissement")))
    if sheet.invigilator_password is not None:
        pairs.append((_("Mot de passe surveillant"), sheet.invigilator_password))
    return pairs


def _instructions() -> Sequence[str]:
    return (
        _(
            "1. Seulement si la console de surveillance ne répond plus et qu'un candidat "
            "doit reprendre son test (poste redémarré, changement de poste)."
        ),
        _(
            "2. Sur le poste du candidat, choisissez « Code de reprise » et tapez un code "
            "pas encore utilisé, numéro compris (par exemple 03-K7QD-M4PX)."
        ),
        _(
            "3. Rayez le code et notez le poste, le candidat et l'heure : chaque code ne "
            "sert qu'une fois. Dès que la console revient, elle reprend la main."
        ),
    )


def _widths() -> list[float]:
    code, time = 50 * mm, 25 * mm
    rest = CONTENT_WIDTH - code - time
    return [code, rest * 0.4, rest * 0.6, time]
