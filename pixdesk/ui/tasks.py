"""The one route off the UI thread (DESIGN §3, Anki's taskman).

Every disk, crypto, XML, PDF or network call made on behalf of a window goes through a
:class:`TaskRunner`: database work runs on ONE worker thread that owns the store's connection
(SQLite connections are not to be shared between threads casually, and one writer keeps the
journal's order), the rest on a small pool. Results come back on the UI thread through a Qt
signal, so widgets never see a future and never block.

Usage::

    runner.run_db(lambda: services.save_answer(...), on_done=self._saved, on_error=self._failed)
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Run callables off the UI thread and deliver their outcome back on it."""

    # Emitted (from worker threads, delivered queued on the UI thread) when a task ends.
    _finished = Signal(object, object, object)  # callback, value, error
    task_failed = Signal(str)  # a task without its own error handler failed: log and show

    def __init__(self, parent: QObject | None = None, *, pool_size: int = 2) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pixdesk-db")
        self._pool = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="pixdesk-io")
        self._finished.connect(self._deliver)
        self._closed = False

    def run_db(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        """Run ``fn`` on the database worker (tasks run one at a time, in submission order)."""
        self._submit(self._db, fn, on_done, on_error)

    def run(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        """Run ``fn`` on the pool (PDF rendering, network, file copies…)."""
        self._submit(self._pool, fn, on_done, on_error)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop accepting tasks; with ``wait``, let the queued ones finish first."""
        self._closed = True
        self._db.shutdown(wait=wait)
        self._pool.shutdown(wait=wait)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        future = executor.submit(fn)

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            if error is None:
                self._finished.emit(on_done, f.result(), None)
            else:
                self._finished.emit(on_error, None, error)

        future.add_done_callback(finished)

    @Slot(object, object, object)
    def _deliver(
        self, callback: Callable[[Any], None] | None, value: Any, error: BaseException | None
    ) -> None:
        if error is not None:
            if callback is not None:
                callback(error)
                return
            text = "".join(traceback.format_exception(error))
            log.error("background task failed:\n%s", text)
            self.task_failed.emit(text)
            return
        if callback is not None:
            callback(value)
