"""Reading the Pix mass-import CSV: columns, per-line checks, grouping into sessions."""

from __future__ import annotations

import zipfile
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from pixdesk.domain.candidate import Sex
from pixdesk.imports.csv_columns import TEMPLATE_HEADER, CsvColumn, header_key
from pixdesk.imports.csv_roster import parse_csv_roster
from pixdesk.imports.errors import EncodingReason, InvalidReason, ProblemCode
from pixdesk.imports.source import ImportLimits
from tests.imports.siecle_files import zipped

FIXTURE = Path(__file__).parents[1] / "data" / "csv" / "sessions.csv"
C = CsvColumn

NEW_SESSION = {
    C.SITE: "Collège Jean-Moulin",
    C.ROOM: "Salle 12",
    C.DATE: "15/01/2026",
    C.TIME: "09:00",
    C.INVIGILATORS: "Mme Durand",
}
CANDIDATE = {
    C.BIRTH_NAME: "LOVELACE",
    C.FIRST_NAME: "Ada",
    C.BIRTH_DATE: "10/12/2009",
    C.SEX: "F",
    C.INSEE_CODE: "75056",
    C.COUNTRY: "France",
}


def line(*parts: dict[CsvColumn, str], **changes: str) -> str:
    """Return a data line from column values; ``changes`` override by column member name."""
    values: dict[CsvColumn, str] = {}
    for part in parts:
        values.update(part)
    values.update({C[name]: value for name, value in changes.items()})
    return ";".join(values.get(column, "") for column in CsvColumn)


def csv_bytes(*lines: str, header: str = TEMPLATE_HEADER, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def errors_of(data: bytes, limits: ImportLimits | None = None) -> list[tuple[str, int | None, str]]:
    result = parse_csv_roster(data, limits=limits or ImportLimits())
    assert result.sessions == ()
    return [(found.code, found.line, found.element) for found in result.errors]


@pytest.mark.parametrize("bom", [True, False])
def test_the_fixture_groups_lines_into_sessions(bom: bool) -> None:
    data = FIXTURE.read_bytes()
    if not bom:
        data = data.removeprefix(b"\xef\xbb\xbf")

    result = parse_csv_roster(data)

    assert result.ok
    first, afternoon, existing, empty = result.sessions
    assert (first.line, first.number, first.room, first.date, first.time) == (
        2,
        None,
        "B12",
        date(2026, 1, 15),
        time(9, 0),
    )
    assert first.site == "Lycée Victor-Hugo, 12 rue des Écoles, Colombes"
    assert first.notes == "Prévoir des casques; salle calme"
    assert [c.birth_name for c in first.candidates] == ["ŒUVRAY", "MARTIN", "GARCÍA MÁRQUEZ"]
    laetitia, jules, jose = first.candidates
    assert (laetitia.first_name, laetitia.sex, laetitia.birth_insee_code) == (
        "Lætitia",
        Sex.F,
        "2A004",
    )
    assert (laetitia.extra_time_ratio, laetitia.local_id) == (Decimal("0.33"), "L-001")
    assert laetitia.birth_country_code == jules.birth_country_code == "99100"
    assert laetitia.result_email == "prof.referent@example.org"
    assert (jules.sex, jules.birth_postal_code, jules.birth_city) == (Sex.M, "75015", "Paris")
    assert (jose.birth_country, jose.birth_city) == ("Espagne", "Madrid")
    assert (jose.birth_country_code, jose.extra_time_ratio) == ("", Decimal("0.5"))
    assert (afternoon.room, afternoon.time, len(afternoon.candidates)) == ("B14", time(14, 0), 1)
    assert (existing.number, existing.date, existing.site) == (12345, None, "")
    assert existing.candidates[0].birth_date == date(2009, 12, 10)
    assert (empty.room, empty.notes, empty.candidates) == ("C01", "Session de rattrapage", ())


def test_pix_style_headers_in_any_order_are_recognised() -> None:
    pix_labels = {
        C.SESSION_NUMBER: "Numéro de session préexistante",
        C.BIRTH_NAME: "* Nom de naissance",
        C.DATE: "* Date de début (format: JJ/MM/AAAA)",
        C.EXTRA_TIME: "Temps majoré ? (exemple format: 33%)",
        C.LOCAL_ID: "Identifiant externe",
    }
    columns = list(reversed(CsvColumn))
    header = ";".join(pix_labels.get(column, column.value.upper()) for column in columns)
    values = {**NEW_SESSION, **CANDIDATE}
    row = ";".join(values.get(column, "") for column in columns) + ";ignored"

    result = parse_csv_roster(csv_bytes(row, header=header + ";Tarification"))

    assert result.ok
    assert result.sessions[0].candidates[0].birth_name == "LOVELACE"


def test_header_keys_ignore_marks_case_and_explanations() -> None:
    assert header_key("* Sexe (M ou F)") == header_key("sexe") == "sexe"
    assert header_key("E-MAIL DE CONVOCATION") == "e mail de convocation"
    assert header_key("Temps majoré ? (exemple : 33 %)") == "temps majore"


def test_missing_columns_are_each_listed() -> None:
    header = ";".join(c.value for c in CsvColumn if c not in {C.SEX, C.LOCAL_ID})

    result = parse_csv_roster(csv_bytes(header=header))

    assert [(found.code, found.element) for found in result.errors] == [
        (ProblemCode.CSV_COLUMNS_MISSING, C.SEX.value),
        (ProblemCode.CSV_COLUMNS_MISSING, C.LOCAL_ID.value),
    ]


def test_a_comma_separated_file_misses_every_column() -> None:
    header = TEMPLATE_HEADER.replace(";", ",")

    result = parse_csv_roster(csv_bytes(header=header))

    assert {found.code for found in result.errors} == {ProblemCode.CSV_COLUMNS_MISSING}
    assert len(result.errors) == len(CsvColumn)


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"BIRTH_DATE": "31/02/2010"}, C.BIRTH_DATE),
        ({"BIRTH_DATE": "2010-02-04"}, C.BIRTH_DATE),
        ({"SEX": "X"}, C.SEX),
        ({"INSEE_CODE": "7505"}, C.INSEE_CODE),
        ({"INSEE_CODE": "", "POSTAL_CODE": "750", "CITY": "Paris"}, C.POSTAL_CODE),
        ({"RESULT_EMAIL": "prof@"}, C.RESULT_EMAIL),
        ({"CONVOCATION_EMAIL": "a b@example.org"}, C.CONVOCATION_EMAIL),
        ({"EXTRA_TIME": "1000"}, C.EXTRA_TIME),
        ({"EXTRA_TIME": "-5"}, C.EXTRA_TIME),
        ({"EXTRA_TIME": "un tiers"}, C.EXTRA_TIME),
        ({"DATE": "32/01/2026"}, C.DATE),
        ({"TIME": "24:00"}, C.TIME),
        ({"TIME": "9h"}, C.TIME),
        ({"SESSION_NUMBER": "12a"}, C.SESSION_NUMBER),
        ({"SESSION_NUMBER": "0"}, C.SESSION_NUMBER),
    ],
)
def test_an_invalid_field_is_reported_with_line_and_column(
    changes: dict[str, str], column: CsvColumn
) -> None:
    data = csv_bytes(line(NEW_SESSION, CANDIDATE), line(NEW_SESSION, CANDIDATE, **changes))

    result = parse_csv_roster(data)

    [found] = result.errors
    assert (found.code, found.line, found.element) == (ProblemCode.CSV_FIELD_INVALID, 3, column)
    assert found.param("value") == changes[column.name]


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"BIRTH_NAME": ""}, C.BIRTH_NAME),
        ({"FIRST_NAME": " "}, C.FIRST_NAME),
        ({"BIRTH_DATE": ""}, C.BIRTH_DATE),
        ({"SEX": ""}, C.SEX),
        ({"COUNTRY": ""}, C.COUNTRY),
        ({"SITE": ""}, C.SITE),
        ({"ROOM": ""}, C.ROOM),
        ({"DATE": ""}, C.DATE),
        ({"TIME": ""}, C.TIME),
        ({"INVIGILATORS": ""}, C.INVIGILATORS),
        ({"INSEE_CODE": "", "POSTAL_CODE": "75015"}, C.CITY),
        ({"INSEE_CODE": "", "CITY": "Paris"}, C.POSTAL_CODE),
    ],
)
def test_a_missing_field_is_reported(changes: dict[str, str], column: CsvColumn) -> None:
    data = csv_bytes(line(NEW_SESSION, CANDIDATE, **changes))

    assert errors_of(data) == [(ProblemCode.CSV_FIELD_REQUIRED, 2, column)]


def test_an_existing_session_needs_only_its_number() -> None:
    result = parse_csv_roster(csv_bytes(line(CANDIDATE, SESSION_NUMBER="42")))

    assert result.ok
    assert result.sessions[0].number == 42


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"INSEE_CODE": ""}, ProblemCode.CSV_BIRTH_PLACE_REQUIRED),
        ({"POSTAL_CODE": "75015", "CITY": "Paris"}, ProblemCode.CSV_BIRTH_PLACE_AMBIGUOUS),
    ],
)
def test_born_in_france_needs_exactly_one_way_to_name_the_commune(
    changes: dict[str, str], code: ProblemCode
) -> None:
    assert errors_of(csv_bytes(line(NEW_SESSION, CANDIDATE, **changes))) == [
        (code, 2, C.INSEE_CODE)
    ]


@pytest.mark.parametrize(
    ("percent", "ratio"),
    [("", "0"), ("0", "0"), ("33", "0.33"), ("33 %", "0.33"), ("33,5", "0.335"), ("999", "9.99")],
)
def test_extra_time_is_a_percent_below_1000(percent: str, ratio: str) -> None:
    result = parse_csv_roster(csv_bytes(line(NEW_SESSION, CANDIDATE, EXTRA_TIME=percent)))

    assert result.sessions[0].candidates[0].extra_time_ratio == Decimal(ratio)


@pytest.mark.parametrize(
    ("country", "code"), [("Sénégal", ""), ("99341", "99341"), ("341", "99341")]
)
def test_born_abroad_needs_the_country_and_city(country: str, code: str) -> None:
    abroad = line(NEW_SESSION, CANDIDATE, INSEE_CODE="", COUNTRY=country, CITY="Dakar")

    [session] = parse_csv_roster(csv_bytes(abroad)).sessions

    assert session.candidates[0].birth_country_code == code
    assert errors_of(csv_bytes(line(NEW_SESSION, CANDIDATE, COUNTRY="Sénégal"))) == [
        (ProblemCode.CSV_FIELD_REQUIRED, 2, C.CITY)
    ]


@pytest.mark.parametrize("country", ["France", "FRANCE", "france ", "99100", "100"])
def test_france_is_recognised_by_name_or_code(country: str) -> None:
    data = csv_bytes(line(NEW_SESSION, CANDIDATE, COUNTRY=country, INSEE_CODE=""))

    assert errors_of(data) == [(ProblemCode.CSV_BIRTH_PLACE_REQUIRED, 2, C.INSEE_CODE)]


def test_every_problem_of_every_line_is_listed_at_once() -> None:
    data = csv_bytes(
        line(NEW_SESSION, CANDIDATE, SEX="H", EXTRA_TIME="tiers"),
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="Charles"),
        line(NEW_SESSION, CANDIDATE, BIRTH_NAME="", BIRTH_DATE="1/13/2010"),
    )

    assert errors_of(data) == [
        (ProblemCode.CSV_FIELD_INVALID, 2, C.SEX),
        (ProblemCode.CSV_FIELD_INVALID, 2, C.EXTRA_TIME),
        (ProblemCode.CSV_FIELD_REQUIRED, 4, C.BIRTH_NAME),
        (ProblemCode.CSV_FIELD_INVALID, 4, C.BIRTH_DATE),
    ]


def test_one_session_with_two_invigilator_lists_is_inconsistent() -> None:
    data = csv_bytes(
        line(NEW_SESSION, CANDIDATE),
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="Charles", INVIGILATORS="M. Martin"),
    )

    result = parse_csv_roster(data)

    [found] = result.errors
    assert (found.code, found.line, found.element) == (
        ProblemCode.CSV_SESSION_INCONSISTENT,
        3,
        C.INVIGILATORS,
    )
    assert (found.param("value"), found.param("expected")) == ("M. Martin", "Mme Durand")


def test_site_and_room_case_does_not_split_a_session() -> None:
    data = csv_bytes(
        line(NEW_SESSION, CANDIDATE),
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="Charles", ROOM="SALLE 12"),
    )

    [session] = parse_csv_roster(data).sessions

    assert (session.room, len(session.candidates)) == ("Salle 12", 2)


def test_the_same_person_twice_in_a_session_is_a_duplicate() -> None:
    data = csv_bytes(
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="Zoé", BIRTH_NAME="Œuvray"),
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="ZOE", BIRTH_NAME="OEUVRAY "),
        line(NEW_SESSION, CANDIDATE, FIRST_NAME="Zoé", BIRTH_NAME="Œuvray", TIME="14:00"),
    )

    result = parse_csv_roster(data)

    [found] = result.errors
    assert (found.code, found.line, found.param("first_line")) == (
        ProblemCode.CSV_CANDIDATE_DUPLICATE,
        3,
        "2",
    )


@pytest.mark.parametrize(
    ("data", "code", "reason"),
    [
        (b"", ProblemCode.EMPTY, None),
        (csv_bytes(), ProblemCode.EMPTY, None),
        (csv_bytes(";;;", ""), ProblemCode.EMPTY, None),
        (
            "Nom;Prénom\nDurand;Zoé\n".encode("cp1252"),
            ProblemCode.ENCODING_NOT_SUPPORTED,
            "undecodable",
        ),
        ("Nom;Prénom\n".encode("utf-16"), ProblemCode.ENCODING_NOT_SUPPORTED, "wide"),
        (csv_bytes('"unclosed;x'), ProblemCode.INVALID_FILE, InvalidReason.BROKEN_CSV),
        (zipped({"a.csv": csv_bytes()}), ProblemCode.INVALID_FILE, InvalidReason.ZIP_NOT_ACCEPTED),
    ],
    ids=["nothing", "header-only", "blank-lines", "windows-1252", "utf-16", "quote", "zip"],
)
def test_unreadable_files_are_refused(data: bytes, code: ProblemCode, reason: str | None) -> None:
    [found] = parse_csv_roster(data).errors

    assert (found.code, found.reason) == (code, reason)


def test_a_bad_encoding_says_which_line() -> None:
    data = csv_bytes(line(NEW_SESSION, CANDIDATE)) + "DURAND;Zoé\r\n".encode("cp1252")

    [found] = parse_csv_roster(data).errors

    assert (found.code, found.reason, found.line) == (
        ProblemCode.ENCODING_NOT_SUPPORTED,
        EncodingReason.UNDECODABLE,
        3,
    )


def test_line_numbers_count_physical_lines() -> None:
    data = csv_bytes(
        line(NEW_SESSION, CANDIDATE, NOTES='"Deux\r\nlignes"'),
        line(NEW_SESSION, CANDIDATE, NOTES='"Deux\r\nlignes"', SEX="?"),
    )

    assert errors_of(data) == [(ProblemCode.CSV_FIELD_INVALID, 4, C.SEX)]


def test_size_and_line_count_are_bounded() -> None:
    data = csv_bytes(*(line(NEW_SESSION, CANDIDATE, FIRST_NAME=f"A{n}") for n in range(30)))

    assert errors_of(data, ImportLimits(max_bytes=len(data) - 1)) == [
        (ProblemCode.INVALID_FILE, None, "")
    ]
    [found] = parse_csv_roster(data, limits=ImportLimits(max_rows=29)).errors
    assert found.reason == InvalidReason.TOO_MANY_ROWS
    assert parse_csv_roster(data, limits=ImportLimits(max_rows=30)).ok


def test_a_zip_path_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "sessions.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sessions.csv", csv_bytes())

    [found] = parse_csv_roster(path).errors

    assert found.reason == InvalidReason.ZIP_NOT_ACCEPTED
