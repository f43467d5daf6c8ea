"""The lab link driven from another thread, as the UI will drive it."""

from __future__ import annotations

import threading
from pathlib import Path

from pixdesk.lab.codes import CommandStatus, ErrorCode, JoinResult
from pixdesk.lab.commands import Command
from pixdesk.lab.discovery import Advertiser
from pixdesk.lab.loop_thread import LabThread
from pixdesk.lab.messages import ErrorMessage
from tests.lab.harness import (
    Room,
    connected,
    join_lea,
    make_console,
    make_station,
    run,
    start_client,
)
from tests.lab.raw import RawStation


def test_the_ui_thread_drives_hub_and_station_through_the_lab_thread(tmp_path: Path) -> None:
    lab = LabThread()
    lab.start()
    console = make_console(tmp_path / "console")
    station = make_station(tmp_path / "station")
    threads: set[str] = set()
    original = console.recorder.station_connected

    def on_connected(info: object) -> None:
        threads.add(threading.current_thread().name)
        original(info)  # type: ignore[arg-type]

    console.recorder.station_connected = on_connected  # type: ignore[method-assign]
    try:
        hub = lab.run(console.start_hub(), timeout=10)
        assert console.address is not None
        address = console.address
        client = lab.call(start_client, station, address).result(10)
        lab.run(connected(station), timeout=10)
        assert lab.run(join_lea(client), timeout=10).result is JoinResult.MATCHED
        future = lab.submit(hub.send_command(station.station_id, Command.end_test("cand-lea")))
        assert future.result(10).status is CommandStatus.ACCEPTED
        station.append_answers(3)  # on this thread; the client reads on its own connection
        lab.run(client.wait_acked(3), timeout=10)
        assert threads == {"pixdesk-lab"}  # observers are called on the lab thread
        lab.run(client.close(), timeout=10)
        lab.run(hub.close(), timeout=10)
    finally:
        lab.stop()
        station.close()
        console.close()


def test_a_second_connection_of_a_station_replaces_the_first(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = make_station(tmp_path / "s")
            room.stations.append(station)
            old = await RawStation.connect(room.address, station.key)
            await old.handshake()
            new = await RawStation.connect(room.address, station.key)
            await new.handshake()
            error = await old.receive()
            assert isinstance(error, ErrorMessage)
            assert error.code == ErrorCode.REPLACED
            assert await old.closed()
            recorder = room.console.recorder
            assert [c.station_id for c in recorder.connected] == [station.station_id] * 2
            assert recorder.disconnected == []  # the station is still connected, by `new`
            assert [c.station_id for c in room.hub.connected_stations()] == [station.station_id]
            await new.close()
            await recorder.wait(lambda: bool(recorder.disconnected))
            assert recorder.disconnected == [(station.station_id, "closed")]

    run(scenario())


def test_an_advertiser_announces_the_lan_addresses_by_default() -> None:
    advertiser = Advertiser()
    assert all(not a.startswith("127.") for a in advertiser._addresses)
