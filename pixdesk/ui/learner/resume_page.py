"""After a crash or a power cut: wait for the console's authorisation, or type a resume code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from pixdesk.i18n import _
from pixdesk.ui.learner.link_label import LinkLabel
from pixdesk.ui.learner.page import ErrorLine, LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot


class ResumePage(LearnerPage):
    """The test stopped: everything saved is kept; the invigilator lets the pupil go on."""

    code_submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__(_("Reprise du test"))
        self.explain = text_label(focusable=True)
        self.explain.setObjectName("resumeExplain")
        self.code = QLineEdit()
        self.code.setObjectName("resumeCode")
        self.code.setPlaceholderText("07-BCDF-GH23")
        label = QLabel(_("Code de re&prise (pour le surveillant, si la console ne répond pas) :"))
        label.setBuddy(self.code)
        self.error = ErrorLine()
        self.resume_button = QPushButton(_("Reprendre a&vec ce code"))
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.clicked.connect(self._submit)
        self.code.returnPressed.connect(self._submit)
        self.link = LinkLabel()
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.resume_button)
        layout = self.layout_
        layout.addWidget(self.explain)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.link)
        chain_tab_order(
            self.heading, self.explain, self.code, self.resume_button, self.error, self.link
        )

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Say where the pupil stopped."""
        answered = snapshot.answered
        parts = [
            _("Votre test a été interrompu à la question {number}.").format(number=answered + 1)
        ]
        if answered == 1:
            parts.append(_("Votre réponse est enregistrée."))
        elif answered > 1:
            parts.append(_("Vos {answered} réponses sont enregistrées.").format(answered=answered))
        parts.append(
            _(
                "Appelez le surveillant : il autorise la reprise depuis sa console, ou saisit un "
                "code de reprise ci-dessous."
            )
        )
        set_text(self.explain, " ".join(parts))
        self.link.show_link(snapshot.link)

    def busy(self, waiting: bool) -> None:
        """Disable the button while the code is checked (a second or so)."""
        self.resume_button.setEnabled(not waiting)
        self.resume_button.setText(
            _("Vérification du code…") if waiting else _("Reprendre a&vec ce code")
        )

    def show_refusal(self, message: str) -> None:
        """Show why the code was not accepted."""
        self.busy(False)
        self.error.show_message(message)

    def _submit(self) -> None:
        typed = self.code.text().strip()
        if not typed:
            self.error.show_message(_("Le surveillant écrit ici un code de la feuille de secours."))
            return
        self.error.clear()
        self.busy(True)
        self.code_submitted.emit(typed)
