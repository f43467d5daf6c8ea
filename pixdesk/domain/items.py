"""Items (challenges) as the engines and the grading see them.

An item belongs to a *skill* (acquis, e.g. ``@rechercheInfo3``: tube name + level) inside a
*tube* (sujet, e.g. ``@rechercheInfo``) inside a competence (RULES.md §1). The adaptive engines
only need the metadata; grading needs the solution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class ItemType(StrEnum):
    """Question types of RULES.md §7."""

    QCU = "QCU"  # single choice
    QCM = "QCM"  # multiple choice
    QROC = "QROC"  # short text answer
    QROC_NUM = "QROC_NUM"  # numeric short answer
    QROCM_IND = "QROCM_IND"  # several fields, each against its own variants
    QROCM_DEP = "QROCM_DEP"  # several fields, each may match any variant once


class AnswerStatus(StrEnum):
    """Outcome of one answer (RULES.md §7)."""

    OK = "ok"
    KO = "ko"
    SKIPPED = "skipped"
    TIMED_OUT = "timedout"
    FOCUSED_OUT = "focusedout"
    PARTIALLY = "partially"

    @property
    def is_correct(self) -> bool:
        return self is AnswerStatus.OK


@dataclass(frozen=True, slots=True)
class Treatments:
    """Text treatments applied before comparing (each can be switched off per item)."""

    t1: bool = True  # trim, lowercase, strip accents, remove whitespace
    t2: bool = True  # keep only ASCII letters, digits and spaces
    t3: bool = True  # Levenshtein ratio ≤ 0.25 against the closest variant


@dataclass(frozen=True, slots=True)
class Solution:
    """The expected answer of an item.

    - QCU: ``choices`` holds the one correct proposal key.
    - QCM: ``choices`` holds every correct proposal key (order ignored).
    - QROC / QROC_NUM: ``variants`` maps the single field ``"answer"`` to accepted variants.
    - QROCM_IND: ``variants`` maps each field to its own accepted variants.
    - QROCM_DEP: ``variants`` maps each field to the same shared pool (any field may match any
      variant, each variant at most once); ``expected_count`` is how many fields must match
      (default: the number of fields).
    """

    choices: frozenset[str] = frozenset()
    # Compared but not hashed: a dict has no hash, and leaving it out keeps equal solutions
    # (hence equal items) hashing alike, so items can go in sets and dict keys.
    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    treatments: Treatments = Treatments()
    expected_count: int | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One question of a bank with its calibration (2PL) and its flags."""

    id: str
    competence: str  # "1.1" … "5.2"
    tube: str  # "@rechercheInfo"
    skill: str  # "@rechercheInfo3"
    level: int  # 1–8, the level of the skill
    type: ItemType
    discriminant: float  # a
    difficulty: float  # b
    solution: Solution = Solution()
    proposals: tuple[str, ...] = ()  # proposal keys for QCU/QCM, in display order
    accessible: bool = False  # usable with a screen reader / accessibility adjustment
    timer_seconds: int | None = None  # timed item
    focused: bool = False  # leaving the window is detected
    has_image: bool = False
    has_embed: bool = False
    has_attachment: bool = False

    @property
    def timed(self) -> bool:
        return self.timer_seconds is not None
