"""The resume page: where the test stopped, read right whatever the count; wrong offline codes
up to the lock-out, said with what to do, against a real hub and a real station store."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pixdesk.i18n import set_language
from pixdesk.services.resume_codes import ResumeCodeRefusal, TryLimiter
from pixdesk.services.station_record import Phase
from pixdesk.services.station_views import LinkView, StationSnapshot
from pixdesk.ui.learner import texts
from pixdesk.ui.learner.resume_page import ResumePage
from tests.ui.learner.conftest import WAIT_MS, Learner, open_learner, press, type_into
from tests.ui.learner.test_learner_window import (
    answer_with_keyboard,
    current_item,
    join_with_keyboard,
    start_with_keyboard,
)

STOPPED = StationSnapshot(Phase.RESUME_NEEDED, "0123456789abcdef", "AAAA-BBBB", LinkView(), 0)


def test_where_the_test_stopped_reads_right_for_none_one_and_many(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ResumePage()
    qtbot.addWidget(page)
    said = []
    for count in (0, 1, 23):
        page.show_snapshot(replace(STOPPED, answered=count))
        said.append(page.explain.text())
    assert said[0].startswith("Votre test a été interrompu à la question 1. Appelez ")
    assert said[1].startswith(
        "Votre test a été interrompu à la question 2. Votre réponse est enregistrée. Appelez "
    )
    assert "question 24. Vos 23 réponses sont enregistrées. Appelez le surveillant" in said[2]
    assert page.accessibleName() != ""
    assert page.explain.accessibleName() == said[2]


def test_the_lock_out_says_how_long_and_the_other_way_on() -> None:
    first = texts.resume_refusal(ResumeCodeRefusal.TOO_MANY_TRIES, 30)
    assert first.startswith("Trop de codes refusés : attendez 30 secondes avant d'en essayer")
    assert "autoriser la reprise depuis sa console" in first
    later = texts.resume_refusal(ResumeCodeRefusal.TOO_MANY_TRIES, 239)
    assert "attendez 4 minutes" in later  # not "239 secondes"
    assert "attendez 15 minutes" in texts.lock_out(900)


def test_the_lock_out_is_translated() -> None:
    set_language("en")
    said = texts.resume_refusal(ResumeCodeRefusal.TOO_MANY_TRIES, 30)
    assert said.startswith("Too many codes refused: wait 30 seconds before trying another one.")
    assert "Trop" not in texts.lock_out(480)


def test_five_wrong_codes_lock_the_page_out_then_a_good_code_resumes(  # type: ignore[no-untyped-def]
    learner: Learner, qtbot
) -> None:
    wrong = TryLimiter.FREE_TRIES
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, current_item(learner))
    qtbot.waitUntil(lambda: page.heading.text() == "Question 2 / 32", timeout=WAIT_MS)
    learner.close()  # a crash

    again = open_learner(learner.tmp_path, learner.clock, learner.console, qtbot)
    try:
        window = again.window
        resume = window.resume_page
        qtbot.waitUntil(lambda: window.current_page is resume, timeout=WAIT_MS)
        assert "Votre réponse est enregistrée." in resume.explain.text()
        for number in range(1, wrong + 2):
            resume.code.clear()
            type_into(resume.code, f"0{number}-BBBB-BBBB")
            press(resume.resume_button)
            qtbot.waitUntil(
                lambda: resume.error.isVisible() and resume.resume_button.isEnabled(),
                timeout=WAIT_MS,
            )
            if number <= wrong:
                assert "n'est pas valable" in resume.error.text()
        assert "Trop de codes refusés : attendez 30 secondes" in resume.error.text()
        assert again.station.snapshot().phase is Phase.RESUME_NEEDED

        learner.clock.advance(timedelta(seconds=31))
        codes = again.console.codes
        assert codes is not None
        resume.code.clear()
        type_into(resume.code, codes[0])
        press(resume.resume_button)
        qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
        assert window.question_page.heading.text() == "Question 2 / 32"
    finally:
        again.close()
