"""Turn an invigilator's action into a command (or a journal entry), and record the outcome.

Runs on the console's worker, which owns the room and the console's journal. Two steps around
the network: :func:`plan_action` checks the action against the room and builds the command
(nothing is written if it does not fit); the console sends it; :func:`record_plan` journals
``command.issued`` with its outcome and, when the station carried it out, what it means for
the room (presence confirmed, test ended, alert validated, credit accepted…).

A command whose answer was lost (TIMEOUT) may have been carried out: doing the same action
again within the authorisation's validity re-sends it under the same ``command_id``, so a
station that did it answers DUPLICATE instead of doing it twice (docs/lab-protocol.md §7.4).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

from pixdesk.domain.clock import Clock
from pixdesk.domain.incidents import LIVE_ALERT_SUBCATEGORIES, Incident, validate_incident
from pixdesk.lab.codes import CommandStatus
from pixdesk.lab.commands import Command, TimeReason, new_command_id
from pixdesk.lab.hub_config import CommandOutcome
from pixdesk.services.console_actions import (
    ACTION_KINDS,
    MAX_ADDED_MINUTES,
    AcceptCredit,
    Action,
    ActionResult,
    AddTime,
    AuthoriseResume,
    CancelPresence,
    ConfirmPresence,
    DismissAlert,
    EndTest,
    RecordIncident,
    RefuseCredit,
    ValidateAlert,
)
from pixdesk.services.console_errors import ConsoleError, ConsoleErrorCode
from pixdesk.services.console_room import Room
from pixdesk.services.console_session import ConsoleSession
from pixdesk.services.console_values import DONE
from pixdesk.store.event_types import EventType

RETRY_WINDOW: Final = timedelta(minutes=14)
"""A lost answer is retried under the same id only while the command could still be valid."""

Append = Callable[[EventType, dict[str, Any]], set[str]]


@dataclass
class PlanContext:
    """What planning and recording need (all owned by the console's worker)."""

    room: Room
    session: ConsoleSession
    clock: Clock
    append: Append
    uncertain: dict[tuple[str, str, str], tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Plan:
    """A command ready to send for an action."""

    action: Action
    candidate_id: str
    station_id: str
    command: Command
    command_id: str
    retry_key: tuple[str, str, str]
    seconds: int | None = None
    alert_id: str | None = None
    subcategory: str | None = None
    credit_id: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    """An action's result, the rows it changed, and a station now owed the resume codes."""

    result: ActionResult
    changed: set[str]
    codes_for: str | None = None


def plan_action(ctx: PlanContext, action: Action) -> Plan | Recorded:
    """Check ``action`` against the room; return the command to send, or the journaled result
    of an action that sends nothing (an incident, a refused credit).

    Raises:
        ConsoleError: the action does not fit; nothing was written.
    """
    room = ctx.room
    if room.finalised:
        raise ConsoleError(ConsoleErrorCode.SESSION_FINALISED)
    candidate_id = _candidate_of(room, action)
    if candidate_id is not None:
        row = room.row(candidate_id)
        if ACTION_KINDS[type(action)] not in row.actions:
            raise ConsoleError(
                ConsoleErrorCode.NOT_AVAILABLE,
                {"action": ACTION_KINDS[type(action)].value, "state": row.state.value},
            )
    if isinstance(action, RecordIncident):
        return _record_incident(ctx, action)
    assert candidate_id is not None  # only incidents may concern the whole session
    if isinstance(action, RefuseCredit):
        body = {"credit_id": action.credit_id, "candidate_id": candidate_id}
        changed = ctx.append(EventType.TIME_CREDIT_REFUSED, body)
        return Recorded(
            ActionResult(action, candidate_id, None, row=room.row(candidate_id)), changed
        )
    station_id = room.station_of(candidate_id)
    if station_id is None:
        raise ConsoleError(ConsoleErrorCode.NO_STATION)
    return _plan_command(ctx, action, candidate_id, station_id)


def record_plan(ctx: PlanContext, plan: Plan, outcome: CommandOutcome) -> Recorded:
    """Journal a sent command's outcome, and its meaning when the station carried it out."""
    status = outcome.status
    body: dict[str, Any] = {
        "session_id": ctx.session.session_id,
        "command_id": plan.command_id,
        "station_id": plan.station_id,
        "kind": plan.command.kind.value,
        "status": status.value,
        "candidate_id": plan.candidate_id,
    }
    optional = {
        "reason": outcome.reason,
        "token": outcome.token or None,
        "seconds": plan.seconds,
        "alert_id": plan.alert_id,
        "subcategory": plan.subcategory,
    }
    body.update({name: value for name, value in optional.items() if value is not None})
    changed = ctx.append(EventType.COMMAND_ISSUED, body)
    if status is CommandStatus.TIMEOUT:
        ctx.uncertain[plan.retry_key] = (plan.command_id, ctx.clock.monotonic_ns())
    else:
        ctx.uncertain.pop(plan.retry_key, None)
    codes_for = None
    if status.value in DONE:
        changed |= _carried_out(ctx, plan)
        if isinstance(plan.action, ConfirmPresence):
            codes_for = plan.station_id
    result = ActionResult(
        plan.action,
        plan.candidate_id,
        status,
        outcome.reason,
        plan.command_id,
        ctx.room.row(plan.candidate_id),
    )
    return Recorded(result, changed, codes_for)


def _candidate_of(room: Room, action: Action) -> str | None:
    if isinstance(action, AcceptCredit | RefuseCredit):
        found = room.credit(action.credit_id)
        if found is None:
            raise ConsoleError(ConsoleErrorCode.UNKNOWN_CREDIT)
        return found[0]
    if isinstance(action, ValidateAlert | DismissAlert):
        alert = room.alert(action.alert_id)
        if alert is None:
            raise ConsoleError(ConsoleErrorCode.UNKNOWN_ALERT)
        return alert[0]
    candidate_id = action.candidate_id
    if candidate_id is not None and candidate_id not in room:
        raise ConsoleError(ConsoleErrorCode.UNKNOWN_CANDIDATE)
    return candidate_id


def _record_incident(ctx: PlanContext, action: RecordIncident) -> Recorded:
    incident = Incident(action.code, action.description.strip(), action.question_number)
    errors = validate_incident(incident)
    if errors:
        raise ConsoleError(
            ConsoleErrorCode.INVALID_INCIDENT, {"errors": tuple(e.value for e in errors)}
        )
    body: dict[str, Any] = {
        "incident_id": secrets.token_hex(16),
        "code": action.code.value,
        "description": incident.description,
        "session_id": ctx.session.session_id,  # a session-wide incident's only link to it
    }
    if action.candidate_id is not None:
        body["candidate_id"] = action.candidate_id
    if action.question_number is not None:
        body["question_index"] = action.question_number - 1  # journals count from 0
    changed = ctx.append(EventType.INCIDENT_RECORDED, body)
    row = ctx.room.row(action.candidate_id) if action.candidate_id is not None else None
    return Recorded(ActionResult(action, action.candidate_id, None, row=row), changed)


def _plan_command(ctx: PlanContext, action: Action, candidate_id: str, station_id: str) -> Plan:
    extra: dict[str, Any] = {}
    if isinstance(action, ConfirmPresence):
        command = Command.confirm_presence(candidate_id)
    elif isinstance(action, CancelPresence):
        command = Command.cancel_presence(candidate_id)
    elif isinstance(action, AuthoriseResume):
        command = Command.authorise_resume(candidate_id)
    elif isinstance(action, EndTest):
        command = Command.end_test(candidate_id)
    elif isinstance(action, AddTime):
        if not 1 <= action.minutes <= MAX_ADDED_MINUTES:
            raise ConsoleError(ConsoleErrorCode.INVALID_TIME, {"maximum": MAX_ADDED_MINUTES})
        extra["seconds"] = action.minutes * 60
        command = Command.add_time(candidate_id, action.minutes * 60, TimeReason.MANUAL)
    elif isinstance(action, AcceptCredit):
        found = ctx.room.credit(action.credit_id)
        assert found is not None  # checked by _candidate_of
        extra |= {"seconds": found[1].seconds, "credit_id": action.credit_id}
        command = Command.add_time(candidate_id, found[1].seconds, TimeReason.TIME_CREDIT)
    elif isinstance(action, ValidateAlert):
        if action.subcategory not in LIVE_ALERT_SUBCATEGORIES:
            raise ConsoleError(
                ConsoleErrorCode.INVALID_INCIDENT, {"errors": ("NOT_A_LIVE_ALERT_SUBCATEGORY",)}
            )
        extra |= {"alert_id": action.alert_id, "subcategory": action.subcategory.value}
        command = Command.validate_alert(candidate_id, action.alert_id, action.subcategory)
    elif isinstance(action, DismissAlert):
        extra["alert_id"] = action.alert_id
        command = Command.dismiss_alert(candidate_id, action.alert_id)
    else:  # pragma: no cover - every action is handled above
        raise TypeError(action)
    key = (station_id, command.kind.value, repr(sorted(command.wire_args().items())))
    command_id = _retry_id(ctx, key) or new_command_id()
    return Plan(action, candidate_id, station_id, command, command_id, key, **extra)


def _retry_id(ctx: PlanContext, key: tuple[str, str, str]) -> str | None:
    earlier = ctx.uncertain.get(key)
    if earlier is None:
        return None
    command_id, at_ns = earlier
    if ctx.clock.monotonic_ns() - at_ns > RETRY_WINDOW // timedelta(microseconds=1) * 1000:
        ctx.uncertain.pop(key, None)
        return None
    return command_id


def _carried_out(ctx: PlanContext, plan: Plan) -> set[str]:
    action, cid = plan.action, plan.candidate_id
    if isinstance(action, ConfirmPresence):
        return ctx.append(EventType.PRESENCE_CONFIRMED, {"candidate_id": cid})
    if isinstance(action, CancelPresence):
        return ctx.append(EventType.PRESENCE_CANCELLED, {"candidate_id": cid})
    if isinstance(action, EndTest):
        return ctx.append(EventType.TEST_ENDED, {"candidate_id": cid, "reason": "invigilator"})
    if isinstance(action, ValidateAlert):
        body = {"alert_id": action.alert_id, "subcategory": action.subcategory.value}
        return ctx.append(EventType.ALERT_VALIDATED, body)
    if isinstance(action, DismissAlert):
        return ctx.append(EventType.ALERT_DISMISSED, {"alert_id": action.alert_id})
    if isinstance(action, AcceptCredit) and plan.seconds is not None:
        accepted: dict[str, Any] = {
            "credit_id": action.credit_id,
            "candidate_id": cid,
            "seconds": plan.seconds,
            "command_id": plan.command_id,
        }
        return ctx.append(EventType.TIME_CREDIT_ACCEPTED, accepted)
    return set()
