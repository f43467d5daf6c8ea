"""Automatic sync in referent mode: a timer, one run at a time, the network off the DB worker.

Each run is three tasks (docs/decisions.md §26): the due entries are claimed on the database
worker, sent on the pool (the upload can take minutes on a school's line and must not hold
the one database worker the other pages need), and the outcomes recorded on the database
worker again. A run asked for while one is going is folded into one more run after it, so
runs never overlap. Nothing runs when no platform is configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from pixdesk.services.sync_service import Claim, Delivery, SyncService
    from pixdesk.services.sync_values import SyncRun
    from pixdesk.ui.tasks import TaskRunner

DEFAULT_INTERVAL_MS: Final = 30_000


class SyncController(QObject):
    """Run the outbox now and then, and say what it holds."""

    status_changed = Signal(object)  # SyncStatus, after every run and on refresh()
    run_started = Signal()
    run_finished = Signal(object)  # SyncRun
    run_failed = Signal(object)  # the exception (a bug, or the store)
    progressed = Signal(str, int, int)  # bundle id, bytes the receiver holds, total

    def __init__(
        self,
        sync: SyncService,
        runner: TaskRunner,
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync = sync
        self._runner = runner
        self._running = False
        self._again = False
        self._force = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)

    @property
    def configured(self) -> bool:
        """Return whether a platform is configured (else the timer never starts)."""
        return self._sync.configured

    @property
    def running(self) -> bool:
        """Return whether a run is going."""
        return self._running

    def start(self) -> None:
        """Show the outbox, then run it now and every interval when a platform is configured."""
        self.refresh()
        if self.configured:
            self.timer.start()
            self.run_now()

    def stop(self) -> None:
        """Stop the timer (a run going finishes)."""
        self.timer.stop()

    def refresh(self) -> None:
        """Read the outbox (database worker) and emit :attr:`status_changed`."""
        self._runner.run_db(self._sync.status, self.status_changed.emit, self.run_failed.emit)

    def run_now(self, *, force: bool = False) -> None:
        """Start a run, or ask for one more after the run going; ``force``: due or not."""
        if not self.configured:
            return
        if self._running:
            self._again = True
            self._force = self._force or force
            return
        self._running = True
        self.run_started.emit()
        self._runner.run_db(lambda: self._sync.claim_due(force=force), self._claimed, self._failed)

    def _claimed(self, claims: tuple[Claim, ...]) -> None:
        if not claims:
            self._finish(None)
            return
        self.refresh()  # the claimed entries now show as "sending"
        self._runner.run(
            lambda: self._sync.deliver_claims(claims, self.progressed.emit),
            self._delivered,
            self._failed,
        )

    def _delivered(self, deliveries: tuple[Delivery, ...]) -> None:
        self._runner.run_db(
            lambda: self._sync.record_deliveries(deliveries), self._finish, self._failed
        )

    def _finish(self, run: SyncRun | None) -> None:
        self._running = False
        self.refresh()
        self.run_finished.emit(run)  # None: nothing was due
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self.refresh()
        self.run_failed.emit(error)
        self._next()

    def _next(self) -> None:
        if self._again:
            force, self._again, self._force = self._force, False, False
            self.run_now(force=force)
