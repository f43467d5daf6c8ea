"""The first window opens, in French by default and in English on request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from pixdesk import __version__
from pixdesk.i18n import set_language
from pixdesk.ui.welcome_window import WelcomeWindow


@pytest.fixture(autouse=True)
def french_again() -> Iterator[None]:
    yield
    set_language("fr")


def test_window_shows_the_version_in_french(qtbot) -> None:
    set_language(None)
    window = WelcomeWindow(__version__)
    qtbot.addWidget(window)
    window.show()
    assert __version__ in window.windowTitle()
    assert window.version_label.text() == f"Version {__version__}"
    assert window.accessibleName() == "Accueil de pixdesk"


def test_window_speaks_english_when_asked(qtbot) -> None:
    assert set_language("en") == "en"
    window = WelcomeWindow(__version__)
    qtbot.addWidget(window)
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert any("digital skills" in t for t in texts), texts


def test_every_label_has_an_accessible_name(qtbot) -> None:
    window = WelcomeWindow(__version__)
    qtbot.addWidget(window)
    for label in window.findChildren(QLabel):
        assert label.accessibleName(), label.text()
