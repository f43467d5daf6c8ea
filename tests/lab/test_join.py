"""Joining over the real link: who may join, what they learn, and the brute-force guard."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pixdesk.lab.address import ConsoleAddress
from pixdesk.lab.client_config import NotConnected
from pixdesk.lab.codes import JoinResult, SecurityIssue
from pixdesk.lab.hub_config import HubSettings
from pixdesk.lab.ratelimit import RatePolicy
from tests.lab.harness import ACCESS_CODE, Room, join_lea, make_station, run, start_client

WRONG = "BCDF99"


def test_the_right_person_with_the_code_joins_and_learns_who_they_are(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            assert client.state.joined is False  # unknown station: nothing replicated yet
            outcome = await join_lea(client, code=ACCESS_CODE.lower())  # case-insensitive
            assert outcome.result is JoinResult.MATCHED
            assert outcome.candidate is not None
            assert outcome.candidate.candidate_id == "cand-lea"
            assert outcome.candidate.extra_time_percent == "0"
            assert client.state.joined
            assert client.state.console is not None
            assert client.state.console.pinned
            assert client.state.console.degraded
            attempt = room.console.recorder.joins[-1]
            assert attempt.result is JoinResult.MATCHED
            assert attempt.candidate is not None
            assert attempt.candidate.candidate_id == "cand-lea"
            assert attempt.station_id == station.station_id

    run(scenario())


@pytest.mark.parametrize(
    ("first", "birth", "born", "code", "expected"),
    [
        ("Lea", "Dupont", date(2010, 5, 4), "BCDF24", JoinResult.WRONG_CODE),
        ("Lea", "Dupont", date(2010, 5, 4), "", JoinResult.WRONG_CODE),
        # Without the code nothing about the roster leaks: an unknown person is WRONG_CODE too.
        ("Nobody", "Here", date(2001, 1, 1), "BCDF24", JoinResult.WRONG_CODE),
        ("Nobody", "Here", date(2001, 1, 1), ACCESS_CODE, JoinResult.NO_MATCH),
        ("Lea", "Dupont", date(2010, 5, 5), ACCESS_CODE, JoinResult.NO_MATCH),
        ("Paul", "Martin", date(2009, 1, 2), ACCESS_CODE, JoinResult.SEVERAL_MATCHES),
    ],
)
def test_join_refusals(
    tmp_path: Path, first: str, birth: str, born: date, code: str, expected: JoinResult
) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            station = await room.station()
            client = station.client
            assert client is not None
            outcome = await client.join(
                first_name=first, birth_name=birth, birth_date=born, access_code=code
            )
            assert outcome.result is expected
            assert outcome.candidate is None
            assert not client.state.joined
            # A station that has not joined is never replicated, and never pinned.
            station.append_answers(2)
            await client.measure_time()  # a round trip: anything sent would have arrived
            assert room.console.view().journal.head_of(station.station_id).seq == 0
            assert client.state.console is not None
            assert not client.state.console.pinned
            if expected is JoinResult.SEVERAL_MATCHES:
                assert room.console.recorder.joins[-1].several == ("cand-paul-1", "cand-paul-2")

    run(scenario())


def test_a_closed_session_refuses_joins(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Room(tmp_path) as room:
            hub = await room.start_hub()
            station = await room.station()
            hub.close_session("123456")
            assert station.client is not None
            assert (await join_lea(station.client)).result is JoinResult.SESSION_CLOSED

    run(scenario())


def test_wrong_codes_lock_out_then_release(tmp_path: Path) -> None:
    """5 wrong codes a minute lock the address and the station, doubling; time releases it."""
    policy = RatePolicy(max_failures=5, window_ns=60 * 10**9, base_lockout_ns=30 * 10**9)

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub(settings=HubSettings(rate_policy=policy))
            station = await room.station()
            client = station.client
            assert client is not None
            clock = room.console.clock
            results = [(await join_lea(client, code=WRONG)).result for _ in range(5)]
            assert results == [JoinResult.WRONG_CODE] * 5
            locked = await join_lea(client)  # even the right code is not looked at now
            assert locked.result is JoinResult.RATE_LIMITED
            assert locked.retry_after_ms == 30_000
            reports = room.console.recorder.security
            assert [r.issue for r in reports] == [SecurityIssue.JOIN_LOCKED_OUT]
            assert reports[0].station_id == station.station_id
            clock.advance(timedelta(seconds=29))
            assert (await join_lea(client)).result is JoinResult.RATE_LIMITED
            clock.advance(timedelta(seconds=2))
            # Released; five more failures lock it again, for twice as long.
            for _ in range(5):
                assert (await join_lea(client, code=WRONG)).result is JoinResult.WRONG_CODE
            again = await join_lea(client)
            assert again.result is JoinResult.RATE_LIMITED
            assert again.retry_after_ms == 60_000
            clock.advance(timedelta(seconds=61))
            assert (await join_lea(client)).result is JoinResult.MATCHED

    run(scenario())


def test_a_new_station_key_does_not_escape_the_address_lock(tmp_path: Path) -> None:
    """Station ids are free to make; the address is what a brute-forcer cannot change."""

    async def scenario() -> None:
        async with Room(tmp_path) as room:
            await room.start_hub()
            first, second = await room.station(), await room.station()
            assert first.client is not None
            assert second.client is not None
            for _ in range(5):
                assert (await join_lea(first.client, code=WRONG)).result is JoinResult.WRONG_CODE
            assert (await join_lea(second.client)).result is JoinResult.RATE_LIMITED

    run(scenario())


def test_join_without_a_connection_says_so(tmp_path: Path) -> None:
    async def scenario() -> None:
        station = make_station(tmp_path / "s1")
        client = start_client(station, ConsoleAddress("127.0.0.1", 9))
        try:
            with pytest.raises(NotConnected):
                await join_lea(client)
        finally:
            await client.close()
            station.close()

    run(scenario())
