"""The finalisation wizard's pages: started candidates, absents, the session, the check, done.

RULES.md §9: per started candidate an "end screen seen" tick, an abort reason for every
unfinished test (exactly one), an optional comment of at most 500 characters; the absents have
nothing; the session has a comment and two flags. Problems are shown in French next to the
field at fault, and all of them again on the last page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from pixdesk.domain.candidate import CandidateState, has_started, is_finished
from pixdesk.domain.finalisation import (
    MAX_COMMENT_LENGTH,
    AbortReason,
    FinalisationCode,
    FinalisationProblem,
)
from pixdesk.domain.text import character_count
from pixdesk.i18n import _
from pixdesk.services.console_finalise import CandidateAnswers, FinalisationOutcome
from pixdesk.services.console_values import RoomRow
from pixdesk.ui.supervisor import texts
from pixdesk.ui.widgets.form_errors import FieldErrors

_PER_CANDIDATE = frozenset(
    {
        FinalisationCode.ABORT_REASON_MISSING,
        FinalisationCode.ABORT_REASON_ON_FINISHED_TEST,
        FinalisationCode.CANDIDATE_COMMENT_TOO_LONG,
        FinalisationCode.ABSENT_CANDIDATE_HAS_TEST_DATA,
        FinalisationCode.DUPLICATE_REPORT,
    }
)


class CandidateLine:
    """The inputs of one started candidate."""

    def __init__(self, row: RoomRow) -> None:
        self.row = row
        name = texts.row_name(row)
        self.label = QLabel(
            _("{name} — {state}").format(name=name, state=texts.state_text(row.state))
        )
        self.end_screen = QCheckBox(_("Écran de fin vu"))
        self.end_screen.setAccessibleName(_("Écran de fin vu — {name}").format(name=name))
        self.reason = QComboBox()
        self.reason.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reason.setAccessibleName(_("Motif d'abandon — {name}").format(name=name))
        self.reason.addItem(_("Aucun (test terminé)"), None)
        for reason in AbortReason:
            self.reason.addItem(texts.abort_reason_label(reason), reason)
        finished = is_finished(row.state)
        self.reason.setEnabled(not finished)
        if not finished:
            self.reason.setCurrentIndex(-1)
            self.reason.setPlaceholderText(_("Choisir un motif…"))
        self.comment = QLineEdit()
        self.comment.setMinimumWidth(self.comment.fontMetrics().averageCharWidth() * 30)
        self.comment.setAccessibleName(_("Commentaire — {name}").format(name=name))
        self.comment.setPlaceholderText(_("Commentaire (facultatif)"))

    def answers(self) -> CandidateAnswers:
        """Return what the invigilator said."""
        # Qt hands enum data back as its plain string value.
        data = self.reason.currentData() if self.reason.currentIndex() >= 0 else None
        return CandidateAnswers(
            candidate_id=self.row.candidate_id,
            saw_end_screen=self.end_screen.isChecked(),
            abort_reason=AbortReason(data) if data else None,
            comment=self.comment.text().strip(),
        )


class CandidatesPage(QWizardPage):
    """One line per candidate who started: tick, abort reason, comment."""

    def __init__(self, rows: Sequence[RoomRow], names: Mapping[str, str]) -> None:
        super().__init__()
        self.setTitle(_("Candidats ayant commencé"))
        self.setSubTitle(
            _(
                "Cochez « Écran de fin vu » si vous avez vu l'écran de fin du candidat. Un test "
                "non terminé demande un motif d'abandon : candidat ou problème technique."
            )
        )
        self._names = names
        self.errors = FieldErrors()
        self.lines = [CandidateLine(row) for row in rows if has_started(row.state)]
        inner = QWidget()
        grid = QGridLayout(inner)
        for i, line in enumerate(self.lines):
            cid = line.row.candidate_id
            grid.addWidget(line.label, 2 * i, 0, 1, 3)
            grid.addWidget(line.end_screen, 2 * i + 1, 0)
            grid.addWidget(self.errors.wrap(f"{cid}.reason", line.reason), 2 * i + 1, 1)
            grid.addWidget(self.errors.wrap(f"{cid}.comment", line.comment), 2 * i + 1, 2)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(2 * len(self.lines), 1)  # lines keep their height, blank below
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        previous: QWidget | None = None
        for line in self.lines:
            for widget in (line.end_screen, line.reason, line.comment):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget

    def answers(self) -> tuple[CandidateAnswers, ...]:
        """Return the answers of every started candidate."""
        return tuple(line.answers() for line in self.lines)

    def show_problems(self, problems: Sequence[FinalisationProblem]) -> bool:
        """Show the per-candidate problems next to their fields; True when there were some."""
        messages: dict[str, str] = {}
        for problem in problems:
            if problem.code not in _PER_CANDIDATE or problem.candidate_id is None:
                continue
            field = (
                "comment"
                if problem.code is FinalisationCode.CANDIDATE_COMMENT_TOO_LONG
                else "reason"
            )
            key = f"{problem.candidate_id}.{field}"
            if self.errors.known(key):
                messages.setdefault(key, texts.finalisation_field_problem(problem))
        self.errors.show(messages)
        return bool(messages)


class AbsentsPage(QWizardPage):
    """The candidates who never started: absent, no test, no result."""

    def __init__(self, rows: Sequence[RoomRow]) -> None:
        super().__init__()
        self.setTitle(_("Candidats absents"))
        absents = [row for row in rows if not has_started(row.state)]
        self.setSubTitle(
            _(
                "Ces candidats n'ont pas commencé : ils seront déclarés absents, sans test ni "
                "résultat. Vérifiez avec la feuille d'émargement."
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName(_("Candidats absents"))
        for row in absents:
            self.list.addItem(texts.row_name(row))
        if not absents:
            self.list.addItem(_("Aucun absent."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)


class SessionPage(QWizardPage):
    """The session's comment and flags."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("La session"))
        self.errors = FieldErrors()
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setAccessibleName(_("Commentaire de session"))
        self.count = QLabel()
        self.incident = QCheckBox(_("Un &incident a eu lieu pendant la session"))
        self.joining = QCheckBox(_("Des candidats ont eu du mal à &rejoindre la session"))
        label = QLabel(_("&Commentaire (facultatif) :"))
        label.setBuddy(self.comment)
        form = QFormLayout(self)
        form.addRow(label, self.errors.wrap("comment", self.comment))
        form.addRow("", self.count)
        form.addRow(self.incident)
        form.addRow(self.joining)
        self.comment.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        self.count.setText(
            _("{count} / {maximum} caractères").format(
                count=character_count(self.comment.toPlainText()), maximum=MAX_COMMENT_LENGTH
            )
        )

    def show_problems(self, problems: Sequence[FinalisationProblem]) -> bool:
        """Show the comment's problem next to it; True when there was one."""
        messages: dict[str, str] = {}
        for problem in problems:
            if problem.code is FinalisationCode.SESSION_COMMENT_TOO_LONG:
                messages["comment"] = texts.finalisation_problem(problem, {})
        self.errors.show(messages)
        return bool(messages)


class CheckPage(QWizardPage):
    """What finalising will do, and every problem left."""

    def __init__(self, rows: Sequence[RoomRow]) -> None:
        super().__init__()
        self.setTitle(_("Vérifier et finaliser"))
        started = sum(1 for row in rows if has_started(row.state))
        running = sum(1 for row in rows if row.state is CandidateState.STARTED)
        summary = QLabel(
            _(
                "{started} candidat(s) ont commencé, {absent} absent(s). {running} test(s) "
                "encore en cours seront arrêtés. Une fois finalisée, la session est fermée : "
                "plus aucun candidat ne peut la rejoindre."
            ).format(started=started, absent=len(rows) - started, running=running)
        )
        summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Problèmes à corriger avant de finaliser"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)

    def show_problems(self, sentences: Sequence[str]) -> None:
        """List the problems (none: ready)."""
        self.problems.clear()
        self.problems.addItems(list(sentences))
        self.problems.setVisible(bool(sentences))
        if sentences:
            self.status.setText(
                _("Erreur : {count} point(s) à corriger avant de finaliser :").format(
                    count=len(sentences)
                )
            )
        else:
            self.status.setText(_("Tout est prêt : « Finaliser la session » ferme la session."))


def open_file(path: Path) -> object:
    """Open ``path`` with the PC's PDF reader."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DonePage(QWizardPage):
    """The session is finalised: where the incident minutes were written, and a way to open them.

    Attributes:
        open_file: Opens a file with the PC's reader (tests replace it).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Session finalisée"))
        self.path: Path | None = None
        self.open_file: Callable[[Path], object] = open_file
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Procès-verbal"))
        self.status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        # First in the tab chain: the wizard focuses it, so a screen reader says it; then Tab.
        self.status.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.open_button = QPushButton(_("&Ouvrir le procès-verbal"))
        self.open_button.setAccessibleName(_("Ouvrir le procès-verbal"))
        self.open_button.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_outcome(self, outcome: FinalisationOutcome) -> None:
        """Say where the minutes are, or why they could not be written."""
        self.path = outcome.minutes_path
        finalised = _("La session est finalisée : plus aucun candidat ne peut la rejoindre.")
        if outcome.minutes_path is not None:
            told = _("Le procès-verbal des incidents est enregistré dans : {path}").format(
                path=str(outcome.minutes_path)
            )
        else:
            told = _(
                "Erreur : le procès-verbal des incidents n'a pas pu être enregistré ({detail}). "
                "La session est bien finalisée."
            ).format(detail=outcome.minutes_error or "")
        self.status.setText(f"{finalised}\n{told}")
        self.open_button.setVisible(self.path is not None)

    def _open(self) -> None:
        if self.path is not None:
            self.open_file(self.path)
