"""Stream the raw records out of a SIECLE XML export, hardened against hostile documents.

The document is read once, incrementally, with lxml's ``iterparse``; every element is freed
as soon as its end is seen, so memory stays flat whatever the size. No DTD is ever accepted:
refusing any DOCTYPE closes the door to external entities (XXE) and entity expansion (billion
laughs) before libxml2 looks at them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# lxml ships no type information; the handful of calls used here are checked by the tests.
from lxml import etree  # type: ignore[import-untyped]

from pixdesk.imports.errors import EncodingReason, InvalidReason, invalid, unsupported
from pixdesk.imports.fields import clean
from pixdesk.imports.source import BoundedReader, ImportLimits

ROOT = "BEE_ELEVES"
STUDENT_FIELDS = frozenset(
    {
        "ID_NATIONAL",
        "NOM_DE_FAMILLE",
        "NOM_USAGE",
        "PRENOM",
        "PRENOM2",
        "PRENOM3",
        "CODE_SEXE",
        "DATE_NAISS",
        "CODE_PAYS",
        "CODE_DEPARTEMENT_NAISS",
        "CODE_COMMUNE_INSEE_NAISS",
        "VILLE_NAISS",
        "CODE_MEF",
        "CODE_STATUT",
        "DATE_SORTIE",
    }
)
INACTIVE_DIVISION = "inactifs"

_HEAD = 4096
# libxml2's errors for bytes the declared encoding cannot decode, or an encoding it lacks.
_ENCODING_ERRORS = frozenset(
    {etree.ErrorTypes.ERR_INVALID_ENCODING, etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING}
)
# Encodings rosters come in, by Python's canonical codec name → the name given to libxml2.
_ACCEPTED = {
    "utf-8": "UTF-8",
    "iso8859-15": "ISO-8859-15",
    "iso8859-1": "ISO-8859-1",
    "ascii": "US-ASCII",
}
_WIDE_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_DECLARED = re.compile(rb"""\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True, slots=True)
class RawStudent:
    """One ``ELEVE`` element: its id, its line, and the wanted fields as cleaned text."""

    source_id: str
    line: int | None
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class SiecleDocument:
    """What the export holds, before any rule is applied."""

    uai: str | None
    students: tuple[RawStudent, ...]
    divisions: Mapping[str, str] = field(default_factory=dict)  # ELEVE_ID → division


def read_document(stream: BoundedReader, limits: ImportLimits) -> SiecleDocument:
    """Read the UAI, the students and their divisions from a SIECLE export.

    Raises:
        ImportRejectedError: INVALID_FILE or ENCODING_NOT_SUPPORTED.
    """
    encoding = sniff_encoding(stream)
    refuse_doctype(stream.peek(_HEAD))
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    collector = _Collector(limits.max_depth)
    try:
        for event, element in events:
            if event == "start":
                collector.start(element)
            else:
                collector.end(element)
    except etree.XMLSyntaxError as exc:
        if exc.code in _ENCODING_ERRORS:
            # No line: libxml2 decodes ahead of parsing, and the line it gives is often wrong.
            raise unsupported(EncodingReason.UNDECODABLE) from exc
        raise invalid(InvalidReason.BROKEN_XML, line=exc.lineno, detail=exc.msg or "") from exc
    return collector.document()


def sniff_encoding(stream: BoundedReader) -> str:
    """Return the encoding to parse with, from the byte-order mark and the XML declaration.

    Consumes a UTF-8 byte-order mark. Without a declaration the XML default, UTF-8, applies.
    """
    head = stream.peek(_HEAD)
    if head.startswith(_WIDE_BOMS) or b"\x00" in head[:4]:
        raise unsupported(EncodingReason.WIDE)
    has_bom = head.startswith(codecs.BOM_UTF8)
    if has_bom:
        stream.skip(len(codecs.BOM_UTF8))
        head = head[len(codecs.BOM_UTF8) :]
    declared = _declared_encoding(head)
    if declared is None:
        return "UTF-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise unsupported(EncodingReason.UNKNOWN, encoding=declared) from None
    accepted = _ACCEPTED.get(codec)
    if accepted is None:
        raise unsupported(EncodingReason.NOT_ACCEPTED, encoding=declared)
    if has_bom and accepted != "UTF-8":
        raise unsupported(EncodingReason.BOM_MISMATCH, encoding=declared)
    return accepted


def _declared_encoding(head: bytes) -> str | None:
    if not head.startswith(b"<?xml"):
        return None
    end = head.find(b"?>")
    match = _DECLARED.search(head[: end if end >= 0 else len(head)])
    if match is None:
        return None
    return (match.group(1) or match.group(2) or b"").decode("ascii", errors="replace")


def refuse_doctype(head: bytes) -> None:
    """Refuse a DOCTYPE found in the prolog before libxml2 parses it.

    Walks the declaration, comments and processing instructions that may precede the root.
    A prolog longer than the peeked head is caught by the check on the root element instead.
    """
    position = 0
    while True:
        while position < len(head) and head[position : position + 1].isspace():
            position += 1
        rest = head[position:]
        if rest.startswith(b"<?"):
            closing = b"?>"
        elif rest.startswith(b"<!--"):
            closing = b"-->"
        elif rest[:9].upper() == b"<!DOCTYPE":
            raise invalid(InvalidReason.DOCTYPE)
        else:
            return
        end = head.find(closing, position + 2)
        if end < 0:
            return
        position = end + len(closing)


class _Collector:
    """Follows iterparse events, keeps the wanted values and frees every element."""

    def __init__(self, max_depth: int) -> None:
        self._max_depth = max_depth
        self._path: list[str] = []
        self._uai: str | None = None
        self._students: list[RawStudent] = []
        self._divisions: dict[str, str] = {}
        self._fields: dict[str, str] = {}
        self._owner = ""  # ELEVE_ID of the ELEVE or STRUCTURES_ELEVE being read
        self._line: int | None = None
        self._structure: dict[str, str] = {}

    def document(self) -> SiecleDocument:
        return SiecleDocument(self._uai, tuple(self._students), self._divisions)

    def start(self, element: Any) -> None:
        path = self._path
        if not path:
            # The prolog check saw only the head; this sees every DOCTYPE, however placed.
            if element.getroottree().docinfo.doctype:
                raise invalid(InvalidReason.DOCTYPE)
            if element.tag != ROOT:
                raise invalid(InvalidReason.NOT_SIECLE, root=element.tag)
        path.append(element.tag)
        depth = len(path)
        if depth > self._max_depth:
            raise invalid(InvalidReason.TOO_DEEP, line=element.sourceline, limit=self._max_depth)
        if depth == 4 and path[1] == "DONNEES":
            self._owner = clean(element.get("ELEVE_ID"))
            self._line = element.sourceline
            self._fields = {}
        elif depth == 5 and element.tag == "STRUCTURE":
            self._structure = {}

    def end(self, element: Any) -> None:
        path = self._path
        depth = len(path)
        tag = element.tag
        if depth >= 4 and path[1] == "DONNEES":
            self._donnees_end(path[2], depth, tag, element.text)
        elif depth == 3 and tag == "UAJ" and path[1] == "PARAMETRES":
            self._uai = clean(element.text)
        path.pop()
        _release(element)

    def _donnees_end(self, section: str, depth: int, tag: str, text: str | None) -> None:
        if section == "ELEVES" and self._path[3] == "ELEVE":
            if depth == 5 and tag in STUDENT_FIELDS:
                self._fields.setdefault(tag, clean(text))
            elif depth == 4:
                self._students.append(RawStudent(self._owner, self._line, self._fields))
        elif section == "STRUCTURES" and self._path[3] == "STRUCTURES_ELEVE":
            if depth == 6 and self._path[4] == "STRUCTURE":
                self._structure.setdefault(tag, clean(text))
            elif depth == 5 and tag == "STRUCTURE":
                self._keep_division()

    def _keep_division(self) -> None:
        code = self._structure.get("CODE_STRUCTURE", "")
        kind = self._structure.get("TYPE_STRUCTURE", "")
        # Only divisions (D) count; groups (G) and the "Inactifs" parking division do not.
        if not self._owner or not code or kind.upper() != "D":
            return
        if code.casefold() != INACTIVE_DIVISION:
            self._divisions.setdefault(self._owner, code)


def _release(element: Any) -> None:
    # Free what has been read: the element's content and the siblings already handled.
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
