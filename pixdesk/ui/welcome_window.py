"""The first window: what pixdesk is, its version, and the modes it offers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from pixdesk.i18n import _


class WelcomeWindow(QMainWindow):
    """Show the version and the three roles pixdesk serves."""

    def __init__(self, version: str) -> None:
        super().__init__()
        self.setWindowTitle(_("pixdesk {version}").format(version=version))
        self.setAccessibleName(_("Accueil de pixdesk"))

        title = QLabel(_("pixdesk — certification des compétences numériques"))
        title.setObjectName("title")
        title.setAccessibleName(title.text())
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)

        self.version_label = QLabel(_("Version {version}").format(version=version))
        self.version_label.setAccessibleName(self.version_label.text())

        body = QLabel(
            _(
                "Sur les postes de la salle, pixdesk fait passer le test aux candidats ; "
                "sur le poste du surveillant, il affiche la salle en direct ; pour le "
                "référent, il prépare les sessions et imprime les documents. Chaque réponse "
                "est enregistrée sur le disque, chiffrée, dès qu'elle est donnée."
            )
        )
        body.setWordWrap(True)
        body.setAccessibleName(body.text())
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        layout = QVBoxLayout()
        layout.addWidget(title)
        layout.addWidget(self.version_label)
        layout.addWidget(body)
        layout.addStretch(1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.resize(640, 320)
