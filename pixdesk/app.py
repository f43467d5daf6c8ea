"""Composition root: build every object once, start Qt, show the window for the mode."""

from __future__ import annotations

import os
import sys

from pixdesk import __version__
from pixdesk.i18n import set_language


def run_demo(*, screenshot: str | None = None, lang: str | None = None) -> int:
    """Open the demo on this machine; with ``screenshot``, save the window as PNG and quit."""
    set_language(lang or os.environ.get("PIXDESK_LANG"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pixdesk.ui.welcome_window import WelcomeWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("pixdesk")
    app.setApplicationVersion(__version__)
    window = WelcomeWindow(__version__)
    window.show()
    if screenshot:

        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(300, grab)
    return app.exec()
