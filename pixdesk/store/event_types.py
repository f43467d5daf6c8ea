"""Every journal event type, in one place, with the body fields it carries.

docs/journal.md lists the same table for readers of the format; keep the two in step.
A body is a JSON object; fields not listed are allowed (carried and signed, ignored by the
projections), so that a newer station can add information an older console still replicates.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


class EventType(enum.StrEnum):
    """The type of a journal event (its ``type`` field)."""

    SESSION_OPENED = "session.opened"
    SESSION_FINALISED = "session.finalised"
    CANDIDATE_JOINED = "candidate.joined"
    PRESENCE_CONFIRMED = "candidate.presence_confirmed"
    PRESENCE_CANCELLED = "candidate.presence_cancelled"
    TEST_STARTED = "test.started"
    TEST_ENDED = "test.ended"
    ANSWER_SAVED = "answer.saved"
    ALERT_RAISED = "alert.raised"
    ALERT_VALIDATED = "alert.validated"
    ALERT_DISMISSED = "alert.dismissed"
    INCIDENT_RECORDED = "incident.recorded"
    # Console-side bookkeeping (folded by the console's room, not projected into tables).
    STATION_ADMITTED = "station.admitted"
    COMMAND_ISSUED = "command.issued"
    TIME_CREDIT_PROPOSED = "time.credit_proposed"
    TIME_CREDIT_ACCEPTED = "time.credit_accepted"
    TIME_CREDIT_REFUSED = "time.credit_refused"
    RESUME_CODES_ISSUED = "resume_codes.issued"
    # Station-side events of learner mode (docs/journal.md §6).
    COMMAND_RECEIVED = "command.received"
    QUESTION_SHOWN = "question.shown"
    FOCUS_LOST = "focus.lost"
    TEST_INTERRUPTED = "test.interrupted"
    TEST_RESUMED = "test.resumed"
    EXAM_MODE_DEGRADED = "exam_mode.degraded"
    TEST_TRANSFERRED = "test.transferred"
    RESUME_CODE_REFUSED = "resume_code.refused"


@dataclass(frozen=True, slots=True)
class Field:
    """One body field: its JSON type and whether it must be present."""

    kind: type[int] | type[str] | type[list[Any]] | type[dict[str, Any]]
    required: bool = True


_S = Field(str)
_I = Field(int)
_OPT_S = Field(str, required=False)
_OPT_I = Field(int, required=False)
_L = Field(list)
_OPT_D = Field(dict, required=False)

FIELDS: Mapping[EventType, Mapping[str, Field]] = MappingProxyType(
    {
        EventType.SESSION_OPENED: {"session_id": _S, "number": _S, "room": _S},
        EventType.SESSION_FINALISED: {"session_id": _S, "form": _OPT_D},
        EventType.CANDIDATE_JOINED: {"candidate_id": _S, "session_id": _S},
        EventType.PRESENCE_CONFIRMED: {"candidate_id": _S},
        EventType.PRESENCE_CANCELLED: {"candidate_id": _S},
        EventType.TEST_STARTED: {"candidate_id": _S},
        EventType.TEST_ENDED: {"candidate_id": _S, "reason": _S},
        EventType.ANSWER_SAVED: {
            "candidate_id": _S,
            "question_index": _I,
            "item_id": _S,
            "status": _S,
            "value": _OPT_S,
        },
        EventType.ALERT_RAISED: {"alert_id": _S, "candidate_id": _S, "question_index": _I},
        EventType.ALERT_VALIDATED: {"alert_id": _S, "subcategory": _S},
        EventType.ALERT_DISMISSED: {"alert_id": _S},
        EventType.INCIDENT_RECORDED: {
            "incident_id": _S,
            "code": _S,
            "description": _S,
            "candidate_id": _OPT_S,
            "question_index": _OPT_I,
        },
        EventType.STATION_ADMITTED: {"station_id": _S, "candidate_id": _S, "session_id": _S},
        EventType.COMMAND_ISSUED: {
            "session_id": _S,
            "command_id": _S,
            "station_id": _S,
            "kind": _S,
            "status": _S,
            "candidate_id": _OPT_S,
            "reason": _OPT_S,
            "token": _OPT_S,
            "seconds": _OPT_I,
            "alert_id": _OPT_S,
            "subcategory": _OPT_S,
        },
        EventType.TIME_CREDIT_PROPOSED: {
            "credit_id": _S,
            "candidate_id": _S,
            "seconds": _I,
            "cause": _S,
        },
        EventType.TIME_CREDIT_ACCEPTED: {
            "credit_id": _S,
            "candidate_id": _S,
            "seconds": _I,
            "command_id": _S,
        },
        EventType.TIME_CREDIT_REFUSED: {"credit_id": _S, "candidate_id": _S},
        EventType.RESUME_CODES_ISSUED: {"session_id": _S, "count": _I, "hashes": _L},
        EventType.COMMAND_RECEIVED: {
            "command_id": _S,
            "kind": _S,
            "candidate_id": _S,
            "token": _S,
        },
        EventType.QUESTION_SHOWN: {"candidate_id": _S, "question_index": _I, "item_id": _S},
        EventType.FOCUS_LOST: {"candidate_id": _S, "question_index": _I, "item_id": _S},
        EventType.TEST_INTERRUPTED: {"candidate_id": _S},
        EventType.TEST_RESUMED: {"candidate_id": _S, "via": _S},
        EventType.EXAM_MODE_DEGRADED: {"candidate_id": _S, "reason": _S},
        EventType.TEST_TRANSFERRED: {
            "candidate_id": _S,
            "source_station_id": _S,
            "first_seq": _I,
            "last_seq": _I,
            "last_hash": _S,
            "events": _L,
        },
        EventType.RESUME_CODE_REFUSED: {"candidate_id": _S, "reason": _S},
    }
)


class InvalidEventError(ValueError):
    """An event body does not match its type (a bug in the caller, or a hostile replica)."""


def check_body(event_type: str, body: Mapping[str, Any]) -> EventType | None:
    """Check ``body`` against the fields of ``event_type``.

    Args:
        event_type: The event's type string.
        body: The decoded body.

    Returns:
        The known type, or ``None`` for a type this version does not know (kept, not
        projected).

    Raises:
        InvalidEventError: A known type with a missing or mistyped field.
    """
    try:
        known = EventType(event_type)
    except ValueError:
        return None
    for name, spec in FIELDS[known].items():
        value = body.get(name)
        if value is None:
            if spec.required:
                raise InvalidEventError(f"{event_type}: missing field {name!r}")
            continue
        # bool is an int in Python but not a question index.
        if not isinstance(value, spec.kind) or isinstance(value, bool):
            raise InvalidEventError(f"{event_type}: field {name!r} must be {spec.kind.__name__}")
    return known
