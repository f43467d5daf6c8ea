"""Where a failed task's error goes: in the page if expected, in a crash dialog if a bug.

STYLE.md §7: expected problems (refused fields, a wrong passphrase, a full disk) are shown
translated in the page, focus on the message; anything else is a bug, logged with its
traceback and shown in a crash dialog.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from pixdesk.ui.widgets.crash_dialog import CrashDialog
from pixdesk.ui.widgets.message_banner import MessageBanner

log = logging.getLogger(__name__)


class FailureReporter(QObject):
    """Route errors to a page's banner or to the crash dialog."""

    crash_reported = Signal(str)  # the details of a bug, once logged and shown

    def __init__(self, window: QWidget, describe: Callable[[BaseException], str | None]) -> None:
        """Report to ``window``; ``describe`` says expected problems (None for a bug)."""
        super().__init__(window)
        self._window = window
        self._describe = describe
        self.last_dialog: CrashDialog | None = None

    def report(self, error: BaseException, banner: MessageBanner) -> None:
        """Show ``error``: translated in ``banner`` when expected, else as a crash."""
        message = self._describe(error)
        if message is not None:
            log.info("expected problem shown: %r", error)
            banner.show_error(message)
            return
        self.crash("".join(traceback.format_exception(error)))

    def crash(self, details: str) -> None:
        """Log a bug's details and show them in the crash dialog."""
        log.error("unexpected error in referent mode:\n%s", details)
        self.last_dialog = CrashDialog(details, self._window)
        self.last_dialog.open()
        self.crash_reported.emit(details)
