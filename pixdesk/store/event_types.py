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


@dataclass(frozen=True, slots=True)
class Field:
    """One body field: its JSON type and whether it must be present."""

    kind: type[int] | type[str]
    required: bool = True


_S = Field(str)
_I = Field(int)
_OPT_S = Field(str, required=False)
_OPT_I = Field(int, required=False)

FIELDS: Mapping[EventType, Mapping[str, Field]] = MappingProxyType(
    {
        EventType.SESSION_OPENED: {"session_id": _S, "number": _S, "room": _S},
        EventType.SESSION_FINALISED: {"session_id": _S},
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
