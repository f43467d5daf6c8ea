"""The learner UI's one way to the station: every call off the UI thread, answers by signal.

The runtime's listener is called from whichever thread changed the station (the database
worker, the lab thread carrying out a console command); emitting a signal from there queues
it to the UI thread, so widgets only ever see snapshots on their own thread.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from pixdesk.lab.address import AddressError, parse_address
from pixdesk.services.station_outcomes import JoinForm, StationError

if TYPE_CHECKING:
    from pixdesk.services.station_bodies import Response
    from pixdesk.services.station_runtime import StationRuntime
    from pixdesk.services.station_views import StationSnapshot
    from pixdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class StationBridge(QObject):
    """Run the station's calls on the task runner and report their outcomes as signals."""

    snapshot_changed = Signal(object)  # StationSnapshot, after every change
    answer_saved = Signal(object)  # AnswerReceipt: the answer is durable on this PC
    answer_failed = Signal(str, int)  # a refusal code (or "SAVE_FAILED"), the question index
    consoles_found = Signal(object)  # list of FoundConsole
    connect_answered = Signal(object)  # ConnectOutcome
    join_answered = Signal(object)  # JoinAnswer
    start_refused = Signal(str)  # a refusal code
    resume_answered = Signal(object)  # ResumeOutcome
    attachment_failed = Signal(str)  # the attachment's name
    image_loaded = Signal(str, bytes)  # item id, image bytes
    _from_station = Signal(object)

    def __init__(self, runtime: StationRuntime, runner: TaskRunner) -> None:
        super().__init__()
        self.runtime = runtime
        self.runner = runner
        self.clock = runtime.clock
        self.station_fingerprint = runtime.station_fingerprint
        self.configured_address = runtime.config.console_address
        # Explicitly queued to a slot of this object: the runtime calls its listeners on the
        # database worker or the lab thread, and widgets must only ever be touched on the UI
        # thread (a plain callable as the target would run on the emitting thread).
        self._from_station.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        runtime.subscribe(self._from_station.emit)

    @Slot(object)
    def _relay(self, snapshot: StationSnapshot) -> None:
        self.snapshot_changed.emit(snapshot)

    def snapshot(self) -> StationSnapshot:
        """Return the station's state now (memory only)."""
        return self.runtime.snapshot()

    # ---------------------------------------------------------------- joining

    def search(self) -> None:
        """Look for consoles on the LAN (a few seconds)."""
        self.runner.run(self.runtime.search_consoles, on_done=self.consoles_found.emit)

    def connect_console(self, session_number: str, typed_address: str) -> str | None:
        """Connect to the session's console; return an address error code, or None."""
        address = None
        if typed_address.strip():
            try:
                address = parse_address(typed_address)
            except AddressError as exc:
                return exc.code.value
        self.runner.run(
            lambda: self.runtime.connect(session_number, address),
            on_done=self.connect_answered.emit,
        )
        return None

    def join(self, form: JoinForm) -> None:
        """Send the pupil's join."""
        self.runner.run(lambda: self.runtime.join(form), on_done=self.join_answered.emit)

    # ---------------------------------------------------------------- the test

    def start_test(self) -> None:
        """Start the test (uses the invigilator's authorisation)."""
        self.runner.run_db(self.runtime.start_test, on_error=self._start_failed)

    def answer(self, response: Response, question_index: int) -> None:
        """Save an answer to question ``question_index``; ``answer_saved`` follows once durable."""
        self.runner.run_db(
            lambda: self.runtime.answer(response, question_index=question_index),
            on_done=self.answer_saved.emit,
            on_error=lambda error: self._answer_failed(error, question_index),
        )

    def skip(self, question_index: int) -> None:
        """Skip question ``question_index``."""
        self.answer(None, question_index)

    def report_problem(self, question_index: int) -> None:
        """Raise a live alert on the question on screen."""
        self.runner.run_db(
            self.runtime.report_problem,
            on_error=lambda error: self._answer_failed(error, question_index),
        )

    def focus_lost(self) -> None:
        """The window lost the focus (matters on focused items)."""
        self.runner.run_db(self.runtime.focus_lost)

    def exam_mode_degraded(self, reasons: tuple[str, ...]) -> None:
        """Journal what exam mode could not lock (the console shows it)."""
        self.runner.run_db(lambda: self.runtime.exam_mode_degraded(reasons))

    def resume_with_code(self, typed: str) -> None:
        """Try an offline resume code (slow on purpose)."""
        self.runner.run(
            lambda: self.runtime.resume_with_code(typed), on_done=self.resume_answered.emit
        )

    def open_attachment(self, name: str) -> None:
        """Write the attachment to a temporary file (off the UI thread), then open it."""
        self.runner.run(
            lambda: self.runtime.attachment_file(name),
            on_done=self._open_file,
            on_error=lambda _error: self.attachment_failed.emit(name),
        )

    def load_image(self, item_id: str, name: str) -> None:
        """Read an item's image from the bank (off the UI thread)."""

        def read() -> tuple[str, bytes]:
            return item_id, self.runtime.bank.attachment(item_id, name)[1]

        self.runner.run(read, on_done=lambda pair: self.image_loaded.emit(*pair))

    # ---------------------------------------------------------------- outcomes

    def _open_file(self, path: Path) -> None:
        # Opening hands the file to the desktop (a detached process): nothing waits on it.
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _start_failed(self, error: BaseException) -> None:
        code = error.code if isinstance(error, StationError) else "START_FAILED"
        self.start_refused.emit(code)

    def _answer_failed(self, error: BaseException, question_index: int) -> None:
        if isinstance(error, StationError):
            self.answer_failed.emit(error.code, question_index)
            return
        # Disk full, a locked store… or a bug: logged with its traceback either way.
        log.error("answer not saved:\n%s", "".join(traceback.format_exception(error)))
        self.answer_failed.emit("SAVE_FAILED", question_index)
