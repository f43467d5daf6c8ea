"""Reading SIECLE exports: mapping, skip rules, errors that fail the whole import."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from pixdesk.domain.candidate import Sex
from pixdesk.imports.errors import EncodingReason, InvalidReason, ProblemCode, SkipReason
from pixdesk.imports.models import RosterLearner
from pixdesk.imports.siecle import parse_siecle
from tests.imports.siecle_files import UAI, pupil, siecle_xml

DATA = Path(__file__).parents[1] / "data" / "siecle"
SHARED_SAMPLE = (
    Path(__file__).parents[3] / "shared" / "data" / "siecle" / "ElevesSansAdresses-sample.xml"
)
FIXTURES = [
    "ElevesSansAdresses-latin9.xml",
    "ElevesSansAdresses-utf8.xml",
    "ElevesSansAdresses-utf8-bom.xml",
]


def codes(result: object) -> list[str]:
    return [found.code for found in result.errors]  # type: ignore[attr-defined]


@pytest.mark.skipif(not SHARED_SAMPLE.exists(), reason="the team's shared sample is not here")
def test_the_shared_sample_gives_what_its_readme_says() -> None:
    result = parse_siecle(SHARED_SAMPLE, expected_uai="0781234A")

    assert result.ok
    assert [(one.birth_name, one.first_name, one.division) for one in result.learners] == [
        ("LOVELACE", "Ada", "3A"),
        ("BABBAGE", "Charles", "3B"),
        ("ŒUVRAY", "Lætitia", "3A"),
        ("JACKSON", "Mary", "3B"),
        ("N'DIAYE", "Aïssatou", "3C"),
        ("GARCÍA MÁRQUEZ", "José-Luis", "3A"),
    ]
    assert result.learners[2].usage_name == "DUPRÉ"
    assert result.learners[0].birth_country_code == "99100"
    assert result.learners[3].birth_country_code == "99132"
    assert result.learners[5].birth_country_code == "99134"
    assert [(one.name, one.reason) for one in result.skipped] == [
        ("POUZIN Louis", SkipReason.NO_INE),
        ("SANTA Garance", SkipReason.LEFT_SCHOOL),
        ("HOPPER Grace", SkipReason.NO_DIVISION),
        ("TURING Alan", SkipReason.NO_DIVISION),
    ]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_encoding_reads_the_same_learners(name: str) -> None:
    result = parse_siecle(DATA / name, expected_uai="0921234X")

    assert result.ok
    assert result.uai == "0921234x"
    assert result.learners[0] == RosterLearner(
        ine="070123456AB",
        birth_name="ŒUVRAY",
        usage_name="DUPRÉ",
        first_name="Lætitia",
        other_first_names=("Zoé", "Maëlle"),
        sex=Sex.F,
        birth_date=date(2010, 2, 4),
        birth_country_code="99100",
        birth_department_code="02A",
        birth_insee_code="2A004",
        birth_city="",
        division="2NDE É1",
        mef_code="10310019110",
        status_code="ST",
        source_id="2001",
    )
    spanish = result.learners[1]
    assert (spanish.birth_name, spanish.sex, spanish.birth_city) == (
        "GARCÍA MÁRQUEZ",
        Sex.M,
        "MADRID",
    )
    assert (spanish.birth_insee_code, spanish.division) == ("", "2NDE É2")
    assert spanish.birth_country_code == "99134"
    assert [one.first_name for one in result.learners] == ["Lætitia", "José-Luis", "Aïssatou"]
    assert [(one.name, one.reason, one.source_id) for one in result.skipped] == [
        ("BÉRANGER Hélène", SkipReason.NO_INE, "2004"),
        ("FAURÉ Gabriel", SkipReason.LEFT_SCHOOL, "2005"),
        ("ÉLUARD Paul", SkipReason.NO_DIVISION, "2006"),
        ("D'ALEMBERT Jean", SkipReason.NO_DIVISION, "2007"),
    ]


def test_a_path_a_string_bytes_and_streams_are_all_sources() -> None:
    path = DATA / FIXTURES[0]
    content = path.read_bytes()

    class Pipe(io.RawIOBase):
        """A stream that cannot seek, like standard input."""

        def __init__(self) -> None:
            self._inner = io.BytesIO(content)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    sources = [path, str(path), content, io.BytesIO(content), Pipe()]
    results = [parse_siecle(source, expected_uai="0921234X") for source in sources]

    assert all(len(result.learners) == 3 for result in results)


@pytest.mark.parametrize(
    ("overrides", "structures", "reason"),
    [
        ({"ID_NATIONAL": None}, None, SkipReason.NO_INE),
        ({"ID_NATIONAL": "   "}, None, SkipReason.NO_INE),
        ({"DATE_SORTIE": "30/11/2025"}, None, SkipReason.LEFT_SCHOOL),
        ({}, [("ATELIER", "G")], SkipReason.NO_DIVISION),
        ({}, [("Inactifs", "D")], SkipReason.NO_DIVISION),
        ({}, [], SkipReason.NO_DIVISION),
        # The skip rules come before the checks: a skipped student's gaps are no error.
        ({"ID_NATIONAL": None, "CODE_SEXE": None}, None, SkipReason.NO_INE),
        ({"DATE_SORTIE": "01/10/2025", "DATE_NAISS": "?"}, [], SkipReason.LEFT_SCHOOL),
    ],
)
def test_skipped_students_are_reported_with_their_reason(
    overrides: dict[str, str | None],
    structures: list[tuple[str, str]] | None,
    reason: SkipReason,
) -> None:
    data = siecle_xml([pupil(1), pupil(2, structures, **overrides)])

    result = parse_siecle(data, expected_uai=UAI)

    assert result.ok
    assert [one.source_id for one in result.learners] == ["1"]
    assert [(one.name, one.reason) for one in result.skipped] == [("NOM2 Prénom2", reason)]


def test_the_division_is_the_first_active_d_structure() -> None:
    structures = [("LATIN", "G"), ("Inactifs", "D"), ("3E2", "D"), ("3E4", "D")]

    result = parse_siecle(siecle_xml([pupil(1, structures)]), expected_uai=UAI)

    assert result.learners[0].division == "3E2"


@pytest.mark.parametrize(
    ("overrides", "code", "value"),
    [
        ({"CODE_SEXE": None}, ProblemCode.SEX_CODE_REQUIRED, ""),
        ({"CODE_SEXE": "3"}, ProblemCode.SEX_CODE_REQUIRED, "3"),
        ({"DATE_NAISS": None}, ProblemCode.BIRTHDATE_REQUIRED, ""),
        ({"DATE_NAISS": "31/02/2010"}, ProblemCode.BIRTHDATE_REQUIRED, "31/02/2010"),
        ({"DATE_NAISS": "2010-02-04"}, ProblemCode.BIRTHDATE_REQUIRED, "2010-02-04"),
        ({"CODE_COMMUNE_INSEE_NAISS": None}, ProblemCode.BIRTH_CITY_CODE_REQUIRED, ""),
        ({"CODE_COMMUNE_INSEE_NAISS": "PARIS"}, ProblemCode.BIRTH_CITY_CODE_REQUIRED, "PARIS"),
        ({"NOM_DE_FAMILLE": None}, ProblemCode.NAME_REQUIRED, None),
        ({"PRENOM": ""}, ProblemCode.NAME_REQUIRED, None),
    ],
)
def test_a_student_error_fails_the_whole_import(
    overrides: dict[str, str | None], code: ProblemCode, value: str | None
) -> None:
    data = siecle_xml([pupil(1), pupil(2, **overrides), pupil(3)])

    result = parse_siecle(data, expected_uai=UAI)

    assert not result.ok
    assert result.learners == ()
    [found] = result.errors
    assert (found.code, found.ine, found.element) == (code, "100000002AB", "2")
    assert (found.line or 0) > 1
    if value is not None:
        assert found.param("value") == value


@pytest.mark.parametrize(("written", "code"), [("132", "99132"), ("99132", "99132"), ("", "")])
def test_born_abroad_needs_no_insee_code(written: str, code: str) -> None:
    abroad = pupil(1, CODE_PAYS=written, CODE_COMMUNE_INSEE_NAISS=None, VILLE_NAISS="LONDRES")

    result = parse_siecle(siecle_xml([abroad]), expected_uai=UAI)

    assert result.ok
    assert (result.learners[0].birth_country_code, result.learners[0].birth_city) == (
        code,
        "LONDRES",
    )


def test_france_written_the_insee_way_needs_the_commune_too() -> None:
    data = siecle_xml([pupil(1, CODE_PAYS="99100", CODE_COMMUNE_INSEE_NAISS=None)])

    assert codes(parse_siecle(data, expected_uai=UAI)) == [ProblemCode.BIRTH_CITY_CODE_REQUIRED]


def test_a_duplicate_ine_names_both_students() -> None:
    data = siecle_xml([pupil(1), pupil(2, ID_NATIONAL="100000001ab")])

    result = parse_siecle(data, expected_uai=UAI)

    [found] = result.errors
    assert (found.code, found.ine, found.element, found.name) == (
        ProblemCode.INE_UNIQUE,
        "100000001AB",
        "2",
        "NOM2 Prénom2",
    )
    assert found.param("first_id") == "1"


def test_a_skipped_duplicate_is_no_error() -> None:
    data = siecle_xml([pupil(1), pupil(2, ID_NATIONAL="100000001AB", DATE_SORTIE="01/10/2025")])

    assert parse_siecle(data, expected_uai=UAI).ok


def test_every_student_error_is_listed_at_once_in_file_order() -> None:
    data = siecle_xml(
        [
            pupil(1),
            pupil(2, CODE_SEXE=None, DATE_NAISS=None),
            pupil(3, CODE_COMMUNE_INSEE_NAISS=None),
            pupil(4, ID_NATIONAL="100000001AB"),
            pupil(5, ID_NATIONAL=None, CODE_SEXE=None),
        ]
    )

    result = parse_siecle(data, expected_uai=UAI)

    assert [(found.code, found.element) for found in result.errors] == [
        (ProblemCode.SEX_CODE_REQUIRED, "2"),
        (ProblemCode.BIRTHDATE_REQUIRED, "2"),
        (ProblemCode.BIRTH_CITY_CODE_REQUIRED, "3"),
        (ProblemCode.INE_UNIQUE, "4"),
    ]
    assert [found.name for found in result.errors][:2] == ["NOM2 Prénom2", "NOM2 Prénom2"]
    assert result.learners == ()
    assert [one.reason for one in result.skipped] == [SkipReason.NO_INE]


@pytest.mark.parametrize("expected", ["0781234A", "0781234a", "  0781234A "])
def test_the_uai_matches_ignoring_case_and_spaces(expected: str) -> None:
    assert parse_siecle(siecle_xml([pupil(1)], uai=" 0781234a"), expected_uai=expected).ok


@pytest.mark.parametrize("uai", ["0781235A", ""])
def test_another_schools_file_is_refused_without_its_pupils(uai: str) -> None:
    data = siecle_xml([pupil(1), pupil(2, CODE_SEXE=None)], uai=uai)

    result = parse_siecle(data, expected_uai="0781234A")

    assert codes(result) == [ProblemCode.UAI_MISMATCHED]
    assert result.errors[0].param("expected") == "0781234A"
    assert result.errors[0].param("found") == uai
    assert (result.learners, result.skipped) == ((), ())


def test_a_file_without_uaj_is_refused() -> None:
    data = siecle_xml([pupil(1)]).replace(b"<UAJ>0781234A</UAJ>", b"")

    assert codes(parse_siecle(data, expected_uai=UAI)) == [ProblemCode.UAI_MISMATCHED]


def test_no_student_at_all_is_empty() -> None:
    assert codes(parse_siecle(siecle_xml([]), expected_uai=UAI)) == [ProblemCode.EMPTY]


def test_only_skipped_students_is_empty_too() -> None:
    result = parse_siecle(siecle_xml([pupil(1, ID_NATIONAL=None)]), expected_uai=UAI)

    assert codes(result) == [ProblemCode.EMPTY]
    assert len(result.skipped) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", InvalidReason.BROKEN_XML),
        (b"<BEE_ELEVES><PARAMETRES>", InvalidReason.BROKEN_XML),
        (b"<BEE_ELEVES>&undefined;</BEE_ELEVES>", InvalidReason.BROKEN_XML),
        (b"Nom;Prenom\nA;B\n", InvalidReason.BROKEN_XML),
        (b'<?xml version="1.0"?><html><body/></html>', InvalidReason.NOT_SIECLE),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", InvalidReason.NOT_XML_OR_ZIP),
    ],
)
def test_what_is_not_a_siecle_export_is_an_invalid_file(data: bytes, reason: InvalidReason) -> None:
    [found] = parse_siecle(data, expected_uai=UAI).errors

    assert (found.code, found.reason) == (ProblemCode.INVALID_FILE, reason)


def test_broken_xml_says_where() -> None:
    data = siecle_xml([pupil(1), pupil(2)]).replace(b"</PRENOM>", b"</PRENM>", 2)

    [found] = parse_siecle(data, expected_uai=UAI).errors

    assert found.reason == InvalidReason.BROKEN_XML
    assert (found.line or 0) > 5


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (siecle_xml([pupil(1)], declared="KLINGON-8"), EncodingReason.UNKNOWN),
        (siecle_xml([pupil(1)], encoding="cp1252"), EncodingReason.NOT_ACCEPTED),
        (siecle_xml([pupil(1)], encoding="UTF-16"), EncodingReason.WIDE),
        ("<BEE_ELEVES/>".encode("utf-16-le"), EncodingReason.WIDE),
        (siecle_xml([pupil(1)], encoding="ISO-8859-15", bom=True), EncodingReason.BOM_MISMATCH),
        (
            siecle_xml([pupil(1, PRENOM="Zoé")], encoding="ISO-8859-15", declared="UTF-8"),
            EncodingReason.UNDECODABLE,
        ),
    ],
    ids=["unknown", "windows-1252", "utf-16", "utf-16-no-bom", "bom-mismatch", "undecodable"],
)
def test_an_unsupported_encoding_is_refused(data: bytes, reason: EncodingReason) -> None:
    [found] = parse_siecle(data, expected_uai=UAI).errors

    assert (found.code, found.reason) == (ProblemCode.ENCODING_NOT_SUPPORTED, reason)


def test_latin1_and_undeclared_utf8_are_read() -> None:
    latin1 = siecle_xml([pupil(1, PRENOM="Zoé")], encoding="ISO-8859-1")
    undeclared = siecle_xml([pupil(1, PRENOM="Zoé")], encoding="UTF-8", declare=False)

    for data in (latin1, undeclared):
        assert parse_siecle(data, expected_uai=UAI).learners[0].first_name == "Zoé"


def test_five_thousand_pupils_parse_in_one_pass() -> None:
    pupils = [pupil(number, [(f"3E{number % 8}", "D")]) for number in range(1, 5001)]
    pupils[42] = pupil(43, ID_NATIONAL=None)

    result = parse_siecle(siecle_xml(pupils), expected_uai=UAI)

    assert result.ok
    assert len(result.learners) == 4999
    assert len({one.ine for one in result.learners}) == 4999
    assert result.learners[-1].division == "3E0"
    assert [one.source_id for one in result.skipped] == ["43"]
