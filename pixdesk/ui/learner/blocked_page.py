"""A problem was reported: answering waits for the invigilator's decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixdesk.i18n import _
from pixdesk.ui.learner.link_label import LinkLabel
from pixdesk.ui.learner.page import LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot


class BlockedPage(LearnerPage):
    """Tell the pupil the invigilator is coming; nothing to do meanwhile."""

    def __init__(self) -> None:
        super().__init__(_("Problème signalé"))
        self.explain = text_label(focusable=True)
        self.explain.setObjectName("blockedExplain")
        self.link = LinkLabel()
        layout = self.layout_
        layout.addWidget(self.explain)
        layout.addStretch(1)
        layout.addWidget(self.link)
        chain_tab_order(self.heading, self.explain, self.link)

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Say which question the alert is about."""
        number = snapshot.answered + 1
        set_text(
            self.explain,
            _(
                "Vous avez signalé un problème sur la question {number}. Le surveillant va "
                "venir : attendez sa décision. Soit la question est remplacée par une autre "
                "(elle ne compte pas), soit vous la reprenez là où vous en étiez."
            ).format(number=number),
        )
        self.link.show_link(snapshot.link)
