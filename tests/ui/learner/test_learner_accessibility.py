"""Every learner page: accessible names, no clashing Alt+letter, Tab reaches everything; every
item type answered from the keyboard; English on request."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from pixdesk.domain.grading import check_answer
from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.items import AnswerStatus, ItemType
from pixdesk.i18n import set_language
from pixdesk.lab.commands import Command
from pixdesk.ui.learner.answer_widgets import ChoiceAnswer, FieldsAnswer, build_answer
from tests.services.station_room import demo_bank, right_answer
from tests.ui.a11y import assert_accessible
from tests.ui.learner.conftest import WAIT_MS, Learner, open_learner, press, type_into
from tests.ui.learner.test_learner_window import (
    answer_with_keyboard,
    current_item,
    join_with_keyboard,
    start_with_keyboard,
)


def test_every_page_is_accessible(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = learner.window
    assert_accessible(window)  # search
    press(window.search_page.continue_button)
    qtbot.waitUntil(lambda: window.current_page is window.identity_page, timeout=WAIT_MS)
    assert_accessible(window)
    press(window.identity_page.back_button)
    qtbot.waitUntil(lambda: window.current_page is window.search_page, timeout=WAIT_MS)
    window.identity_page.session.clear()
    join_with_keyboard(learner, qtbot, code="XXXX99")
    qtbot.waitUntil(lambda: window.code_page.error.isVisible(), timeout=WAIT_MS)
    assert_accessible(window)  # code page, with its error
    window.code_page.code.clear()
    type_into(window.code_page.code, "BCDF23")
    press(window.code_page.join_button)
    qtbot.waitUntil(lambda: window.current_page is window.waiting_page, timeout=WAIT_MS)
    assert_accessible(window)
    learner.console.confirm(learner.station)
    qtbot.waitUntil(lambda: window.current_page is window.instructions_page, timeout=WAIT_MS)
    assert_accessible(window)
    press(window.instructions_page.start_button)
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    page = window.question_page
    for _ in range(3):
        assert_accessible(window)
        number = page.heading.text()
        with qtbot.wait_signal(window.answer_saved, timeout=WAIT_MS):
            answer_with_keyboard(page, current_item(learner))
        qtbot.waitUntil(lambda n=number: page.heading.text() != n, timeout=WAIT_MS)
    assert_accessible(window)  # with "Réponse enregistrée à …"
    press(window.question_page.report_button)
    qtbot.waitUntil(lambda: window.current_page is window.blocked_page, timeout=WAIT_MS)
    assert_accessible(window)
    alert = learner.station.snapshot().alert_id
    assert alert is not None
    learner.console.send(
        learner.station.station_id, Command.validate_alert("cand-lea", alert, IncidentCode.E1)
    )
    qtbot.waitUntil(lambda: window.current_page is window.question_page, timeout=WAIT_MS)
    learner.console.send(learner.station.station_id, Command.end_test("cand-lea"))
    qtbot.waitUntil(lambda: window.current_page is window.end_page, timeout=WAIT_MS)
    assert_accessible(window)


def test_the_resume_page_is_accessible(learner: Learner, qtbot) -> None:  # type: ignore[no-untyped-def]
    join_with_keyboard(learner, qtbot)
    start_with_keyboard(learner, qtbot)
    learner.close()
    again = open_learner(learner.tmp_path, learner.clock, learner.console, qtbot)
    try:
        assert again.window.current_page is again.window.resume_page
        assert_accessible(again.window)
    finally:
        again.close()


@pytest.mark.parametrize("kind", list(ItemType), ids=str)
def test_every_item_type_is_answered_from_the_keyboard(qtbot, kind: ItemType) -> None:  # type: ignore[no-untyped-def]
    bank = demo_bank()
    item = next(i for i in bank.items if i.type is kind and not i.has_image)
    answer = build_answer(item, bank.content(item.id), "fr")
    root = QWidget()
    layout = QVBoxLayout(root)
    layout.addWidget(answer)
    layout.addWidget(QPushButton("Valider"))  # as on the page: Tab goes on to the buttons
    qtbot.addWidget(root)
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    assert answer.response() is None
    answer.inputs()[0].setFocus()
    expected = right_answer(item)
    if isinstance(answer, ChoiceAnswer):
        for key in [expected] if isinstance(expected, str) else expected:
            press(answer.buttons[key])
    else:
        assert isinstance(answer, FieldsAnswer)
        values = expected if isinstance(expected, dict) else {"answer": expected}
        for name, value in values.items():
            type_into(answer.edits[name], value)
    response = answer.response()
    assert check_answer(item, response) is AnswerStatus.OK
    assert_accessible(root)


def test_a_single_choice_keeps_one_answer(qtbot) -> None:  # type: ignore[no-untyped-def]
    bank = demo_bank()
    item = next(i for i in bank.items if i.type is ItemType.QCU)
    answer = build_answer(item, bank.content(item.id), "fr")
    assert isinstance(answer, ChoiceAnswer)
    qtbot.addWidget(answer)
    first, second = list(answer.buttons.values())[:2]
    first.setChecked(True)
    second.setChecked(True)
    assert not first.isChecked()
    assert answer.response() == item.proposals[1]


def test_the_window_speaks_english_on_request(
    tmp_path,
    clock,
    console,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    set_language("en")
    learner = open_learner(tmp_path, clock, console, qtbot)
    try:
        window = learner.window
        assert window.search_page.heading.text() == "Welcome: join the session"
        assert window.search_page.continue_button.text() == "&Continue"
        assert window.question_page.submit_button.text() == "&Submit"
    finally:
        learner.close()
