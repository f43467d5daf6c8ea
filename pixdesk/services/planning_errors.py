"""What session planning refuses, as codes the UI and the CLI turn into sentences."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pixdesk.domain.errors import FieldProblem


class PlanningErrorCode(StrEnum):
    """Why a planning operation was refused; nothing was written."""

    INVALID_FIELDS = "INVALID_FIELDS"  # the session's fields (see ``problems``)
    INVALID_CANDIDATE = "INVALID_CANDIDATE"  # a free candidate's fields (see ``problems``)
    NUMBER_TAKEN = "NUMBER_TAKEN"  # another session of this PC has that number
    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    CANDIDATE_NOT_FOUND = "CANDIDATE_NOT_FOUND"
    LEARNER_NOT_FOUND = "LEARNER_NOT_FOUND"
    LEARNER_INACTIVE = "LEARNER_INACTIVE"  # disabled by a later roster import
    DIVISION_EMPTY = "DIVISION_EMPTY"  # no active learner in that division
    DUPLICATE_CANDIDATE = "DUPLICATE_CANDIDATE"  # same names and birth date already enrolled
    EXTRA_TIME_INVALID = "EXTRA_TIME_INVALID"  # not a percent, or not 0 ≤ x < 1000 %


class PlanningError(Exception):
    """Refuse a planning operation; the store is unchanged.

    Attributes:
        code: Why.
        params: Named values for the message (ids, numbers, the value typed).
        problems: The invalid fields, for ``INVALID_FIELDS`` and ``INVALID_CANDIDATE``.
    """

    def __init__(
        self,
        code: PlanningErrorCode,
        params: Mapping[str, object] | None = None,
        problems: tuple[FieldProblem, ...] = (),
    ) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        self.problems = problems
        super().__init__(code.value, self.params, problems)
