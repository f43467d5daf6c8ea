"""Replication over the real link: acks, restarts, gaps, and events in another's name."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pixdesk.lab.codes import JoinResult, LinkProblem
from pixdesk.store.event_types import EventType
from tests.lab.harness import Room, join_lea, make_console, make_session, open_store, run


def test_events_reach_the_replica_verified_and_acknowledged(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            before = station.append_answers(3)  # written before joining: shipped after
            assert (await join_lea(client)).result is JoinResult.MATCHED
            after = station.append_answers(4)
            async with asyncio.timeout(10):
                await client.wait_acked(7)
            assert client.state.acked_seq == 7
            view = room.console.view().journal
            assert view.head_of(station.station_id).seq == 7
            assert view.export_after(station.station_id, 0) == before + after
            assert view.verify(station.station_id, station.key.public_key()).ok
            imported = room.console.recorder.imported
            assert [
                seq for batch in imported for seq in range(batch.first_seq, batch.head_seq + 1)
            ] == list(range(1, 8))
            assert {t for batch in imported for t in batch.types} == {EventType.ANSWER_SAVED.value}
            assert room.console.recorder.security == []

    run(scenario())


def test_hub_killed_and_restarted_gets_the_rest_once(tmp_path: Path) -> None:
    """Console crash: stations keep writing; the restarted hub gets what it lacks, once."""

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            hub = await room.start_hub()
            port = room.address.port
            station = await room.station()
            client = station.client
            assert client is not None
            assert (await join_lea(client)).result is JoinResult.MATCHED
            station.append_answers(5)
            async with asyncio.timeout(10):
                await client.wait_acked(5)
            await hub.close(graceful=False)
            room.console.store.close()
            await station.recorder.wait(lambda: not client.state.connected)
            assert client.state.problem is LinkProblem.CLOSED
            # The learner goes on while the console is down: appends never wait for it.
            station.append_answers(3)
            room.console.store = open_store(room.console.directory)
            room.console.recorder.imported.clear()
            restored = make_session(
                room.console.session_key, admitted=frozenset({station.station_id})
            )
            await room.start_hub(restored, port=port)
            async with asyncio.timeout(10):
                await client.wait_acked(8)
            imported = room.console.recorder.imported
            assert imported[0].first_seq == 6  # re-sent from the last ack, not from the start
            assert imported[-1].head_seq == 8
            view = room.console.view().journal
            assert [e.seq for e in view.export_after(station.station_id, 0)] == list(range(1, 9))
            assert view.verify(station.station_id, station.key.public_key()).ok

    run(scenario())


def test_a_console_that_lost_its_replica_gets_everything_again(tmp_path: Path) -> None:
    """Either side can rebuild the other: an empty replica is refilled from seq 1."""

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            hub = await room.start_hub()
            port = room.address.port
            station = await room.station()
            client = station.client
            assert client is not None
            assert (await join_lea(client)).result is JoinResult.MATCHED
            station.append_answers(4)
            async with asyncio.timeout(10):
                await client.wait_acked(4)
            await hub.close(graceful=False)
            old = room.console
            old.close()
            fresh = make_console(tmp_path / "other-console")
            fresh.session_key, fresh.tls = old.session_key, old.tls
            room.console = fresh
            admitted = frozenset({station.station_id})
            await room.start_hub(make_session(fresh.session_key, admitted=admitted), port=port)
            imported = fresh.recorder.imported
            await fresh.recorder.wait(lambda: bool(imported) and imported[-1].head_seq == 4)
            assert imported[0].first_seq == 1
            assert fresh.view().journal.verify(station.station_id, station.key.public_key()).ok
            await station.recorder.wait(lambda: client.state.acked_seq == 4)

    run(scenario())
