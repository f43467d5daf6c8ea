"""Learner mode's window: one page per step, chosen from the station's phase.

Joining has three local steps (find the console, identity, access code); from the join on,
the station's snapshot decides the page (waiting, instructions, question, blocked by an
alert, resume after a crash, end). Each new page, and each new question, puts the keyboard
focus on its heading, so a screen reader starts reading there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from pixdesk.i18n import _
from pixdesk.services.station_outcomes import JoinForm
from pixdesk.services.station_record import Phase
from pixdesk.ui.learner import texts
from pixdesk.ui.learner.blocked_page import BlockedPage
from pixdesk.ui.learner.code_page import CodePage
from pixdesk.ui.learner.end_page import EndPage
from pixdesk.ui.learner.exam_mode import ExamModeGap, enter_exam_mode
from pixdesk.ui.learner.identity_page import Identity, IdentityPage
from pixdesk.ui.learner.instructions_page import InstructionsPage
from pixdesk.ui.learner.page import HEADING_FACTOR, LearnerPage
from pixdesk.ui.learner.question_page import STEM_FACTOR, QuestionPage
from pixdesk.ui.learner.resume_page import ResumePage
from pixdesk.ui.learner.search_page import SearchPage
from pixdesk.ui.learner.waiting_page import WaitingPage

if TYPE_CHECKING:
    from pixdesk.lab.discovery import FoundConsole
    from pixdesk.services.station_link import ConnectOutcome, JoinAnswer
    from pixdesk.services.station_outcomes import ResumeOutcome
    from pixdesk.services.station_views import StationSnapshot
    from pixdesk.ui.learner.bridge import StationBridge

ZOOM_STEP = 1.15
ZOOM_MIN, ZOOM_MAX = 0.8, 3.0
DEFAULT_ZOOM = 1.2
BASE_POINTS = 10.0  # when the desktop's font is sized in pixels
"""Learner mode starts a little larger than the desktop's font: pupils read a lot of text."""
_BACK_TO_IDENTITY = frozenset({"NO_MATCH", "SEVERAL_MATCHES", "SESSION_CLOSED"})
# A visible focus mark on what plain widgets do not outline (labels read aloud, choices).
# Every label and choice has the same border, transparent until it has the focus: the mark
# appears without moving the text.
_FOCUS_STYLE = (
    "QLabel, QRadioButton, QCheckBox { border: 2px solid transparent; border-radius: 3px; }"
    " QLabel:focus, QRadioButton:focus, QCheckBox:focus { border-color: palette(highlight); }"
    " QLabel#learnerError { color: #a50e0e; font-weight: bold; }"
    " QLabel#questionTimer { font-weight: bold; }"
)
# White on black, yellow for the focus and what is chosen. A style sheet, not a palette: a
# palette does not reach widgets styled by a sheet (the focus marks above).
_HIGH_CONTRAST_STYLE = (
    "QWidget { background-color: #000000; color: #ffffff; }"
    " QLineEdit, QPushButton, QGroupBox { border: 2px solid #ffffff; padding: 3px 8px; }"
    " QPushButton:disabled, QLabel:disabled { color: #a0a0a0; border-color: #a0a0a0; }"
    " QRadioButton::indicator, QCheckBox::indicator { width: 1em; height: 1em;"
    " border: 2px solid #ffffff; background: #000000; }"
    " QRadioButton::indicator { border-radius: 0.6em; }"
    " QRadioButton::indicator:checked, QCheckBox::indicator:checked { background: #ffd400; }"
    " QLabel:focus, QRadioButton:focus, QCheckBox:focus, QLineEdit:focus, QPushButton:focus"
    " { border: 3px solid #ffd400; }"
    " QLabel#learnerError { color: #ffd400; font-weight: bold; }"
    " QMenuBar, QMenu { background-color: #000000; color: #ffffff; }"
    " QMenuBar::item:selected, QMenu::item:selected { background: #ffd400; color: #000000; }"
)


class LearnerWindow(QMainWindow):
    """The pupil's window (see the module docstring)."""

    answer_saved = Signal(object)  # AnswerReceipt, once the answer is durable on this PC

    def __init__(
        self,
        bridge: StationBridge,
        *,
        lang: str = "fr",
        version: str = "",
        exam_mode: bool = True,
    ) -> None:
        super().__init__()
        self.bridge = bridge
        self.exam_mode = exam_mode
        self.exam_mode_gaps: tuple[ExamModeGap, ...] | None = None  # None: not entered yet
        if exam_mode:
            # Before the first show: setting flags later re-creates the native window.
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setWindowTitle(_("pixdesk — candidat {version}").format(version=version).strip())
        self.setAccessibleName(_("pixdesk, test du candidat"))
        self._identity: Identity | None = None
        self._snapshot: StationSnapshot | None = None
        self._zoom = DEFAULT_ZOOM
        self._base_font = QApplication.font()
        self.high_contrast = False
        self.contrast_action: QAction

        self.search_page = SearchPage(bridge.station_fingerprint, bridge.configured_address)
        self.identity_page = IdentityPage()
        self.code_page = CodePage()
        self.waiting_page = WaitingPage()
        self.instructions_page = InstructionsPage()
        self.question_page = QuestionPage(bridge, bridge.clock, lang)
        self.blocked_page = BlockedPage()
        self.resume_page = ResumePage()
        self.end_page = EndPage()
        self.stack = QStackedWidget()
        for page in self.pages():
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self._menu()
        self._wire()
        self.zoom(None)
        self.resize(1100, 760)

    def pages(self) -> tuple[LearnerPage, ...]:
        """Return every page, in the order a pupil meets them."""
        return (
            self.search_page,
            self.identity_page,
            self.code_page,
            self.waiting_page,
            self.instructions_page,
            self.question_page,
            self.blocked_page,
            self.resume_page,
            self.end_page,
        )

    @property
    def current_page(self) -> QWidget | None:
        """Return the page on screen."""
        return self.stack.currentWidget()

    def start(self) -> None:
        """Show the station's state; look for the console when none is configured."""
        self.show_snapshot(self.bridge.snapshot())
        page = self.current_page
        if isinstance(page, LearnerPage):
            page.focus_heading()
        configured = self.bridge.configured_address
        if configured is not None:
            self.search_page.show_configured(configured)
        else:
            self.bridge.search()

    # ---------------------------------------------------------------- wiring

    def _menu(self) -> None:
        menu = self.menuBar().addMenu(_("&Affichage"))
        actions = (
            (_("Agrandir le texte"), QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(ZOOM_STEP)),
            (
                _("Réduire le texte"),
                QKeySequence.StandardKey.ZoomOut,
                lambda: self.zoom(1 / ZOOM_STEP),
            ),
            (_("Taille normale du texte"), QKeySequence("Ctrl+0"), lambda: self.zoom(None)),
        )
        for text, keys, slot in actions:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
            self.addAction(action)
        self.contrast_action = QAction(_("Contraste élevé"), self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.contrast_action.toggled.connect(self.set_high_contrast)
        menu.addAction(self.contrast_action)
        self.addAction(self.contrast_action)

    def _wire(self) -> None:
        bridge = self.bridge
        bridge.snapshot_changed.connect(self.show_snapshot)
        bridge.consoles_found.connect(self._consoles_found)
        bridge.connect_answered.connect(self._connected)
        bridge.join_answered.connect(self._join_answered)
        bridge.start_refused.connect(
            lambda code: self.instructions_page.show_refusal(texts.action_refusal(code))
        )
        bridge.resume_answered.connect(self._resume_answered)
        self.question_page.answer_saved.connect(self.answer_saved.emit)
        self.search_page.search_requested.connect(self._search)
        self.search_page.continue_requested.connect(lambda: self.go(self.identity_page))
        self.identity_page.back_requested.connect(lambda: self.go(self.search_page))
        self.identity_page.submitted.connect(self._identity_given)
        self.code_page.back_requested.connect(lambda: self.go(self.identity_page))
        self.code_page.submitted.connect(self._code_given)
        self.instructions_page.start_requested.connect(bridge.start_test)
        self.resume_page.code_submitted.connect(bridge.resume_with_code)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state)

    # ---------------------------------------------------------------- pages

    def go(self, page: LearnerPage) -> None:
        """Show ``page`` and put the focus on its heading."""
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        page.focus_heading()

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Show the page of the station's phase (joining pages stay as the pupil left them)."""
        if self._snapshot is not None and snapshot.version < self._snapshot.version:
            return  # taken before the one on screen, delivered after it (another thread)
        self._snapshot = snapshot
        phase = snapshot.phase
        if phase in (Phase.QUESTION, Phase.ALERT_PENDING):
            self._enter_exam_mode()
        if phase is Phase.NOT_JOINED:
            if self.current_page not in (self.search_page, self.identity_page, self.code_page):
                self.go(self.search_page)
            return
        if phase is Phase.QUESTION:
            fresh = self.question_page.show_snapshot(snapshot)
            if fresh or self.current_page is not self.question_page:
                self.go(self.question_page)
            return
        self.question_page.left()
        pages: dict[Phase, WaitingPage | InstructionsPage | BlockedPage | ResumePage | EndPage] = {
            Phase.WAITING_PRESENCE: self.waiting_page,
            Phase.INSTRUCTIONS: self.instructions_page,
            Phase.ALERT_PENDING: self.blocked_page,
            Phase.RESUME_NEEDED: self.resume_page,
            Phase.ENDED: self.end_page,
        }
        page = pages[phase]
        page.show_snapshot(snapshot)
        if self.current_page is not page:
            self.go(page)

    def _enter_exam_mode(self) -> None:
        """Once the test is under way: full screen, above the others; report what failed."""
        if not self.exam_mode or self.exam_mode_gaps is not None:
            return
        self.exam_mode_gaps = enter_exam_mode(self)
        if self.exam_mode_gaps:
            self.bridge.exam_mode_degraded(tuple(gap.value for gap in self.exam_mode_gaps))

    # ---------------------------------------------------------------- joining

    def _search(self) -> None:
        self.search_page.searching()
        self.bridge.search()

    def _consoles_found(self, consoles: list[FoundConsole]) -> None:
        self.search_page.show_found(consoles)

    def _identity_given(self, identity: Identity) -> None:
        self._identity = identity
        self.identity_page.busy(True)
        problem = self.bridge.connect_console(
            identity.session_number, self.search_page.typed_address()
        )
        if problem is not None:
            self.identity_page.show_refusal(texts.address_problem(problem))

    def _connected(self, outcome: ConnectOutcome) -> None:
        identity = self._identity
        if identity is None:
            return
        if not outcome.connected:
            self.identity_page.show_refusal(texts.connect_problem(outcome, identity.session_number))
            return
        self.identity_page.busy(False)
        console = outcome.console
        fingerprint = console.session_fingerprint if console and console.degraded else None
        self.code_page.reached(
            console.room if console else None, identity.session_number, fingerprint
        )
        self.go(self.code_page)

    def _code_given(self, code: str) -> None:
        identity = self._identity
        if identity is None:
            self.go(self.identity_page)
            return
        self.bridge.join(
            JoinForm(
                identity.session_number,
                identity.first_name,
                identity.birth_name,
                identity.birth_date,
                code,
            )
        )

    def _join_answered(self, answer: JoinAnswer) -> None:
        if answer.matched:
            return  # the snapshot shows the waiting page
        retry = answer.outcome.retry_after_ms if answer.outcome is not None else None
        message = texts.join_refusal(answer.result, retry_after_ms=retry)
        if answer.result in _BACK_TO_IDENTITY:
            self.go(self.identity_page)
            self.code_page.busy(False)
            self.identity_page.show_refusal(message)
        else:
            self.code_page.show_refusal(message)

    def _resume_answered(self, outcome: ResumeOutcome) -> None:
        if outcome.resumed:
            self.resume_page.busy(False)
            return
        self.resume_page.show_refusal(texts.resume_refusal(outcome.refusal, outcome.wait_s))

    # ---------------------------------------------------------------- focus loss

    def changeEvent(self, event: QEvent) -> None:
        """Note when the pupil leaves the window (focused items)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.window_left()

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.window_left()

    def window_left(self) -> None:
        """Tell the station the pupil left the window, when a focused item is on screen."""
        snapshot = self._snapshot
        question = snapshot.question if snapshot is not None else None
        if (
            snapshot is not None
            and snapshot.phase is Phase.QUESTION
            and question is not None
            and question.item.focused
            and not question.focus_lost
        ):
            self.bridge.focus_lost()

    # ---------------------------------------------------------------- display

    def zoom(self, factor: float | None) -> None:
        """Make the text larger or smaller (Ctrl + / Ctrl − / Ctrl 0); None: normal size."""
        self._zoom = DEFAULT_ZOOM if factor is None else self._zoom * factor
        self._zoom = min(ZOOM_MAX, max(ZOOM_MIN, self._zoom))
        self._apply_style()

    def _apply_style(self) -> None:
        # Sizes go in the style sheet, relative to the desktop's font: a style sheet on the
        # window stops setFont() from reaching its children, so zooming must live here too.
        base = self._base_font.pointSizeF()
        size = (base if base > 0 else BASE_POINTS) * self._zoom
        sizes = (
            f"QWidget {{ font-size: {size:.1f}pt; }}"
            f" QLabel#pageHeading {{ font-size: {size * HEADING_FACTOR:.1f}pt;"
            " font-weight: bold; }"
            f" QLabel#stem {{ font-size: {size * STEM_FACTOR:.1f}pt; }}"
        )
        contrast = _HIGH_CONTRAST_STYLE if self.high_contrast else ""
        self.setStyleSheet(sizes + " " + _FOCUS_STYLE + contrast)

    @property
    def zoom_factor(self) -> float:
        """Return the current text zoom."""
        return self._zoom

    def set_high_contrast(self, enabled: bool) -> None:
        """Switch to white on black with a yellow focus and choices (Ctrl+Shift+H), or back."""
        self.high_contrast = enabled
        self._apply_style()
        if self.contrast_action.isChecked() != enabled:
            self.contrast_action.setChecked(enabled)
