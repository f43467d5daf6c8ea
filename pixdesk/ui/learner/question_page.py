"""One question at a time: its number, its text, its answer area, the time, and what was saved.

"Réponse enregistrée à HH:MM:SS" changes only when :attr:`QuestionPage.answer_saved` arrives,
that is once the station's store has committed the answer (the bridge emits it when the
runtime's ``answer`` returned). The countdown of a timed item is computed from the deadline
the snapshot carries and the station's clock; screen readers hear it at a few thresholds,
not every second.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pixdesk.i18n import _
from pixdesk.ui.learner import texts
from pixdesk.ui.learner.answer_widgets import AnswerInput, build_answer
from pixdesk.ui.learner.link_label import LinkLabel
from pixdesk.ui.learner.page import ErrorLine, LearnerPage, set_text, text_label
from pixdesk.ui.widgets.fonts import scaled
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.domain.clock import Clock
    from pixdesk.services.station_outcomes import AnswerReceipt
    from pixdesk.services.station_views import QuestionView, StationSnapshot
    from pixdesk.ui.learner.bridge import StationBridge

_NS = 1_000_000_000
ANNOUNCE_AT_S = (300, 120, 60, 30, 10, 0)
"""Seconds left at which a screen reader is told the time left on a timed question."""
IMAGE_MAX_WIDTH = 640
STEM_FACTOR = 1.15


class QuestionPage(LearnerPage):
    """The test itself; every action goes to the station through the bridge."""

    answer_saved = Signal(object)  # AnswerReceipt, once the answer is durable

    def __init__(self, bridge: StationBridge, clock: Clock, lang: str) -> None:
        super().__init__(_("Question"))
        self._bridge = bridge
        self._clock = clock
        self._lang = lang
        self._shown: tuple[int, str] | None = None
        self._question: QuestionView | None = None
        self._overtime_at_ns: int | None = None
        self._announced: set[int] = set()
        self._saved_known = False
        # The question whose answer (or alert) is on its way, if any. Outcomes name their
        # question: an answer_saved for question 8 arriving after question 9 was sent must
        # not re-enable the buttons of question 9.
        self._pending: int | None = None
        self.answer: AnswerInput | None = None

        self.timer_label = text_label(focusable=True)
        self.timer_label.setObjectName("questionTimer")
        self.focus_note = text_label(focusable=True)
        self.focus_note.setObjectName("focusNote")
        self.stem = text_label(focusable=True)
        self.stem.setObjectName("stem")
        self.stem.setFont(scaled(self.stem.font(), STEM_FACTOR))
        self.image = QLabel()
        self.image.setObjectName("stemImage")
        self.image.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.attachments = QWidget()
        self.attachments_row = QHBoxLayout(self.attachments)
        self.attachments_row.setContentsMargins(0, 0, 0, 0)
        self.attachment_buttons: list[QPushButton] = []
        self.answer_holder = QVBoxLayout()
        self.error = ErrorLine()

        self.submit_button = QPushButton(_("&Valider"))
        self.submit_button.setObjectName("submitButton")
        self.submit_button.clicked.connect(self.submit)
        self.skip_button = QPushButton(_("&Passer"))
        self.skip_button.setObjectName("skipButton")
        self.skip_button.clicked.connect(self.skip)
        self.report_button = QPushButton(_("&Signaler un problème"))
        self.report_button.setObjectName("reportButton")
        self.report_button.clicked.connect(self.report)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.submit_button)

        self.saved_label = text_label(focusable=True)
        self.saved_label.setObjectName("savedLabel")
        self.end_label = text_label(focusable=True)
        self.end_label.setObjectName("endTime")
        self.end_label.setWordWrap(False)
        self.overtime_label = text_label(focusable=True)
        self.overtime_label.setObjectName("overtime")
        self.link = LinkLabel()
        status = QHBoxLayout()
        status.addWidget(self.saved_label, 1)
        status.addWidget(self.end_label)
        status_two = QHBoxLayout()
        status_two.addWidget(self.link, 1)
        status_two.addWidget(self.overtime_label)

        layout = self.layout_
        layout.addWidget(self.timer_label)
        layout.addWidget(self.focus_note)
        layout.addWidget(self.stem)
        layout.addWidget(self.image)
        layout.addWidget(self.attachments)
        layout.addLayout(self.answer_holder)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        layout.addLayout(status)
        layout.addLayout(status_two)
        for widget in (self.timer_label, self.focus_note, self.image, self.attachments):
            widget.hide()
        self.overtime_label.hide()

        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)
        bridge.answer_saved.connect(self._saved)
        bridge.answer_failed.connect(self._failed)
        bridge.image_loaded.connect(self._image_loaded)
        bridge.attachment_failed.connect(self._attachment_failed)

    # ---------------------------------------------------------------- showing

    def show_snapshot(self, snapshot: StationSnapshot) -> bool:
        """Show the station's state; return True when a new question was put on screen."""
        question = snapshot.question
        self.link.show_link(snapshot.link)
        time = snapshot.time
        self._overtime_at_ns = time.overtime_at_ns if time is not None else None
        if time is not None and time.theoretical_end is not None:
            set_text(
                self.end_label,
                _("Fin théorique : {time}").format(time=texts.short_time(time.theoretical_end)),
            )
        if not self._saved_known:
            # Once only, when the page first shows (after a restart: what the journal holds).
            # From then on the label follows answer_saved alone, i.e. the store's commit.
            self._saved_known = True
            if snapshot.last_saved_at is not None:
                self._show_saved(snapshot.last_saved_at)
        if question is None:
            return False
        self._question = question
        key = (question.index, question.item.id)
        fresh = key != self._shown
        if fresh:
            self._shown = key
            self._pending = None
            self._build(question)
        self._show_focus(question)
        # A snapshot of the same question (the link, an acknowledgement) while an answer is on
        # its way must not re-enable the buttons: a second click would answer the next one.
        self.busy(self._pending is not None)
        self.tick()
        if not self.ticker.isActive():
            self.ticker.start()
        return fresh

    def _build(self, question: QuestionView) -> None:
        content = question.content
        self.set_title(
            _("Question {number} / {total}").format(number=question.number, total=question.total)
        )
        set_text(self.stem, content.stem.get(self._lang))
        self.error.clear()
        self._announced = set()
        self.timer_label.setVisible(question.timer_s is not None)
        self.image.clear()
        self.image.setVisible(content.image is not None)
        if content.image is not None:
            self.image.setAccessibleName(content.image.alt.get(self._lang))
            self.image.setText(_("Chargement de l'image…"))
            self._bridge.load_image(content.item_id, content.image.file.name)
        # Widgets added to a shown page are shown only by the next event-loop turn: hide the
        # old ones and show the new ones now, so Tab never meets the previous question.
        for button in self.attachment_buttons:
            button.hide()
            button.deleteLater()
        while self.attachments_row.count():
            self.attachments_row.takeAt(0)
        self.attachment_buttons = []
        for attachment in content.attachments:
            button = QPushButton(_("Ouvrir le fichier {name}").format(name=attachment.name))
            button.setObjectName(f"attachment-{attachment.name}")
            button.clicked.connect(
                lambda _checked=False, name=attachment.name: self._bridge.open_attachment(name)
            )
            self.attachments_row.addWidget(button)
            button.show()
            self.attachment_buttons.append(button)
        self.attachments_row.addStretch(1)
        self.attachments.setVisible(bool(content.attachments))
        if self.answer is not None:
            self.answer_holder.removeWidget(self.answer)
            self.answer.hide()
            self.answer.deleteLater()
        self.answer = build_answer(question.item, content, self._lang)
        self.answer.submit_requested.connect(self.submit)
        self.answer_holder.addWidget(self.answer)
        self.answer.show()
        chain_tab_order(
            self.heading,
            self.timer_label,
            self.focus_note,
            self.stem,
            self.image,
            *self.attachment_buttons,
            *self.answer.inputs(),
            self.error,
            self.submit_button,
            self.skip_button,
            self.report_button,
            self.saved_label,
            self.end_label,
            self.link,
            self.overtime_label,
        )

    def _show_focus(self, question: QuestionView) -> None:
        if not question.item.focused:
            self.focus_note.hide()
            return
        if question.focus_lost:
            text = _("Vous avez quitté la fenêtre pendant cette question : c'est enregistré.")
        else:
            text = _("Restez dans cette fenêtre tant que vous répondez à cette question.")
        set_text(self.focus_note, text)
        self.focus_note.show()

    def tick(self) -> None:
        """Update the countdown and the overtime notice (every second)."""
        now = self._clock.monotonic_ns()
        question = self._question
        if question is not None and question.timer_s is not None:
            if question.timer_deadline_ns is not None:
                left_ns = question.timer_deadline_ns - now
            else:
                left_ns = question.timer_left_ns or 0
            self._show_timer(left_ns)
        over = self._overtime_at_ns is not None and now >= self._overtime_at_ns
        if over and self.overtime_label.isHidden():
            set_text(
                self.overtime_label,
                _("Durée théorique dépassée : vous pouvez terminer le test."),
            )
            self.overtime_label.show()

    def _show_timer(self, left_ns: int) -> None:
        left_s = -(-left_ns // _NS) if left_ns > 0 else 0
        if left_s > 0:
            text = _("Temps restant pour cette question : {time}").format(
                time=texts.duration(timedelta(seconds=left_s))
            )
        else:
            text = _("Temps écoulé pour cette question : validez ou passez.")
        self.timer_label.setText(text)
        due = [t for t in ANNOUNCE_AT_S if left_s <= t and t not in self._announced]
        if due or not self.timer_label.accessibleName():
            self._announced.update(due)
            spoken = (
                _("Temps restant : {time}").format(time=texts.spoken_duration(left_s))
                if left_s > 0
                else text
            )
            self.timer_label.setAccessibleName(spoken)
            event = QAccessibleEvent(self.timer_label, QAccessible.Event.NameChanged)
            QAccessible.updateAccessibility(event)

    # ---------------------------------------------------------------- actions

    def submit(self) -> None:
        """Validate the answer given (the bridge saves it; ``answer_saved`` follows)."""
        if self.answer is None or not self.submit_button.isEnabled():
            return
        response = self.answer.response()
        if response is None:
            self.error.show_message(_("Choisissez ou écrivez une réponse, ou utilisez « Passer »."))
            return
        self.error.clear()
        self._send()
        self._bridge.answer(response, self._question_index())

    def skip(self) -> None:
        """Skip this question."""
        if self.skip_button.isEnabled():
            self._send()
            self._bridge.skip(self._question_index())

    def report(self) -> None:
        """Report a problem on this question (answering waits for the invigilator)."""
        if self.report_button.isEnabled():
            self._send()
            self._bridge.report_problem(self._question_index())

    def left(self) -> None:
        """The station left the question (an alert, a restart, the end): nothing is pending."""
        self._pending = None

    def _send(self) -> None:
        self._pending = self._question_index()
        self.busy(True)

    def _question_index(self) -> int:
        return self._shown[0] if self._shown is not None else -1

    def busy(self, waiting: bool) -> None:
        """Disable the actions while the station works (no double answer)."""
        for button in (self.submit_button, self.skip_button, self.report_button):
            button.setEnabled(not waiting)

    # ---------------------------------------------------------------- outcomes

    def _saved(self, receipt: AnswerReceipt) -> None:
        if receipt.question_index == self._pending:
            self._pending = None
        self._show_saved(receipt.saved_at)
        self.answer_saved.emit(receipt)

    def _show_saved(self, moment: datetime) -> None:
        set_text(
            self.saved_label,
            _("Réponse enregistrée à {time}").format(time=texts.clock_time(moment)),
        )

    def _failed(self, code: str, question_index: int) -> None:
        if question_index != self._pending:
            return  # about a question no longer on screen
        self._pending = None
        self.busy(False)
        message = texts.save_failed() if code == "SAVE_FAILED" else texts.action_refusal(code)
        self.error.show_message(message)

    def _image_loaded(self, item_id: str, data: bytes) -> None:
        if self._shown is None or self._shown[1] != item_id:
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            if pixmap.width() > IMAGE_MAX_WIDTH:
                pixmap = pixmap.scaledToWidth(
                    IMAGE_MAX_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            self.image.setPixmap(pixmap)

    def _attachment_failed(self, name: str) -> None:
        self.error.show_message(
            _("Le fichier {name} ne s'ouvre pas. Utilisez « Signaler un problème ».").format(
                name=name
            )
        )
