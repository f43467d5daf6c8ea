"""The columns of the Pix mass-import CSV, and how a header row is matched to them.

Headers are matched loosely, because the file goes through spreadsheets and people: case,
accents, punctuation, a leading ``*`` (Pix marks required columns so) and any explanation in
parentheses or after ``?`` are ignored, and a few older labels are accepted as aliases.
Columns may come in any order; unknown columns are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum


class CsvColumn(StrEnum):
    """A column, valued by the French label pixdesk writes in its template."""

    SESSION_NUMBER = "Numéro de session"
    SITE = "Nom du site"
    ROOM = "Nom de la salle"
    DATE = "Date de début (format : jj/mm/aaaa)"
    TIME = "Heure de début (format : hh:mm)"
    INVIGILATORS = "Surveillant(s)"
    NOTES = "Observations (optionnel)"
    BIRTH_NAME = "Nom de naissance"
    FIRST_NAME = "Prénom"
    BIRTH_DATE = "Date de naissance (format : jj/mm/aaaa)"
    SEX = "Sexe (M ou F)"
    INSEE_CODE = "Code INSEE de la commune de naissance"
    POSTAL_CODE = "Code postal de la commune de naissance"
    CITY = "Nom de la commune de naissance"
    COUNTRY = "Pays de naissance"
    RESULT_EMAIL = "E-mail du destinataire des résultats (formateur, enseignant…)"
    CONVOCATION_EMAIL = "E-mail de convocation"
    LOCAL_ID = "Identifiant local"
    EXTRA_TIME = "Temps majoré ? (exemple : 33 %)"


NEW_SESSION_COLUMNS = (
    CsvColumn.SITE,
    CsvColumn.ROOM,
    CsvColumn.DATE,
    CsvColumn.TIME,
    CsvColumn.INVIGILATORS,
)
"""What a line without a session number must give to describe the session to create."""
SESSION_COLUMNS = (*NEW_SESSION_COLUMNS, CsvColumn.NOTES)
CANDIDATE_COLUMNS = tuple(CsvColumn)[tuple(CsvColumn).index(CsvColumn.BIRTH_NAME) :]
"""Birth name to extra time: a line with all of them empty names no candidate."""
TEMPLATE_HEADER = ";".join(column.value for column in CsvColumn)
"""The header line of pixdesk's CSV template, in the canonical order."""

_ALIASES = {
    "numero de session preexistante": CsvColumn.SESSION_NUMBER,
    "site": CsvColumn.SITE,
    "salle": CsvColumn.ROOM,
    "date": CsvColumn.DATE,
    "date de la session": CsvColumn.DATE,
    "heure": CsvColumn.TIME,
    "heure de la session": CsvColumn.TIME,
    "surveillants": CsvColumn.INVIGILATORS,
    "description": CsvColumn.NOTES,
    "identifiant externe": CsvColumn.LOCAL_ID,
}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def header_key(label: str) -> str:
    """Return the comparable form of a header label ("* Sexe (M ou F)" → "sexe")."""
    head = re.split(r"[(?]", label, maxsplit=1)[0]
    decomposed = unicodedata.normalize("NFKD", head)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


_BY_KEY = {header_key(column.value): column for column in CsvColumn} | _ALIASES


def match_header(cells: Sequence[str]) -> tuple[dict[CsvColumn, int], list[CsvColumn]]:
    """Return each known column's index in ``cells``, and the columns not found.

    When a column appears twice, the first one wins.
    """
    found: dict[CsvColumn, int] = {}
    for index, cell in enumerate(cells):
        column = _BY_KEY.get(header_key(cell))
        if column is not None:
            found.setdefault(column, index)
    missing = [column for column in CsvColumn if column not in found]
    return found, missing
