"""What a station accepts in each phase: the pupil's actions and the console's commands.

Two tables, read by the runtime before anything is journaled; a refusal is a code the UI turns
into a sentence (pupil) or the console shows (a command ``REJECTED`` with that reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from pixdesk.lab.commands import CommandKind, SignedCommand
from pixdesk.services.station_record import ExamRecord, Phase


class Action(StrEnum):
    """What the pupil can do."""

    START = "start"
    ANSWER = "answer"  # skipping is answering nothing
    FOCUS_LOST = "focus_lost"
    REPORT_PROBLEM = "report_problem"
    RESUME_WITH_CODE = "resume_with_code"


class Refusal(StrEnum):
    """Why the station refuses an action or a command (the command's ``reason``)."""

    NOT_JOINED = "NOT_JOINED"
    WRONG_CANDIDATE = "WRONG_CANDIDATE"
    WRONG_PHASE = "WRONG_PHASE"
    NOT_STARTED = "NOT_STARTED"
    ALREADY_STARTED = "ALREADY_STARTED"
    TEST_ENDED = "TEST_ENDED"
    NOTHING_TO_RESUME = "NOTHING_TO_RESUME"
    NO_SUCH_ALERT = "NO_SUCH_ALERT"
    NOT_FOCUSED = "NOT_FOCUSED"
    STALE_QUESTION = "STALE_QUESTION"  # the screen showed another question
    BANK_LOCKED = "BANK_LOCKED"  # a sealed bank whose key has not arrived (or did not open it)
    BANK_KEY_INVALID = "BANK_KEY_INVALID"  # a bank key that does not open this station's bank
    WRONG_BANK = "WRONG_BANK"  # a bank key for another bank than this station's
    TRANSFER_INVALID = "TRANSFER_INVALID"  # a handover's events do not check out


_BEFORE_START: Final = frozenset({Phase.WAITING_PRESENCE, Phase.INSTRUCTIONS})
_UNDER_WAY: Final = frozenset({Phase.QUESTION, Phase.ALERT_PENDING, Phase.RESUME_NEEDED})

ACTIONS: Final[Mapping[Action, frozenset[Phase]]] = MappingProxyType(
    {
        Action.START: frozenset({Phase.INSTRUCTIONS}),
        Action.ANSWER: frozenset({Phase.QUESTION}),
        Action.FOCUS_LOST: frozenset({Phase.QUESTION}),
        Action.REPORT_PROBLEM: frozenset({Phase.QUESTION}),
        Action.RESUME_WITH_CODE: frozenset({Phase.RESUME_NEEDED}),
    }
)

COMMANDS: Final[Mapping[CommandKind, frozenset[Phase]]] = MappingProxyType(
    {
        CommandKind.CONFIRM_PRESENCE: _BEFORE_START,
        CommandKind.AUTHORISE_START: _BEFORE_START,
        CommandKind.CANCEL_PRESENCE: _BEFORE_START,
        CommandKind.AUTHORISE_RESUME: frozenset({Phase.RESUME_NEEDED}),
        CommandKind.ADD_TIME: _BEFORE_START | _UNDER_WAY,
        CommandKind.END_TEST: _UNDER_WAY,
        # An alert can be decided while the station waits to resume after a crash.
        CommandKind.VALIDATE_ALERT: frozenset({Phase.ALERT_PENDING, Phase.RESUME_NEEDED}),
        CommandKind.DISMISS_ALERT: frozenset({Phase.ALERT_PENDING, Phase.RESUME_NEEDED}),
        CommandKind.RESUME_CODES: _BEFORE_START | _UNDER_WAY,
        CommandKind.BANK_KEY: _BEFORE_START | _UNDER_WAY,
        # The test a candidate began on a dead PC comes to the one they joined again.
        CommandKind.HANDOVER: _BEFORE_START,
        CommandKind.CODES_USED: _BEFORE_START | _UNDER_WAY,
    }
)


def phase_refusal(phase: Phase, allowed: frozenset[Phase]) -> Refusal | None:
    """Say why ``phase`` is not among ``allowed`` (None when it is)."""
    if phase in allowed:
        return None
    if phase is Phase.NOT_JOINED:
        return Refusal.NOT_JOINED
    if phase is Phase.ENDED:
        return Refusal.TEST_ENDED
    if phase in _BEFORE_START and not allowed & _BEFORE_START:
        return Refusal.NOT_STARTED
    if phase in _UNDER_WAY and not allowed & _UNDER_WAY:
        return Refusal.ALREADY_STARTED
    if phase is not Phase.RESUME_NEEDED and allowed == {Phase.RESUME_NEEDED}:
        return Refusal.NOTHING_TO_RESUME
    return Refusal.WRONG_PHASE


def action_refusal(record: ExamRecord | None, action: Action) -> Refusal | None:
    """Say why the pupil cannot do ``action`` now (None when they can)."""
    phase = record.phase if record is not None else Phase.NOT_JOINED
    return phase_refusal(phase, ACTIONS[action])


def command_refusal(record: ExamRecord | None, command: SignedCommand) -> Refusal | None:
    """Say why the station refuses a verified command (None: carry it out)."""
    if record is None:
        return Refusal.NOT_JOINED
    if command.args.get("candidate_id") != record.candidate.candidate_id:
        return Refusal.WRONG_CANDIDATE
    if command.kind in (CommandKind.VALIDATE_ALERT, CommandKind.DISMISS_ALERT):
        alert = record.alert
        if record.phase is not Phase.ENDED and (
            alert is None or alert.alert_id != command.args.get("alert_id")
        ):
            return Refusal.NO_SUCH_ALERT
    return phase_refusal(record.phase, COMMANDS[command.kind])
