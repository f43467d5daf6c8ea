"""Every console action, driven through the window, reaches a real station client on loopback."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pixdesk.domain.candidate import CandidateState, DisplayStatus
from pixdesk.domain.finalisation import AbortReason
from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.codes import CommandStatus, JoinResult
from pixdesk.lab.commands import TimeReason
from pixdesk.services.console_values import ActionKind, Connection
from pixdesk.ui.supervisor.alert_dialog import AlertDialog
from pixdesk.ui.supervisor.console_window import ConsoleWindow
from pixdesk.ui.supervisor.credit_dialog import CreditDialog
from pixdesk.ui.supervisor.end_test_dialog import EndTestDialog
from pixdesk.ui.supervisor.finalisation_wizard import FinalisationWizard
from pixdesk.ui.supervisor.incident_dialog import IncidentDialog
from pixdesk.ui.supervisor.room_model import Column
from pixdesk.ui.supervisor.time_dialog import AddTimeDialog
from tests.services.console_harness import LabRoom, Learner, join
from tests.ui.a11y import assert_accessible
from tests.ui.supervisor.conftest import WAIT_MS


def joined(qtbot, room: LabRoom, window: ConsoleWindow, index: int = 0) -> tuple[Learner, str]:
    """A station joins as the session's ``index``-th candidate; the room shows it."""
    assert room.session is not None
    learner = room.learner()
    cid = join(learner, room.session, index)
    qtbot.waitUntil(lambda: row(window, cid).station_id is not None, timeout=WAIT_MS)
    window.select(cid)
    return learner, cid


def row(window: ConsoleWindow, cid: str):
    position = window.model.position_of(cid)
    assert position is not None
    return window.model.row_at(position)


def act(qtbot, window: ConsoleWindow, kind: ActionKind):
    """Trigger a toolbar action that needs no dialog; return its result."""
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as finished:
        window.room_actions[kind].trigger()
    return finished.args[0]


def dialog_for(qtbot, window: ConsoleWindow, kind: ActionKind):
    with qtbot.waitSignal(window.dialog_opened, timeout=WAIT_MS) as opened:
        window.room_actions[kind].trigger()
    return opened.args[0]


def started(qtbot, room: LabRoom, window: ConsoleWindow, index: int = 0) -> tuple[Learner, str]:
    learner, cid = joined(qtbot, room, window, index)
    assert act(qtbot, window, ActionKind.CONFIRM_PRESENCE).status is CommandStatus.ACCEPTED
    learner.wait_acked(learner.start())
    qtbot.waitUntil(lambda: row(window, cid).state is CandidateState.STARTED, timeout=WAIT_MS)
    window.select(cid)
    return learner, cid


def test_presence_is_confirmed_and_cancelled_with_the_keyboard(qtbot, room, window) -> None:
    learner, lea = joined(qtbot, room, window)
    assert window.room_actions[ActionKind.CONFIRM_PRESENCE].isEnabled()
    assert not window.room_actions[ActionKind.END_TEST].isEnabled()
    window.activateWindow()
    window.table.setFocus()

    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as confirmed:
        QTest.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    assert confirmed.args[0].status is CommandStatus.ACCEPTED
    assert learner.wait_command("confirm_presence").args["candidate_id"] == lea
    assert row(window, lea).state is CandidateState.PRESENT
    assert window.banner.text.startswith("Terminé :")
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as cancelled:
        QTest.keyClick(
            window.table,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert cancelled.args[0].status is CommandStatus.ACCEPTED
    learner.wait_command("cancel_presence")
    assert row(window, lea).state is CandidateState.ENROLLED


def test_the_room_follows_what_stations_send(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    for index in range(4):
        learner.answer(index)
    qtbot.waitUntil(lambda: row(window, lea).answered == 4, timeout=WAIT_MS)

    position = window.model.position_of(lea)
    cell = window.model.index(position, Column.QUESTION)
    assert cell.data() == "4/32"
    assert window.model.index(position, Column.STATUS).data() == "En cours"
    summary = window.model.index(position, Column.NAME).data(
        Qt.ItemDataRole.AccessibleDescriptionRole
    )
    assert "DUPONT Léa" in summary
    assert "En cours" in summary
    assert "4/32" in summary
    assert window.model.index(position, Column.CONNECTION).data() == "Connecté"
    # Filters: by status, then by a name typed without its accent.
    window.status_filter.setCurrentIndex(window.status_filter.findData(DisplayStatus.NOT_STARTED))
    assert window.proxy.rowCount() == 2
    window.status_filter.setCurrentIndex(0)
    window.name_filter.setText("zoe")
    assert window.proxy.rowCount() == 1
    assert "BERNARD" in window.proxy.index(0, Column.NAME).data()


def test_resume_and_added_time_reach_the_station(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)

    assert act(qtbot, window, ActionKind.AUTHORISE_RESUME).status is CommandStatus.ACCEPTED
    assert learner.wait_command("authorise_resume").args["candidate_id"] == lea

    dialog = dialog_for(qtbot, window, ActionKind.ADD_TIME)
    assert isinstance(dialog, AddTimeDialog)
    dialog.minutes.setValue(7)
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as added:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert added.args[0].status is CommandStatus.ACCEPTED
    command = learner.wait_command("add_time")
    assert (command.args["seconds"], command.args["reason"]) == (420, TimeReason.MANUAL)
    assert row(window, lea).added_seconds == 420


def test_a_time_credit_is_accepted_then_another_refused(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    for decision in ("accept", "refuse"):
        room.disconnect(learner)
        qtbot.waitUntil(
            lambda: row(window, lea).connection is Connection.DISCONNECTED, timeout=WAIT_MS
        )
        room.clock.advance(timedelta(minutes=3))
        room.reconnect(learner)
        qtbot.waitUntil(lambda: len(row(window, lea).credits) == 1, timeout=WAIT_MS)
        assert (
            "Crédit de temps proposé : 3 min"
            in window.model.index(window.model.position_of(lea), Column.TO_DO).data()
        )
        window.select(lea)
        dialog = dialog_for(qtbot, window, ActionKind.TIME_CREDIT)
        assert isinstance(dialog, CreditDialog)
        with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as decided:
            (dialog.accept_button if decision == "accept" else dialog.refuse_button).click()
        result = decided.args[0]
        assert result.done
        assert row(window, lea).credits == ()
    command = learner.wait_command("add_time")
    assert (command.args["seconds"], command.args["reason"]) == (180, TimeReason.TIME_CREDIT)
    assert learner.kinds().count("add_time") == 1
    assert row(window, lea).added_seconds == 180


def test_alerts_are_validated_and_dismissed(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    first = learner.raise_alert(2)
    qtbot.waitUntil(lambda: len(row(window, lea).alerts) == 1, timeout=WAIT_MS)
    position = window.model.position_of(lea)
    assert window.model.index(position, Column.STATUS).data() == "En pause : alerte"
    assert "question 3" in window.notices.item(0).text()

    dialog = dialog_for(qtbot, window, ActionKind.HANDLE_ALERT)
    assert isinstance(dialog, AlertDialog)
    dialog.subcategory.setCurrentIndex(dialog.subcategory.findData(IncidentCode.E9))
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS):
        dialog.validate_button.click()
    command = learner.wait_command("validate_alert")
    assert (command.args["alert_id"], command.args["subcategory"]) == (first, IncidentCode.E9)

    second = learner.raise_alert(3)
    qtbot.waitUntil(lambda: len(row(window, lea).alerts) == 1, timeout=WAIT_MS)
    window.select(lea)
    dialog = dialog_for(qtbot, window, ActionKind.HANDLE_ALERT)
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS):
        dialog.dismiss_button.click()
    assert learner.wait_command("dismiss_alert").args["alert_id"] == second
    assert row(window, lea).alerts == ()


def test_an_incident_is_checked_next_to_its_fields_then_recorded(qtbot, room, window) -> None:
    _learner, lea = started(qtbot, room, window)
    dialog = dialog_for(qtbot, window, ActionKind.RECORD_INCIDENT)
    assert isinstance(dialog, IncidentDialog)
    assert dialog.candidate.currentData() == lea
    dialog.code.setCurrentIndex(dialog.code.findData(IncidentCode.C6))
    assert not dialog.question.isEnabled()

    dialog.ok_button.click()  # a C code needs a description
    assert "Décrivez l'incident" in dialog.errors.message("description")
    assert dialog.isVisible()
    dialog.description.setPlainText("Téléphone sorti pendant le test")
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as recorded:
        dialog.ok_button.click()
    assert recorded.args[0].done
    assert row(window, lea).incidents == 1


def test_ending_a_test_asks_first(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    dialog = dialog_for(qtbot, window, ActionKind.END_TEST)
    assert isinstance(dialog, EndTestDialog)
    assert dialog.cancel_button.isDefault()
    with qtbot.waitSignal(window.action_finished, timeout=WAIT_MS) as ended:
        dialog.end_button.click()
    assert ended.args[0].status is CommandStatus.ACCEPTED
    learner.wait_command("end_test")
    position = window.model.position_of(lea)
    assert window.model.index(position, Column.STATUS).data() == "Arrêté par le surveillant"


def test_an_offline_station_is_said_plainly(qtbot, room, window) -> None:
    learner, lea = started(qtbot, room, window)
    room.disconnect(learner)
    qtbot.waitUntil(lambda: row(window, lea).connection is Connection.DISCONNECTED, timeout=WAIT_MS)
    window.select(lea)
    result = act(qtbot, window, ActionKind.AUTHORISE_RESUME)
    assert result.status is CommandStatus.NOT_CONNECTED
    assert window.banner.text.startswith("Erreur :")
    assert "n'est pas connecté" in window.banner.text


def test_the_finalisation_wizard_lists_problems_then_closes_the_session(
    qtbot, room, window
) -> None:
    learner, lea = started(qtbot, room, window)
    with qtbot.waitSignal(window.dialog_opened, timeout=WAIT_MS) as opened:
        window.finalise_action.trigger()
    wizard = opened.args[0]
    assert isinstance(wizard, FinalisationWizard)
    (line,) = wizard.candidates.lines
    assert line.reason.isEnabled()

    wizard.next()  # no abort reason for a running test: refused, said next to the field
    assert wizard.currentPage() is wizard.candidates
    assert "choisissez un motif" in wizard.candidates.errors.message(f"{lea}.reason")
    line.reason.setCurrentIndex(line.reason.findData(AbortReason.TECHNICAL))
    line.comment.setText("Panne de courant")
    wizard.next()
    assert wizard.currentPage() is wizard.absents
    assert wizard.absents.list.count() == 2
    wizard.next()
    wizard.session.comment.setPlainText("x" * 501)
    wizard.next()
    assert wizard.currentPage() is wizard.session
    assert "501" in wizard.session.errors.message("comment")
    wizard.session.comment.setPlainText("RAS")
    wizard.session.incident.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.check
    assert wizard.check.problems.count() == 0

    with qtbot.waitSignal(window.finalised, timeout=WAIT_MS) as done:
        wizard.button(wizard.WizardButton.CommitButton).click()

    assert done.args[0].ended == (lea,)
    learner.wait_command("end_test")
    # The last page says where the minutes are and opens them from the keyboard.
    minutes = done.args[0].minutes_path
    assert minutes is not None
    assert minutes.is_file()
    assert wizard.currentPage() is wizard.done_page
    assert str(minutes) in wizard.done_page.status.text()
    assert_accessible(wizard.done_page)
    opened_files: list = []
    wizard.done_page.open_file = opened_files.append
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.done_page.status.hasFocus(), timeout=WAIT_MS)
    QTest.keyClick(wizard.done_page.status, Qt.Key.Key_Tab)
    assert wizard.done_page.open_button.hasFocus()
    QTest.keyClick(wizard.done_page.open_button, Qt.Key.Key_Space)
    assert opened_files == [minutes]
    assert not wizard.button(wizard.WizardButton.BackButton).isEnabled()  # no way back
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()
    assert not window.finalise_action.isEnabled()
    qtbot.waitUntil(lambda: row(window, lea).finalised, timeout=WAIT_MS)
    assert not any(
        action.isEnabled()
        for kind, action in window.room_actions.items()
        if kind is not ActionKind.RECORD_INCIDENT
    )
    late = room.learner()
    person = room.session.candidates[2]
    refused = late.join(
        person.birth_name,
        person.first_name,
        person.birth_date,
        room.session.access_code,
        room.session.number_text,
    )
    assert refused.result is JoinResult.SESSION_CLOSED
