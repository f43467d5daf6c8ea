"""Roster import service: preview, then apply all or nothing to a real encrypted store."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from datetime import date
from pathlib import Path

import pytest

from pixdesk.imports.errors import ProblemCode, SkipReason
from pixdesk.imports.preview import REACTIVATED
from pixdesk.services.roster_import import (
    RosterImportError,
    RosterImportErrorCode,
    apply_roster_import,
    detect_format,
    plan_roster_import,
)
from pixdesk.services.station_store import StationStore
from pixdesk.store import roster_repo
from pixdesk.store.errors import StoreError
from pixdesk.store.roster_repo import RosterSource
from tests.fakes import FakeClock
from tests.imports.siecle_files import UAI, pupil, siecle_xml, zipped

DATA = Path(__file__).parents[1] / "data"
SAMPLE = DATA / "siecle" / "ElevesSansAdresses-sample.xml"
TODAY = date(2026, 11, 30)


class Boom(Exception):
    """The failure injected half-way through an apply."""


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def import_file(store: StationStore, path: Path, uai: str = UAI, **kwargs: object):  # type: ignore[no-untyped-def]
    plan = plan_roster_import(store.db, path, uai=uai, today=TODAY)
    assert plan.can_apply, plan.errors
    return apply_roster_import(
        store.db,
        plan,
        clock=FakeClock(),
        rng=random.Random(1),
        **kwargs,  # type: ignore[arg-type]
    )


def snapshot(store: StationStore) -> tuple[object, ...]:
    """Every row the referent tables hold, to compare before and after."""
    conn = store.db.conn
    return tuple(
        tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        for table in ("roster_learners", "roster_imports", "planned_sessions", "enrolments")
    )


def disk_state(store: StationStore) -> dict[str, str]:
    """SHA-256 of the database file and its WAL, as on disk."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(store.data_dir.glob("pixdesk.db*"))
    }


def test_the_shared_sample_imports_as_its_readme_says(store: StationStore) -> None:
    """README: 6 imported (names, divisions, countries), 4 skipped with their reasons."""
    plan = plan_roster_import(store.db, SAMPLE, uai="0781234A", today=TODAY)

    assert plan.source is RosterSource.SIECLE
    assert [(one.name, one.reason) for one in plan.skipped] == [
        ("POUZIN Louis", SkipReason.NO_INE),
        ("SANTA Garance", SkipReason.LEFT_SCHOOL),
        ("HOPPER Grace", SkipReason.NO_DIVISION),
        ("TURING Alan", SkipReason.NO_DIVISION),
    ]
    result = apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))

    assert len(result.added) == 6
    assert (result.updated, result.disabled, result.skipped) == ((), (), 4)
    stored = {one.ine: one for one in roster_repo.load_learners(store.db.conn)}
    assert sorted((one.birth_name, one.first_name, one.division) for one in stored.values()) == [
        ("BABBAGE", "Charles", "3B"),
        ("GARCÍA MÁRQUEZ", "José-Luis", "3A"),
        ("JACKSON", "Mary", "3B"),
        ("LOVELACE", "Ada", "3A"),
        ("N'DIAYE", "Aïssatou", "3C"),
        ("ŒUVRAY", "Lætitia", "3A"),
    ]
    by_name = {one.birth_name: one for one in stored.values()}
    assert by_name["ŒUVRAY"].usage_name == "DUPRÉ"
    assert by_name["JACKSON"].birth_country_code == "99132"
    assert by_name["GARCÍA MÁRQUEZ"].birth_country_code == "99134"
    assert all(one.active and one.source is RosterSource.SIECLE for one in stored.values())
    (log,) = roster_repo.list_imports(store.db.conn)
    assert (log.counts.added, log.counts.skipped, log.uai) == (6, 4, "0781234A")
    assert log.file_sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_the_same_file_again_changes_nothing(store: StationStore) -> None:
    import_file(store, SAMPLE, "0781234A")
    plan = plan_roster_import(store.db, SAMPLE, uai="0781234A", today=TODAY)
    assert (plan.counts.added, plan.counts.updated, plan.counts.disabled) == (0, 0, 0)
    assert plan.counts.unchanged == 6


def test_a_later_export_adds_updates_and_disables_never_deletes(
    store: StationStore, tmp_path: Path
) -> None:
    first = [pupil(1), pupil(2), pupil(3)]
    import_file(store, write(tmp_path, "rentree.xml", siecle_xml(first)))
    later = [pupil(1), pupil(2, NOM_USAGE="NOUVEAU"), pupil(4)]
    plan = plan_roster_import(
        store.db, write(tmp_path, "janvier.xml", siecle_xml(later)), uai=UAI, today=TODAY
    )
    result = apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))

    ines = {n: pupil(n).fields["ID_NATIONAL"] for n in (1, 2, 3, 4)}
    assert result.added == (ines[4],)
    assert result.updated == (ines[2],)
    assert result.disabled == (ines[3],)
    assert result.unchanged == 1
    stored = {one.ine: one for one in roster_repo.load_learners(store.db.conn)}
    assert len(stored) == 4  # nobody deleted
    assert not stored[ines[3]].active
    assert stored[ines[2]].usage_name == "NOUVEAU"
    assert stored[ines[3]].import_id == result.import_id


def test_a_disabled_learner_back_in_the_file_is_reactivated(
    store: StationStore, tmp_path: Path
) -> None:
    import_file(store, write(tmp_path, "a.xml", siecle_xml([pupil(1), pupil(2)])))
    import_file(store, write(tmp_path, "b.xml", siecle_xml([pupil(1)])))
    plan = plan_roster_import(
        store.db, write(tmp_path, "c.xml", siecle_xml([pupil(1), pupil(2)])), uai=UAI, today=TODAY
    )
    (update,) = plan.preview.updated
    assert update.changed_fields == (REACTIVATED,)
    apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))
    assert all(one.active for one in roster_repo.load_learners(store.db.conn))


def test_a_zipped_export_is_recognised_by_its_content(store: StationStore, tmp_path: Path) -> None:
    path = write(tmp_path, "export.bin", zipped({"ElevesSansAdresses.xml": siecle_xml([pupil(1)])}))
    assert detect_format(path) is RosterSource.SIECLE
    assert len(import_file(store, path).added) == 1


@pytest.mark.parametrize(
    ("pupils", "uai", "code"),
    [
        ([pupil(1), pupil(2, ID_NATIONAL=pupil(1).fields["ID_NATIONAL"])], UAI, "INE_UNIQUE"),
        ([pupil(1, CODE_SEXE=None)], UAI, "SEX_CODE_REQUIRED"),
        ([pupil(1, DATE_NAISS="31/02/2010")], UAI, "BIRTHDATE_REQUIRED"),
        ([pupil(1, CODE_COMMUNE_INSEE_NAISS=None)], UAI, "BIRTH_CITY_CODE_REQUIRED"),
        ([pupil(1)], "0999999Z", "UAI_MISMATCHED"),
        ([], UAI, "EMPTY"),
    ],
)
def test_a_rejected_import_writes_nothing(
    store: StationStore, tmp_path: Path, pupils: list[object], uai: str, code: str
) -> None:
    import_file(store, write(tmp_path, "first.xml", siecle_xml([pupil(7)])))
    before_rows, before_disk = snapshot(store), disk_state(store)
    path = write(tmp_path, "bad.xml", siecle_xml(pupils))  # type: ignore[arg-type]

    plan = plan_roster_import(store.db, path, uai=uai, today=TODAY)
    assert not plan.can_apply
    assert code in [found.code for found in plan.errors]
    with pytest.raises(RosterImportError) as refused:
        apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))

    assert refused.value.code is RosterImportErrorCode.REJECTED
    assert snapshot(store) == before_rows
    assert disk_state(store) == before_disk


def test_every_error_is_listed_with_its_student(store: StationStore, tmp_path: Path) -> None:
    pupils = [pupil(1, CODE_SEXE="9"), pupil(2, DATE_NAISS=""), pupil(3)]
    plan = plan_roster_import(
        store.db, write(tmp_path, "x.xml", siecle_xml(pupils)), uai=UAI, today=TODAY
    )
    assert [(found.code, found.name) for found in plan.errors] == [
        (ProblemCode.SEX_CODE_REQUIRED, "NOM1 Prénom1"),
        (ProblemCode.BIRTHDATE_REQUIRED, "NOM2 Prénom2"),
    ]


def test_a_failure_on_the_nth_row_leaves_nothing_half_written(
    store: StationStore, tmp_path: Path
) -> None:
    import_file(store, write(tmp_path, "first.xml", siecle_xml([pupil(1), pupil(2)])))
    before = snapshot(store)
    later = [pupil(n, NOM_USAGE="X") for n in (1,)] + [pupil(n) for n in range(10, 40)]
    plan = plan_roster_import(
        store.db, write(tmp_path, "later.xml", siecle_xml(later)), uai=UAI, today=TODAY
    )
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 17:
            raise Boom

    with pytest.raises(Boom):
        apply_roster_import(
            store.db, plan, clock=FakeClock(), rng=random.Random(1), progress=progress
        )

    assert seen[-1] == 17  # 17 rows were written before the failure…
    assert snapshot(store) == before  # …and rolled back with it
    assert not store.db.conn.in_transaction
    assert len(import_file(store, tmp_path / "later.xml").added) == 30  # the store still works


def test_a_database_refusal_on_a_row_rolls_everything_back(
    store: StationStore, tmp_path: Path
) -> None:
    """A real SQLite failure (a CHECK constraint) on the 5th learner, not a mocked driver."""
    plan = plan_roster_import(
        store.db,
        write(tmp_path, "x.xml", siecle_xml([pupil(n) for n in range(1, 9)])),
        uai=UAI,
        today=TODAY,
    )
    added = list(plan.preview.added)
    # The store refuses an INE that is not uppercase (the readers always uppercase it).
    added[4] = dataclasses.replace(added[4], ine=added[4].ine.lower())
    broken = dataclasses.replace(
        plan, preview=dataclasses.replace(plan.preview, added=tuple(added))
    )
    broken = dataclasses.replace(
        broken, roster=dataclasses.replace(plan.roster, learners=tuple(added))
    )  # type: ignore[arg-type]

    with pytest.raises(StoreError):
        apply_roster_import(store.db, broken, clock=FakeClock(), rng=random.Random(1))

    assert roster_repo.load_learners(store.db.conn) == []
    assert roster_repo.list_imports(store.db.conn) == []


def test_a_plan_made_before_another_import_is_refused_as_stale(
    store: StationStore, tmp_path: Path
) -> None:
    path = write(tmp_path, "a.xml", siecle_xml([pupil(1)]))
    plan = plan_roster_import(store.db, path, uai=UAI, today=TODAY)
    import_file(store, write(tmp_path, "b.xml", siecle_xml([pupil(1), pupil(2)])))
    before = snapshot(store)

    with pytest.raises(RosterImportError) as refused:
        apply_roster_import(store.db, plan, clock=FakeClock(), rng=random.Random(1))

    assert refused.value.code is RosterImportErrorCode.STALE
    assert snapshot(store) == before


def test_a_large_export_imports_in_one_transaction(store: StationStore, tmp_path: Path) -> None:
    pupils = [pupil(n, [(f"3{n % 8}", "D")]) for n in range(1, 2001)]
    path = write(tmp_path, "big.zip", zipped({"ElevesSansAdresses.xml": siecle_xml(pupils)}))
    result = import_file(store, path)
    assert len(result.added) == 2000
    assert len(roster_repo.list_divisions(store.db.conn)) == 8
