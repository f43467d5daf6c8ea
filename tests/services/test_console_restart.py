"""No single point of failure: the console restarts, a learner's PC dies; nothing is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pixdesk.domain.candidate import CandidateState
from pixdesk.lab.codes import CommandStatus
from pixdesk.services.console_actions import AuthoriseResume, ConfirmPresence
from pixdesk.services.console_values import Connection
from pixdesk.store.event_types import EventType
from tests.services.console_harness import DRAFT, join, lab_room


def test_a_restarted_console_rebuilds_the_room_and_loses_nothing(tmp_path: Path) -> None:
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        password = session.new_password
        assert password is not None
        console = room.start(session)
        port = console.address.port if console.address else 0
        learners = [room.learner(), room.learner()]
        ids = [join(learner, session, i) for i, learner in enumerate(learners)]
        room.listener.wait(lambda: set(ids) <= room.listener.rows.keys())
        for cid, learner in zip(ids, learners, strict=True):
            assert console.perform(ConfirmPresence(cid)).status is CommandStatus.ACCEPTED
            learner.start()
            for index in range(3):
                seq = learner.answer(index)
            learner.wait_acked(seq)
        room.listener.wait(lambda: all(room.listener.rows[c].answered == 3 for c in ids))
        before = console.rows()

        room.crash_console()
        # Learners keep answering while the console is gone: nothing waits for it.
        for learner in learners:
            for index in range(3, 6):
                learner.answer(index)
        heads = [learner.station.writer.journal.head.seq for learner in learners]

        again = room.sessions.open_known(session.session_id, password)
        assert again.secrets.session_public_key == session.secrets.session_public_key
        console = room.start(again, port=port)
        rebuilt = console.rows()
        assert [(r.candidate_id, r.state, r.answered, r.station_id) for r in rebuilt] == [
            (r.candidate_id, r.state, r.answered, r.station_id) for r in before
        ]
        # The stations come back by themselves (same address, same pinned keys), without
        # joining again, and re-send what the replica lacks.
        for learner, head in zip(learners, heads, strict=True):
            learner.wait_acked(head)
        room.listener.wait(
            lambda: all(
                c in room.listener.rows and room.listener.rows[c].answered == 6 for c in ids
            )
        )
        replica = room.stores[-1].journal
        for learner in learners:
            station = learner.station_id
            events = replica.export_after(station, 0)
            head = learner.station.writer.journal.head.seq
            assert [e.seq for e in events] == list(range(1, head + 1))
            assert events == learner.station.reader.journal.export_after(station, 0)
        assert all(
            row.connection is Connection.CONNECTED for row in console.rows() if row.station_id
        )
        # One opening, one set of resume codes, whatever the restarts.
        own = room.stores[-2].journal
        kinds = [e.type for e in own.export_after(own.station_id, 0)]
        assert kinds.count(EventType.SESSION_OPENED.value) == 1
        assert kinds.count(EventType.RESUME_CODES_ISSUED.value) == 1
        assert console.perform(AuthoriseResume(ids[0])).status is CommandStatus.ACCEPTED


def test_a_learner_whose_pc_died_resumes_on_another_once_authorised(tmp_path: Path) -> None:
    with lab_room(tmp_path) as room:
        session = room.sessions.create_here(DRAFT)
        console = room.start(session)
        dead = room.learner()
        lea = join(dead, session, 0)
        room.listener.wait(lambda: lea in room.listener.rows)
        assert console.perform(ConfirmPresence(lea)).status is CommandStatus.ACCEPTED
        dead.start()
        dead.wait_acked(dead.answer(0))
        client = dead.station.client
        assert client is not None
        room.station_lab.run(client.close())  # the PC dies
        room.listener.wait(lambda: room.listener.rows[lea].connection is Connection.DISCONNECTED)
        room.clock.advance(timedelta(minutes=3))

        spare = room.learner()
        assert join(spare, session, 0) == lea
        room.listener.wait(lambda: room.listener.rows[lea].station_id == spare.station_id)
        row = console.row(lea)
        assert (row.state, row.connection, row.answered) == (
            CandidateState.STARTED,
            Connection.CONNECTED,
            1,
        )
        room.listener.wait(lambda: len(room.listener.rows[lea].credits) == 1)
        assert console.row(lea).credits[0].seconds == 180

        resumed = console.perform(AuthoriseResume(lea))

        assert resumed.status is CommandStatus.ACCEPTED
        assert spare.wait_command("authorise_resume").args["candidate_id"] == lea
        assert "authorise_resume" not in dead.kinds()
        spare.wait_command("resume_codes")
        # The test went first, from the console's replica of the dead PC (DESIGN.md §4).
        handover = spare.wait_command("handover")
        kinds = spare.kinds()
        assert kinds.index("handover") < kinds.index("authorise_resume")
        assert handover.args["source_station_id"] == dead.station_id
        assert [e.seq for e in handover.args["events"]] == [1, 2, 3]  # joined, started, answer
        assert console.row(lea).state is CandidateState.STARTED
