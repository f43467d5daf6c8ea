"""Show what an import would change, every problem included, before anything is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pixdesk.i18n import _
from pixdesk.ui.referent.import_preview_model import PreviewSection, sections, summary
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.roster_import import RosterImportPlan


class ImportPreviewDialog(QDialog):
    """The preview: counts, then added / updated / disabled / skipped learners and errors.

    The apply button stays disabled while the file has errors: a roster import is all or
    nothing (RULES.md §11), so the referent fixes the file and imports it again.
    """

    apply_requested = Signal(object)  # the plan, when the referent confirms

    def __init__(self, plan: RosterImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Aperçu de l'import — {file}").format(file=plan.file_name))

        self.summary_label = QLabel(summary(plan))
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.summary_label.text())
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.summary_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        if plan.errors:
            self.summary_label.setStyleSheet("color: #a50e0e;")

        self.sections = sections(plan)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAccessibleName(_("Détail de l'import"))
        self.tree.setAccessibleDescription(
            _("Une rubrique par type de changement ; flèches pour parcourir.")
        )
        for section in self.sections:
            self._add_section(section)
        list_label = QLabel(_("&Détail :"))
        list_label.setBuddy(self.tree)

        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            _("&Appliquer l'import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            _("Fermer") if plan.errors else _("Annuler"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.apply_button.setEnabled(plan.can_apply)
        self.apply_button.setDefault(plan.can_apply)
        self.buttons.accepted.connect(self._apply)
        self.buttons.rejected.connect(self.reject)

        note = QLabel(
            _("Personne n'est jamais supprimé : un élève absent du fichier est désactivé.")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(note)
        layout.addWidget(list_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        chain_tab_order(self.summary_label, self.tree, self.apply_button, self.cancel_button)
        self.summary_label.setFocus()
        self.resize(720, 520)

    def section(self, key: str) -> PreviewSection | None:
        """Return the section ``key`` (``"errors"``, ``"added"``…), None when empty."""
        return next((one for one in self.sections if one.key == key), None)

    def _add_section(self, section: PreviewSection) -> None:
        top = QTreeWidgetItem([section.title])
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        for line in section.lines:
            child = QTreeWidgetItem([line])
            child.setToolTip(0, line)
            top.addChild(child)
        self.tree.addTopLevelItem(top)
        top.setExpanded(True)

    def _apply(self) -> None:
        if not self.plan.can_apply:
            return
        self.apply_requested.emit(self.plan)
        self.accept()
