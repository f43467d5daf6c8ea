"""Console time on the stations: measured, never imposed on the station's clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.fakes import FakeClock
from tests.lab.harness import T0, Room, run

HOUR_MS = 3_600_000


def test_a_station_an_hour_behind_learns_the_console_time(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station_clock = FakeClock(T0 - timedelta(hours=1))  # this PC's clock is wrong
            station = await room.station(clock=station_clock)
            client = station.client
            assert client is not None
            assert client.state.offset_ms == HOUR_MS  # from the hello already
            room.console.clock.advance(timedelta(seconds=30))
            station_clock.advance(timedelta(seconds=30))
            assert await client.measure_time() == HOUR_MS  # a heartbeat round trip
            assert client.console_now() == T0 + timedelta(seconds=30)
            assert station_clock.now() == T0 - timedelta(hours=1) + timedelta(seconds=30)
            # Someone moves the PC's clock: the console time it computes does not move.
            station_clock.jump_wall(timedelta(hours=3))
            assert client.console_now() == T0 + timedelta(seconds=30)
            assert await client.measure_time() == HOUR_MS - 3 * HOUR_MS

    run(scenario())
