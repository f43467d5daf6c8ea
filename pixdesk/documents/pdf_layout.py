"""What every pixdesk PDF shares: A4 pages, French metadata, "page N/M", tables, QR codes.

Accessibility, and its limits. reportlab writes *untagged* PDFs: no structure tree (no
``/StructTreeRoot``, no ``/MarkInfo``), so a screen reader gets no heading, list or table
semantics from the file itself. What these documents do give it:

- the document language, ``/Lang (fr-FR)`` in the catalog, so speech uses a French voice;
- a title in the document information, shown instead of the file name
  (``/DisplayDocTitle``), plus author and subject;
- real text in an embedded Unicode font (never text drawn as an image), in one flow written
  top to bottom, so the order of the content stream is the reading order; the page footer is
  drawn last on each page;
- bookmarks (the PDF outline) on the section headings, to move around;
- tables whose header row is repeated on each page, and status said in words (never by
  colour alone);
- the QR code's URL printed as text beside it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

import pixdesk
from pixdesk.documents.fonts import BOLD, REGULAR, register_fonts
from pixdesk.documents.labels import _

LANGUAGE: Final = "fr-FR"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: Final = 15 * mm
FOOTER_HEIGHT: Final = 12 * mm
CONTENT_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN
HEADER_BACKGROUND: Final = colors.Color(0.9, 0.9, 0.9)  # decoration only: bold says "header"
RULE_COLOUR: Final = colors.Color(0.3, 0.3, 0.3)

Story = Callable[[], list[Flowable]]


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """The metadata of one PDF and the text at the left of its footer."""

    title: str
    subject: str
    author: str
    footer: str


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles of the documents (sizes in points: these are printed pages)."""

    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """Return the shared styles (the fonts are registered first)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13, spaceAfter=4)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=8
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD, fontSize=12, leading=15, spaceBefore=8
        ),
        subheading=ParagraphStyle("subheading", parent=body, fontName=BOLD, spaceBefore=4),
        body=body,
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        cell_header=ParagraphStyle(
            "cell_header", parent=body, fontName=BOLD, fontSize=9, leading=11, spaceAfter=0
        ),
    )


class Heading(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A title or section heading, which also becomes a bookmark of the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, *, level: int = 0) -> None:
        super().__init__(escape(text), style)
        self.outline_text = text
        self.outline_level = level


def text(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """Return a paragraph showing ``value`` literally (markup escaped, line breaks kept)."""
    markup = escape(value).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(markup, style or styles().body)


def labelled(label: str, value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """Return « **label :** value » as one paragraph (the value escaped)."""
    caption = _("{label} :").format(label=label)
    markup = f"<b>{escape(caption)}</b> {escape(value)}"
    return Paragraph(markup.replace("\n", "<br/>"), style or styles().body)


def dmy(day: date) -> str:
    """Return ``day`` as DD/MM/YYYY."""
    return day.strftime("%d/%m/%Y")


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    col_widths: Sequence[float],
    *,
    row_height: float | None = None,
) -> Table:
    """Return a ruled table whose header row repeats on every page it spans.

    Args:
        headers: The column headers.
        rows: The cells: text is escaped and wrapped; flowables are kept as they are.
        col_widths: Column widths, in points.
        row_height: A minimum height for body rows (room to sign), or None to fit the text.
    """
    style = styles()
    cells = [[Paragraph(escape(h), style.cell_header) for h in headers]]
    cells += [[text(c, style.cell) if isinstance(c, str) else c for c in row] for row in rows]
    heights = None if row_height is None else [None] + [row_height] * len(rows)
    table = Table(cells, colWidths=list(col_widths), rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE_COLOUR),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def facts_table(pairs: Sequence[tuple[str, str]], *, columns: int = 2) -> Table:
    """Return label/value pairs laid out ``columns`` pairs a row, read row by row."""
    style = styles()
    cells: list[list[Paragraph | str]] = []
    for start in range(0, len(pairs), columns):
        row: list[Paragraph | str] = []
        for label, value in pairs[start : start + columns]:
            row += [Paragraph(escape(label), style.cell_header), text(value, style.cell)]
        row += [""] * (2 * columns - len(row))
        cells.append(row)
    label_width = 30 * mm
    value_width = CONTENT_WIDTH / columns - label_width
    table = Table(cells, colWidths=[label_width, value_width] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def qr_drawing(payload: str, size: float) -> Drawing:
    """Return a QR code (error correction M) encoding ``payload``, ``size`` points wide."""
    widget = QrCodeWidget(payload, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size, initialFontName=REGULAR)
    drawing.add(widget)
    return drawing


def build_pdf(info: PdfInfo, story: Story) -> bytes:
    """Render the flowables ``story()`` makes into an A4 PDF with "page N/M" footers.

    The page count is only known once laid out, so the story is laid out twice: once to
    count the pages, once to print the count. ``story`` must return new flowables each call
    (reportlab consumes them).
    """
    register_fonts()
    pages, _pdf = _render(info, story(), total=None)
    total, pdf = _render(info, story(), total=pages)
    if total != pages:
        raise RuntimeError(f"the layout changed between passes: {pages} then {total} pages")
    return pdf


class _Document(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)


def _render(info: PdfInfo, flowables: list[Flowable], *, total: int | None) -> tuple[int, bytes]:
    buffer = io.BytesIO()
    pages_seen = [0]

    def footer(canvas: Any, doc: Any) -> None:
        page = canvas.getPageNumber()
        pages_seen[0] = max(pages_seen[0], page)
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawString(MARGIN, FOOTER_HEIGHT / 2, info.footer)
        count = _("page {page}/{pages}").format(page=page, pages=total or "?")
        canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_HEIGHT / 2, count)
        canvas.restoreState()

    frame = Frame(
        MARGIN,
        FOOTER_HEIGHT,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = _Document(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPageEnd=footer)],
        title=info.title,
        subject=info.subject,
        author=info.author,
        creator=_("pixdesk {version}").format(version=pixdesk.__version__),
        lang=LANGUAGE,
        initialFontName=REGULAR,
        displayDocTitle=True,
    )
    doc.build(flowables)
    return pages_seen[0], buffer.getvalue()
