"""Ask the school's UAI (checked) and name, the first time an import or a document needs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.services.school_settings import SchoolSettings, normalise_uai
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.school_settings import SchoolSettingsFile
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class SchoolDialog(QDialog):
    """Enter the UAI and the school's name; saved in this PC's settings on OK."""

    settings_saved = Signal(object)  # SchoolSettings, once written

    def __init__(
        self,
        current: SchoolSettings,
        settings_file: SchoolSettingsFile,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._file = settings_file
        self._runner = runner
        self._reporter = reporter
        self.banner = MessageBanner()
        self.setWindowTitle(_("Établissement"))

        intro = QLabel(
            _(
                "Le code UAI (ou RNE) de l'établissement est vérifié à chaque import SIECLE : "
                "un fichier d'un autre établissement est refusé. Le nom est imprimé sur les "
                "documents."
            )
        )
        intro.setWordWrap(True)
        self.uai_edit = QLineEdit(current.uai)
        self.uai_edit.setPlaceholderText(_("ex. 0781234A"))
        self.name_edit = QLineEdit(current.name)
        self.name_edit.setPlaceholderText(_("ex. Collège Jean-Moulin"))
        self.errors = FieldErrors()
        form = QFormLayout()
        uai_label = QLabel(_("Code &UAI :"))
        uai_label.setBuddy(self.uai_edit)
        name_label = QLabel(_("&Nom de l'établissement :"))
        name_label.setBuddy(self.name_edit)
        form.addRow(uai_label, self.errors.wrap("uai", self.uai_edit))
        form.addRow(name_label, self.errors.wrap("name", self.name_edit))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annuler"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain_tab_order(self.uai_edit, self.name_edit, self.buttons)
        self.setMinimumWidth(480)

    def save(self) -> None:
        """Check the UAI, then write the settings off the UI thread."""
        uai = normalise_uai(self.uai_edit.text())
        if uai is None:
            self.errors.show(
                {"uai": _("Code UAI attendu : 7 chiffres puis une lettre (ex. 0781234A).")}
            )
            return
        self.errors.clear()
        wanted = SchoolSettings(uai, self.name_edit.text(), self._current.center_key_path)
        self.save_button.setEnabled(False)
        self._runner.run(lambda: self._file.save(wanted), self._saved, self._failed)

    def _saved(self, settings: SchoolSettings) -> None:
        self.save_button.setEnabled(True)
        self.settings_saved.emit(settings)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._reporter.report(error, self.banner)
