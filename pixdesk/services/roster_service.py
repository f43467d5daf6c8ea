"""The roster as referent mode sees it: the learners, their divisions, and imports.

Qt-free and synchronous; the UI calls it through its database worker. Reads return frozen
summaries (what a table shows), never store records, so the UI stays above the store.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from pixdesk.domain.candidate import Sex
from pixdesk.domain.clock import Clock
from pixdesk.services.roster_import import (
    Progress,
    RosterImportPlan,
    RosterImportResult,
    apply_roster_import,
    plan_roster_import,
)
from pixdesk.store import roster_repo
from pixdesk.store.roster_repo import LearnerRecord

__all__ = ["DivisionSummary", "LearnerSummary", "RosterService"]


@dataclass(frozen=True, slots=True)
class LearnerSummary:
    """One learner as the roster table lists them.

    Attributes:
        active: False once a later SIECLE import no longer lists the learner.
    """

    ine: str
    birth_name: str
    usage_name: str
    first_name: str
    birth_date: date
    sex: Sex
    division: str
    active: bool


@dataclass(frozen=True, slots=True)
class DivisionSummary:
    """A division (class) and how many active learners it has."""

    name: str
    active_count: int


class RosterService:
    """Import roster files and read the learners of this PC's store.

    Args:
        db: The open store.
        clock: Stamps imports; gives today for CSV birth dates.
        rng: Draws the ids of CSV sessions and candidates (``secrets.SystemRandom()``).
    """

    def __init__(self, db: Database, *, clock: Clock, rng: random.Random) -> None:
        self._db = db
        self._clock = clock
        self._rng = rng

    def plan_import(self, path: Path, *, uai: str) -> RosterImportPlan:
        """Read a SIECLE or CSV file and return what importing it would change.

        Raises:
            OSError: The file cannot be read.
        """
        return plan_roster_import(self._db, path, uai=uai, today=self._clock.now().date())

    def apply_import(
        self, plan: RosterImportPlan, progress: Progress | None = None
    ) -> RosterImportResult:
        """Apply a previewed plan in one transaction and return what changed.

        Raises:
            RosterImportError: ``REJECTED`` or ``STALE``; nothing was written.
            StoreError: The store failed; nothing was written.
        """
        return apply_roster_import(
            self._db, plan, clock=self._clock, rng=self._rng, progress=progress
        )

    def learners(self) -> tuple[LearnerSummary, ...]:
        """Return every learner, active or not, by name."""
        records = roster_repo.list_learners(self._db.conn, active_only=False)
        return tuple(_summary(one) for one in records)

    def learners_by_ine(self, ines: Iterable[str]) -> tuple[LearnerSummary, ...]:
        """Return the learners with these INEs (the ones an import changed), in INE order."""
        found = (roster_repo.get_learner(self._db.conn, ine) for ine in sorted(set(ines)))
        return tuple(_summary(one) for one in found if one is not None)

    def divisions(self) -> tuple[DivisionSummary, ...]:
        """Return the divisions that have active learners, in order."""
        return tuple(
            DivisionSummary(name, count)
            for name, count in roster_repo.list_divisions(self._db.conn)
        )


def _summary(record: LearnerRecord) -> LearnerSummary:
    return LearnerSummary(
        ine=record.ine,
        birth_name=record.birth_name,
        usage_name=record.usage_name,
        first_name=record.first_name,
        birth_date=record.birth_date,
        sex=record.sex,
        division=record.division,
        active=record.active,
    )
