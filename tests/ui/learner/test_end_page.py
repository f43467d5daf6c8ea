"""The end screen says why the test ended, kindly, in the UI language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from pixdesk.i18n import set_language
from pixdesk.services.station_record import EndReason, Phase
from pixdesk.services.station_views import LinkView, StationSnapshot
from pixdesk.ui.learner.end_page import EndPage


def ended(reason: EndReason) -> StationSnapshot:
    return StationSnapshot(
        Phase.ENDED, "0123456789abcdef", "AAAA-BBBB", LinkView(), 0, answered=12, end_reason=reason
    )


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fr")


def test_a_test_stopped_after_24_hours_says_so_and_keeps_the_answers(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = EndPage()
    qtbot.addWidget(page)
    page.show_snapshot(ended(EndReason.ABANDONED))
    assert "plus de 24 heures" in page.explain.text()
    assert "réponses sont gardées" in page.explain.text()
    page.show_snapshot(ended(EndReason.COMPLETED))
    assert "24 heures" not in page.explain.text()


def test_the_24_hour_end_is_translated(qtbot, english: None) -> None:  # type: ignore[no-untyped-def]
    page = EndPage()
    qtbot.addWidget(page)
    page.show_snapshot(ended(EndReason.ABANDONED))
    assert "more than 24 hours ago" in page.explain.text()


def test_the_count_of_answers_reads_right_for_none_one_and_many(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = EndPage()
    qtbot.addWidget(page)
    said = []
    for count in (0, 1, 23):
        page.show_snapshot(replace(ended(EndReason.ABANDONED), answered=count))
        said.append(page.saved.text())
    assert said == [
        "Aucune réponse enregistrée sur ce poste.",
        "Une réponse enregistrée sur ce poste.",
        "23 réponses enregistrées sur ce poste.",
    ]


def test_the_count_of_answers_is_translated(qtbot, english: None) -> None:  # type: ignore[no-untyped-def]
    page = EndPage()
    qtbot.addWidget(page)
    page.show_snapshot(replace(ended(EndReason.ABANDONED), answered=1))
    assert page.saved.text() == "One answer saved on this PC."
