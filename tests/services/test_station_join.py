"""Learner station, joining: a real hub on loopback answers; every refusal is specific."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pixdesk.crypto.keystore import Keystore
from pixdesk.lab.codes import JoinResult, LinkProblem
from pixdesk.services.station_config import JoinForm
from pixdesk.services.station_record import Phase
from pixdesk.services.station_runtime import StationRuntime
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType
from tests.fakes import FakeClock
from tests.lab.harness import ROOM, SESSION
from tests.services.station_room import ConsoleSide, lea_form, open_station


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[ConsoleSide, StationRuntime]]:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    station = open_station(tmp_path / "station", clock, address=address)
    yield console, station
    station.close()
    console.close()


def test_an_unknown_session_number_is_said_so(room: tuple[ConsoleSide, StationRuntime]) -> None:
    _, station = room
    outcome = station.connect("999999", None)
    assert not outcome.connected
    assert outcome.problem is LinkProblem.HUB_REFUSED
    assert outcome.detail == "UNKNOWN_SESSION"


def test_the_console_found_shows_its_room(room: tuple[ConsoleSide, StationRuntime]) -> None:
    _, station = room
    outcome = station.connect(SESSION, None)
    assert outcome.connected
    snapshot = station.snapshot()
    assert snapshot.link.connected
    assert snapshot.link.room == ROOM
    assert snapshot.link.session_number == SESSION
    assert snapshot.link.degraded  # no center key provisioned: the fingerprint is shown
    assert snapshot.link.session_fingerprint
    assert snapshot.station_fingerprint
    assert snapshot.phase is Phase.NOT_JOINED


def test_join_refusals_are_specific_then_a_match_joins(
    room: tuple[ConsoleSide, StationRuntime], tmp_path: Path
) -> None:
    _, station = room
    assert station.connect(SESSION, None).connected
    assert station.join(lea_form("XXXX99")).result == JoinResult.WRONG_CODE
    unknown = JoinForm(SESSION, "Nobody", "Personne", date(2010, 1, 1), "BCDF23")
    assert station.join(unknown).result == JoinResult.NO_MATCH
    paul = JoinForm(SESSION, "Paul", "Martin", date(2009, 1, 2), "bcdf23")
    assert station.join(paul).result == JoinResult.SEVERAL_MATCHES
    assert station.snapshot().phase is Phase.NOT_JOINED

    answer = station.join(lea_form())
    assert answer.matched
    snapshot = station.snapshot()
    assert snapshot.phase is Phase.WAITING_PRESENCE
    assert snapshot.candidate is not None
    assert snapshot.candidate.candidate_id == "cand-lea"
    assert snapshot.candidate.room == ROOM
    # The join is journaled durably: another connection to the store sees it.
    directory = tmp_path / "station"
    other = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
    try:
        types = [e.type for e in other.journal.export_after(other.station_id, 0)]
    finally:
        other.close()
    assert types == [EventType.CANDIDATE_JOINED]


def test_too_many_tries_say_how_long_to_wait(room: tuple[ConsoleSide, StationRuntime]) -> None:
    _, station = room
    assert station.connect(SESSION, None).connected
    for _ in range(5):
        assert station.join(lea_form("XXXX99")).result == JoinResult.WRONG_CODE
    answer = station.join(lea_form())
    assert answer.result == JoinResult.RATE_LIMITED
    assert answer.outcome is not None
    assert answer.outcome.retry_after_ms is not None
    assert answer.outcome.retry_after_ms > 0


def test_a_closed_session_refuses_joins(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start(console.session(closed=True))
    station = open_station(tmp_path / "station", clock, address=address)
    try:
        assert station.connect(SESSION, None).connected
        assert station.join(lea_form()).result == JoinResult.SESSION_CLOSED
    finally:
        station.close()
        console.close()


def test_without_a_console_the_join_says_not_connected(tmp_path: Path) -> None:
    clock = FakeClock()
    console = ConsoleSide(tmp_path / "console", clock)
    address = console.start()
    console.stop()
    station = open_station(tmp_path / "station", clock, address=address)
    try:
        outcome = station.link.connect(SESSION, address, 0.5)
        assert not outcome.connected
        assert outcome.problem is LinkProblem.CONNECT_FAILED
        assert station.join(lea_form()).result == "NOT_CONNECTED"
    finally:
        station.close()
        console.close()
