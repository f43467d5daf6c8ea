"""The fonts of the PDFs, shipped in ``resources/fonts`` so accents render on every machine.

reportlab's built-in PDF fonts (Helvetica…) cover only Latin-1 through WinAnsi and are not
embedded: "œ" and "Œ" may vanish, and the look depends on the reader. DejaVu Sans is embedded
(as a subset) with a Unicode map, so a screen reader, a copy-paste or ``pdftotext`` gets the
real characters back. Licence: ``resources/fonts/LICENSE-DejaVu.txt``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR: Final = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
REGULAR: Final = "DejaVuSans"
BOLD: Final = "DejaVuSans-Bold"
_FILES: Final = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

# reportlab's font registry is process-wide; documents may render on several worker threads.
_lock = threading.Lock()


def register_fonts(fonts_dir: Path = FONTS_DIR) -> None:
    """Register the document fonts with reportlab, once per process.

    Raises:
        OSError: A font file is missing (a broken installation).
    """
    with _lock:
        if REGULAR in pdfmetrics.getRegisteredFontNames():
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir / filename)))
        # So that <b> in a paragraph picks the bold face; the documents use no italic.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
