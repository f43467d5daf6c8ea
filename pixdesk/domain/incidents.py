"""Incidents recorded by the invigilator, and live-alert subcategories (RULES.md §8, §4).

The domain only deals in codes: the UI and the incident minutes turn them into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pixdesk.domain.items import Item
from pixdesk.domain.text import character_count

MAX_DESCRIPTION_LENGTH: Final = 500
"""**(pixdesk)** Same bound as the finalisation comments (RULES §9), counted the same way:
with :func:`~pixdesk.domain.text.character_count` (NFC)."""


class IncidentCode(StrEnum):
    """Incident codes; C codes concern the session, E codes one question."""

    C1 = "C1"  # name or birth date changed
    C2 = "C2"  # extra time added or changed
    C4 = "C4"  # signature issue
    C6 = "C6"  # fraud suspected
    C7 = "C7"  # non-blocking technical issue
    C8 = "C8"  # non-blocking candidate issue
    E1 = "E1"  # image not displaying
    E2 = "E2"  # embedded application not working
    E3 = "E3"  # attached file not opening
    E4 = "E4"  # website unavailable
    E5 = "E5"  # website blocked
    E8 = "E8"  # extra time exceeded
    E9 = "E9"  # software not working
    E10 = "E10"  # unintentional focus out
    E11 = "E11"  # "oops" error page
    E12 = "E12"  # accessibility issue

    @property
    def in_question(self) -> bool:
        """Tell whether the incident happened on one question (and needs its number)."""
        return self.value.startswith("E")

    @property
    def needs_description(self) -> bool:
        """Tell whether a description is mandatory (every C code)."""
        return not self.in_question


IN_QUESTION_CODES: Final = tuple(code for code in IncidentCode if code.in_question)
LIVE_ALERT_SUBCATEGORIES: Final = IN_QUESTION_CODES
"""An invigilator validating a live alert picks one of the in-question codes."""


class ItemFeature(StrEnum):
    """What a question must have for an in-question incident to concern it."""

    IMAGE = "image"
    EMBED = "embed"
    ATTACHMENT = "attachment"
    TIMER = "timer"
    FOCUS = "focus"


_REQUIRED_FEATURE: Final = {
    IncidentCode.E1: ItemFeature.IMAGE,
    IncidentCode.E2: ItemFeature.EMBED,
    IncidentCode.E3: ItemFeature.ATTACHMENT,
    IncidentCode.E8: ItemFeature.TIMER,
    IncidentCode.E10: ItemFeature.FOCUS,
}


def required_feature(code: IncidentCode) -> ItemFeature | None:
    """Return what the question must have for ``code`` to concern it, if anything."""
    return _REQUIRED_FEATURE.get(code)


def has_feature(item: Item, feature: ItemFeature) -> bool:
    """Tell whether an item has an image, an embed, an attachment, a timer or focus."""
    match feature:
        case ItemFeature.IMAGE:
            return item.has_image
        case ItemFeature.EMBED:
            return item.has_embed
        case ItemFeature.ATTACHMENT:
            return item.has_attachment
        case ItemFeature.TIMER:
            return item.timed
        case ItemFeature.FOCUS:
            return item.focused


def concerns(code: IncidentCode, item: Item) -> bool:
    """Tell whether an in-question code can concern this item (E1 needs an image, …).

    Args:
        code: An incident code.
        item: The question the incident was reported on.

    Returns:
        False for C codes and for E codes whose required feature the item lacks.
    """
    if not code.in_question:
        return False
    feature = required_feature(code)
    return feature is None or has_feature(item, feature)


class IncidentError(StrEnum):
    """Why an incident or a live-alert subcategory is refused."""

    DESCRIPTION_REQUIRED = "DESCRIPTION_REQUIRED"
    DESCRIPTION_TOO_LONG = "DESCRIPTION_TOO_LONG"
    QUESTION_NUMBER_REQUIRED = "QUESTION_NUMBER_REQUIRED"
    QUESTION_NUMBER_OUT_OF_RANGE = "QUESTION_NUMBER_OUT_OF_RANGE"
    QUESTION_NUMBER_UNEXPECTED = "QUESTION_NUMBER_UNEXPECTED"
    NOT_A_LIVE_ALERT_SUBCATEGORY = "NOT_A_LIVE_ALERT_SUBCATEGORY"
    NOT_APPLICABLE_TO_QUESTION = "NOT_APPLICABLE_TO_QUESTION"


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident reported for a candidate.

    Attributes:
        code: The incident code.
        description: Free text, at most 500 characters (counted in NFC); mandatory for C
            codes, optional for E codes.
        question_number: 1-based position of the question in the candidate's test; only for
            E codes.
    """

    code: IncidentCode
    description: str = ""
    question_number: int | None = None


def validate_incident(
    incident: Incident, *, question_count: int | None = None
) -> tuple[IncidentError, ...]:
    """Check an incident before it is recorded.

    Args:
        incident: The incident as entered.
        question_count: How many questions the candidate was given, when known; the question
            number must then be within 1..question_count.

    Returns:
        Every problem found, in a stable order; empty when the incident is valid.
    """
    errors: list[IncidentError] = []
    if incident.code.needs_description and not incident.description.strip():
        errors.append(IncidentError.DESCRIPTION_REQUIRED)
    if character_count(incident.description) > MAX_DESCRIPTION_LENGTH:
        errors.append(IncidentError.DESCRIPTION_TOO_LONG)
    number = incident.question_number
    if not incident.code.in_question:
        if number is not None:
            errors.append(IncidentError.QUESTION_NUMBER_UNEXPECTED)
    elif number is None:
        errors.append(IncidentError.QUESTION_NUMBER_REQUIRED)
    elif number < 1 or (question_count is not None and number > question_count):
        errors.append(IncidentError.QUESTION_NUMBER_OUT_OF_RANGE)
    return tuple(errors)


def live_alert_subcategories(item: Item) -> tuple[IncidentCode, ...]:
    """Return the subcategories worth offering when validating an alert on this item.

    Args:
        item: The question the candidate flagged.

    Returns:
        The in-question codes that concern the item, in code order (E1 only with an image…).
    """
    return tuple(code for code in LIVE_ALERT_SUBCATEGORIES if concerns(code, item))


def validate_live_alert(subcategory: IncidentCode, item: Item) -> tuple[IncidentError, ...]:
    """Check the subcategory an invigilator chose to validate a live alert.

    Args:
        subcategory: The chosen code.
        item: The question the candidate flagged.

    Returns:
        Empty when valid; otherwise NOT_A_LIVE_ALERT_SUBCATEGORY (a C code) or
        NOT_APPLICABLE_TO_QUESTION (e.g. E1 on a question without an image).
    """
    if subcategory not in LIVE_ALERT_SUBCATEGORIES:
        return (IncidentError.NOT_A_LIVE_ALERT_SUBCATEGORY,)
    if not concerns(subcategory, item):
        return (IncidentError.NOT_APPLICABLE_TO_QUESTION,)
    return ()
