"""Composition root: build every object once, start Qt, show the window for the mode."""

from __future__ import annotations

import sys
from pathlib import Path

from pixdesk import __version__
from pixdesk.services.startup import StartupError, prepare_startup


def run_demo(
    *, screenshot: str | None = None, lang: str | None = None, data_dir: Path | None = None
) -> int:
    """Open the demo on this machine; with ``screenshot``, save the window as PNG and quit."""
    try:
        startup = prepare_startup(cli_data_dir=data_dir, cli_language=lang)
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 2
    for warning in startup.warnings:
        print(warning, file=sys.stderr)

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


def probe_gui(out: str) -> int:
    """Start Qt, create, show and destroy the main window, and write what was seen to ``out``.

    The child half of ``pixdesk.services.gui_probe``: the self-test and ``pixdesk doctor`` run
    it in a separate process, so that a Qt that cannot start cannot take them down.
    """
    import json

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from pixdesk.ui.welcome_window import WelcomeWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = WelcomeWindow(__version__)
    window.show()
    app.processEvents()
    shown = window.isVisible()
    window.close()
    window.deleteLater()
    app.processEvents()
    screens = [
        {
            "width": screen.geometry().width(),
            "height": screen.geometry().height(),
            "scale": screen.devicePixelRatio(),
        }
        for screen in QGuiApplication.screens()
    ]
    report = {
        "window": shown,
        "platform": QGuiApplication.platformName(),
        "screens": screens,
        "peak_rss_mb": _peak_rss_mb(),
    }
    Path(out).write_text(json.dumps(report), encoding="utf-8")
    return 0


def _peak_rss_mb() -> float | None:
    """Return this process's peak resident memory in MB, where the OS tells it."""
    try:
        import resource
    except ImportError:
        return None  # Windows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts kilobytes, macOS bytes.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
