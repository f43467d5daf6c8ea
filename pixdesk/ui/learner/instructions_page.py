"""Presence confirmed: the test's instructions, then "Commencer le test".

On a sealed bank, the questions come with the bank's key just after the presence check: until
then the button waits, disabled, under a calm line saying so (not an error: nothing is wrong
and the pupil has nothing to do). A start refused meanwhile (BANK_LOCKED) is forgotten once
the key has come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from pixdesk.domain.legacy_profile import is_certifiable
from pixdesk.i18n import _
from pixdesk.ui.learner.page import ErrorLine, LearnerPage, set_text, text_label
from pixdesk.ui.widgets.tab_order import chain_tab_order

if TYPE_CHECKING:
    from pixdesk.services.station_views import StationSnapshot


class InstructionsPage(LearnerPage):
    """Explain how the test works before it starts."""

    start_requested = Signal()

    def __init__(self) -> None:
        super().__init__(_("Consignes du test"))
        self.rules = text_label(focusable=True)
        self.rules.setObjectName("instructions")
        self.duration = text_label(focusable=True)
        self.duration.setObjectName("duration")
        self.bank_wait = text_label(
            _(
                "Les questions de votre test arrivent sur ce poste : le bouton « Commencer le "
                "test » s'active dans un instant. Si cela dure, prévenez le surveillant."
            ),
            focusable=True,
        )
        self.bank_wait.setObjectName("bankWait")
        self.bank_wait.hide()
        self.bank_ready = True  # as the last snapshot said
        self.error = ErrorLine()
        self.start_button = QPushButton(_("Co&mmencer le test"))
        self.start_button.setObjectName("startButton")
        self.start_button.clicked.connect(self._start)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout = self.layout_
        layout.addWidget(self.rules)
        layout.addWidget(self.duration)
        layout.addWidget(self.bank_wait)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(row)
        chain_tab_order(
            self.heading, self.rules, self.duration, self.bank_wait, self.error, self.start_button
        )
        self._show_rules(legacy=False)

    def _show_rules(self, *, legacy: bool) -> None:
        count = (
            _(
                "• Le test compte trois questions par compétence de votre profil de "
                "positionnement, une à la fois ; on ne revient pas en arrière."
            )
            if legacy
            else _("• Le test compte 32 questions, une à la fois ; on ne revient pas en arrière.")
        )
        set_text(
            self.rules,
            "\n".join(
                (
                    count,
                    _("• Chaque réponse est enregistrée sur ce poste dès que vous la validez."),
                    _("• « Passer » compte la question comme non réussie."),
                    _(
                        "• Certaines questions sont chronométrées : le temps restant est affiché "
                        "(votre temps majoré est déjà compté)."
                    ),
                    _(
                        "• Sur certaines questions, quitter la fenêtre est noté : restez dans "
                        "pixdesk pendant que vous y répondez."
                    ),
                    _(
                        "• Un problème avec une question (image, fichier…) ? Utilisez "
                        "« Signaler un problème » : le surveillant viendra."
                    ),
                )
            ),
        )

    def show_snapshot(self, snapshot: StationSnapshot) -> None:
        """Show the duration with the candidate's extra time."""
        candidate = snapshot.candidate
        profile = candidate.profile if candidate else None
        self._show_rules(legacy=profile is not None and is_certifiable(profile))
        extra = candidate.extra_time_percent if candidate else "0"
        if extra not in ("0", ""):
            text = _("Durée indicative : 1 h 45, plus votre temps majoré de {percent} %.").format(
                percent=extra
            )
        else:
            text = _("Durée indicative : 1 h 45. Prenez le temps de bien lire chaque question.")
        set_text(self.duration, text)
        self._show_bank(snapshot.bank_ready)

    def _show_bank(self, ready: bool) -> None:
        """Enable the start once the questions are here; forget a start refused before."""
        if ready and not self.bank_ready:
            self.error.clear()  # "not arrived yet": they have now
        self.bank_ready = ready
        self.bank_wait.setVisible(not ready)
        self.start_button.setEnabled(ready)

    def show_refusal(self, message: str) -> None:
        """Show why the test could not start (an expired authorisation)."""
        self.start_button.setEnabled(self.bank_ready)
        self.error.show_message(message)

    def _start(self) -> None:
        self.error.clear()
        self.start_button.setEnabled(False)
        self.start_requested.emit()
