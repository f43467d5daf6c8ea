"""Learner mode, keyboard only, against a real hub and a real store: join → first answers;
"Réponse enregistrée" only once the answer is durable; alert, resume and end pages."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.items import Item
from pixdesk.lab.commands import Command
from pixdesk.services.station_record import Phase
from pixdesk.store.event_types import EventType
from pixdesk.ui.learner.answer_widgets import ChoiceAnswer, FieldsAnswer
from pixdesk.ui.learner.learner_window import DEFAULT_ZOOM
from pixdesk.ui.learner.question_page import QuestionPage
from tests.services.station_room import right_answer
from tests.ui.learner.conftest import WAIT_MS, Learner, open_learner, press, type_into


def join_with_keyboard(learner: Learner, qtbot, code: str = "BCDF23") -> None:  # type: ignore[no-untyped-def]
    window = learner.window
    assert window.current_page is window.search_page
    assert QApplication.focusWidget() is window.search_page.heading
    press(window.search_page.continue_button)
    qtbot.waitUntil(lambda: window.current_page is window.identity_page, timeout=WAIT_MS)
    page = window.identity_page
    assert QApplication.focusWidget() is page.heading
    type_into(page.session, "123456")
    type_into(page.first_name, "Lea")  # QTest types ASCII only; names match without accents
    type_into(page.birth_name, "Dupont")
    type_into(page.day, "04")
    type_into(page.month, "05")
    type_into(page.year, "2010")
    press(page.continue_button)
    qtbot.waitUntil(lambda: window.current_page is window.code_page, timeout=WAIT_MS)
    assert "Salle 12" in window.code_page.console.text()
    type_into(window.code_page.code, code)
    press(window.code_page.code, Qt.Key.Key_Return)


def start_with_keyboard(learner: Learner, qtbot) -> QuestionPage:  # type: ignore[no-untyped-def]
    window = learner.window
    qtbot.waitUntil(lambda: window.current_page is window.waiting_page, timeout=WAIT_MS)
    assert "Léa" in window.waiting_page.greeting.text()
    learner.console.confirm(learner.station)
    qtbot.waitUntil(lambda: window.current_page is window.instructions_page, timeout=WAIT_MS)
    press(window.instructions_page.start_button)
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    return window.question_page


def answer_with_keyboard(page: QuestionPage, item: Item) -> None:
    response = right_answer(item)
    widget = page.answer
    if isinstance(widget, ChoiceAnswer):
        for key in [response] if isinstance(response, str) else response:
            press(widget.buttons[key])
            assert widget.buttons[key].isChecked()
    else:
        assert isinstance(widget, FieldsAnswer)
        values = response if isinstance(response, dict) else {"answer": response}
        for name, value in values.items():
            type_into(widget.edits[name], value)
    press(page.submit_button)


def current_item(learner: Learner) -> Item:
    question = learner.station.snapshot().question
    assert question is not None
    return question.item


def test_keyboard_only_from_join_to_the_first_answers(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    assert page.heading.text() == "Question 1 / 32"
    assert QApplication.focusWidget() is page.heading
    assert page.saved_label.text() == ""
    seen: list[tuple[str, list[str]]] = []

    def at_signal(receipt: object) -> None:
        # Connected before the page's own slot: the label has not changed yet, and the
        # answer is already in the journal (durable: append returned after the commit).
        types = [e.type for e in learner.station.journal_events()]
        seen.append((page.saved_label.text(), types))

    learner.bridge.answer_saved.connect(at_signal)
    learner.bridge.answer_saved.disconnect(page._saved)
    learner.bridge.answer_saved.connect(page._saved)
    for number in (1, 2):
        with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
            answer_with_keyboard(page, current_item(learner))
        label, types = seen[-1]
        assert types.count(EventType.ANSWER_SAVED) == number
        assert not label.startswith("Réponse enregistrée") or number == 2
        assert page.saved_label.text().startswith("Réponse enregistrée à ")
        qtbot.waitUntil(lambda n=number: page.heading.text() == f"Question {n + 1} / 32")
    assert learner.station.snapshot().answered == 2


def test_an_empty_answer_is_not_sent(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    press(page.submit_button)
    assert page.error.isVisible()
    assert page.error.text().startswith("Erreur : ")
    assert learner.station.snapshot().answered == 0
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        press(page.skip_button)
    qtbot.waitUntil(lambda: page.heading.text() == "Question 2 / 32", timeout=WAIT_MS)


def test_join_refusals_are_shown_kindly(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot, code="XXXX99")
    window = learner.window
    qtbot.waitUntil(lambda: window.code_page.error.isVisible(), timeout=WAIT_MS)
    assert "code d'accès n'est pas le bon" in window.code_page.error.text()
    assert QApplication.focusWidget() is window.code_page.error


def test_alert_blocks_then_the_invigilator_decides(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    first = current_item(learner)
    press(page.report_button)
    window = learner.window
    qtbot.waitUntil(lambda: window.current_page is window.blocked_page, timeout=WAIT_MS)
    assert "question 1" in window.blocked_page.explain.text()
    snapshot = learner.station.snapshot()
    assert snapshot.alert_id is not None
    learner.console.send(
        learner.station.station_id,
        Command.validate_alert("cand-lea", snapshot.alert_id, IncidentCode.E3),
    )
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    assert page.heading.text() == "Question 1 / 32"
    assert current_item(learner).id != first.id
    learner.console.send(learner.station.station_id, Command.end_test("cand-lea"))
    qtbot.waitUntil(lambda: window.current_page is window.end_page, timeout=WAIT_MS)
    assert "surveillant a mis fin" in window.end_page.explain.text()
    assert QApplication.focusWidget() is window.end_page.heading


def test_a_restarted_station_shows_the_resume_page(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, current_item(learner))
    qtbot.waitUntil(lambda: page.heading.text() == "Question 2 / 32", timeout=WAIT_MS)
    item = current_item(learner)
    learner.close()  # everything this PC holds is closed, as after a crash

    again = open_learner(learner.tmp_path, learner.clock, learner.console, qtbot)
    try:
        window = again.window
        assert again.station.snapshot().phase is Phase.RESUME_NEEDED
        assert window.current_page is window.resume_page
        assert "question 2" in window.resume_page.explain.text()
        codes = again.console.codes
        assert codes is not None
        type_into(window.resume_page.code, "01-BBBB-BBBB")
        press(window.resume_page.resume_button)
        qtbot.waitUntil(lambda: window.resume_page.error.isVisible(), timeout=WAIT_MS)
        assert "n'est pas valable" in window.resume_page.error.text()
        window.resume_page.code.clear()
        type_into(window.resume_page.code, codes[0])
        press(window.resume_page.resume_button)
        qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
        assert window.question_page.heading.text() == "Question 2 / 32"
        assert current_item(again).id == item.id
        assert window.question_page.saved_label.text().startswith("Réponse enregistrée à ")
    finally:
        again.close()


def test_zoom_and_high_contrast(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = learner.window
    before = window.search_page.heading.font().pointSizeF()
    window.zoom(1.5)
    assert window.search_page.heading.font().pointSizeF() > before
    window.zoom(None)
    assert window.zoom_factor == DEFAULT_ZOOM
    window.contrast_action.trigger()
    assert window.high_contrast
    assert "#000000" in window.styleSheet()
    window.contrast_action.trigger()
    assert not window.high_contrast
    assert "#000000" not in window.styleSheet()


def test_buttons_stay_disabled_while_an_answer_is_on_its_way(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    page._send()  # as a click does, without sending
    # A snapshot of the same question (the console acknowledged something) arrives meanwhile.
    page.show_snapshot(learner.station.snapshot())
    assert not page.submit_button.isEnabled()
    assert not page.skip_button.isEnabled()


def test_a_late_snapshot_never_brings_back_an_old_question(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    stale = learner.station.snapshot()  # taken on question 1…
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS):
        answer_with_keyboard(page, current_item(learner))
    qtbot.waitUntil(lambda: page.heading.text() == "Question 2 / 32", timeout=WAIT_MS)
    learner.window.show_snapshot(stale)  # …delivered late by another thread
    assert page.heading.text() == "Question 2 / 32"


def test_snapshots_reach_the_widgets_on_the_ui_thread(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    ui_thread = QApplication.instance().thread()
    threads: list[bool] = []

    def seen(_snapshot: object) -> None:
        threads.append(QThread.currentThread() == ui_thread)

    learner.bridge.snapshot_changed.connect(seen)
    join_with_keyboard(learner, qtbot)
    window = learner.window
    qtbot.waitUntil(lambda: window.current_page is window.waiting_page, timeout=WAIT_MS)
    # The confirmation is carried out on the station's command thread, not the UI's.
    with qtbot.wait_signal(learner.bridge.snapshot_changed, timeout=WAIT_MS):
        learner.console.confirm(learner.station)
    qtbot.waitUntil(lambda: learner.window.current_page is learner.window.instructions_page)
    assert threads
    assert all(threads)


def test_a_late_receipt_for_the_previous_question_keeps_the_next_one_waiting(
    learner: Learner,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    join_with_keyboard(learner, qtbot)
    page = start_with_keyboard(learner, qtbot)
    with qtbot.wait_signal(learner.window.answer_saved, timeout=WAIT_MS) as saved:
        answer_with_keyboard(page, current_item(learner))
    qtbot.waitUntil(lambda: page.heading.text() == "Question 2 / 32", timeout=WAIT_MS)
    page._send()  # question 2 sent, its answer on its way
    # Question 1's receipt, delivered late, then a snapshot of question 2 (an acknowledgement).
    learner.bridge.answer_saved.emit(saved.args[0])
    page.show_snapshot(learner.station.snapshot())
    assert not page.submit_button.isEnabled()
