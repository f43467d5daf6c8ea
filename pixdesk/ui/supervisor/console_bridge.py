"""The console's listener as Qt signals: the worker thread emits, the UI thread receives."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pixdesk.services.console_notices import Notice
from pixdesk.services.console_values import RoomRow


class ConsoleBridge(QObject):
    """Implements ``ConsoleListener``; its signals reach slots on the UI thread (queued)."""

    rows_updated = Signal(object)  # tuple[RoomRow, ...]: only the rows that changed
    notice_received = Signal(object)  # Notice

    def rows_changed(self, rows: tuple[RoomRow, ...]) -> None:
        """Called on the console's worker: hand the rows to the UI thread."""
        self.rows_updated.emit(rows)

    def notice(self, notice: Notice) -> None:
        """Called on the console's worker: hand the notice to the UI thread."""
        self.notice_received.emit(notice)
