"""The station client's small parts: backoff, console time, pins, join answers."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.domain.candidate import Candidate, Sex
from pixdesk.lab.client_config import Backoff, ConsoleTime
from pixdesk.lab.codes import JoinResult
from pixdesk.lab.hub_config import epoch_ms
from pixdesk.lab.join import candidate_info, decide_join
from pixdesk.lab.messages import JoinRequest
from pixdesk.lab.pins import FilePinStore, PinnedConsole
from tests.lab.harness import ACCESS_CODE, CANDIDATES, T0


def test_backoff_grows_to_its_bound_with_jitter_and_resets() -> None:
    backoff = Backoff(0.5, 10.0, random.Random(1))
    delays = [backoff.next_delay() for _ in range(10)]
    bases = [0.5, 1, 2, 4, 8, 10, 10, 10, 10, 10]
    assert all(base / 2 <= d < base for d, base in zip(delays, bases, strict=True))
    backoff.reset()
    assert 0.25 <= backoff.next_delay() < 0.5


def test_console_time_takes_the_middle_of_the_round_trip() -> None:
    time = ConsoleTime()
    assert time.now_ms(0) is None
    station_wall = T0 - timedelta(hours=1)
    console_ms = epoch_ms(T0)
    time.sample(
        console_ms=console_ms, sent_mono_ns=0, received_mono_ns=40_000_000, wall=station_wall
    )
    assert time.round_trip_ms == 40
    assert time.offset_ms == 3_600_000 + 20  # the reply left the console 20 ms before now
    assert time.now_ms(40_000_000) == console_ms + 20
    assert time.now(1_040_000_000) == T0 + timedelta(milliseconds=1020)


def test_pins_survive_in_their_file(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    store = FilePinStore(tmp_path / "pins.json")
    assert store.get("1") is None
    store.put(PinnedConsole("1", key, "ab" * 32))
    assert FilePinStore(tmp_path / "pins.json").get("1") == PinnedConsole("1", key, "ab" * 32)
    (tmp_path / "pins.json").write_text("{broken")
    assert FilePinStore(tmp_path / "pins.json").get("1") is None


def _request(**change: str) -> JoinRequest:
    fields = {
        "session_number": "123456",
        "first_name": "lea",
        "birth_name": "dupont",
        "birth_date": "2010-05-04",
        "access_code": ACCESS_CODE,
        **change,
    }
    return JoinRequest(1, **fields)


def _decide(request: JoinRequest, closed: bool = False) -> JoinResult:
    return decide_join(
        request,
        session_number="123456",
        access_code=ACCESS_CODE,
        candidates=CANDIDATES,
        closed=closed,
    ).result


def test_join_decisions() -> None:
    assert _decide(_request()) is JoinResult.MATCHED
    assert _decide(_request(session_number="0123456")) is JoinResult.MATCHED  # same number
    assert _decide(_request(session_number="654321")) is JoinResult.NO_MATCH
    assert _decide(_request(session_number="12a")) is JoinResult.NO_MATCH
    assert _decide(_request(birth_date="04/05/2010")) is JoinResult.NO_MATCH
    assert _decide(_request(first_name="!!")) is JoinResult.NO_MATCH
    assert _decide(_request(access_code=" bcdf23 ")) is JoinResult.MATCHED
    assert _decide(_request(access_code="BCDF2")) is JoinResult.WRONG_CODE
    assert _decide(_request(), closed=True) is JoinResult.SESSION_CLOSED


def test_extra_time_travels_as_a_decimal_string() -> None:
    base = Candidate("c", 1, "B", "A", date(2010, 1, 1), Sex.F, birth_insee_code="75056")
    cases = [("0", "0"), ("0.33", "33"), ("0.335", "33.5"), ("1", "100"), ("0.3333", "33.33")]
    for ratio, text in cases:
        info = candidate_info(replace(base, extra_time_ratio=Decimal(ratio)))
        assert info.extra_time_percent == text
    assert candidate_info(base).birth_date == "2010-01-01"
