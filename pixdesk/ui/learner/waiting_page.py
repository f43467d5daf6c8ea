"""After joining: wait until the invigilator confirms presence (this authorises the start).

A pupil whose test started on another PC (it died) waits here too, for the invigilator to
authorise the resume: the page then says the test will go on here where it stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixdesk.i18n import _
from pixdesk.ui.learner.link_label import LinkLabel
from pixdesk.ui.learner.page import LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot


class WaitingPage(LearnerPage):
    """Greet the pupil and show what the invigilator may compare (fingerprints)."""

    def __init__(self) -> None:
        super().__init__(_waiting_title(moved=False))
        self.greeting = text_label(focusable=True)
        self.greeting.setObjectName("greeting")
        self.explain = text_label(_waiting_text(moved=False), focusable=True)
        self.explain.setObjectName("waitingExplain")
        self.fingerprints = text_label(focusable=True)
        self.fingerprints.setObjectName("fingerprints")
        self.link = LinkLabel()
        layout = self.layout_
        layout.addWidget(self.greeting)
        layout.addWidget(self.explain)
        layout.addWidget(self.fingerprints)
        layout.addStretch(1)
        layout.addWidget(self.link)
        chain_tab_order(self.heading, self.greeting, self.explain, self.fingerprints, self.link)

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Show who is seated, what happens next and the fingerprints."""
        title = _waiting_title(moved=snapshot.moved_here)
        if self.heading.text() != title:
            self.set_title(title)
        set_text(self.explain, _waiting_text(moved=snapshot.moved_here))
        candidate = snapshot.candidate
        if candidate is not None:
            set_text(
                self.greeting,
                _("Bonjour {first_name} {birth_name}.").format(
                    first_name=candidate.first_name, birth_name=candidate.birth_name.upper()
                ),
            )
        text = _("Empreinte de ce poste : {station}.").format(station=snapshot.station_fingerprint)
        if snapshot.link.degraded and snapshot.link.session_fingerprint:
            text += " " + _(
                "Empreinte de la console : {console} (le surveillant peut la comparer avec "
                "celle de son écran)."
            ).format(console=snapshot.link.session_fingerprint)
        set_text(self.fingerprints, text)
        self.link.show_link(snapshot.link)


def _waiting_title(*, moved: bool) -> str:
    if moved:
        return _("Votre test va reprendre sur ce poste")
    return _("Patientez : le surveillant va confirmer votre présence")


def _waiting_text(*, moved: bool) -> str:
    if moved:
        return _(
            "Vous aviez commencé votre test sur un autre poste. Dès que le surveillant "
            "l'autorise, il reprend ici, à la question où vous vous étiez arrêté(e) ; vos "
            "réponses sont conservées."
        )
    return _(
        "Restez à votre place. Dès que le surveillant aura confirmé votre présence, "
        "les consignes du test s'afficheront ici."
    )
