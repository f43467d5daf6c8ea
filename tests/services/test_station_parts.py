"""The learner station's parts without a link: resume codes, active time, the rules tables."""

from __future__ import annotations

import pytest

from pixdesk.crypto.resume_codes import generate_resume_codes, hash_resume_codes
from pixdesk.domain.items import AnswerStatus
from pixdesk.lab.commands import CommandKind
from pixdesk.services.resume_codes import ResumeCodeRefusal, TryLimiter, check_code
from pixdesk.services.station_bodies import decode_response, domain_status, encode_response
from pixdesk.services.station_record import ActiveClock, ExamRecord, JoinedCandidate, Phase
from pixdesk.services.station_rules import (
    ACTIONS,
    COMMANDS,
    Action,
    Refusal,
    action_refusal,
    phase_refusal,
)
from tests.services.station_room import CHEAP_ARGON2

S = 1_000_000_000


def test_codes_are_checked_by_their_number_once_each() -> None:
    sheet = generate_resume_codes(3)
    hashes = hash_resume_codes(sheet, params=CHEAP_ARGON2)
    for code in sheet:
        assert check_code(code.text, hashes, frozenset()) == code.number
    first = sheet[0].text
    assert check_code(first, hashes, frozenset({1})) == ResumeCodeRefusal.ALREADY_USED
    # The right secret under another number is wrong: the number is hashed with it.
    assert check_code("02" + first[2:], hashes, frozenset()) == ResumeCodeRefusal.WRONG
    assert check_code("09-BCDF-GH23", hashes, frozenset()) == ResumeCodeRefusal.WRONG
    assert check_code("hello", hashes, frozenset()) == ResumeCodeRefusal.MALFORMED
    assert check_code(first, (), frozenset()) == ResumeCodeRefusal.NO_CODES
    assert check_code(first.lower().replace("-", " "), hashes, frozenset()) == 1


def test_the_try_limiter_doubles_its_wait() -> None:
    limiter = TryLimiter()
    for _ in range(5):
        assert limiter.wait_ns(0) == 0
        limiter.failed(0)
    assert limiter.wait_ns(0) == 30 * S
    for _ in range(5):
        limiter.failed(30 * S)
    assert limiter.wait_ns(30 * S) == 60 * S
    limiter.succeeded()
    assert limiter.wait_ns(30 * S) == 0


def test_active_time_stops_at_the_last_event_of_a_run() -> None:
    clock = ActiveClock().start(100 * S)
    clock = clock.seen(160 * S)
    assert clock.elapsed_ns(170 * S) == 70 * S
    down = clock.interrupted()  # the run ended; its last event was at 160 s
    assert down.elapsed_ns(10 * S) == 60 * S
    again = down.start(5 * S)  # after a reboot the counter starts low again
    assert again.elapsed_ns(15 * S) == 70 * S
    paused = again.pause(10 * S)
    assert paused.elapsed_ns(999 * S) == 65 * S


def _record(**changes: object) -> ExamRecord:
    candidate = JoinedCandidate("c", "A", "B", "2010-01-01", "0", False, "1", "Salle")
    return ExamRecord(candidate, **changes)  # type: ignore[arg-type]


def test_the_tables_cover_every_action_and_command() -> None:
    assert set(ACTIONS) == set(Action)
    assert set(COMMANDS) == set(CommandKind)


@pytest.mark.parametrize(
    ("phase", "action", "refusal"),
    [
        (Phase.QUESTION, Action.ANSWER, None),
        (Phase.ALERT_PENDING, Action.ANSWER, Refusal.WRONG_PHASE),
        (Phase.RESUME_NEEDED, Action.ANSWER, Refusal.WRONG_PHASE),
        (Phase.ENDED, Action.ANSWER, Refusal.TEST_ENDED),
        (Phase.NOT_JOINED, Action.START, Refusal.NOT_JOINED),
        (Phase.WAITING_PRESENCE, Action.ANSWER, Refusal.NOT_STARTED),
        (Phase.QUESTION, Action.START, Refusal.ALREADY_STARTED),
        (Phase.QUESTION, Action.RESUME_WITH_CODE, Refusal.NOTHING_TO_RESUME),
    ],
)
def test_phase_refusals(phase: Phase, action: Action, refusal: Refusal | None) -> None:
    assert phase_refusal(phase, ACTIONS[action]) == refusal


def test_no_record_is_not_joined() -> None:
    assert action_refusal(None, Action.ANSWER) is Refusal.NOT_JOINED
    assert _record().phase is Phase.WAITING_PRESENCE


@pytest.mark.parametrize("response", [None, "2", ["1", "3"], {"a": "é", "b": "1,5"}, ""], ids=repr)
def test_responses_round_trip(response: object) -> None:
    assert decode_response(encode_response(response)) == response  # type: ignore[arg-type]


def test_journal_statuses_use_the_journal_spelling() -> None:
    assert domain_status("timed_out") is AnswerStatus.TIMED_OUT
    assert domain_status("focused_out") is AnswerStatus.FOCUSED_OUT
    assert domain_status("ok") is AnswerStatus.OK
