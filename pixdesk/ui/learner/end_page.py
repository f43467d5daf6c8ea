"""The end screen: the test is over; the invigilator notes that the pupil saw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixdesk.i18n import _
from pixdesk.services.station_record import EndReason
from pixdesk.ui.learner import texts
from pixdesk.ui.learner.page import LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot


class EndPage(LearnerPage):
    """Nothing left to do but raise a hand: no button, no way back into the test."""

    def __init__(self) -> None:
        super().__init__(_("Le test est terminé"))
        self.explain = text_label(focusable=True)
        self.explain.setObjectName("endExplain")
        self.saved = text_label(focusable=True)
        self.saved.setObjectName("endSaved")
        layout = self.layout_
        layout.addWidget(self.explain)
        layout.addWidget(self.saved)
        layout.addStretch(1)
        chain_tab_order(self.heading, self.explain, self.saved)

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Say why it ended and that every answer is kept."""
        if snapshot.end_reason is EndReason.INVIGILATOR:
            text = _("Le surveillant a mis fin à votre test.")
        elif snapshot.end_reason is EndReason.ABANDONED:
            text = _(
                "Votre test a commencé il y a plus de 24 heures : il s'est arrêté tout seul. "
                "Vos réponses sont gardées."
            )
        else:
            text = _("Vous avez répondu à toutes les questions. Merci !")
        set_text(
            self.explain,
            text
            + " "
            + _("Levez la main : le surveillant doit voir cet écran avant que vous partiez."),
        )
        set_text(self.saved, texts.answers_saved(snapshot.answered))
