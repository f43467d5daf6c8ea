"""Errors and problems the domain reports as codes, never as sentences (the UI translates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class DomainError(Exception):
    """Refuse an operation the certification rules forbid (an illegal transition, say).

    Attributes:
        code: A stable identifier the UI maps to a translated sentence.
        params: Named values the sentence may quote (states, limits, ids).
    """

    def __init__(self, code: str, params: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        super().__init__(code, self.params)

    def __str__(self) -> str:
        if not self.params:
            return self.code
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(self.params.items()))
        return f"{self.code} ({details})"


class FieldCode(StrEnum):
    """Why a form field is invalid; shared by the session and candidate forms."""

    REQUIRED = "REQUIRED"
    BLANK_ENTRY = "BLANK_ENTRY"  # one entry of a list field is blank
    NOT_POSITIVE = "NOT_POSITIVE"
    DATE_FORMAT = "DATE_FORMAT"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    TIME_FORMAT = "TIME_FORMAT"
    ACCESS_CODE_FORMAT = "ACCESS_CODE_FORMAT"
    PASSWORD_FORMAT = "PASSWORD_FORMAT"  # noqa: S105 (an error code, not a secret)
    NAME_WITHOUT_LETTERS = "NAME_WITHOUT_LETTERS"
    COUNTRY_CODE_FORMAT = "COUNTRY_CODE_FORMAT"
    INSEE_CODE_FORMAT = "INSEE_CODE_FORMAT"
    POSTAL_CODE_FORMAT = "POSTAL_CODE_FORMAT"
    BIRTH_PLACE_REQUIRED = "BIRTH_PLACE_REQUIRED"
    EXTRA_TIME_RANGE = "EXTRA_TIME_RANGE"
    EMAIL_FORMAT = "EMAIL_FORMAT"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Name one invalid field of a form and why, as a code.

    Attributes:
        field: The dataclass attribute at fault (``"date"``, ``"birth_name"``…).
        code: Why it is invalid (``"REQUIRED"``, ``"DATE_FORMAT"``…).
    """

    field: str
    code: FieldCode
