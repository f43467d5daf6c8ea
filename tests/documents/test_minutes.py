"""The incident minutes (procès-verbal): per candidate and for the session (RULES §8, §9)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pixdesk.documents.labels import INCIDENT_LABELS
from pixdesk.documents.minutes import TimedIncident, build_incident_minutes
from pixdesk.documents.render_pdf import render_incident_minutes
from pixdesk.domain.finalisation import FinalisationForm
from pixdesk.domain.incidents import Incident, IncidentCode
from tests.documents import samples
from tests.documents.pdftools import page_texts, reading_order, write


def flat(path: Path) -> str:
    return " ".join("".join(page_texts(path)).split())


def test_every_incident_code_has_a_french_label() -> None:
    """RULES §8: the minutes turn each code into words."""
    assert set(INCIDENT_LABELS) == set(IncidentCode)
    assert all(label.strip() for label in INCIDENT_LABELS.values())


def test_the_model_keeps_reports_and_incidents_in_alphabetical_order() -> None:
    people = samples.candidates(5)
    minutes = build_incident_minutes(
        samples.session(),
        people,
        samples.finalisation(people),
        samples.incidents(people),
        centre="X",
    )
    assert [c.birth_name for c in minutes.candidates] == sorted(
        (c.birth_name for c in minutes.candidates),
        key=lambda n: n.replace("Ç", "C").replace("Œ", "OE").replace("È", "E"),
    )
    assert [c.birth_name for c in minutes.absent] == ["ÇELIK"]
    assert minutes.incident_count == 3
    aborted = next(c for c in minutes.candidates if c.abort_reason is not None)
    assert aborted.abort_reason_label == "Problème technique"
    assert [i.label for i in aborted.incidents] == [
        "Le site à consulter est indisponible",
        "Problème technique non bloquant",
    ]


def test_a_candidate_without_a_report_is_a_bug() -> None:
    people = samples.candidates(3)
    form = samples.finalisation(people[:2])
    with pytest.raises(ValueError, match="no finalisation report"):
        build_incident_minutes(samples.session(), people, form, {}, centre="X")


def test_incidents_of_someone_not_enrolled_are_a_bug() -> None:
    people = samples.candidates(2)
    stray = {"nobody": [TimedIncident(Incident(IncidentCode.C8, "?"))]}
    with pytest.raises(ValueError, match="not enrolled"):
        build_incident_minutes(
            samples.session(), people, samples.finalisation(people), stray, centre="X"
        )


def test_the_minutes_print_the_session_and_its_flags(minutes_pdf: Path) -> None:
    text = flat(minutes_pdf)
    for expected in (
        "Procès-verbal de la session",
        "Finalisée le 30/11/2026 à 11:20",
        "Incident pendant la session : Oui",
        "Difficultés de connexion des candidats : Non",
        "Coupure réseau de 10 minutes à 10 h 12.",
        "Reprise sans perte.",
        "Candidats ayant commencé le test (44)",
        "Candidats absents (1)",
    ):
        assert expected in text
    pages = page_texts(minutes_pdf)
    assert f"page {len(pages)}/{len(pages)}" in pages[-1]


def test_each_incident_reads_as_one_row_code_label_question_description(
    minutes_pdf: Path,
) -> None:
    """In reading order (what a screen reader says), each table row stays together."""
    text = reading_order(minutes_pdf)
    assert (
        "LEFÈVRE François Commentaire : Poste redémarré deux fois ; « panne » électrique." in text
    )
    # Markup characters typed by the invigilator are printed, not interpreted.
    assert (
        "10:12 E4 Le site à consulter est indisponible 7 Site <indisponible> & lent "
        "C7 Problème technique non bloquant Écran figé, poste redémarré"
    ) in text
    assert "09:05 C2 Ajout ou modification du temps majoré Tiers-temps ajouté : 33 %" in text
    assert "LEFÈVRE François 02/02/2009 Non Problème technique 2" in text


def test_a_quiet_session_says_there_was_nothing(tmp_path: Path) -> None:
    people = samples.candidates(2)
    form = samples.finalisation(people)
    quiet = FinalisationForm(tuple(replace(r, comment="") for r in form.reports))
    minutes = build_incident_minutes(samples.session(), people, quiet, {}, centre="X")
    text = flat(write(tmp_path, "quiet.pdf", render_incident_minutes(minutes)))
    assert "Aucun incident ni commentaire." in text
    assert "Commentaire : aucun" in text
