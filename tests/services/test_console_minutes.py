"""The console writes the incident minutes from its journal when it finalises (RULES §4, §8, §9).

Real console, real stations on loopback: the incidents are recorded through the console's
actions, the alert is raised in a station's journal and replicated, the PDF is read back with
pdftotext as a reader would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.domain.candidate import CandidateState
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.codes import CommandStatus
from pixdesk.services.console_actions import (
    ConfirmPresence,
    DismissAlert,
    RecordIncident,
    ValidateAlert,
)
from pixdesk.services.console_finalise import CandidateAnswers, FinalisationAnswers
from pixdesk.services.console_minutes import minutes_file_name
from pixdesk.store.event_types import EventType
from tests.documents.pdftools import page_texts, reading_order
from tests.services.console_harness import DRAFT, LabRoom, Learner, join, lab_room


@pytest.fixture
def room(tmp_path: Path):
    with lab_room(tmp_path) as lab:
        yield lab


def flat(path: Path) -> str:
    return " ".join("".join(page_texts(path)).split())


def started(room: LabRoom, learner: Learner, index: int) -> str:
    assert room.console is not None
    assert room.session is not None
    cid = join(learner, room.session, index)
    room.listener.wait(lambda: cid in room.listener.rows)
    assert room.console.perform(ConfirmPresence(cid)).status is CommandStatus.ACCEPTED
    learner.wait_acked(learner.start())
    room.listener.wait(lambda: room.listener.rows[cid].state is CandidateState.STARTED)
    return cid


def raised(room: LabRoom, learner: Learner, question_index: int) -> str:
    alert_id = learner.raise_alert(question_index)
    cid = learner.candidate_id
    assert cid is not None
    room.listener.wait(lambda: any(a.alert_id == alert_id for a in room.listener.rows[cid].alerts))
    return alert_id


def local_hm(room: LabRoom) -> str:
    return room.clock.now().astimezone().strftime("%H:%M")


def test_finalising_writes_the_minutes_with_incidents_and_validated_alerts(
    room: LabRoom,
) -> None:
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    lea_station, paul_station = room.learner(), room.learner()
    lea, paul = started(room, lea_station, 0), started(room, paul_station, 1)
    zoe = session.candidates[2].candidate_id

    incident_at = local_hm(room)
    console.perform(RecordIncident(lea, IncidentCode.C7, "Écran figé, poste redémarré"))
    console.perform(RecordIncident(None, IncidentCode.C4, "Feuille d'émargement déchirée"))
    console.perform(RecordIncident(zoe, IncidentCode.C1, "Date de naissance corrigée"))
    validated = raised(room, paul_station, 6)
    assert console.perform(ValidateAlert(validated, IncidentCode.E4)).done
    dismissed = raised(room, lea_station, 3)
    assert console.perform(DismissAlert(dismissed)).done

    outcome = console.finalise(
        FinalisationAnswers(
            candidates=(
                CandidateAnswers(lea, abort_reason=AbortReason.TECHNICAL),
                CandidateAnswers(paul, abort_reason=AbortReason.CANDIDATE, comment="Parti tôt"),
            ),
            comment="RAS",
        )
    )

    path = outcome.minutes_path
    assert outcome.minutes_error is None
    assert path == session.directory / minutes_file_name(session.number)
    assert path.parent == session.sheet_path.parent  # beside the emergency sheet
    text = flat(path)
    assert f"Session n° {session.number}" in text
    assert "Incidents concernant toute la session" in text
    assert "Parti tôt" in text
    order = reading_order(path)
    # One row per line, in reading order: time, code, nature, question, the invigilator's note.
    assert (f"{incident_at} C4 Problème de signature Feuille d'émargement déchirée") in order
    assert f"{incident_at} C7 Problème technique non bloquant Écran figé, poste redémarré" in order
    assert "Alerte validée : Le site à consulter est indisponible 7" in order
    assert "Date de naissance corrigée" in order  # an absent candidate's incident is kept
    # The dismissed alert (question 4) is no incident: Léa has only her C7.
    lea_part = order[order.index("DUPONT Léa") :]
    assert "Alerte validée" not in lea_part.split("MARTIN Paul")[0]
    assert not list(session.directory.glob("*.tmp*"))


def test_the_minutes_can_be_written_again_and_a_failure_does_not_undo_the_finalisation(
    room: LabRoom,
) -> None:
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    lea = started(room, room.learner(), 0)
    blocked = session.directory / minutes_file_name(session.number)
    blocked.mkdir()  # the file cannot be written where a folder stands

    outcome = console.finalise(
        FinalisationAnswers(candidates=(CandidateAnswers(lea, abort_reason=AbortReason.TECHNICAL),))
    )

    assert console.finalised
    assert outcome.minutes_path is None
    assert outcome.minutes_error
    blocked.rmdir()
    assert console.write_minutes() == blocked
    assert "DUPONT" in flat(blocked)


def test_minutes_of_a_session_not_finalised_are_refused(room: LabRoom) -> None:
    console = room.start(room.sessions.create_here(DRAFT))
    with pytest.raises(ValueError, match="not finalised"):
        console.write_minutes()


def test_an_alert_validated_on_the_station_alone_is_listed(room: LabRoom) -> None:
    """The station journals ``alert.validated`` too: the replica alone is enough."""
    session = room.sessions.create_here(DRAFT)
    console = room.start(session)
    station = room.learner()
    lea = started(room, station, 0)
    alert_id = raised(room, station, 1)
    seq = station.append(
        EventType.ALERT_VALIDATED,
        {"alert_id": alert_id, "subcategory": "E12", "candidate_id": lea},
    )
    station.wait_acked(seq)

    outcome = console.finalise(
        FinalisationAnswers(candidates=(CandidateAnswers(lea, abort_reason=AbortReason.TECHNICAL),))
    )

    assert outcome.minutes_path is not None
    assert "Alerte validée : Problème d'accessibilité 2" in reading_order(outcome.minutes_path)
