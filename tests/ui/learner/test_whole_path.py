"""The whole path in learner mode, keyboard only, exam mode on, against a REAL hub on loopback
and a real station store: join → presence confirmed by the console → answers of every type the
test reaches → alert validated by the console → crash → resume authorised by the console → end.
"""

from __future__ import annotations

from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.commands import Command
from pixdesk.services.station_record import Phase
from pixdesk.store.event_types import EventType
from pixdesk.ui.learner.exam_mode import ExamModeGap
from tests.ui.learner.conftest import WAIT_MS, Learner, open_learner, press
from tests.ui.learner.test_learner_window import (
    answer_with_keyboard,
    current_item,
    join_with_keyboard,
    start_with_keyboard,
)

# The item types the demo bank holds (RULES.md §7): single/multiple choice, short text,
# numeric, several fields (independent and dependent).
CHOICES = {"QCU", "QCM"}
FIELDS = {"QROC", "QROC_NUM", "QROCM_IND", "QROCM_DEP"}


def answer_one(learner: Learner, qtbot, answered: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = learner.window.question_page
    item = current_item(learner)
    before = learner.station.snapshot().answered
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, item)
    answered.append(item.type.value)
    qtbot.waitUntil(
        lambda: (
            learner.station.snapshot().answered == before + 1
            and (
                learner.window.current_page is learner.window.end_page
                or page.heading.text() == f"Question {before + 2} / 32"
            )
        ),
        timeout=WAIT_MS,
    )


def test_join_answer_alert_crash_resume_end(learner_on: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    learner = learner_on
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    window = learner.window
    assert page.heading.text() == "Question 1 / 32"
    # Exam mode under the offscreen platform: nothing can be locked, the test started anyway.
    assert set(window.exam_mode_gaps or ()) == {ExamModeGap.FULL_SCREEN, ExamModeGap.STAY_ON_TOP}
    qtbot.waitUntil(
        lambda: len(events_of(learner, EventType.EXAM_MODE_DEGRADED)) == 2, timeout=WAIT_MS
    )

    answered: list[str] = []
    for _ in range(5):
        answer_one(learner, qtbot, answered)

    # Alert: blocked until the console validates it; then a new question at the same index.
    press(page.report_button)
    qtbot.waitUntil(lambda: window.current_page is window.blocked_page, timeout=WAIT_MS)
    alert_id = learner.station.snapshot().alert_id
    assert alert_id is not None
    outcome = learner.console.send(
        learner.station.station_id,
        Command.validate_alert("cand-lea", alert_id, IncidentCode.E3),
    )
    assert outcome.status == "ACCEPTED"
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    assert page.heading.text() == "Question 6 / 32"
    answer_one(learner, qtbot, answered)

    # Crash: everything this PC holds is closed; the same data directory is reopened.
    item = current_item(learner)
    learner.close()
    again = open_learner(learner.tmp_path, learner.clock, learner.console, qtbot, exam_mode=True)
    try:
        window = again.window
        assert again.station.snapshot().phase is Phase.RESUME_NEEDED
        assert window.current_page is window.resume_page
        qtbot.waitUntil(lambda: again.station.snapshot().link.connected, timeout=WAIT_MS)
        outcome = again.console.send(again.station.station_id, Command.authorise_resume("cand-lea"))
        assert outcome.status == "ACCEPTED"
        qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
        assert window.question_page.heading.text() == "Question 7 / 32"
        assert current_item(again).id == item.id
        assert again.station.snapshot().answered == 6  # every confirmed answer is there

        while window.current_page is not window.end_page:
            answer_one(again, qtbot, answered)
        assert again.station.snapshot().phase is Phase.ENDED
        assert len(answered) == 32
        # Every answer journaled, in order, and replicated to the console.
        qtbot.waitUntil(
            lambda: (
                len(
                    [
                        e
                        for e in again.console.replica(again.station.station_id)
                        if e.type == EventType.ANSWER_SAVED
                    ]
                )
                == 32
            ),
            timeout=WAIT_MS,
        )
    finally:
        again.close()
    # The station's seed is fixed (7): the engine draws every item type of the bank.
    assert set(answered) == CHOICES | FIELDS


def events_of(learner: Learner, kind: EventType) -> list[str]:
    return [
        str(e.body_dict().get("reason"))
        for e in learner.console.replica(learner.station.station_id)
        if e.type == kind
    ]
