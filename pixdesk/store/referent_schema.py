"""The referent's tables: roster learners, the imports log, planned sessions, enrolments.

One migration step (:data:`REFERENT_TABLES`, appended to ``migrations.MIGRATIONS``). These
tables are *not* projections of the journal: they are the referent's own planning data,
written by one service call per transaction (``transactions.write_transaction``).

Names avoid the projections' ``sessions`` and ``candidates``: those describe what happened in
a room (from the journal); these describe what the referent planned.

Conventions: dates are ISO text (``YYYY-MM-DD``), times of day ``HH:MM``, instants ISO 8601
UTC with a ``Z``; booleans are 0/1; the extra-time ratio is decimal text (``"0.33"``) so
nothing is lost to binary floats.
"""

from __future__ import annotations

from typing import Final

_ISO_DATE: Final = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"

REFERENT_TABLES: Final[tuple[str, ...]] = (
    # One row per applied import (SIECLE or CSV); rejected imports leave no row.
    """
    CREATE TABLE roster_imports (
        import_id INTEGER PRIMARY KEY AUTOINCREMENT,
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('siecle', 'csv')),
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        uai TEXT NOT NULL,
        added INTEGER NOT NULL CHECK (added >= 0),
        updated INTEGER NOT NULL CHECK (updated >= 0),
        disabled INTEGER NOT NULL CHECK (disabled >= 0),
        unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
        skipped INTEGER NOT NULL CHECK (skipped >= 0)
    )
    """,
    # Learners are never deleted: one missing from a later export is disabled (active = 0),
    # so enrolments and results keep pointing at someone.
    f"""
    CREATE TABLE roster_learners (
        ine TEXT PRIMARY KEY CHECK (ine <> '' AND ine = upper(ine)),
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        birth_name TEXT NOT NULL,
        usage_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        other_first_names TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
        birth_date TEXT NOT NULL CHECK (birth_date GLOB {_ISO_DATE}),
        birth_country_code TEXT NOT NULL,
        birth_department_code TEXT NOT NULL,
        birth_insee_code TEXT NOT NULL,
        birth_city TEXT NOT NULL,
        division TEXT NOT NULL,
        mef_code TEXT NOT NULL,
        status_code TEXT NOT NULL,
        source_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('siecle', 'csv')),
        import_id INTEGER NOT NULL REFERENCES roster_imports (import_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX roster_learners_by_division ON roster_learners (division, active)",
    f"""
    CREATE TABLE planned_sessions (
        session_id TEXT PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE CHECK (number > 0),
        site TEXT NOT NULL,
        room TEXT NOT NULL,
        date TEXT NOT NULL CHECK (date GLOB {_ISO_DATE}),
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        description TEXT NOT NULL,
        access_code TEXT NOT NULL UNIQUE,
        invigilator_password TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        import_id INTEGER REFERENCES roster_imports (import_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE session_invigilators (
        session_id TEXT NOT NULL REFERENCES planned_sessions (session_id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        PRIMARY KEY (session_id, position)
    ) WITHOUT ROWID
    """,
    # A candidate is either a roster learner (learner_ine set, identity read from the roster,
    # so a corrected name reaches the session) or a free candidate (identity stored here).
    # A rowid table: the rowid is the enrolment order.
    f"""
    CREATE TABLE enrolments (
        candidate_id TEXT NOT NULL UNIQUE,
        session_id TEXT NOT NULL REFERENCES planned_sessions (session_id) ON DELETE CASCADE,
        learner_ine TEXT REFERENCES roster_learners (ine),
        birth_name TEXT NOT NULL DEFAULT '',
        first_name TEXT NOT NULL DEFAULT '',
        birth_date TEXT NOT NULL DEFAULT '',
        sex TEXT NOT NULL DEFAULT '',
        birth_country_code TEXT NOT NULL DEFAULT '',
        birth_country TEXT NOT NULL DEFAULT '',
        birth_insee_code TEXT NOT NULL DEFAULT '',
        birth_postal_code TEXT NOT NULL DEFAULT '',
        birth_city TEXT NOT NULL DEFAULT '',
        division TEXT NOT NULL DEFAULT '',
        external_id TEXT NOT NULL DEFAULT '',
        result_email TEXT NOT NULL DEFAULT '',
        extra_time_ratio TEXT NOT NULL DEFAULT '0',
        accessibility_adjustment INTEGER NOT NULL DEFAULT 0
            CHECK (accessibility_adjustment IN (0, 1)),
        enrolled_at TEXT NOT NULL,
        import_id INTEGER REFERENCES roster_imports (import_id),
        CHECK (
            learner_ine IS NOT NULL
            OR (trim(birth_name) <> '' AND trim(first_name) <> ''
                AND birth_date GLOB {_ISO_DATE} AND sex IN ('M', 'F'))
        )
    )
    """,
    "CREATE INDEX enrolments_by_session ON enrolments (session_id)",
    # The same learner twice in one session is refused by the database itself.
    """
    CREATE UNIQUE INDEX enrolments_one_per_learner ON enrolments (session_id, learner_ine)
        WHERE learner_ine IS NOT NULL
    """,
)
