"""The task runner: work leaves the UI thread, results come back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from pixdesk.ui.tasks import TaskRunner


def test_result_comes_back_on_the_ui_thread(qtbot) -> None:
    runner = TaskRunner()
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread().name
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["on_ui_thread"] = QThread.currentThread() is ui_thread

    runner.run_db(work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=2000)
    runner.shutdown()
    assert seen["value"] == 42
    assert seen["on_ui_thread"] is True
    assert str(seen["worker"]).startswith("pixdesk-db")


def test_database_tasks_run_one_at_a_time_in_order(qtbot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    results: list[int] = []
    for i in range(20):
        runner.run_db(lambda i=i: order.append(i) or i, on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=2000)
    runner.shutdown()
    assert order == list(range(20))
    assert results == list(range(20))


def test_errors_reach_their_handler_or_the_failure_signal(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("disque plein")

    runner.run(boom, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=2000)
    assert isinstance(errors[0], ValueError)
    with qtbot.waitSignal(runner.task_failed, timeout=2000) as blocker:
        runner.run(boom)
    runner.shutdown()
    assert "disque plein" in blocker.args[0]
