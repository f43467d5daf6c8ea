"""Supervisor mode's flow: open (or create) the session, then show its room.

Every call to the services goes through the task runner; the dialogs only ever see values and
sentences.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from pixdesk.services.console_errors import ConsoleError
from pixdesk.services.console_values import SessionDraftHere
from pixdesk.ui.supervisor import texts
from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
from pixdesk.ui.supervisor.console_window import ConsoleWindow, today
from pixdesk.ui.supervisor.create_session_dialog import CreateSessionDialog
from pixdesk.ui.supervisor.open_session_dialog import OpenSessionDialog
from pixdesk.ui.widgets.crash_dialog import CrashDialog

if TYPE_CHECKING:
    from pixdesk.services.console_runtime import Console
    from pixdesk.services.console_service import SupervisorService
    from pixdesk.services.console_session import ConsoleSession, KnownSession
    from pixdesk.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


class SupervisorController(QObject):
    """Drive supervisor mode's windows.

    Args:
        service: Supervisor services (built by ``app.run_supervisor``).
        runner: The task runner.
        pack: A session file given on the command line, prefilled in the open dialog.
    """

    console_shown = Signal(object)  # ConsoleWindow
    open_dialog_shown = Signal(object)  # OpenSessionDialog
    create_dialog_shown = Signal(object)  # CreateSessionDialog
    stopped = Signal()

    def __init__(
        self, service: SupervisorService, runner: TaskRunner, *, pack: Path | None = None
    ) -> None:
        super().__init__()
        self._service = service
        self._runner = runner
        self._pack = pack
        self.open_dialog: OpenSessionDialog | None = None
        self.create_dialog: CreateSessionDialog | None = None
        self.window: ConsoleWindow | None = None
        self.bridge = ConsoleBridge()

    def start(self) -> None:
        """List this PC's sessions, then show the open dialog."""
        self._runner.run(self._service.known_sessions, on_done=self._show_open, on_error=self._bug)

    def stop(self) -> None:
        """Stop the room (on the runner; ``stopped`` once done)."""
        self._runner.run(self._service.stop, on_done=lambda _r: self.stopped.emit())

    # ------------------------------------------------------------------ opening

    def _show_open(self, known: tuple[KnownSession, ...]) -> None:
        dialog = OpenSessionDialog(
            known, pack=self._pack, center_fingerprint=self._service.center_fingerprint
        )
        dialog.open_pack_requested.connect(self._open_pack)
        dialog.open_known_requested.connect(self._open_known)
        dialog.create_requested.connect(self._show_create)
        self.open_dialog = dialog
        dialog.show()
        self.open_dialog_shown.emit(dialog)

    def _open_pack(self, path: Path, password: str) -> None:
        self._runner.run(
            lambda: self._service.open_pack(path, password),
            on_done=self._opened,
            on_error=self._open_failed,
        )

    def _open_known(self, session_id: str, password: str) -> None:
        self._runner.run(
            lambda: self._service.open_known(session_id, password),
            on_done=self._opened,
            on_error=self._open_failed,
        )

    def _show_create(self) -> None:
        dialog = CreateSessionDialog(today(), self.open_dialog)
        dialog.create_requested.connect(self._create)
        self.create_dialog = dialog
        dialog.open()
        self.create_dialog_shown.emit(dialog)

    def _create(self, draft: SessionDraftHere) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ConsoleError) and self.create_dialog is not None:
                self.create_dialog.show_error(error)
            else:
                self._bug(error)

        self._runner.run(
            lambda: self._service.create_here(draft), on_done=self._opened, on_error=failed
        )

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, ConsoleError) and self.open_dialog is not None:
            self.open_dialog.show_error(texts.console_error(error))
        else:
            if self.open_dialog is not None:
                self.open_dialog.set_busy(False)
            self._bug(error)

    # ------------------------------------------------------------------ the room

    def _opened(self, session: ConsoleSession) -> None:
        bridge = self.bridge
        self._runner.run(
            lambda: self._service.start(session, bridge),
            on_done=self._show_console,
            on_error=self._open_failed,
        )

    def _show_console(self, console: Console) -> None:
        window = ConsoleWindow(console, self._runner, self.bridge)
        self.window = window
        window.destroyed.connect(lambda _obj=None: None)
        for dialog in (self.create_dialog, self.open_dialog):
            if dialog is not None:
                dialog.close()
        self.create_dialog = self.open_dialog = None
        window.show()
        self.console_shown.emit(window)

    def _bug(self, error: BaseException) -> None:
        details = "".join(traceback.format_exception(error))
        _log.error("unexpected error in supervisor mode:\n%s", details)
        CrashDialog(details, self.open_dialog or self.window).open()
