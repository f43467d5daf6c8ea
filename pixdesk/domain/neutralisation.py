"""Automatic resolution of in-question incidents and jury neutralisation (RULES.md §8).

This is the legacy (v2) resolution: a neutralised question is removed from the
reproducibility rate and from its competence's count (RULES §6). In v3, problems on a
question go through live alerts instead.

Decisions where RULES.md is silent (pixdesk):

- "Wrong or skipped" means every status but OK: KO, SKIPPED, TIMED_OUT, FOCUSED_OUT and
  PARTIALLY (none of them counts as correct).
- E10 incidents are resolved before the others, so the outcome never depends on the order
  incidents were recorded, and a focused-out answer that was right is restored to OK rather
  than merely neutralised (OK helps the candidate more: see the table of RULES §6).
- An incident on a question that is already neutralised does nothing more
  (ALREADY_NEUTRALISED).
- The jury may neutralise or de-neutralise any question of the test, whatever its answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pixdesk.domain.incidents import (
    Incident,
    IncidentCode,
    ItemFeature,
    has_feature,
    required_feature,
)
from pixdesk.domain.items import AnswerStatus, Item

NEUTRALISABLE_STATUSES: Final = frozenset(
    {
        AnswerStatus.KO,
        AnswerStatus.SKIPPED,
        AnswerStatus.TIMED_OUT,
        AnswerStatus.FOCUSED_OUT,
        AnswerStatus.PARTIALLY,
    }
)
"""Statuses that count as "wrong or skipped" for neutralisation."""


class ResolutionKind(StrEnum):
    """What an incident did to its question."""

    NEUTRALISED = "neutralised"
    MARKED_OK = "marked_ok"
    NOT_RESOLVED = "not_resolved"


class UnresolvedReason(StrEnum):
    """Why an incident left its question as it was."""

    NOT_IN_QUESTION = "NOT_IN_QUESTION"  # a C code: for the jury to judge
    QUESTION_NOT_FOUND = "QUESTION_NOT_FOUND"
    NO_IMAGE = "NO_IMAGE"
    NO_EMBED = "NO_EMBED"
    NO_ATTACHMENT = "NO_ATTACHMENT"
    NOT_TIMED = "NOT_TIMED"
    NOT_FOCUSED = "NOT_FOCUSED"
    ANSWER_CORRECT = "ANSWER_CORRECT"
    NOT_FOCUSED_OUT_OR_SKIPPED = "NOT_FOCUSED_OUT_OR_SKIPPED"  # E10 on a KO, timed-out… answer
    ALREADY_NEUTRALISED = "ALREADY_NEUTRALISED"


_MISSING_FEATURE_REASON: Final = {
    ItemFeature.IMAGE: UnresolvedReason.NO_IMAGE,
    ItemFeature.EMBED: UnresolvedReason.NO_EMBED,
    ItemFeature.ATTACHMENT: UnresolvedReason.NO_ATTACHMENT,
    ItemFeature.TIMER: UnresolvedReason.NOT_TIMED,
    ItemFeature.FOCUS: UnresolvedReason.NOT_FOCUSED,
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of one incident; ``reason`` is set exactly when it was not resolved."""

    kind: ResolutionKind
    reason: UnresolvedReason | None = None

    def __post_init__(self) -> None:
        if (self.kind is ResolutionKind.NOT_RESOLVED) != (self.reason is not None):
            raise ValueError(f"inconsistent resolution: {self.kind} with reason {self.reason}")


NEUTRALISED: Final = Resolution(ResolutionKind.NEUTRALISED)
MARKED_OK: Final = Resolution(ResolutionKind.MARKED_OK)


def not_resolved(reason: UnresolvedReason) -> Resolution:
    """Return the NOT_RESOLVED resolution with its reason."""
    return Resolution(ResolutionKind.NOT_RESOLVED, reason)


@dataclass(frozen=True, slots=True)
class GradedAnswer:
    """One question of a candidate's test, in test order, with its graded status."""

    item: Item
    status: AnswerStatus


@dataclass(frozen=True, slots=True)
class IncidentsOutcome:
    """The result of applying incidents to a test.

    Attributes:
        statuses: The new status of every answer, in test order.
        neutralised: Ids of the neutralised items (previously neutralised ones included).
        resolutions: One resolution per incident, in the order the incidents were given.
    """

    statuses: tuple[AnswerStatus, ...]
    neutralised: frozenset[str]
    resolutions: tuple[Resolution, ...]


def resolve(code: IncidentCode, item: Item, status: AnswerStatus) -> Resolution:
    """Decide what an incident does to one question (RULES §8 automatic resolution).

    Args:
        code: The incident code.
        item: The question it was reported on.
        status: The graded status of the candidate's answer to it.

    Returns:
        NEUTRALISED, MARKED_OK (E10 on a focused-out answer) or NOT_RESOLVED with a reason.
    """
    if not code.in_question:
        return not_resolved(UnresolvedReason.NOT_IN_QUESTION)
    feature = required_feature(code)
    if feature is not None and not has_feature(item, feature):
        return not_resolved(_MISSING_FEATURE_REASON[feature])
    if status not in NEUTRALISABLE_STATUSES:
        return not_resolved(UnresolvedReason.ANSWER_CORRECT)
    if code is IncidentCode.E10:
        if status is AnswerStatus.FOCUSED_OUT:
            return MARKED_OK
        if status is AnswerStatus.SKIPPED:
            return NEUTRALISED
        return not_resolved(UnresolvedReason.NOT_FOCUSED_OUT_OR_SKIPPED)
    return NEUTRALISED


def apply_incidents(
    incidents: Iterable[Incident],
    answers: Sequence[GradedAnswer],
    *,
    neutralised: Iterable[str] = (),
) -> IncidentsOutcome:
    """Apply a candidate's incidents to their graded answers.

    Args:
        incidents: The candidate's incidents; C codes and incidents whose question number is
            missing or out of range are reported as not resolved.
        answers: The test's questions in order; ``question_number`` n is ``answers[n - 1]``.
        neutralised: Item ids already neutralised (e.g. by the jury).

    Returns:
        The new statuses, the neutralised item ids and each incident's resolution.
    """
    statuses = [answer.status for answer in answers]
    done = set(neutralised)
    numbered = list(enumerate(incidents))
    resolutions: dict[int, Resolution] = {}
    # E10 first: see the module docstring (order independence).
    for index, incident in sorted(numbered, key=lambda pair: pair[1].code is not IncidentCode.E10):
        resolutions[index] = _apply_one(incident, answers, statuses, done)
    return IncidentsOutcome(
        statuses=tuple(statuses),
        neutralised=frozenset(done),
        resolutions=tuple(resolutions[index] for index, _ in numbered),
    )


def _apply_one(
    incident: Incident,
    answers: Sequence[GradedAnswer],
    statuses: list[AnswerStatus],
    done: set[str],
) -> Resolution:
    """Resolve one incident, updating ``statuses`` and ``done`` in place."""
    if not incident.code.in_question:
        return not_resolved(UnresolvedReason.NOT_IN_QUESTION)
    number = incident.question_number
    if number is None or not 1 <= number <= len(answers):
        return not_resolved(UnresolvedReason.QUESTION_NOT_FOUND)
    position = number - 1
    item = answers[position].item
    if item.id in done:
        return not_resolved(UnresolvedReason.ALREADY_NEUTRALISED)
    resolution = resolve(incident.code, item, statuses[position])
    if resolution.kind is ResolutionKind.NEUTRALISED:
        done.add(item.id)
    elif resolution.kind is ResolutionKind.MARKED_OK:
        statuses[position] = AnswerStatus.OK
    return resolution


def jury_neutralise(
    neutralised: Iterable[str], item_id: str, answers: Sequence[GradedAnswer]
) -> frozenset[str]:
    """Neutralise a question by jury decision, whatever its answer.

    Args:
        neutralised: Item ids neutralised so far.
        item_id: The question to neutralise.
        answers: The candidate's test, to check the question belongs to it.

    Returns:
        The new set of neutralised item ids (unchanged if it already was).

    Raises:
        ValueError: The item is not part of the candidate's test (a programming error).
    """
    _require_in_test(item_id, answers)
    return frozenset(neutralised) | {item_id}


def jury_deneutralise(
    neutralised: Iterable[str], item_id: str, answers: Sequence[GradedAnswer]
) -> frozenset[str]:
    """Cancel the neutralisation of a question by jury decision.

    Args:
        neutralised: Item ids neutralised so far.
        item_id: The question to count again.
        answers: The candidate's test, to check the question belongs to it.

    Returns:
        The new set of neutralised item ids (unchanged if it was not neutralised).

    Raises:
        ValueError: The item is not part of the candidate's test (a programming error).
    """
    _require_in_test(item_id, answers)
    return frozenset(neutralised) - {item_id}


def _require_in_test(item_id: str, answers: Sequence[GradedAnswer]) -> None:
    if all(answer.item.id != item_id for answer in answers):
        raise ValueError(f"item {item_id!r} is not part of this test")
