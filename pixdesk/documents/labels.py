"""The French words of the documents: incident codes, statuses, levels, CSV headers.

Documents are French whatever the UI language (DESIGN.md §2.6): an attendance sheet or a
procès-verbal is an administrative record, read and filed in French. So the ``_`` of this
module is a *marker*, not a lookup: it returns the French text unchanged, while the
translations check (``tests/test_translations.py``) still sees every literal and demands its
English version. A screen that wants one of these labels in the UI language passes it through
:func:`pixdesk.i18n._`, whose message ids are these same French strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.incidents import IncidentCode
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.results import GLOBAL_LEVEL_CODES, CertificateStatus

__all__ = [
    "ABORT_REASON_LABELS",
    "GLOBAL_LEVEL_LABELS",
    "INCIDENT_LABELS",
    "RESULTS_CSV_HEADERS",
    "STATUS_LABELS",
    "_",
    "yes_no",
]


def _(message: str) -> str:
    """Mark ``message`` as translatable and return it in French, whatever the UI language."""
    return message


INCIDENT_LABELS: Final[Mapping[IncidentCode, str]] = MappingProxyType(
    {
        IncidentCode.C1: _("Modification des nom, prénom ou date de naissance"),
        IncidentCode.C2: _("Ajout ou modification du temps majoré"),
        IncidentCode.C4: _("Problème de signature"),
        IncidentCode.C6: _("Suspicion de fraude"),
        IncidentCode.C7: _("Problème technique non bloquant"),
        IncidentCode.C8: _("Problème non bloquant du candidat"),
        IncidentCode.E1: _("L'image ne s'affiche pas"),
        IncidentCode.E2: _("L'application intégrée ne fonctionne pas"),
        IncidentCode.E3: _("Le fichier joint ne s'ouvre pas"),
        IncidentCode.E4: _("Le site à consulter est indisponible"),
        IncidentCode.E5: _("Le site à consulter est bloqué"),
        IncidentCode.E8: _("Le temps majoré a été dépassé"),
        IncidentCode.E9: _("Le logiciel nécessaire ne fonctionne pas"),
        IncidentCode.E10: _("Sortie involontaire de la question"),
        IncidentCode.E11: _("Page d'erreur « oups »"),
        IncidentCode.E12: _("Problème d'accessibilité"),
    }
)

STATUS_LABELS: Final[Mapping[CertificateStatus, str]] = MappingProxyType(
    {
        CertificateStatus.VALIDATED: _("Validée"),
        CertificateStatus.REJECTED: _("Rejetée"),
        CertificateStatus.CANCELLED: _("Annulée"),
    }
)

# Keyed by the codes of domain.results; pre-beginner has no code, hence no label (RULES §5).
GLOBAL_LEVEL_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        GLOBAL_LEVEL_CODES[1]: _("Débutant 1"),
        GLOBAL_LEVEL_CODES[2]: _("Débutant 2"),
        GLOBAL_LEVEL_CODES[3]: _("Indépendant 3"),
        GLOBAL_LEVEL_CODES[4]: _("Indépendant 4"),
        GLOBAL_LEVEL_CODES[5]: _("Avancé 5"),
        GLOBAL_LEVEL_CODES[6]: _("Avancé 6"),
        GLOBAL_LEVEL_CODES[7]: _("Expert 7"),
    }
)

ABORT_REASON_LABELS: Final[Mapping[AbortReason, str]] = MappingProxyType(
    {
        AbortReason.CANDIDATE: _("Abandon du candidat"),
        AbortReason.TECHNICAL: _("Problème technique"),
    }
)

# Headers of the results CSV, keyed by the column codes of domain.results.RESULTS_CSV_COLUMNS;
# the competence columns are headed by their code ("1.1" … "5.2"), as people know them.
RESULTS_CSV_HEADERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "certification_number": _("Numéro de certification"),
        "first_name": _("Prénom"),
        "last_name": _("Nom"),
        "birth_date": _("Date de naissance"),
        "birth_place": _("Lieu de naissance"),
        "external_id": _("Identifiant externe"),
        "status": _("Statut"),
        "pix_score": _("Nombre de Pix"),
        **{code: code for code in COMPETENCE_CODES},
        "jury_comment": _("Commentaire jury"),
        "session": _("Session"),
        "centre": _("Centre de certification"),
        "date": _("Date de passage de la certification"),
    }
)


def yes_no(flag: bool) -> str:
    """Return « Oui » or « Non »: a tick box on paper, said in words for a screen reader."""
    return _("Oui") if flag else _("Non")
