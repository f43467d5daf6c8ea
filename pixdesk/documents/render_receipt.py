"""Render the platform's upload receipt to PDF: what was received, when, the signed token.

The page carries the receipt token in full, as text and as a QR code, so anyone holding the
platform's public key can check it again from paper alone (docs/sync-protocol.md §5).
Rendering is pure CPU work: call it off the UI thread.
"""

from __future__ import annotations

from datetime import UTC
from typing import Final

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pixdesk.documents.fonts import REGULAR
from pixdesk.documents.labels import _
from pixdesk.documents.pdf_layout import (
    Heading,
    PdfInfo,
    build_pdf,
    facts_table,
    qr_drawing,
    styles,
    text,
)
from pixdesk.documents.upload_receipt import UploadReceiptDocument

__all__ = ["render_upload_receipt"]

_QR_SIZE: Final = 70 * mm
_MAX_QR_CHARS: Final = 2000  # a QR code at level M holds about 2,300 bytes
_TOKEN_LINE: Final = 100


def render_upload_receipt(receipt: UploadReceiptDocument) -> bytes:
    """Return the receipt as a one-page PDF."""
    style = styles()
    token_style = ParagraphStyle("token", parent=style.cell, fontName=REGULAR, fontSize=7)
    r = receipt

    def story() -> list[Flowable]:
        received = r.received.astimezone(UTC).strftime("%d/%m/%Y %H:%M:%S UTC")
        flowables: list[Flowable] = [
            Heading(_("Accusé de réception de la plateforme"), style.title),
            text(
                _(
                    "La plateforme a reçu, vérifié et enregistré le lot scellé de la session"
                    " {number}. Ce reçu est signé par la plateforme."
                ).format(number=r.session_number)
            ),
            facts_table(
                [
                    (_("Session n°"), r.session_number),
                    (_("Reçu le"), received),
                    (_("Candidats"), str(r.candidates)),
                    (_("Écarts signalés"), str(r.flags)),
                    (_("Fichier"), r.file_name),
                    (_("Taille"), _("{size} octets").format(size=r.size)),
                ]
            ),
            Heading(_("Identification du lot"), style.heading, level=1),
            facts_table(
                [
                    (_("Identifiant"), r.bundle_id),
                    (_("Session"), r.session_id),
                    (_("SHA-256"), r.sha256),
                    (_("Plateforme"), r.platform_url),
                    (_("Clé de la plateforme"), r.platform_fingerprint),
                ],
                columns=1,
            ),
        ]
        if r.flags:
            flowables.append(
                text(
                    _(
                        "La plateforme a recalculé les résultats à partir des journaux et"
                        " relevé {count} écart(s) avec ceux calculés dans l'établissement :"
                        " elle les examinera."
                    ).format(count=r.flags)
                )
            )
        flowables += [
            Heading(_("Reçu signé"), style.heading, level=1),
            # The token has no spaces: cut it in lines, or it runs off the page.
            text("\n".join(_lines(r.token, _TOKEN_LINE)), token_style),
            Spacer(1, 3 * mm),
        ]
        if len(r.token) <= _MAX_QR_CHARS:
            flowables.append(qr_drawing(r.token, _QR_SIZE))
        return flowables

    info = PdfInfo(
        title=_("Accusé de réception — session {number}").format(number=r.session_number),
        subject=_("Lot {bundle_id} reçu par la plateforme").format(bundle_id=r.bundle_id),
        author=r.platform_url,
        footer=_("Accusé de réception — lot {bundle_id}").format(bundle_id=r.bundle_id),
    )
    return build_pdf(info, story)


def _lines(value: str, width: int) -> list[str]:
    return [value[i : i + width] for i in range(0, len(value), width)]
