"""What the invigilator asks of the console, and what came of it.

Each action is a value; ``Console.perform`` turns it into a command signed by the session key
and sent to the candidate's station (or, for an incident or a refused credit, into a journal
entry only), journals the outcome on the console, and returns an :class:`ActionResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pixdesk.domain.incidents import IncidentCode
from pixdesk.lab.codes import CommandStatus
from pixdesk.services.console_values import ActionKind, RoomRow

MAX_ADDED_MINUTES: Final = 240


@dataclass(frozen=True, slots=True)
class ConfirmPresence:
    """Confirm the candidate is in the room (= authorise the start, RULES.md §4)."""

    candidate_id: str


@dataclass(frozen=True, slots=True)
class CancelPresence:
    """Undo a confirmation of presence (before the test starts)."""

    candidate_id: str


@dataclass(frozen=True, slots=True)
class AuthoriseResume:
    """Let the candidate resume after a crash or a disconnection (single use, 15 minutes)."""

    candidate_id: str


@dataclass(frozen=True, slots=True)
class AddTime:
    """Give the candidate more time (``minutes`` 1-240)."""

    candidate_id: str
    minutes: int


@dataclass(frozen=True, slots=True)
class AcceptCredit:
    """Accept a proposed time credit: the time is added on the station."""

    credit_id: str


@dataclass(frozen=True, slots=True)
class RefuseCredit:
    """Refuse a proposed time credit (journaled; nothing is sent)."""

    credit_id: str


@dataclass(frozen=True, slots=True)
class EndTest:
    """End the candidate's test now."""

    candidate_id: str


@dataclass(frozen=True, slots=True)
class ValidateAlert:
    """Validate a live alert: the question is replaced and does not count."""

    alert_id: str
    subcategory: IncidentCode


@dataclass(frozen=True, slots=True)
class DismissAlert:
    """Dismiss a live alert: the candidate continues the same question."""

    alert_id: str


@dataclass(frozen=True, slots=True)
class RecordIncident:
    """Record an incident (RULES.md §8): journaled on the console, nothing is sent.

    Attributes:
        candidate_id: Who it concerns (None: the whole session).
        question_number: For E codes, the question (1-based).
    """

    candidate_id: str | None
    code: IncidentCode
    description: str = ""
    question_number: int | None = None


Action = (
    ConfirmPresence
    | CancelPresence
    | AuthoriseResume
    | AddTime
    | AcceptCredit
    | RefuseCredit
    | EndTest
    | ValidateAlert
    | DismissAlert
    | RecordIncident
)

ACTION_KINDS: Final = {
    ConfirmPresence: ActionKind.CONFIRM_PRESENCE,
    CancelPresence: ActionKind.CANCEL_PRESENCE,
    AuthoriseResume: ActionKind.AUTHORISE_RESUME,
    AddTime: ActionKind.ADD_TIME,
    AcceptCredit: ActionKind.TIME_CREDIT,
    RefuseCredit: ActionKind.TIME_CREDIT,
    EndTest: ActionKind.END_TEST,
    ValidateAlert: ActionKind.HANDLE_ALERT,
    DismissAlert: ActionKind.HANDLE_ALERT,
    RecordIncident: ActionKind.RECORD_INCIDENT,
}
"""Which row action (``RoomRow.actions``) each action needs."""


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What came of an action.

    Attributes:
        action: The action.
        candidate_id: Whom it concerned.
        status: The station's answer or the hub's outcome; None when nothing was sent.
        reason: The station's reason for a REJECTED (a domain code).
        command_id: The command's id, when one was signed.
        row: The candidate's row after the action.
    """

    action: Action
    candidate_id: str | None
    status: CommandStatus | None
    reason: str | None = None
    command_id: str | None = None
    row: RoomRow | None = None

    @property
    def done(self) -> bool:
        """Tell whether the action took effect (journaled, and carried out if sent)."""
        return self.status in (None, CommandStatus.ACCEPTED, CommandStatus.DUPLICATE)
