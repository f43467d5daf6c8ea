"""Export a session pack: the center key and its passphrase, then the folder (a USB key).

Optionally a positioning profiles file (docs/roster-import.md §7): its candidates sit the
legacy test (engine v2). A refused file is shown under its field, naming the candidate and the
field, and nothing is written. Optionally the key file of the session's sealed bank (``pixdesk
bank seal``, docs/item-banks.md §9): sealed into the pack, the console hands it to each station.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.crypto.center import CenterKeyError, CenterKeyErrorCode
from pixdesk.i18n import _
from pixdesk.services.bank_setup import BankSetupError
from pixdesk.services.planning_messages import describe_center_key_error, describe_pack_error
from pixdesk.services.profile_messages import describe_profiles_error, is_profiles_error
from pixdesk.services.school_settings import SchoolSettings
from pixdesk.services.session_pack_body import PackErrorCode, SessionPackError
from pixdesk.ui.widgets.form_errors import FieldErrors
from pixdesk.ui.widgets.message_banner import MessageBanner
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pixdesk.services.pack_export import ExportedPack
    from pixdesk.services.referent import ReferentServices
    from pixdesk.services.sessions import PlannedSession
    from pixdesk.ui.referent.failures import FailureReporter
    from pixdesk.ui.tasks import TaskRunner


class ExportPackDialog(QDialog):
    """Open the center key with its passphrase and write ``session-N.pixpack`` to a folder."""

    pack_exported = Signal(object)  # ExportedPack
    export_refused = Signal(str)  # why, as shown next to the field or in the dialog

    def __init__(
        self,
        services: ReferentServices,
        planned: PlannedSession,
        settings: SchoolSettings,
        runner: TaskRunner,
        reporter: FailureReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._planned = planned
        self._settings = settings
        self._runner = runner
        self._reporter = reporter
        number = planned.session.number
        self.setWindowTitle(_("Exporter le pack de la session n° {number}").format(number=number))
        self.banner = MessageBanner()
        self.errors = FieldErrors()
        intro = QLabel(
            _(
                "Le pack contient la session et ses {count} candidat(s). Signé par la clé de "
                "l'établissement, il s'ouvre sur la console des surveillants ; le mot de passe "
                "des surveillants n'y figure que sous forme protégée."
            ).format(count=planned.candidate_count)
        )
        intro.setWordWrap(True)

        self.key_edit = QLineEdit(settings.center_key_path)
        self.key_edit.setPlaceholderText(_("fichier de la clé de l'établissement"))
        self.key_browse = QPushButton(_("Parcourir…"))
        self.key_browse.setAccessibleName(_("Choisir le fichier de la clé"))
        self.key_browse.clicked.connect(self._choose_key)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(_("ex. la clé USB"))
        self.folder_browse = QPushButton(_("Parcourir…"))
        self.folder_browse.setAccessibleName(_("Choisir le dossier de destination"))
        self.folder_browse.clicked.connect(self._choose_folder)
        self.profiles_edit = QLineEdit()
        self.profiles_edit.setPlaceholderText(_("facultatif : candidats passant le test v2"))
        self.profiles_edit.setAccessibleDescription(
            _(
                "Fichier JSON des profils de positionnement, un par candidat, désigné par son "
                "INE ou son identifiant local. Laissez vide si aucun candidat n'a de profil."
            )
        )
        self.profiles_browse = QPushButton(_("Parcourir…"))
        self.profiles_browse.setAccessibleName(
            _("Choisir le fichier des profils de positionnement")
        )
        self.profiles_browse.clicked.connect(self._choose_profiles)
        self.bank_key_edit = QLineEdit()
        self.bank_key_edit.setPlaceholderText(_("facultatif : banque scellée (.key)"))
        self.bank_key_edit.setAccessibleDescription(
            _(
                "Fichier de la clé écrit par « pixdesk bank seal » : la console la transmet à "
                "chaque poste une fois la présence du candidat confirmée. Laissez vide si les "
                "postes n'ont pas de banque scellée."
            )
        )
        self.bank_key_browse = QPushButton(_("Parcourir…"))
        self.bank_key_browse.setAccessibleName(_("Choisir le fichier de la clé de la banque"))
        self.bank_key_browse.clicked.connect(self._choose_bank_key)

        form = QFormLayout()
        key_label = QLabel(_("&Clé de l'établissement :"))
        key_label.setBuddy(self.key_edit)
        passphrase_label = QLabel(_("&Phrase de passe :"))
        passphrase_label.setBuddy(self.passphrase_edit)
        folder_label = QLabel(_("&Dossier de destination :"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(
            key_label, self.errors.wrap("key", self.key_edit, _row(self.key_edit, self.key_browse))
        )
        form.addRow(passphrase_label, self.errors.wrap("passphrase", self.passphrase_edit))
        form.addRow(
            folder_label,
            self.errors.wrap(
                "folder", self.folder_edit, _row(self.folder_edit, self.folder_browse)
            ),
        )
        profiles_label = QLabel(_("P&rofils de positionnement :"))
        profiles_label.setBuddy(self.profiles_edit)
        form.addRow(
            profiles_label,
            self.errors.wrap(
                "profiles", self.profiles_edit, _row(self.profiles_edit, self.profiles_browse)
            ),
        )
        bank_key_label = QLabel(_("Clé de la ba&nque scellée :"))
        bank_key_label.setBuddy(self.bank_key_edit)
        form.addRow(
            bank_key_label,
            self.errors.wrap(
                "bank_key", self.bank_key_edit, _row(self.bank_key_edit, self.bank_key_browse)
            ),
        )

        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setAccessibleName(_("Export en cours"))
        progress = QWidget()
        progress_layout = QHBoxLayout(progress)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar, 1)
        self.progress_row = progress
        progress.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("&Exporter"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        cancel = self.buttons.addButton(_("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(progress)
        layout.addWidget(self.buttons)
        chain_tab_order(
            self.key_edit,
            self.key_browse,
            self.passphrase_edit,
            self.folder_edit,
            self.folder_browse,
            self.profiles_edit,
            self.profiles_browse,
            self.bank_key_edit,
            self.bank_key_browse,
            self.export_button,
            cancel,
        )
        self.setMinimumWidth(600)
        (self.passphrase_edit if settings.center_key_path else self.key_edit).setFocus()

    def export(self) -> None:
        """Check the fields, open the key (slow, on the pool), then write the pack."""
        self.banner.dismiss()
        missing = {}
        if not self.key_edit.text().strip():
            missing["key"] = _("Choisissez le fichier de la clé de l'établissement.")
        if not self.passphrase_edit.text():
            missing["passphrase"] = _("Saisissez la phrase de passe de la clé.")
        if not self.folder_edit.text().strip():
            missing["folder"] = _("Choisissez le dossier où écrire le pack.")
        if missing:
            self.errors.show(missing)
            return
        self.errors.clear()
        key_path = Path(self.key_edit.text().strip())
        passphrase = self.passphrase_edit.text()
        self._busy(_("Ouverture de la clé de l'établissement…"))
        packs = self._services.packs
        self._runner.run(
            lambda: packs.open_center_key(key_path, passphrase),
            lambda key: self._write(key, key_path),
            self._failed,
        )

    def _write(self, key: Ed25519PrivateKey, key_path: Path) -> None:
        self.passphrase_edit.clear()
        self.progress_label.setText(_("Écriture du pack…"))
        folder = Path(self.folder_edit.text().strip())
        profiles = self.profiles_file()
        bank_key = self.bank_key_file()
        packs, session_id = self._services.packs, self._planned.session_id
        self._runner.run_db(
            lambda: packs.export(
                session_id,
                center_key=key,
                folder=folder,
                profiles_file=profiles,
                bank_key_file=bank_key,
            ),
            lambda exported: self._remember(exported, key_path),
            self._failed,
        )

    def _remember(self, exported: ExportedPack, key_path: Path) -> None:
        self._idle()
        self.pack_exported.emit(exported)
        self.accept()
        if str(key_path) != self._settings.center_key_path:
            remembered = SchoolSettings(self._settings.uai, self._settings.name, str(key_path))
            settings_file = self._services.settings
            # Only a convenience for next time: the pack is written whatever happens here.
            self._runner.run(lambda: settings_file.save(remembered), None, self._not_remembered)

    def _not_remembered(self, error: BaseException) -> None:
        if not isinstance(error, (OSError, ValueError)):
            self._reporter.crash(repr(error))

    def _failed(self, error: BaseException) -> None:
        self._idle()
        if isinstance(error, CenterKeyError):
            message = describe_center_key_error(error)
            if error.code is CenterKeyErrorCode.WRONG_PASSPHRASE:
                self.errors.show({"passphrase": message})
                self.passphrase_edit.selectAll()
            else:
                self.errors.show({"key": message})
        elif isinstance(error, SessionPackError) and is_profiles_error(error):
            message = describe_profiles_error(error)
            self.errors.show({"profiles": message})
            self.profiles_edit.selectAll()
        elif isinstance(error, BankSetupError):
            message = str(error)
            self.errors.show({"bank_key": message})
            self.bank_key_edit.selectAll()
        elif isinstance(error, SessionPackError) and error.code is PackErrorCode.IO_ERROR:
            message = describe_pack_error(error)
            self.errors.show({"folder": message})
        else:
            self._reporter.report(error, self.banner)
            message = self.banner.text
        self.export_refused.emit(message)

    def profiles_file(self) -> Path | None:
        """Return the chosen positioning profiles file, None when the field is empty."""
        text = self.profiles_edit.text().strip()
        return Path(text) if text else None

    def bank_key_file(self) -> Path | None:
        """Return the chosen sealed bank key file, None when the field is empty."""
        text = self.bank_key_edit.text().strip()
        return Path(text) if text else None

    def _busy(self, text: str) -> None:
        self.export_button.setEnabled(False)
        self.progress_label.setText(text)
        self.progress_bar.setAccessibleDescription(text)
        self.progress_row.show()

    def _idle(self) -> None:
        self.export_button.setEnabled(True)
        self.progress_row.hide()

    def _choose_key(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Clé de l'établissement"),
            self.key_edit.text() or str(Path.home()),
            _("Clé d'établissement (*.json *.key);;Tous les fichiers (*)"),
        )
        if name:
            self.key_edit.setText(name)

    def _choose_profiles(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Profils de positionnement (fichier JSON)"),
            self.profiles_edit.text() or str(Path.home()),
            _("Profils de positionnement (*.json);;Tous les fichiers (*)"),
        )
        if name:
            self.profiles_edit.setText(name)

    def _choose_bank_key(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Clé de la banque scellée"),
            self.bank_key_edit.text() or str(Path.home()),
            _("Clé de banque (*.key);;Tous les fichiers (*)"),
        )
        if name:
            self.bank_key_edit.setText(name)

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, _("Dossier de destination du pack"), self.folder_edit.text() or str(Path.home())
        )
        if name:
            self.folder_edit.setText(name)


def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return box
