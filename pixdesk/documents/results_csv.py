"""The results CSV (RULES.md §10): one row per certificate, for spreadsheets and the platform.

Format: ``;`` separator, UTF-8 with a byte-order mark (so that Excel on a French Windows opens
the accents right), CRLF line ends (RFC 4180, and what Excel writes), fields quoted only when
they hold ``;``, a quote or a line break. Headers are French; the columns are those of
:data:`pixdesk.domain.results.RESULTS_CSV_COLUMNS`, the statuses French labels.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula, and names, birth places and comments are typed by
people (or come from a SIECLE export). Such cells get a leading apostrophe, which spreadsheets
show as text — except the literal ``-`` of RULES §10 (not tested or not valid), which is no
formula and must stay as it is. No column holds a negative number, so none is defaced.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pixdesk.atomicfile import write_file_atomically
from pixdesk.documents.labels import RESULTS_CSV_HEADERS, STATUS_LABELS
from pixdesk.domain.results import (
    NOT_VALID,
    RESULTS_CSV_COLUMNS,
    CertificateData,
    results_csv_row,
)

__all__ = [
    "DELIMITER",
    "LINE_END",
    "ResultLine",
    "neutralise_formula",
    "render_results_csv",
    "write_results_csv",
]

DELIMITER: Final = ";"
LINE_END: Final = "\r\n"
ENCODING: Final = "utf-8-sig"  # UTF-8 with a BOM
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One candidate's result, with what the CSV needs beyond the certificate."""

    certificate: CertificateData
    certification_number: str
    session_number: str
    external_id: str = ""
    jury_comment: str = ""


def neutralise_formula(cell: str) -> str:
    """Return ``cell`` so that no spreadsheet runs it as a formula.

    ``"=HYPERLINK(…)"`` becomes ``"'=HYPERLINK(…)"``; ``"-"`` (not valid) stays ``"-"``.
    """
    if cell != NOT_VALID and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def render_results_csv(lines: Iterable[ResultLine]) -> bytes:
    """Return the results CSV of ``lines`` (header row first), encoded with its BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator=LINE_END)
    writer.writerow(RESULTS_CSV_HEADERS[column] for column in RESULTS_CSV_COLUMNS)
    for line in lines:
        writer.writerow(_safe(_row(line)))
    return buffer.getvalue().encode(ENCODING)


def write_results_csv(path: Path, lines: Iterable[ResultLine]) -> None:
    """Write the results CSV to ``path`` atomically (private file: it names minors)."""
    write_file_atomically(path, render_results_csv(lines))


def _row(line: ResultLine) -> tuple[str, ...]:
    return results_csv_row(
        line.certificate,
        certification_number=line.certification_number,
        external_id=line.external_id,
        jury_comment=line.jury_comment,
        session_number=line.session_number,
        status_labels=STATUS_LABELS,
    )


def _safe(row: Sequence[str]) -> list[str]:
    return [neutralise_formula(cell) for cell in row]
