"""Finalisation as a guided dialog (RULES.md §9), page by page, every problem said in French.

Each page checks what it holds with the domain's rules before letting the invigilator go on;
the check page asks the console to finalise and stays open until it answers: refused (every
problem listed, the wizard goes back to the first page at fault) or done (the last page says
where the incident minutes were written and offers to open them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from pixdesk.domain.finalisation import FinalisationProblem, check_finalisation
from pixdesk.i18n import _
from pixdesk.services.console_finalise import FinalisationAnswers, FinalisationOutcome, build_form
from pixdesk.services.console_values import RoomRow
from pixdesk.ui.supervisor import texts
from pixdesk.ui.supervisor.finalisation_pages import (
    AbsentsPage,
    CandidatesPage,
    CheckPage,
    DonePage,
    SessionPage,
)


class FinalisationWizard(QWizard):
    """Ask for the finalisation form; emits ``finalise_requested`` with the answers."""

    finalise_requested = Signal(object)  # FinalisationAnswers

    def __init__(self, rows: Sequence[RoomRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Finaliser la session"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._rows = tuple(rows)
        self._names: Mapping[str, str] = {row.candidate_id: texts.row_name(row) for row in rows}
        self.candidates = CandidatesPage(self._rows, self._names)
        self.absents = AbsentsPage(self._rows)
        self.session = SessionPage()
        self.check = CheckPage(self._rows)
        self.check.setCommitPage(True)  # once finalised, there is no going back
        self.done_page = DonePage()
        for page in (self.candidates, self.absents, self.session, self.check, self.done_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Suivant >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Précédent"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Annu&ler"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Finaliser la session"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Fermer"))
        self.busy = False
        self._finished = False
        metrics = self.fontMetrics()
        self.setMinimumSize(metrics.averageCharWidth() * 140, metrics.lineSpacing() * 36)
        self.currentIdChanged.connect(self._page_shown)

    def answers(self) -> FinalisationAnswers:
        """Return the form as filled in."""
        return FinalisationAnswers(
            candidates=self.candidates.answers(),
            comment=self.session.comment.toPlainText().strip(),
            incident=self.session.incident.isChecked(),
            joining_issue=self.session.joining.isChecked(),
        )

    def problems(self) -> tuple[FinalisationProblem, ...]:
        """Return the problems of the form against the room shown (domain rules)."""
        return check_finalisation(build_form(self._rows, self.answers()))

    def validateCurrentPage(self) -> bool:
        """Keep the invigilator on a page until its fields are right; finalise from the last."""
        if self._finished:
            return True
        page = self.currentPage()
        problems = self.problems()
        if page is self.candidates:
            return not self.candidates.show_problems(problems)
        if page is self.session:
            return not self.session.show_problems(problems)
        if page is self.check:
            self.show_problems(problems)
            if not problems and not self.busy:
                self.busy = True
                self.button(QWizard.WizardButton.CommitButton).setEnabled(False)
                self.finalise_requested.emit(self.answers())
            return False  # moves on in finished_ok() once the console has done it
        return True

    def show_problems(self, problems: Sequence[FinalisationProblem]) -> None:
        """Show every problem (from the domain or the console) on the pages and the list."""
        self.busy = False
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.candidates.show_problems(problems)
        self.session.show_problems(problems)
        self.check.show_problems([texts.finalisation_problem(p, self._names) for p in problems])

    def finished_ok(self, outcome: FinalisationOutcome) -> None:
        """The console finalised the session: show where the minutes are (the last page)."""
        self.busy = False
        # Moving on validates the check page again: it must not re-send.
        self._finished = True
        self.done_page.show_outcome(outcome)
        self.next()

    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.check:
            self.show_problems(self.problems())
