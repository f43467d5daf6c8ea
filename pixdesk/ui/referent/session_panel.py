"""One session in detail: facts, codes, candidates, and what the referent does with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.session import CANDIDATES_PER_INVIGILATOR
from pixdesk.i18n import _
from pixdesk.ui.referent.candidate_options_dialog import CandidateOptionsDialog
from pixdesk.ui.referent.candidates_model import CandidatesModel
from pixdesk.ui.referent.codes_box import CodesBox
from pixdesk.ui.referent.enrol_division_dialog import EnrolDivisionDialog
from pixdesk.ui.referent.export_pack_dialog import ExportPackDialog
from pixdesk.ui.referent.formatting import iso_day, person
from pixdesk.ui.referent.free_candidate_dialog import FreeCandidateDialog
from pixdesk.ui.referent.pick_learners_dialog import PickLearnersDialog
from pixdesk.ui.referent.session_dialog import SessionDialog
from pixdesk.ui.widgets.fonts import make_title
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.documents.attendance import AttendanceSheet
    from pixdesk.domain.candidate import Candidate
    from pixdesk.services.pack_export import ExportedPack
    from pixdesk.services.referent import ReferentServices
    from pixdesk.services.school_settings import SchoolSettings
    from pixdesk.services.sessions import EnrolledCandidate, EnrolmentChange, PlannedSession
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class SessionPanel(QWidget):
    """The selected session; every change goes through the planner on the database worker."""

    session_changed = Signal(object)  # PlannedSession: edited, or its size changed
    candidates_loaded = Signal()
    enrolment_changed = Signal(object)  # EnrolmentChange
    candidate_changed = Signal(object)  # Candidate (extra time, accessibility)
    candidate_unenrolled = Signal(str)  # candidate id
    pack_exported = Signal(object)  # ExportedPack
    document_written = Signal(object)  # Path of the PDF

    def __init__(
        self,
        services: ReferentServices,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._reporter = reporter
        self.planned: PlannedSession | None = None
        self.dialog: QDialog | None = None  # the dialog last opened (tests drive it)

        self.title = QLabel(_("Aucune session choisie"))
        self.title.setWordWrap(True)
        make_title(self.title, 1.25)
        self.banner = MessageBanner()
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.facts_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("invigilatorWarning")
        self.warning_label.setStyleSheet(
            "QLabel#invigilatorWarning { color: #8a4b00; font-weight: bold; }"
        )
        self.warning_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.warning_label.hide()

        self.edit_button = QPushButton(_("&Modifier la session…"))
        self.edit_button.clicked.connect(self.edit_session)
        self.export_button = QPushButton(_("E&xporter le pack de session…"))
        self.export_button.clicked.connect(self.export_pack)
        self.print_button = QPushButton(_("&Imprimer la feuille d'émargement…"))
        self.print_button.setToolTip(_("Écrit le PDF dans un dossier de votre choix"))
        self.print_button.clicked.connect(lambda: self.print_attendance_sheet())
        self.codes = CodesBox()

        self.candidates_label = QLabel(_("Candi&dats :"))
        self.model = CandidatesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Candidats de la session"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_adjustments())
        self.candidates_label.setBuddy(self.table)

        self.division_button = QPushButton(_("Inscrire une &classe…"))
        self.division_button.clicked.connect(self.enrol_division)
        self.pick_button = QPushButton(_("Choisir des é&lèves…"))
        self.pick_button.clicked.connect(self.pick_learners)
        self.free_button = QPushButton(_("Ajouter un candidat li&bre…"))
        self.free_button.clicked.connect(self.add_free_candidate)
        self.adjust_button = QPushButton(_("Aménagemen&ts…"))
        self.adjust_button.setToolTip(_("Temps majoré et accessibilité du candidat choisi"))
        self.adjust_button.clicked.connect(self.edit_adjustments)
        self.unenrol_button = QPushButton(_("Dé&sinscrire"))
        self.unenrol_button.clicked.connect(self.unenrol_selected)

        actions = QHBoxLayout()
        for button in (self.edit_button, self.export_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        enrol = QHBoxLayout()
        for button in (self.division_button, self.pick_button, self.free_button):
            enrol.addWidget(button)
        enrol.addStretch(1)
        enrol.addWidget(self.adjust_button)
        enrol.addWidget(self.unenrol_button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.facts_label)
        body.addWidget(self.warning_label)
        body.addLayout(actions)
        body.addWidget(self.codes)
        body.addWidget(self.candidates_label)
        body.addWidget(self.table, 1)
        body.addLayout(enrol)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.body, 1)
        chain_tab_order(*self.focus_order())
        self.body.hide()

    def focus_order(self) -> tuple[QWidget, ...]:
        """Return the focusable widgets in reading order (the page chains them after its own)."""
        return (
            *self.banner.focus_order(),
            self.facts_label,
            self.warning_label,
            self.edit_button,
            self.export_button,
            self.print_button,
            *self.codes.focus_order(),
            self.table,
            self.division_button,
            self.pick_button,
            self.free_button,
            self.adjust_button,
            self.unenrol_button,
        )

    # ---------------------------------------------------------------- showing

    def show_session(self, planned: PlannedSession | None) -> None:
        """Show ``planned`` and load its candidates (None: no session chosen)."""
        changed = (
            planned is None
            or self.planned is None
            or (planned.session_id != self.planned.session_id)
        )
        self.planned = planned
        if planned is None:
            self.title.setText(_("Aucune session choisie : créez-en une ou choisissez-la."))
            self.body.hide()
            self.model.set_candidates(())
            return
        self._show_facts(planned)
        self.body.show()
        if changed:
            self.banner.dismiss()
            self.model.set_candidates(())
            session_id = planned.session_id
            self._runner.run_db(
                lambda: self._services.planner.candidates(session_id),
                lambda found: self._candidates_loaded(session_id, found),
                self._failed,
            )

    def _show_facts(self, planned: PlannedSession) -> None:
        session = planned.session
        self.title.setText(
            _("Session n° {number} — le {date} à {time}").format(
                number=session.number, date=iso_day(session.date), time=session.start_time
            )
        )
        lines = [
            _("Site : {site}").format(site=session.site),
            _("Salle : {room}").format(room=session.room),
            _("Surveillants : {names}").format(names=", ".join(session.invigilators)),
            _("Moteur de test : {engine}").format(engine=session.engine_version.value),
        ]
        if session.description:
            lines.append(_("Description : {text}").format(text=session.description))
        facts = "\n".join(lines)
        self.facts_label.setText(facts)
        self.facts_label.setAccessibleName(facts)
        warning = planned.warning
        if warning is None:
            self.warning_label.hide()
        else:
            text = _(
                "Attention : {count} candidats pour {present} surveillant(s) ; il en faut "
                "{needed} (un pour {per} candidats). Ajoutez des surveillants avec « Modifier "
                "la session »."
            ).format(
                count=planned.candidate_count,
                present=warning.present,
                needed=warning.needed,
                per=CANDIDATES_PER_INVIGILATOR,
            )
            self.warning_label.setText(_("⚠ {text}").format(text=text))
            self.warning_label.setAccessibleName(text)
            self.warning_label.show()
        self.codes.set_codes(session.access_code, session.invigilator_password)
        self.candidates_label.setText(
            _("Candi&dats ({count}) :").format(count=planned.candidate_count)
        )

    def _candidates_loaded(self, session_id: str, found: tuple[EnrolledCandidate, ...]) -> None:
        if self.planned is None or self.planned.session_id != session_id:
            return  # the referent chose another session meanwhile
        self.model.set_candidates(found)
        self.candidates_loaded.emit()

    def _session_updated(self, planned: PlannedSession) -> None:
        if self.planned is not None and self.planned.session_id == planned.session_id:
            self.planned = planned
            self._show_facts(planned)
        self.session_changed.emit(planned)

    def _failed(self, error: BaseException) -> None:
        self._reporter.report(error, self.banner)

    # ---------------------------------------------------------------- session

    def edit_session(self) -> None:
        """Open the session form on the shown session."""
        if self.planned is None:
            return
        dialog = SessionDialog(
            self._services.planner, self._runner, self._reporter, self.planned, self
        )
        dialog.session_saved.connect(self._edited)
        self._open(dialog)

    def _edited(self, planned: PlannedSession) -> None:
        self._session_updated(planned)
        self.banner.show_success(
            _(
                "Session n° {number} enregistrée. Si son pack était déjà exporté, "
                "exportez-le à nouveau."
            ).format(number=planned.session.number)
        )

    def export_pack(self) -> None:
        """Ask for the center key and the folder, then write the session pack."""
        if self.planned is None:
            return
        if self.planned.candidate_count == 0:
            self.banner.show_error(
                _("Cette session n'a aucun candidat : inscrivez-en avant d'exporter son pack.")
            )
            return
        planned = self.planned
        self._runner.run(
            self._services.settings.load,
            lambda settings: self._open_export(planned, settings),
            self._failed,
        )

    def _open_export(self, planned: PlannedSession, settings: SchoolSettings) -> None:
        dialog = ExportPackDialog(
            self._services, planned, settings, self._runner, self._reporter, self
        )
        dialog.pack_exported.connect(self._exported)
        self._open(dialog)

    def _exported(self, exported: ExportedPack) -> None:
        self.banner.show_success(
            _(
                "Pack de la session n° {number} écrit : {path}. Empreinte de la clé de "
                "l'établissement : {fingerprint}."
            ).format(
                number=exported.pack.number,
                path=exported.path,
                fingerprint=exported.center_fingerprint,
            )
        )
        self.pack_exported.emit(exported)

    def print_attendance_sheet(self, folder: Path | None = None) -> None:
        """Write the attendance sheet PDF into ``folder`` (asked when None), off the UI thread."""
        if self.planned is None:
            return
        if folder is None:
            name = QFileDialog.getExistingDirectory(
                self, _("Dossier où écrire la feuille d'émargement"), str(Path.home())
            )
            if not name:
                return
            folder = Path(name)
        self.print_button.setEnabled(False)
        session_id, target = self.planned.session_id, folder
        self._runner.run(
            self._services.settings.load,
            lambda settings: self._build_sheet(session_id, target, settings),
            self._print_failed,
        )

    def _build_sheet(self, session_id: str, folder: Path, settings: SchoolSettings) -> None:
        documents = self._services.documents
        centre = settings.name or settings.uai
        self._runner.run_db(
            lambda: documents.attendance_sheet(session_id, centre=centre),
            lambda sheet: self._write_sheet(sheet, folder),
            self._print_failed,
        )

    def _write_sheet(self, sheet: AttendanceSheet, folder: Path) -> None:
        documents = self._services.documents
        self._runner.run(
            lambda: documents.write_attendance_sheet(sheet, folder),
            self._sheet_written,
            self._print_failed,
        )

    def _sheet_written(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.banner.show_success(
            _("Feuille d'émargement écrite : {path}").format(path=path),
            action_text=_("Ou&vrir le PDF"),
            action=lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
        )
        self.document_written.emit(path)

    def _print_failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(True)
        self._failed(error)

    # ---------------------------------------------------------------- enrolment

    def enrol_division(self) -> None:
        """Choose a division and enrol its active learners."""
        if self.planned is None:
            return
        dialog = EnrolDivisionDialog(self._services.roster, self._runner, self._reporter, self)
        session_id = self.planned.session_id
        planner = self._services.planner
        dialog.division_chosen.connect(
            lambda division: self._runner.run_db(
                lambda: planner.enrol_division(session_id, division), self._enrolled, self._failed
            )
        )
        self._open(dialog)

    def pick_learners(self) -> None:
        """Check learners one by one and enrol them."""
        if self.planned is None:
            return
        enrolled = {one.learner_ine for one in self.model.all() if one.learner_ine}
        dialog = PickLearnersDialog(
            self._services.roster, enrolled, self._runner, self._reporter, self
        )
        session_id = self.planned.session_id
        planner = self._services.planner
        dialog.learners_chosen.connect(
            lambda ines: self._runner.run_db(
                lambda: planner.enrol_learners(session_id, ines), self._enrolled, self._failed
            )
        )
        self._open(dialog)

    def add_free_candidate(self) -> None:
        """Enrol a candidate who is not in the roster."""
        if self.planned is None:
            return
        dialog = FreeCandidateDialog(
            self._services.planner,
            self.planned.session_id,
            self._runner,
            self._reporter,
            self,
        )
        dialog.candidate_enrolled.connect(self._enrolled)
        self._open(dialog)

    def _enrolled(self, change: EnrolmentChange) -> None:
        session_id = change.session.session_id
        planner = self._services.planner
        # The new rows only: read their roster link (learner or free), then append them.
        added = {one.candidate_id for one in change.enrolled}
        self._runner.run_db(
            lambda: tuple(
                one for one in planner.candidates(session_id) if one.candidate.candidate_id in added
            ),
            lambda rows: self._append(change, rows),
            self._failed,
        )

    def _append(self, change: EnrolmentChange, rows: tuple[EnrolledCandidate, ...]) -> None:
        if self.planned is not None and self.planned.session_id == change.session.session_id:
            self.model.add(rows)
        self._session_updated(change.session)
        message = _("{count} candidat(s) inscrit(s).").format(count=len(change.enrolled))
        if change.already_enrolled:
            message = _("{message} {already} déjà inscrit(s), laissé(s) tel(s) quel(s).").format(
                message=message, already=len(change.already_enrolled)
            )
        self.banner.show_success(message, focus=False)
        self.enrolment_changed.emit(change)

    def selected_candidate(self) -> EnrolledCandidate | None:
        """Return the candidate selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            current = self.table.currentIndex()
            return self.model.enrolled(current.row()) if current.isValid() else None
        return self.model.enrolled(rows[0].row())

    def select_candidate(self, candidate_id: str) -> None:
        """Select a candidate in the table."""
        for row, one in enumerate(self.model.all()):
            if one.candidate.candidate_id == candidate_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0, QModelIndex()))

    def edit_adjustments(self) -> None:
        """Edit the extra time and accessibility of the selected candidate."""
        enrolled = self._need_candidate()
        if enrolled is None:
            return
        dialog = CandidateOptionsDialog(
            self._services.planner, enrolled.candidate, self._runner, self._reporter, self
        )
        dialog.candidate_changed.connect(self._adjusted)
        self._open(dialog)

    def _adjusted(self, candidate: Candidate) -> None:
        self.model.update(candidate)
        self.banner.show_success(
            _("Aménagements de {name} enregistrés.").format(
                name=person(candidate.birth_name, candidate.first_name)
            ),
            focus=False,
        )
        self.table.setFocus()
        self.candidate_changed.emit(candidate)

    def unenrol_selected(self) -> None:
        """Ask, then remove the selected candidate from the session."""
        enrolled = self._need_candidate()
        if enrolled is None:
            return
        candidate = enrolled.candidate
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Désinscrire"),
            _("Désinscrire {name} de la session ? Ses aménagements seront perdus.").format(
                name=person(candidate.birth_name, candidate.first_name)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        confirm = box.button(QMessageBox.StandardButton.Yes)
        confirm.setText(_("Désinscrire"))
        box.button(QMessageBox.StandardButton.No).setText(_("Annuler"))
        candidate_id = candidate.candidate_id

        def answered(_result: int) -> None:
            if box.clickedButton() is confirm:
                self.unenrol(candidate_id)

        box.finished.connect(answered)
        self._open(box)

    def unenrol(self, candidate_id: str) -> None:
        """Remove a candidate from the session (no question asked)."""
        planner = self._services.planner
        self._runner.run_db(
            lambda: planner.unenrol(candidate_id),
            lambda planned: self._unenrolled(candidate_id, planned),
            self._failed,
        )

    def _unenrolled(self, candidate_id: str, planned: PlannedSession) -> None:
        self.model.remove(candidate_id)
        self._session_updated(planned)
        self.banner.show_success(_("Candidat désinscrit."), focus=False)
        self.table.setFocus()
        self.candidate_unenrolled.emit(candidate_id)

    def _need_candidate(self) -> EnrolledCandidate | None:
        enrolled = self.selected_candidate()
        if enrolled is None:
            self.banner.show_info(_("Choisissez d'abord un candidat dans la liste."))
        return enrolled

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()
