"""Build SIECLE exports for the tests: small XML documents and zips, written from scratch."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

UAI = "0781234A"


@dataclass(frozen=True)
class Pupil:
    """One ELEVE and its structures; a field set to None is left out of the XML."""

    eleve_id: str
    fields: Mapping[str, str | None]
    structures: tuple[tuple[str, str], ...] = (("3A", "D"),)  # (CODE_STRUCTURE, TYPE_STRUCTURE)


def pupil(
    eleve_id: str | int,
    structures: Iterable[tuple[str, str]] | None = None,
    **overrides: str | None,
) -> Pupil:
    """Return a valid French-born pupil whose fields ``overrides`` replaces (None removes)."""
    number = int(eleve_id)
    fields: dict[str, str | None] = {
        "ID_NATIONAL": f"{100000000 + number:09d}AB",
        "NOM_DE_FAMILLE": f"NOM{number}",
        "NOM_USAGE": "",
        "PRENOM": f"Prénom{number}",
        "PRENOM2": "",
        "DATE_NAISS": "10/12/2009",
        "CODE_SEXE": "1" if number % 2 else "2",
        "CODE_PAYS": "100",
        "CODE_DEPARTEMENT_NAISS": "075",
        "CODE_COMMUNE_INSEE_NAISS": "75056",
        "CODE_MEF": "10310019110",
        "CODE_STATUT": "ST",
        "DATE_ENTREE": "02/09/2025",
    }
    fields.update(overrides)
    chosen = tuple(structures) if structures is not None else (("3A", "D"),)
    return Pupil(str(eleve_id), fields, chosen)


def siecle_xml(
    pupils: Iterable[Pupil],
    *,
    uai: str = UAI,
    encoding: str = "ISO-8859-15",
    declared: str | None = None,
    declare: bool = True,
    bom: bool = False,
) -> bytes:
    """Return an export of ``pupils`` encoded as ``encoding`` and declared as ``declared``.

    ``declared`` defaults to ``encoding``; ``declare=False`` leaves the declaration out.
    """
    pupils = list(pupils)
    parts = []
    if declare:
        parts.append(f'<?xml version="1.0" encoding="{declared or encoding}"?>\n')
    parts.append('<BEE_ELEVES VERSION="3.1">\n  <PARAMETRES>\n')
    parts.append(f"    <UAJ>{escape(uai)}</UAJ>\n    <ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>\n")
    parts.append("  </PARAMETRES>\n  <DONNEES>\n    <ELEVES>\n")
    for one in pupils:
        parts.append(f'      <ELEVE ELEVE_ID="{one.eleve_id}">\n')
        for name, value in one.fields.items():
            if value is not None:
                parts.append(f"        <{name}>{escape(value)}</{name}>\n")
        parts.append("      </ELEVE>\n")
    parts.append("    </ELEVES>\n    <STRUCTURES>\n")
    for one in pupils:
        parts.append(f'      <STRUCTURES_ELEVE ELEVE_ID="{one.eleve_id}">\n')
        for code, kind in one.structures:
            parts.append(
                "        <STRUCTURE>\n"
                f"          <CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE>\n"
                f"          <TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>\n"
                "        </STRUCTURE>\n"
            )
        parts.append("      </STRUCTURES_ELEVE>\n")
    parts.append("    </STRUCTURES>\n  </DONNEES>\n</BEE_ELEVES>\n")
    data = "".join(parts).encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def zipped(members: Mapping[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding ``members`` (name → content), names kept verbatim."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 9, 15, 10, 12, 3))
            archive.writestr(info, content, compress_type=method)
    return buffer.getvalue()
