"""Exam mode degrades safely: what it cannot lock is journaled for the console, and the test
starts anyway; with exam mode off (the demo) nothing is recorded."""

from __future__ import annotations

from datetime import UTC, datetime

from pixdesk.services.console_notices import Notice, NoticeKind
from pixdesk.store.event_types import EventType
from pixdesk.ui.learner.exam_mode import ExamModeGap, exam_mode_gaps
from pixdesk.ui.supervisor.texts import notice_text
from tests.ui.learner.conftest import WAIT_MS, Learner
from tests.ui.learner.test_learner_window import (
    answer_with_keyboard,
    current_item,
    join_with_keyboard,
    start_with_keyboard,
)


def degraded(learner: Learner) -> list[str]:
    return [
        str(e.body_dict()["reason"])
        for e in learner.station.journal_events()
        if e.type == EventType.EXAM_MODE_DEGRADED
    ]


def test_offscreen_records_what_could_not_be_locked_and_still_starts(  # type: ignore[no-untyped-def]
    learner_on: Learner, qtbot
) -> None:
    join_with_keyboard(learner_on, qtbot)
    window = learner_on.window
    assert window.exam_mode_gaps is None  # nothing before the test
    page = start_with_keyboard(learner_on, qtbot)
    assert page.heading.text() == "Question 1 / 32"
    qtbot.waitUntil(lambda: len(degraded(learner_on)) == 2, timeout=WAIT_MS)
    assert sorted(degraded(learner_on)) == ["full_screen", "stay_on_top"]
    # Entered once: the next questions record nothing more.
    with qtbot.wait_signal(window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, current_item(learner_on))
    assert len(degraded(learner_on)) == 2


def test_exam_mode_off_records_nothing(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, current_item(learner))
    assert not learner.window.isFullScreen()
    assert learner.window.exam_mode_gaps is None
    assert degraded(learner) == []


def test_gaps_by_platform() -> None:
    assert exam_mode_gaps("xcb", full_screen=True, on_top=True) == ()
    assert exam_mode_gaps("windows", full_screen=False, on_top=True) == (ExamModeGap.FULL_SCREEN,)
    assert exam_mode_gaps("wayland", full_screen=True, on_top=True) == (ExamModeGap.STAY_ON_TOP,)
    assert exam_mode_gaps("offscreen", full_screen=True, on_top=True) == (
        ExamModeGap.FULL_SCREEN,
        ExamModeGap.STAY_ON_TOP,
    )


def test_the_console_notice_names_the_reason() -> None:
    notice = Notice(
        NoticeKind.EXAM_MODE_DEGRADED,
        datetime(2025, 1, 1, tzinfo=UTC),
        "cand-lea",
        {"reason": "stay_on_top"},
    )
    text = notice_text(notice, {"cand-lea": "Léa Dupont"})
    assert "Léa Dupont" in text
    assert "premier plan" in text
