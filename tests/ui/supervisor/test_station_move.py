"""A candidate whose PC dies moves to another PC: what the invigilator sees and does in the
console window (docs/lab-protocol.md §7.7), end to end.

All real: the console window on a real console, TLS on loopback, learner stations on their own
encrypted stores (StationRuntime, and a learner window for the new PC), the demo bank; only the
clock is fake. A refusal case runs on the console harness's stations.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pixdesk.crypto.sealed_bank import generate_bank_key
from pixdesk.domain.candidate import CandidateState
from pixdesk.i18n import set_language
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.hub_config import HubSettings
from pixdesk.services.console_session import ConsoleSessions
from pixdesk.services.console_values import ActionKind, Connection
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.store.event_types import EventType
from pixdesk.ui.learner.bridge import StationBridge
from pixdesk.ui.learner.learner_window import LearnerWindow
from pixdesk.ui.supervisor.console_bridge import ConsoleBridge
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.supervisor.room_model import Column
from pixdesk.ui.tasks import TaskRunner
from tests.services.console_harness import CHEAP, DRAFT, SETTINGS, WAIT, LabRoom, join, lab_room
from tests.services.station_room import Watcher, open_station
from tests.services.test_station_handover import all_acked, answer, form_of
from tests.ui.a11y import assert_accessible
from tests.ui.supervisor.conftest import WAIT_MS
from tests.ui.supervisor.test_console_window import act, row


def cell(window: ConsoleWindow, cid: str, column: Column) -> str:
    position = window.model.position_of(cid)
    assert position is not None
    return str(window.model.index(position, column).data())


def notices(window: ConsoleWindow) -> list[str]:
    return [window.notices.item(i).text() for i in range(window.notices.count())]


def seated(qtbot, room: LabRoom, window: ConsoleWindow, station: StationRuntime) -> str:
    """``station`` joins as the session's first candidate; the room shows it there."""
    session = room.session
    assert session is not None
    cid = session.candidates[0].candidate_id
    assert station.connect(session.number_text, None).connected
    assert station.join(form_of(session)).matched
    qtbot.waitUntil(lambda: row(window, cid).station_id == station.station_id, timeout=WAIT_MS)
    return cid


def select_with_keyboard(qtbot, window: ConsoleWindow, name: str, cid: str) -> None:
    """Ctrl+F, type part of the name, Tab to the table: its first row is selected."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.table.clearSelection()
    window.table.setCurrentIndex(window.proxy.index(-1, -1))
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.name_filter.hasFocus()
    QTest.keyClicks(window.name_filter, name)
    QTest.keyClick(window.name_filter, Qt.Key.Key_Tab)
    assert window.table.hasFocus()
    selected = window.selected_row()
    assert selected is not None
    assert selected.candidate_id == cid


def test_a_candidate_whose_pc_died_goes_on_at_the_same_question_on_another_pc(
    qtbot, room: LabRoom, window: ConsoleWindow, tmp_path: Path
) -> None:
    first = open_station(tmp_path / "pc-a", room.clock, address=room.address)
    try:
        lea = seated(qtbot, room, window, first)
        window.select(lea)
        assert act(qtbot, window, ActionKind.CONFIRM_PRESENCE).status is CommandStatus.ACCEPTED
        Watcher(first).until(lambda s: s.resume_codes)
        first.start_test()
        for right in (True, False, True):
            answer(first, right=right)
        all_acked(first)
        before = first.snapshot()
        old_print = first.station_fingerprint
        qtbot.waitUntil(lambda: row(window, lea).answered == 3, timeout=WAIT_MS)
        assert cell(window, lea, Column.QUESTION) == "3/32"
    finally:
        first.close()  # the PC dies
    qtbot.waitUntil(lambda: row(window, lea).connection is Connection.DISCONNECTED, timeout=WAIT_MS)

    second = open_station(tmp_path / "pc-b", room.clock, address=room.address)
    runner = TaskRunner()
    learner = LearnerWindow(StationBridge(second, runner), exam_mode=False)
    qtbot.addWidget(learner)
    try:
        learner.show()
        assert seated(qtbot, room, window, second) == lea
        qtbot.waitUntil(lambda: learner.current_page is learner.waiting_page, timeout=WAIT_MS)

        # The room says it plainly and tells what to do.
        moved = (
            f"DUPONT Léa a rejoint depuis un autre poste (ancien poste : {old_print}) : "
            "autorisez la reprise pour continuer son test sur ce poste."
        )
        qtbot.waitUntil(lambda: any(moved in text for text in notices(window)), timeout=WAIT_MS)
        assert window.banner.text == f"Information : {moved}"
        assert not any("s'est connecté depuis un poste" in text for text in notices(window)[:1])
        waiting = row(window, lea)
        assert waiting.moved_from == old_print
        assert waiting.state is CandidateState.STARTED
        assert cell(window, lea, Column.STATUS) == "En attente de reprise"
        assert cell(window, lea, Column.TO_DO) == "Reprise à autoriser (nouveau poste)"
        assert cell(window, lea, Column.CONNECTION) == "Connecté (nouveau poste)"
        assert cell(window, lea, Column.QUESTION) == "3/32"
        position = window.model.position_of(lea)
        summary = window.model.index(position, Column.NAME).data(
            Qt.ItemDataRole.AccessibleDescriptionRole
        )
        assert "En attente de reprise" in summary
        assert "Reprise à autoriser (nouveau poste)" in summary
        window.status_filter.setCurrentIndex(1)  # "À traiter"
        assert window.proxy.rowCount() == 1
        window.status_filter.setCurrentIndex(0)

        select_with_keyboard(qtbot, window, "dupont", lea)
        resume = window.room_actions[ActionKind.AUTHORISE_RESUME]
        assert resume.isEnabled()
        for kind in (ActionKind.ADD_TIME, ActionKind.END_TEST):  # the new PC has no test yet
            assert not window.room_actions[kind].isEnabled()
        assert_accessible(window)

        with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as finished:
            QTest.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
            # On its way: said, shown, and not startable twice.
            assert "sur son nouveau poste" in window.banner.text
            assert not resume.isEnabled()
            assert resume.text() == "Reprise en cours…"
            assert window.busy.isVisibleTo(window)
            QTest.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

        result = finished.args[0]
        assert result.status is CommandStatus.ACCEPTED
        assert window.banner.text == (
            "Terminé : Le test de DUPONT Léa est passé sur son nouveau poste : il reprend là "
            "où il s'était arrêté."
        )
        assert not window.busy.isVisibleTo(window)
        assert resume.text() == "Autoriser la &reprise"
        journal = second.journal_events()
        assert [e.type for e in journal].count(EventType.TEST_TRANSFERRED) == 1
        resumes = [
            e
            for e in journal
            if e.type == EventType.COMMAND_RECEIVED
            and e.body_dict().get("kind") == "authorise_resume"
        ]
        assert len(resumes) == 1  # the second Ctrl+R did nothing

        # The new PC shows the same question; the row shows the candidate going on there.
        after = second.snapshot()
        assert after.phase is Phase.QUESTION
        assert after.question is not None
        assert before.question is not None
        assert (after.question.index, after.question.item.id) == (
            before.question.index,
            before.question.item.id,
        )
        qtbot.waitUntil(lambda: learner.current_page is learner.question_page, timeout=WAIT_MS)
        assert learner.question_page.heading.text() == "Question 4 / 32"
        qtbot.waitUntil(lambda: row(window, lea).moved_from is None, timeout=WAIT_MS)
        assert cell(window, lea, Column.STATUS) == "En cours"
        assert cell(window, lea, Column.CONNECTION) == "Connecté"
        assert cell(window, lea, Column.TO_DO) == ""
        assert ActionKind.END_TEST in row(window, lea).actions
        answer(second)
        all_acked(second)
        qtbot.waitUntil(lambda: cell(window, lea, Column.QUESTION) == "4/32", timeout=WAIT_MS)
        assert_accessible(window)
    finally:
        learner.close()
        runner.shutdown(wait=True)
        second.close()


def test_a_move_the_console_cannot_complete_says_what_to_do_in_english(
    qtbot, tmp_path: Path
) -> None:
    """No journal of the old PC to send (HANDOVER_UNAVAILABLE); a sealed bank whose key the
    new PC cannot get in time (TIMEOUT, BANK_LOCKED): kind, specific sentences."""
    set_language("en")
    quick = replace(SETTINGS, hub=HubSettings(command_timeout_s=1.0))
    with lab_room(tmp_path, settings=quick) as room:
        room.sessions = ConsoleSessions(
            room.data_dir,
            center_public_key=None,
            clock=room.clock,
            kdf_params=CHEAP,
            bank_key=generate_bank_key("pixdesk-demo"),
        )
        runner = TaskRunner()
        try:
            bridge = ConsoleBridge()
            session = room.sessions.create_here(DRAFT)
            console = room.start(session, listener=bridge)
            window = ConsoleWindow(console, runner, bridge)
            qtbot.addWidget(window)
            with qtbot.waitSignal(window.rows_applied, timeout=WAIT_MS):
                window.show()
            qtbot.waitExposed(window)

            # Léa's first PC never journaled her join (its replica cannot be handed over);
            # Paul's did, but his new PC publishes no key to seal the bank key to.
            lost = room.learner()
            person = session.candidates[0]
            client = lost.station.client
            assert client is not None
            joined = lost.lab.run(
                client.join(
                    first_name=person.first_name,
                    birth_name=person.birth_name,
                    birth_date=person.birth_date,
                    access_code=session.access_code,
                ),
                timeout=WAIT,
            )
            assert joined.candidate is not None
            lea = lost.candidate_id = joined.candidate.candidate_id
            kept = room.learner()
            paul = join(kept, session, 1)
            for learner, cid in ((lost, lea), (kept, paul)):
                qtbot.waitUntil(
                    lambda c=cid: row(window, c).station_id is not None, timeout=WAIT_MS
                )
                window.select(cid)
                assert act(qtbot, window, ActionKind.CONFIRM_PRESENCE).done
                learner.wait_acked(learner.start())
                qtbot.waitUntil(
                    lambda c=cid: row(window, c).state is CandidateState.STARTED, timeout=WAIT_MS
                )
                room.disconnect(learner)
            for index, cid in ((0, lea), (1, paul)):
                join(room.learner(), session, index)
                qtbot.waitUntil(
                    lambda c=cid: row(window, c).moved_from is not None, timeout=WAIT_MS
                )
            assert any(
                "MARTIN Paul joined from another PC (previous PC:" in text
                for text in notices(window)
            )
            assert cell(window, paul, Column.STATUS) == "Waiting to resume"
            assert cell(window, paul, Column.TO_DO) == "Resume to authorise (new PC)"

            window.select(lea)
            with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS):
                window.room_actions[ActionKind.AUTHORISE_RESUME].trigger()
            assert window.banner.text.startswith("Error: This candidate's test cannot move")
            assert "switch the previous PC back on" in window.banner.text
            assert row(window, lea).moved_from is not None  # nothing changed

            window.select(paul)
            with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as refused:
                window.room_actions[ActionKind.AUTHORISE_RESUME].trigger()
            result = refused.args[0]
            assert (result.status, result.reason) == (CommandStatus.TIMEOUT, "BANK_LOCKED")
            assert window.banner.text.startswith(
                "Error: MARTIN Paul's new PC has not received the key to the questions yet"
            )
            assert "authorise the resume again" in window.banner.text
            assert window.room_actions[ActionKind.AUTHORISE_RESUME].isEnabled()  # try again
            assert_accessible(window)
        finally:
            runner.shutdown(wait=True)
    assert QApplication.instance() is not None
