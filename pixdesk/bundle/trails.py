"""Each candidate's trail through the journals: answers, validated alerts, how the test began.

What re-scoring needs from the journal (docs/bundle-format.md §7): every ``answer.saved``
(``candidate_id``, ``question_index``, ``item_id``, ``status``), the ``alert.raised`` /
``alert.validated`` pairs, and on ``test.started`` the extra fields ``bank_id`` (string),
``seed`` (integer), ``engine`` (``"v3"`` when absent) and ``accessibility_adjustment``
(boolean, false when absent); for engine v2 also ``positioning_profile`` and ``item_ids``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pixdesk.bundle.model import StationJournal
from pixdesk.domain.items import AnswerStatus
from pixdesk.domain.legacy_profile import PositioningProfile
from pixdesk.domain.legacy_profile_doc import ProfileFormatError, profile_from_doc
from pixdesk.store.event_types import EventType

# docs/journal.md spells two statuses with an underscore; the domain's codes have none.
STATUS_ALIASES: Mapping[str, AnswerStatus] = {
    "timed_out": AnswerStatus.TIMED_OUT,
    "focused_out": AnswerStatus.FOCUSED_OUT,
}


class TrailConflict(ValueError):
    """The journals contradict each other about a candidate (named in ``candidate_id``)."""

    def __init__(self, candidate_id: str, detail: str) -> None:
        super().__init__(f"{candidate_id}: {detail}")
        self.candidate_id = candidate_id


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered question, as the journal recorded it."""

    question_index: int
    item_id: str
    status: str


@dataclass(frozen=True, slots=True)
class TestStart:
    """What ``test.started`` says about how the test was drawn.

    ``profile`` and ``item_ids`` are engine v2's: the positioning profile the questions were
    picked from, and the picked list (None when the body has none).
    """

    bank_id: str | None
    seed: int | None
    engine: str
    accessibility_adjustment: bool
    profile: PositioningProfile | None = None
    item_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Trail:
    """A candidate's record, merged across stations."""

    candidate_id: str
    answers: tuple[Answer, ...] = ()  # by question index
    validated_alerts: Mapping[int, int] = field(default_factory=dict)  # question index → count
    start: TestStart | None = None


def status_of(code: str) -> AnswerStatus | None:
    """Return the domain status of a journal status code, or None when it is not one."""
    try:
        return AnswerStatus(code)
    except ValueError:
        return STATUS_ALIASES.get(code)


def collect_trails(journals: Iterable[StationJournal]) -> dict[str, Trail]:
    """Gather every candidate's trail from the journals.

    Within one journal the last answer to a question wins (as in the store's projection);
    two journals that disagree about a question, two different test starts, or answers
    journaled by a station the candidate never joined on, are a conflict.

    Raises:
        TrailConflict: the journals contradict each other.
    """
    answers: dict[str, dict[int, Answer]] = defaultdict(dict)
    starts: dict[str, TestStart] = {}
    raised: dict[str, tuple[str, int]] = {}
    validated: set[str] = set()
    for journal in journals:
        local: dict[str, dict[int, Answer]] = defaultdict(dict)
        joined: set[str] = set()
        for event in journal.events:
            body = event.body_dict()
            if event.type == EventType.CANDIDATE_JOINED:
                joined.add(body["candidate_id"])
            elif event.type == EventType.ANSWER_SAVED:
                answer = Answer(body["question_index"], body["item_id"], body["status"])
                local[body["candidate_id"]][answer.question_index] = answer
            elif event.type == EventType.TEST_STARTED:
                _add_start(starts, body)
            elif event.type == EventType.ALERT_RAISED:
                raised[body["alert_id"]] = (body["candidate_id"], body["question_index"])
            elif event.type == EventType.ALERT_VALIDATED:
                validated.add(body["alert_id"])
        for candidate, by_index in local.items():
            if candidate not in joined:
                # A station speaks for the candidates seated at it, no one else.
                raise TrailConflict(candidate, f"answers from {journal.station_id}, never joined")
            merged = answers[candidate]
            for index, answer in by_index.items():
                if merged.setdefault(index, answer) != answer:
                    raise TrailConflict(candidate, f"question {index} differs between stations")
    alerts: dict[str, Counter[int]] = defaultdict(Counter)
    for alert_id in validated:
        if alert_id in raised:
            candidate, index = raised[alert_id]
            alerts[candidate][index] += 1
    return {
        candidate: Trail(
            candidate,
            tuple(answers[candidate][i] for i in sorted(answers[candidate])),
            dict(alerts[candidate]),
            starts.get(candidate),
        )
        for candidate in sorted(set(answers) | set(starts) | set(alerts))
    }


def _add_start(starts: dict[str, TestStart], body: Mapping[str, Any]) -> None:
    candidate = body["candidate_id"]
    bank_id, seed = body.get("bank_id"), body.get("seed")
    profile = body.get("positioning_profile")
    item_ids = body.get("item_ids")
    try:
        read = None if profile is None else profile_from_doc(profile)
    except ProfileFormatError as exc:
        raise TrailConflict(candidate, f"positioning profile: {exc}") from None
    start = TestStart(
        bank_id=bank_id if isinstance(bank_id, str) else None,
        seed=seed if type(seed) is int else None,
        engine=str(body.get("engine", "v3")),
        accessibility_adjustment=body.get("accessibility_adjustment") is True,
        profile=read,
        item_ids=tuple(str(i) for i in item_ids) if isinstance(item_ids, list) else None,
    )
    # A resumed test starts again with the same draw; a different one is another test.
    if starts.setdefault(candidate, start) != start:
        raise TrailConflict(candidate, "two different test starts")
