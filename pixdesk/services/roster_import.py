"""Import a roster file: preview what would change, then apply it all or nothing.

Two steps, so the referent sees the changes before confirming (RULES.md §11):

1. :func:`plan_roster_import` reads the file (SIECLE XML or zip, recognised by content; the
   Pix mass-import CSV otherwise) and compares it with the store. Nothing is written.
2. :func:`apply_roster_import` writes the plan in ONE transaction: SIECLE learners added,
   updated, and those missing from the file disabled (nobody is deleted); CSV sessions created
   and candidates enrolled (``roster_csv``). If the store changed since the plan was made, or
   anything fails on any row, nothing at all is written.
"""

from __future__ import annotations

import codecs
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from pixdesk.domain.clock import Clock
from pixdesk.imports.csv_roster import parse_csv_roster
from pixdesk.imports.csv_sessions import CsvSession
from pixdesk.imports.errors import ImportProblem
from pixdesk.imports.models import RosterLearner, RosterParse, SkippedLearner
from pixdesk.imports.preview import RosterPreview, preview
from pixdesk.imports.siecle import parse_siecle
from pixdesk.imports.source import ARCHIVE_MAGIC
from pixdesk.services import roster_csv
from pixdesk.services.session_records import format_instant
from pixdesk.store import roster_repo
from pixdesk.store.roster_repo import ImportCounts, LearnerRecord, RosterSource
from pixdesk.store.transactions import Connection, write_transaction

Progress = roster_csv.Progress

_SNIFF = 512
_SIECLE_SUFFIXES = (".xml", ".zip")


class RosterImportErrorCode(StrEnum):
    """Why an apply was refused; nothing was written."""

    REJECTED = "REJECTED"  # the plan has errors
    STALE = "STALE"  # the store changed since the plan was made: preview again


class RosterImportError(Exception):
    """Refuse to apply a plan; the store is unchanged."""

    def __init__(self, code: RosterImportErrorCode) -> None:
        self.code = code
        super().__init__(code.value)


@dataclass(frozen=True, slots=True)
class RosterImportPlan:
    """What an import would do, computed without writing anything.

    Attributes:
        source: SIECLE or CSV.
        file_name: The file's name (for the imports log).
        file_sha256: Hex SHA-256 of the file's bytes.
        uai: The school's UAI the file was checked against (SIECLE only).
        preview: SIECLE: learners added, updated, disabled, unchanged.
        sessions: CSV: the sessions to create or extend, with their candidates.
        skipped: SIECLE students left out, and why.
        errors: Every problem; with any, the plan cannot be applied.
        roster: The file as read (SIECLE), kept to re-check the preview when applying.
    """

    source: RosterSource
    file_name: str
    file_sha256: str
    uai: str
    preview: RosterPreview = field(default_factory=RosterPreview)
    sessions: tuple[CsvSession, ...] = ()
    skipped: tuple[SkippedLearner, ...] = ()
    errors: tuple[ImportProblem, ...] = ()
    roster: RosterParse | None = None

    @property
    def can_apply(self) -> bool:
        """Return whether the plan may be applied (no problem at all)."""
        return not self.errors

    @property
    def counts(self) -> ImportCounts:
        """Return how many learners (SIECLE) or candidates (CSV, as added) would change."""
        if self.source is RosterSource.CSV:
            return ImportCounts(added=sum(len(one.candidates) for one in self.sessions))
        found = self.preview.counts
        return ImportCounts(
            found.added, found.updated, found.disabled, found.unchanged, len(self.skipped)
        )


@dataclass(frozen=True, slots=True)
class RosterImportResult:
    """What an applied import changed.

    Attributes:
        import_id: Its row in the imports log.
        added: SIECLE: INEs added; CSV: ids of the candidates enrolled.
        updated: INEs updated (reactivated learners included).
        disabled: INEs disabled.
        sessions_created: CSV: numbers of the sessions created, in file order.
        sessions_extended: CSV: numbers of the existing sessions that got candidates.
    """

    import_id: int
    source: RosterSource
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    unchanged: int = 0
    skipped: int = 0
    sessions_created: tuple[int, ...] = ()
    sessions_extended: tuple[int, ...] = ()


def detect_format(path: Path) -> RosterSource:
    """Tell a SIECLE export (XML, zip or another archive, by content) from a CSV.

    Raises:
        OSError: The file cannot be read.
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF)
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(ARCHIVE_MAGIC) or text.startswith(b"<"):
        return RosterSource.SIECLE
    if path.suffix.lower() in _SIECLE_SUFFIXES:
        return RosterSource.SIECLE  # e.g. UTF-16 XML: the SIECLE reader says why it is refused
    return RosterSource.CSV


def plan_roster_import(db: Database, path: Path, *, uai: str, today: date) -> RosterImportPlan:
    """Read a roster file and compute what applying it would change; write nothing.

    Args:
        db: This PC's store.
        path: A SIECLE export (XML, or a zip holding one) or a Pix mass-import CSV.
        uai: The school's UAI; a SIECLE file for another school is refused.
        today: For CSV candidates' birth dates.

    Raises:
        OSError: The file cannot be opened or read.
    """
    source = detect_format(path)
    digest = _sha256(path)
    if source is RosterSource.CSV:
        parsed_csv = parse_csv_roster(path)
        sessions, errors = roster_csv.check(db.conn, parsed_csv, today=today)
        return RosterImportPlan(source, path.name, digest, "", sessions=sessions, errors=errors)
    roster = parse_siecle(path, expected_uai=uai)
    changes = _preview(db.conn, roster)
    return RosterImportPlan(
        source,
        path.name,
        digest,
        uai.strip().upper(),
        preview=changes,
        skipped=roster.skipped,
        errors=roster.errors,
        roster=roster,
    )


def apply_roster_import(
    db: Database,
    plan: RosterImportPlan,
    *,
    clock: Clock,
    rng: random.Random,
    progress: Progress | None = None,
) -> RosterImportResult:
    """Write a plan in one transaction and return what changed.

    Args:
        db: This PC's store.
        plan: From :func:`plan_roster_import`, shown to the referent.
        clock: Stamps the import.
        rng: Draws the ids and codes of CSV sessions and candidates.
        progress: Told after each row; an exception it raises aborts the whole apply.

    Raises:
        RosterImportError: ``REJECTED`` (the plan has errors) or ``STALE``.
        StoreError: The store failed (disk full…); nothing was written.
    """
    if not plan.can_apply:
        raise RosterImportError(RosterImportErrorCode.REJECTED)
    now = clock.now()
    with write_transaction(db.conn) as conn:
        import_id = roster_repo.insert_import(
            conn,
            imported_at=format_instant(now),
            source=plan.source,
            file_name=plan.file_name,
            file_sha256=plan.file_sha256,
            uai=plan.uai,
            counts=plan.counts,
        )
        if plan.source is RosterSource.CSV:
            outcome = roster_csv.apply(
                conn, plan.sessions, import_id, rng=rng, now=now, progress=progress
            )
            if outcome is None:
                raise RosterImportError(RosterImportErrorCode.STALE)
            enrolled, created, extended = outcome
            return RosterImportResult(
                import_id,
                plan.source,
                enrolled,
                sessions_created=created,
                sessions_extended=extended,
            )
        return _apply_siecle(conn, plan, import_id, progress)


def _apply_siecle(
    conn: Connection, plan: RosterImportPlan, import_id: int, progress: Progress | None
) -> RosterImportResult:
    if plan.roster is None or _shape(_preview(conn, plan.roster)) != _shape(plan.preview):
        raise RosterImportError(RosterImportErrorCode.STALE)
    changes = plan.preview
    total = len(changes.added) + len(changes.updated) + len(changes.disabled)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for learner in changes.added:
        roster_repo.insert_learner(conn, _record(learner, import_id))
        step()
    for update in changes.updated:
        roster_repo.update_learner(conn, _record(update.after, import_id))
        step()
    for learner in changes.disabled:
        roster_repo.disable_learners(conn, [learner.ine], import_id)
        step()
    known = {one.ine: one.source_id for one in roster_repo.load_learners(conn)}
    for learner in changes.unchanged:
        if known.get(learner.ine) != learner.source_id:
            roster_repo.set_source_id(conn, learner.ine, learner.source_id)
    return RosterImportResult(
        import_id,
        RosterSource.SIECLE,
        added=tuple(one.ine for one in changes.added),
        updated=tuple(one.ine for one in changes.updated),
        disabled=tuple(one.ine for one in changes.disabled),
        unchanged=len(changes.unchanged),
        skipped=len(plan.skipped),
    )


def _preview(conn: Connection, roster: RosterParse) -> RosterPreview:
    stored = roster_repo.load_learners(conn)
    inactive = [one.ine for one in stored if not one.active]
    return preview(roster, [to_roster_learner(one) for one in stored], inactive_ines=inactive)


def _shape(changes: RosterPreview) -> tuple[object, ...]:
    """Return what must not have changed between the plan and the apply."""
    return (
        tuple(one.ine for one in changes.added),
        tuple((one.ine, one.changed_fields) for one in changes.updated),
        tuple(one.ine for one in changes.disabled),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def to_roster_learner(record: LearnerRecord) -> RosterLearner:
    """Return the import-side form of a stored learner (to compare with a file)."""
    return RosterLearner(
        ine=record.ine,
        birth_name=record.birth_name,
        usage_name=record.usage_name,
        first_name=record.first_name,
        other_first_names=record.other_first_names,
        sex=record.sex,
        birth_date=record.birth_date,
        birth_country_code=record.birth_country_code,
        birth_department_code=record.birth_department_code,
        birth_insee_code=record.birth_insee_code,
        birth_city=record.birth_city,
        division=record.division,
        mef_code=record.mef_code,
        status_code=record.status_code,
        source_id=record.source_id,
    )


def _record(learner: RosterLearner, import_id: int) -> LearnerRecord:
    return LearnerRecord(
        ine=learner.ine,
        birth_name=learner.birth_name,
        usage_name=learner.usage_name,
        first_name=learner.first_name,
        other_first_names=learner.other_first_names,
        sex=learner.sex,
        birth_date=learner.birth_date,
        birth_country_code=learner.birth_country_code,
        birth_department_code=learner.birth_department_code,
        birth_insee_code=learner.birth_insee_code,
        birth_city=learner.birth_city,
        division=learner.division,
        mef_code=learner.mef_code,
        status_code=learner.status_code,
        source_id=learner.source_id,
        active=True,
        source=RosterSource.SIECLE,
        import_id=import_id,
    )
