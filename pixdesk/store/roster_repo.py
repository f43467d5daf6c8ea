"""The roster: learners keyed by INE, and the log of applied imports.

Writers take the connection of an open ``transactions.write_transaction`` and never commit;
readers may run inside or outside one. Learners are never deleted, only disabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pixdesk.domain.candidate import Sex
from pixdesk.store.transactions import Connection


class RosterSource(StrEnum):
    """Where a learner or an import came from."""

    SIECLE = "siecle"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class LearnerRecord:
    """One stored learner: every roster field, whether active, and where it came from.

    The roster fields mirror ``pixdesk.imports.models.RosterLearner`` (the store sits below
    the imports and cannot use that class); docs/roster-import.md describes them.

    Attributes:
        active: False once a later import no longer lists the learner.
        source: The kind of file that last wrote the learner.
        import_id: The import that last added, updated or disabled the learner.
    """

    ine: str
    birth_name: str
    usage_name: str
    first_name: str
    other_first_names: tuple[str, ...]
    sex: Sex
    birth_date: date
    birth_country_code: str
    birth_department_code: str
    birth_insee_code: str
    birth_city: str
    division: str
    mef_code: str
    status_code: str
    source_id: str
    active: bool
    source: RosterSource
    import_id: int


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """How many learners (or candidates, for CSV) an import touched."""

    added: int = 0
    updated: int = 0
    disabled: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class ImportLogEntry:
    """One applied import.

    Attributes:
        imported_at: When it was applied, ISO 8601 UTC (``2026-11-30T08:00:00Z``).
        file_sha256: Hex SHA-256 of the file as read.
        uai: The school the file was checked against (empty for CSV).
    """

    import_id: int
    imported_at: str
    source: RosterSource
    file_name: str
    file_sha256: str
    uai: str
    counts: ImportCounts


_LEARNER_COLUMNS = (
    "ine, birth_name, usage_name, first_name, other_first_names, sex, birth_date,"
    " birth_country_code, birth_department_code, birth_insee_code, birth_city, division,"
    " mef_code, status_code, source_id, active, source, import_id"
)
_LEARNER_PLACEHOLDERS = ", ".join("?" * 18)
_UPDATE_ASSIGNMENTS = ", ".join(f"{name.strip()} = ?" for name in _LEARNER_COLUMNS.split(",")[1:])
_IMPORT_COLUMNS = (
    "import_id, imported_at, source, file_name, file_sha256, uai,"
    " added, updated, disabled, unchanged, skipped"
)


def load_learners(conn: Connection) -> list[LearnerRecord]:
    """Return every learner, active or not, ordered by INE."""
    rows = conn.execute(f"SELECT {_LEARNER_COLUMNS} FROM roster_learners ORDER BY ine")  # noqa: S608
    return [_learner(row) for row in rows]


def get_learner(conn: Connection, ine: str) -> LearnerRecord | None:
    """Return the learner with ``ine`` (exact, uppercase), or None."""
    row = conn.execute(
        f"SELECT {_LEARNER_COLUMNS} FROM roster_learners WHERE ine = ?",  # noqa: S608
        (ine,),
    ).fetchone()
    return _learner(row) if row is not None else None


def list_learners(
    conn: Connection, *, division: str | None = None, active_only: bool = True
) -> list[LearnerRecord]:
    """Return learners ordered by name, optionally of one division only.

    Args:
        conn: The store's connection.
        division: Keep only this division (exact match), or every division when None.
        active_only: Leave disabled learners out.
    """
    where = ["1 = 1"]
    params: list[object] = []
    if division is not None:
        where.append("division = ?")
        params.append(division)
    if active_only:
        where.append("active = 1")
    rows = conn.execute(
        f"SELECT {_LEARNER_COLUMNS} FROM roster_learners WHERE {' AND '.join(where)}"  # noqa: S608
        " ORDER BY birth_name, first_name, ine",
        params,
    )
    return [_learner(row) for row in rows]


def list_divisions(conn: Connection) -> list[tuple[str, int]]:
    """Return each division with its number of active learners, in division order."""
    rows = conn.execute(
        "SELECT division, count(*) FROM roster_learners WHERE active = 1"
        " GROUP BY division ORDER BY division"
    )
    return [(str(division), int(count)) for division, count in rows]


def insert_import(
    conn: Connection,
    *,
    imported_at: str,
    source: RosterSource,
    file_name: str,
    file_sha256: str,
    uai: str,
    counts: ImportCounts,
) -> int:
    """Log an import being applied and return its id (inside the import's transaction)."""
    cursor = conn.execute(
        "INSERT INTO roster_imports (imported_at, source, file_name, file_sha256, uai,"
        " added, updated, disabled, unchanged, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            imported_at,
            source.value,
            file_name,
            file_sha256,
            uai,
            counts.added,
            counts.updated,
            counts.disabled,
            counts.unchanged,
            counts.skipped,
        ),
    )
    return int(cursor.lastrowid)


def list_imports(conn: Connection) -> list[ImportLogEntry]:
    """Return every applied import, oldest first."""
    rows = conn.execute(f"SELECT {_IMPORT_COLUMNS} FROM roster_imports ORDER BY import_id")  # noqa: S608
    return [
        ImportLogEntry(
            import_id=int(row[0]),
            imported_at=row[1],
            source=RosterSource(row[2]),
            file_name=row[3],
            file_sha256=row[4],
            uai=row[5],
            counts=ImportCounts(*(int(value) for value in row[6:11])),
        )
        for row in rows
    ]


def insert_learner(conn: Connection, learner: LearnerRecord) -> None:
    """Add a new learner (its INE must be unknown)."""
    conn.execute(
        f"INSERT INTO roster_learners ({_LEARNER_COLUMNS}) VALUES ({_LEARNER_PLACEHOLDERS})",  # noqa: S608
        _values(learner),
    )


def update_learner(conn: Connection, learner: LearnerRecord) -> None:
    """Replace every field of the learner with ``learner.ine``.

    Raises:
        LookupError: No learner has that INE (a bug: the preview said it was known).
    """
    values = _values(learner)
    cursor = conn.execute(
        f"UPDATE roster_learners SET {_UPDATE_ASSIGNMENTS} WHERE ine = ?",  # noqa: S608
        (*values[1:], values[0]),
    )
    if cursor.rowcount != 1:
        raise LookupError(f"no learner {learner.ine}")


def disable_learners(conn: Connection, ines: Iterable[str], import_id: int) -> int:
    """Mark learners inactive (never deleted) and return how many rows changed."""
    changed = 0
    for ine in ines:
        cursor = conn.execute(
            "UPDATE roster_learners SET active = 0, import_id = ? WHERE ine = ? AND active = 1",
            (import_id, ine),
        )
        changed += cursor.rowcount
    return changed


def set_source_id(conn: Connection, ine: str, source_id: str) -> None:
    """Record SIECLE's new internal id of an otherwise unchanged learner."""
    conn.execute("UPDATE roster_learners SET source_id = ? WHERE ine = ?", (source_id, ine))


def _values(learner: LearnerRecord) -> tuple[object, ...]:
    return (
        learner.ine,
        learner.birth_name,
        learner.usage_name,
        learner.first_name,
        json.dumps(list(learner.other_first_names), ensure_ascii=False),
        learner.sex.value,
        learner.birth_date.isoformat(),
        learner.birth_country_code,
        learner.birth_department_code,
        learner.birth_insee_code,
        learner.birth_city,
        learner.division,
        learner.mef_code,
        learner.status_code,
        learner.source_id,
        int(learner.active),
        learner.source.value,
        learner.import_id,
    )


def _learner(row: tuple[object, ...]) -> LearnerRecord:
    others = json.loads(str(row[4]))
    return LearnerRecord(
        ine=str(row[0]),
        birth_name=str(row[1]),
        usage_name=str(row[2]),
        first_name=str(row[3]),
        other_first_names=tuple(str(name) for name in others),
        sex=Sex(str(row[5])),
        birth_date=date.fromisoformat(str(row[6])),
        birth_country_code=str(row[7]),
        birth_department_code=str(row[8]),
        birth_insee_code=str(row[9]),
        birth_city=str(row[10]),
        division=str(row[11]),
        mef_code=str(row[12]),
        status_code=str(row[13]),
        source_id=str(row[14]),
        active=bool(row[15]),
        source=RosterSource(str(row[16])),
        import_id=int(str(row[17])),
    )
