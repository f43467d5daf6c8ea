"""The waiting page of a pupil whose test started on another PC: it says the test resumes here
where it stopped (no instructions to come), in French and English, readable and reachable by
Tab; a real hub tells the station, as the console does (docs/lab-protocol.md §7.7)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from pixdesk.i18n import set_language
from pixdesk.services.station_record import Phase
from pixdesk.services.station_views import LinkView, StationSnapshot
from pixdesk.ui.learner.waiting_page import WaitingPage
from tests.fakes import FakeClock
from tests.lab.harness import SESSION
from tests.services.station_room import ConsoleSide
from tests.ui.a11y import assert_accessible
from tests.ui.learner.conftest import WAIT_MS, open_learner, tab_to
from tests.ui.learner.test_learner_window import join_with_keyboard

OTHER_PC = "fedcba9876543210"

SAID = {
    "fr": (
        "Votre test va reprendre sur ce poste",
        "Vous aviez commencé votre test sur un autre poste. Dès que le surveillant l'autorise, "
        "il reprend ici, à la question où vous vous étiez arrêté(e) ; vos réponses sont "
        "conservées.",
    ),
    "en": (
        "Your test will resume on this PC",
        "You started your test on another PC. As soon as the invigilator allows it, it resumes "
        "here, at the question where you stopped; your answers are kept.",
    ),
}


def started_on_another_pc(console: ConsoleSide) -> None:
    """Tell the hub Léa's test runs on another PC, as the console does from its room."""
    hub = console.console.hub
    assert hub is not None
    session = hub.session(SESSION)
    assert session is not None
    moved = replace(session, test_stations={"cand-lea": OTHER_PC})
    console.thread.call(hub.add_session, moved).result(10)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_pupil_whose_test_started_elsewhere_is_told_it_resumes_here(  # type: ignore[no-untyped-def]
    lang: str, tmp_path: Path, clock: FakeClock, console: ConsoleSide, qtbot
) -> None:
    set_language(lang)
    started_on_another_pc(console)
    learner = open_learner(tmp_path, clock, console, qtbot)
    try:
        window = learner.window
        join_with_keyboard(learner, qtbot)
        page = window.waiting_page
        qtbot.waitUntil(lambda: window.current_page is page, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: page.heading.text() == SAID[lang][0], timeout=WAIT_MS)
        snapshot = learner.station.snapshot()
        assert (snapshot.phase, snapshot.moved_here) == (Phase.WAITING_PRESENCE, True)
        assert (page.accessibleName(), page.heading.accessibleName()) == (SAID[lang][0],) * 2
        assert (page.explain.text(), page.explain.accessibleName()) == (SAID[lang][1],) * 2
        assert "Léa" in page.greeting.text()
        assert_accessible(window)
        tab_to(page.explain)  # read aloud in its turn
        assert QApplication.focusWidget() is page.explain
    finally:
        learner.close()


def test_an_ordinary_join_still_promises_the_instructions(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = WaitingPage()
    qtbot.addWidget(page)
    waiting = StationSnapshot(
        Phase.WAITING_PRESENCE, "0123456789abcdef", "AAAA-BBBB", LinkView(), 0
    )
    page.show_snapshot(replace(waiting, moved_here=True))
    assert page.heading.text() == SAID["fr"][0]
    page.show_snapshot(waiting)
    assert page.heading.text() == "Patientez : le surveillant va confirmer votre présence"
    assert page.accessibleName() == page.heading.text()
    assert "les consignes du test s'afficheront ici" in page.explain.text()
    assert page.explain.accessibleName() == page.explain.text()
