"""Composition root: build every object once, start Qt, show the window for the mode."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pixdesk import __version__
from pixdesk.services.startup import Startup, StartupError, prepare_startup
from pixdesk.ui.demo_layout import (
    USABLE_CONSOLE,
    USABLE_LEARNER,
    DemoLayout,
    Margins,
    Rect,
    Size,
    demo_layout,
)

_log = logging.getLogger(__name__)

FRAME_SETTLE_MS = 400
"""How long after showing the demo's windows their title bars are measured to tile again."""

FALLBACK_SCREEN = Rect(0, 0, 1280, 800)
"""The screen assumed when Qt reports none."""

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def run_demo(
    *,
    screenshot: str | None = None,
    lang: str | None = None,
    data_dir: Path | None = None,
    learners: int = 3,
    background: int = 2,
    minutes: float = 10.0,
    seed: int = 1,
) -> int:
    """Open the demo on this machine: a console and learner windows, all real, on loopback.

    Args:
        screenshot: Save the screen (console and learners) as PNG and quit.
        lang: The interface language.
        data_dir: Keep the demo's console and stations there (a temporary folder otherwise).
        learners: Learner windows to open next to the console.
        background: Simulated learners answering in the background (the room moves).
        minutes: About how long the simulated learners take for their test.
        seed: Their randomness.
    """
    startup = _start(lang=lang, data_dir=None)
    if startup is None:
        return 2

    from PySide6.QtCore import QTimer

    app = _qt_application(startup.language)
    gui = open_demo_gui(
        learners=learners,
        background=background,
        minutes=minutes,
        seed=seed,
        data_dir=data_dir,
        lang=startup.language,
    )
    if screenshot:

        def grab() -> None:
            gui.save_screenshot(screenshot)
            app.quit()

        QTimer.singleShot(2500, grab)
    try:
        return app.exec()
    finally:
        gui.close()


class DemoGui:
    """The GUI demo's windows and what runs behind them (built by :func:`open_demo_gui`)."""

    def __init__(self, demo: Any, runner: Any, console_window: Any, background: Any) -> None:
        self.demo = demo
        self.runner = runner
        self.console_window = console_window
        self.learner_windows: list[Any] = []
        self.background = background
        self.layout: DemoLayout | None = None
        self.frame = Margins()
        self._closed = False

    def tile(self, frame: Margins | None = None) -> DemoLayout:
        """Place the windows on the primary screen: console on the left, learners in a grid.

        Args:
            frame: The window decorations (none known before the windows are shown).
        """
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        area = Rect(free.x(), free.y(), free.width(), free.height()) if free else FALLBACK_SCREEN
        self.frame = frame or Margins()
        learner_min = USABLE_LEARNER
        for window in self.learner_windows:
            learner_min = _at_least(learner_min, window.minimumSizeHint())
        layout = demo_layout(
            area,
            len(self.learner_windows),
            console_min=_at_least(USABLE_CONSOLE, self.console_window.minimumSizeHint()),
            learner_min=learner_min,
            frame=self.frame,
        )
        if layout.cascaded and (self.layout is None or not self.layout.cascaded):
            _log.warning(
                "demo: %d learner windows of %dx%d do not fit next to the console on a %dx%d "
                "screen; they are cascaded (each title bar visible)",
                len(layout.learners),
                learner_min.width,
                learner_min.height,
                area.width,
                area.height,
            )
        self.layout = layout
        for window, rect in zip(
            [self.console_window, *self.learner_windows],
            [layout.console, *layout.learners],
            strict=True,
        ):
            own = rect.inside(self.frame)
            window.setGeometry(own.x, own.y, own.width, own.height)
        return layout

    def retile(self) -> None:
        """Tile again with the title bars the window manager added, if any."""
        if self._closed:
            return
        outer, inner = self.console_window.frameGeometry(), self.console_window.geometry()
        frame = Margins(
            inner.left() - outer.left(),
            inner.top() - outer.top(),
            outer.right() - inner.right(),
            outer.bottom() - inner.bottom(),
        )
        if frame != self.frame:
            self.tile(frame)
            self.stack()

    def stacked(self) -> list[Any]:
        """Return the windows from the bottom up: the console on top unless learners cover it."""
        if self.layout is not None and self.layout.covers_console:
            return [self.console_window, *self.learner_windows]
        return [*self.learner_windows, self.console_window]

    def stack(self) -> None:
        """Raise the windows in :meth:`stacked` order, so that every title bar shows."""
        for window in self.stacked():
            window.raise_()

    def save_screenshot(self, path: str) -> None:
        """Save the screen with the console and the learner windows as placed, to ``path``."""
        from PySide6.QtCore import QRect
        from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap

        windows = self.stacked()
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect()
        for window in windows:
            area = area.united(window.frameGeometry())
        canvas = QPixmap(area.size())
        canvas.fill(QColor("#3b4252"))
        painter = QPainter(canvas)
        for window in windows:
            painter.drawPixmap(window.geometry().topLeft() - area.topLeft(), window.grab())
        painter.end()
        canvas.save(path)

    def close(self) -> None:
        """Close the windows, stop the simulated learners, the stations and the console."""
        if self._closed:
            return
        self._closed = True
        for window in [*self.learner_windows, self.console_window]:
            window.close()
        self.background.close()
        self.runner.shutdown(wait=True)
        self.demo.close()


def _at_least(size: Size, hint: Any) -> Size:
    """Return ``size`` grown to a window's minimum size hint (a QSize)."""
    return Size(max(size.width, hint.width()), max(size.height, hint.height()))


def open_demo_gui(
    *,
    learners: int = 3,
    background: int = 2,
    minutes: float = 10.0,
    seed: int = 1,
    data_dir: Path | None = None,
    lang: str = "fr",
) -> DemoGui:
    """Build the demo: its console window and ``learners`` learner windows, shown, tiled.

    Each learner window drives its own station (own store, keys) joined through the lab link;
    the invigilator confirms their presence on the console. ``background`` more learners
    answer on their own so the room moves.
    """
    from PySide6.QtCore import QTimer

    from pixdesk.services.demo import BackgroundLearners, Demo
    from pixdesk.ui.learner.bridge import StationBridge
    from pixdesk.ui.learner.learner_window import LearnerWindow
    from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
    from pixdesk.ui.supervisor.console_window import ConsoleWindow
    from pixdesk.ui.tasks import TaskRunner

    console_bridge = ConsoleBridge()
    demo = Demo.open(
        learners=learners + background, seed=seed, data_dir=data_dir, listener=console_bridge
    )
    runner = TaskRunner()
    window = ConsoleWindow(demo.console, runner, console_bridge)
    gui = DemoGui(demo, runner, window, BackgroundLearners(demo))
    try:
        for index in range(learners):
            learner = demo.add_station(index)
            # No exam mode: the demo tiles its windows next to the console.
            learner_window = LearnerWindow(
                StationBridge(learner.station, runner),
                lang=lang,
                version=__version__,
                exam_mode=False,
            )
            gui.learner_windows.append(learner_window)
        gui.background.start(range(learners, learners + background), minutes=minutes)
    except BaseException:
        gui.close()
        raise
    gui.tile()
    window.show()
    for learner_window in gui.learner_windows:
        learner_window.show()
        learner_window.start()
    gui.stack()
    # The window manager adds the title bars once the windows are shown: tile again with them.
    QTimer.singleShot(FRAME_SETTLE_MS, gui.retile)
    return gui


def run_referent(*, lang: str | None = None, data_dir: Path | None = None) -> int:
    """Open referent mode: the roster, session planning, packs and documents."""
    startup = _start(lang=lang, data_dir=data_dir, log_name="pixdesk-referent.log")
    if startup is None:
        return 2

    import secrets

    from PySide6.QtWidgets import QMessageBox

    from pixdesk.crypto.keystore import Keystore
    from pixdesk.crypto.keystore_errors import KeystoreError
    from pixdesk.i18n import _
    from pixdesk.services.referent import SystemClock, build_referent_services
    from pixdesk.services.referent_sync import build_referent_sync
    from pixdesk.services.station_store import open_station_store
    from pixdesk.store.errors import StoreError
    from pixdesk.ui.referent.referent_window import ReferentWindow
    from pixdesk.ui.tasks import TaskRunner

    app = _qt_application(startup.language)
    try:
        store = open_station_store(startup.data_dir)
    except (KeystoreError, StoreError, OSError) as exc:
        message = _("Données de ce poste inaccessibles : {error}").format(error=exc)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "pixdesk", message)
        return 2
    clock = SystemClock()
    services = build_referent_services(store, clock=clock, rng=secrets.SystemRandom())
    try:
        signing_key = Keystore(store.data_dir).station_key(create=False)
    except KeystoreError as exc:
        store.close()
        message = _("Données de ce poste inaccessibles : {error}").format(error=exc)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "pixdesk", message)
        return 2
    # Built once: the "Envoi" page and its timer share this outbox (automatic sync when a
    # platform is configured, DESIGN.md §7).
    sync = build_referent_sync(
        store, startup.config, signing_key, clock=clock, rng=secrets.SystemRandom()
    )
    runner = TaskRunner()
    window = ReferentWindow(services, runner, version=__version__, sync=sync)
    window.show()
    window.start()
    try:
        return app.exec()
    finally:
        # Queued writes finish before the store closes: nothing acknowledged is dropped.
        runner.shutdown(wait=True)
        store.close()


def run_learner(
    *,
    lang: str | None = None,
    data_dir: Path | None = None,
    console: str | None = None,
    exam_mode: bool = True,
) -> int:
    """Open learner mode: find the console, join, sit the test; every answer saved at once.

    Args:
        lang: The interface language (``--lang``).
        data_dir: The data directory (``--data-dir``).
        console: The console's address (``--console HOST:PORT``), over the configuration's.
        exam_mode: Full screen, above other windows, once the test starts
            (``--no-exam-mode``: off, for a demonstration).
    """
    startup = _start(lang=lang, data_dir=data_dir, log_name="pixdesk-learner.log")
    if startup is None:
        return 2

    from PySide6.QtWidgets import QMessageBox

    from pixdesk.crypto.keystore_errors import KeystoreError
    from pixdesk.i18n import _
    from pixdesk.imports.bank_problems import BankRejectedError
    from pixdesk.lab.address import AddressError, parse_address
    from pixdesk.services.bank_setup import BankSetupError
    from pixdesk.services.learner import open_learner_station
    from pixdesk.services.station_replay import ReplayError
    from pixdesk.store.errors import StoreError
    from pixdesk.ui.learner.bridge import StationBridge
    from pixdesk.ui.learner.learner_window import LearnerWindow
    from pixdesk.ui.tasks import TaskRunner

    try:
        address = parse_address(console) if console else None
    except AddressError as exc:
        print(
            _("Adresse de console invalide : {address}").format(address=exc.text), file=sys.stderr
        )
        return 2
    app = _qt_application(startup.language)
    try:
        station = open_learner_station(startup.data_dir, startup.config, console=address)
    except (
        KeystoreError,
        StoreError,
        ReplayError,
        BankRejectedError,
        BankSetupError,
        OSError,
    ) as exc:
        message = _("Ce poste ne peut pas ouvrir le mode candidat : {error}").format(error=exc)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "pixdesk", message)
        return 2
    runner = TaskRunner()
    bridge = StationBridge(station, runner)
    window = LearnerWindow(bridge, lang=startup.language, version=__version__, exam_mode=exam_mode)
    window.show()
    window.start()
    try:
        return app.exec()
    finally:
        # Queued answers are written before the store closes: nothing acknowledged is lost.
        runner.shutdown(wait=True)
        station.close()


def run_supervisor(
    *, pack: Path | None = None, lang: str | None = None, data_dir: Path | None = None
) -> int:
    """Open supervisor mode: open (or create) the session, run the room, finalise.

    Args:
        pack: A session file to prefill (``--pack``).
        lang: The interface language (``--lang``).
        data_dir: The data directory (``--data-dir``).
    """
    startup = _start(lang=lang, data_dir=data_dir, log_name="pixdesk-supervisor.log")
    if startup is None:
        return 2

    from PySide6.QtWidgets import QMessageBox

    from pixdesk.crypto.keys import KeyFormatError, b64u_decode, public_key_from_bytes
    from pixdesk.crypto.keystore_errors import KeystoreError
    from pixdesk.i18n import _
    from pixdesk.lab.address import DEFAULT_PORT
    from pixdesk.lab.loop_thread import LabThread
    from pixdesk.services.bank_setup import BankSetupError, configured_bank_key
    from pixdesk.services.console_runtime import ConsoleSettings
    from pixdesk.services.console_service import SupervisorService
    from pixdesk.services.referent import SystemClock
    from pixdesk.services.station_store import open_station_store
    from pixdesk.store.errors import StoreError
    from pixdesk.ui.supervisor.supervisor_controller import SupervisorController
    from pixdesk.ui.tasks import TaskRunner

    app = _qt_application(startup.language)
    config = startup.config
    center = None
    if config.center_public_key:
        try:
            center = public_key_from_bytes(b64u_decode(config.center_public_key))
        except (KeyFormatError, ValueError):
            center = None  # validated when the configuration was loaded; never trusted broken
    try:
        bank_key = configured_bank_key(config)  # for sessions created here
    except BankSetupError as exc:
        message = _("La console ne peut pas démarrer : {error}").format(error=exc)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "pixdesk", message)
        return 2
    try:
        open_station_store(startup.data_dir).close()  # fail early, with a clear message
    except (KeystoreError, StoreError, OSError) as exc:
        message = _("Données de ce poste inaccessibles : {error}").format(error=exc)
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "pixdesk", message)
        return 2
    port = config.console_address.port if config.console_address else DEFAULT_PORT
    lab = LabThread("pixdesk-console-lab")
    lab.start()
    service = SupervisorService(
        data_dir=startup.data_dir,
        center_public_key=center,
        clock=SystemClock(),
        lab=lab,
        open_store=lambda: open_station_store(startup.data_dir),
        settings=ConsoleSettings(port=port),
        bank_key=bank_key,
    )
    runner = TaskRunner()
    controller = SupervisorController(service, runner, pack=pack)
    controller.start()
    try:
        return app.exec()
    finally:
        # Stations keep working; the room's journal is committed before the store closes.
        service.stop()
        runner.shutdown(wait=True)
        lab.stop()


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


def _start(
    *, lang: str | None, data_dir: Path | None, log_name: str | None = None
) -> Startup | None:
    """Read the configuration and check the data directory; print why and return None if not."""
    try:
        startup = prepare_startup(cli_data_dir=data_dir, cli_language=lang)
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return None
    for warning in startup.warnings:
        print(warning, file=sys.stderr)
    if log_name is not None:
        _log_to(startup.data_dir / log_name)
    return startup


def _qt_application(language: str) -> QApplication:
    """Return the Qt application (created once), named and speaking ``language``."""
    from PySide6.QtWidgets import QApplication

    # instance() is typed QCoreApplication; pixdesk only ever creates a QApplication.
    app = cast("QApplication", QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("pixdesk")
    app.setApplicationVersion(__version__)
    _install_qt_translations(app, language)
    return app


def _install_qt_translations(app: object, language: str) -> None:
    """Give Qt's standard dialogs (file chooser, message boxes) the interface language."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(language))
    translator = QTranslator(app if isinstance(app, QCoreApplication) else None)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        QCoreApplication.installTranslator(translator)


def _log_to(path: Path) -> None:
    """Log to stderr and to ``path`` (crash details end up there), unless already set up."""
    import logging

    root = logging.getLogger()
    if root.handlers:
        return
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        handlers.append(logging.FileHandler(path, encoding="utf-8"))
    except OSError as exc:
        print(f"pixdesk: cannot write the log file {path}: {exc}", file=sys.stderr)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
