"""Sample sessions, candidates and results for the document tests."""

from __future__ import annotations

from datetime import date, datetime

from pixdesk.documents.minutes import TimedIncident
from pixdesk.domain.candidate import Candidate, CandidateState, Sex
from pixdesk.domain.finalisation import AbortReason, CandidateReport, FinalisationForm
from pixdesk.domain.incidents import Incident, IncidentCode
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.results import CertificateData, from_v3
from pixdesk.domain.session import Session

CENTRE = "Lycée Édouard-Herriot"
VERIFY_BASE = "https://verif.pixdesk.example/certificats"

# Accents, cedillas and ligatures on purpose: they must come back as text from the PDF.
BIRTH_NAMES = (
    "Çelik",
    "Lefèvre",
    "Cœurderoy",
    "Dupont",
    "Müller",
    "Nguyễn",
    "Ørsted",
    "Besançon",
    "Da Silva",
    "Lemaître",
)
FIRST_NAMES = (
    "Élodie",
    "François",
    "Lætitia",
    "Zoé",
    "Noël",
    "Anaïs",
    "Jérôme",
    "Maëlle",
    "Héloïse",
)


def session(
    number: int = 12, invigilators: tuple[str, ...] = ("Mme Bérénice Œhl", "M. Gaël Roché")
) -> Session:
    return Session(
        number=number,
        site="12 rue de l'Église, 69003 Lyon",
        room="Salle informatique B204",
        date="2026-11-30",
        start_time="09:00",
        invigilators=invigilators,
        access_code="BCDF23",
        invigilator_password="23bcdf",
    )


def candidates(count: int, *, session_number: int = 12) -> list[Candidate]:
    """``count`` distinct candidates, in no particular order."""
    people = []
    for index in range(count):
        people.append(
            Candidate(
                candidate_id=f"c{index:03d}",
                session_number=session_number,
                birth_name=f"{BIRTH_NAMES[index % len(BIRTH_NAMES)]}",
                first_name=f"{FIRST_NAMES[index % len(FIRST_NAMES)]}",
                birth_date=date(2009, 1 + index % 12, 1 + index % 28),
                sex=Sex.F if index % 2 else Sex.M,
                birth_insee_code="69123",
                division=f"2nde {1 + index % 3}",
                external_id=f"INE{index:08d}",
            )
        )
    return people


def certificate_data(*, status: str = "validated", global_level: int | None = 5) -> CertificateData:
    levels = {code: 1 + i % 6 for i, code in enumerate(COMPETENCE_CODES)}
    levels["3.4"] = None  # not certified
    return from_v3(
        560,
        895,
        global_level,
        levels,
        status=status,
        centre=CENTRE,
        birth_name="Lefèvre-Çelik",
        first_name="Élodie",
        birth_date=date(2009, 3, 14),
        birth_place="Besançon (25)",
        test_date=date(2026, 11, 30),
        delivery_date=date(2026, 12, 15),
        verification_code="P-B2C3D4F6",
    )


def finalisation(people: list[Candidate]) -> FinalisationForm:
    """First candidate absent, second aborted (technical), the rest finished."""
    reports = []
    for index, person in enumerate(people):
        if index == 0:
            reports.append(CandidateReport(person.candidate_id, CandidateState.ENROLLED))
        elif index == 1:
            reports.append(
                CandidateReport(
                    person.candidate_id,
                    CandidateState.ENDED_BY_FINALISATION,
                    abort_reason=AbortReason.TECHNICAL,
                    comment="Poste redémarré deux fois ; « panne » électrique.",
                )
            )
        else:
            reports.append(
                CandidateReport(person.candidate_id, CandidateState.COMPLETED, saw_end_screen=True)
            )
    return FinalisationForm(
        tuple(reports),
        comment="Coupure réseau de 10 minutes à 10 h 12.\nReprise sans perte.",
        incident=True,
        joining_issue=False,
    )


def incidents(people: list[Candidate]) -> dict[str, list[TimedIncident]]:
    return {
        people[1].candidate_id: [
            TimedIncident(
                Incident(IncidentCode.E4, "Site <indisponible> & lent", question_number=7),
                datetime(2026, 11, 30, 10, 12),
            ),
            TimedIncident(Incident(IncidentCode.C7, "Écran figé, poste redémarré"), None),
        ],
        people[2].candidate_id: [
            TimedIncident(
                Incident(IncidentCode.C2, "Tiers-temps ajouté : 33 %"),
                datetime(2026, 11, 30, 9, 5),
            )
        ],
    }
