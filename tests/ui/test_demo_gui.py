"""``pixdesk demo`` opens a console and learner windows, all real on loopback, and closes."""

from __future__ import annotations

from pathlib import Path

from pixdesk.app import open_demo_gui
from pixdesk.services.console_actions import ConfirmPresence
from pixdesk.services.station_record import Phase


def test_the_demo_opens_the_console_and_learner_windows(qtbot, tmp_path: Path) -> None:
    gui = open_demo_gui(learners=2, background=1, minutes=0.5, data_dir=tmp_path / "demo")
    try:
        assert gui.console_window.isVisible()
        assert len(gui.learner_windows) == 2
        assert all(window.isVisible() for window in gui.learner_windows)
        # Placed as the layout says, once tiled again with the frames the platform added.
        windows = [gui.console_window, *gui.learner_windows]

        def placed() -> bool:
            layout = gui.layout
            assert layout is not None
            frames = [(r.x, r.y, r.width, r.height) for r in [layout.console, *layout.learners]]
            return [window.frameGeometry().getRect() for window in windows] == frames

        qtbot.waitUntil(placed, timeout=5_000)
        console = gui.demo.console
        qtbot.waitUntil(lambda: len(console.rows()) == 3, timeout=10_000)
        # The learner windows wait for the invigilator; the background learner answers.
        first = gui.demo.learners[0]
        assert first.station.snapshot().phase is Phase.WAITING_PRESENCE
        qtbot.waitUntil(lambda: any(row.answered > 0 for row in console.rows()), timeout=15_000)
        assert console.perform(ConfirmPresence(first.candidate_id)).done
        qtbot.waitUntil(
            lambda: first.station.snapshot().phase is Phase.INSTRUCTIONS, timeout=10_000
        )
        shot = tmp_path / "demo.png"
        gui.save_screenshot(str(shot))
        assert shot.stat().st_size > 0
    finally:
        gui.close()
    assert not gui.console_window.isVisible()
    assert not any(window.isVisible() for window in gui.learner_windows)
