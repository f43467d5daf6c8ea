"""Parse one XML file of a QTI package, hardened, and read QTI 2.1 and 3.0 names alike.

The same defences as the SIECLE reader (``siecle_xml``): the encoding is sniffed and bounded
to the ones rosters use, any DOCTYPE is refused before libxml2 sees it (no DTD, no entity, no
network: no XXE, no billion laughs), and the depth is counted while parsing.

QTI 3.0 renamed every element and attribute: ``qti-choice-interaction`` for
``choiceInteraction``, ``response-identifier`` for ``responseIdentifier``. The readers use
the 2.1 names; :func:`name` and :func:`attr` translate.
"""

from __future__ import annotations

import io
from typing import Any

# lxml ships no type information; the handful of calls used here are checked by the tests.
from lxml import etree  # type: ignore[import-untyped]

from pixdesk.imports.errors import EncodingReason, InvalidReason, invalid, unsupported
from pixdesk.imports.qti_model import QtiLimits, QtiVersion
from pixdesk.imports.siecle_xml import refuse_doctype, sniff_encoding
from pixdesk.imports.source import BoundedReader, ImportLimits

Element = Any
"""An lxml element (untyped library)."""

NAMESPACES = {
    "http://www.imsglobal.org/xsd/imsqti_v2p1": QtiVersion.V2P1,
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0": QtiVersion.V3P0,
}
ITEM_ROOTS = {QtiVersion.V2P1: "assessmentItem", QtiVersion.V3P0: "qti-assessment-item"}
_HEAD = 4096
_ENCODING_ERRORS = frozenset(
    {etree.ErrorTypes.ERR_INVALID_ENCODING, etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING}
)


def parse(data: bytes, limits: QtiLimits) -> Element:
    """Return the root element of an XML document read within ``limits``.

    Raises:
        ImportRejectedError: ``INVALID_FILE`` (broken_xml, doctype, too_deep, too_big) or
            ``ENCODING_NOT_SUPPORTED``.
    """
    bounds = ImportLimits(max_bytes=limits.max_file_bytes, max_depth=limits.max_depth)
    stream = BoundedReader(io.BytesIO(data), bounds)
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
    depth = 0
    root = None
    try:
        for event, element in events:
            if event == "end":
                depth -= 1
                continue
            if root is None:
                root = element
                # The prolog scan saw only the head; this sees every DOCTYPE, however placed.
                if element.getroottree().docinfo.doctype:
                    raise invalid(InvalidReason.DOCTYPE)
            depth += 1
            if depth > limits.max_depth:
                raise invalid(
                    InvalidReason.TOO_DEEP, line=element.sourceline, limit=limits.max_depth
                )
    except etree.XMLSyntaxError as exc:
        if exc.code in _ENCODING_ERRORS:
            raise unsupported(EncodingReason.UNDECODABLE) from exc
        raise invalid(InvalidReason.BROKEN_XML, line=exc.lineno, detail=exc.msg or "") from exc
    if root is None:
        raise invalid(InvalidReason.BROKEN_XML, detail="no element")
    return root


def item_version(root: Element) -> QtiVersion | None:
    """Return the QTI version of an assessment item's root element, or None if it is not one."""
    namespace, _, local = _split(root.tag)
    version = NAMESPACES.get(namespace)
    if version is None or ITEM_ROOTS[version] != local:
        return None
    return version


def name(element: Element) -> str:
    """Return the element's name in QTI 2.1 form, whatever its version and namespace.

    ``qti-simple-choice`` → ``simpleChoice``; ``p`` → ``p``; not an element → ``""``.
    """
    if not isinstance(element.tag, str):
        return ""
    local = _split(element.tag)[2]
    if not local.startswith("qti-"):
        return local
    return camel(local.removeprefix("qti-"))


def attr(element: Element, attribute: str) -> str | None:
    """Return an attribute by its QTI 2.1 name, or its QTI 3.0 (kebab-case) name."""
    value = element.get(attribute)
    if value is None:
        value = element.get(kebab(attribute))
    return value if value is None else str(value)


def children(element: Element, wanted: str) -> list[Element]:
    """Return the direct children called ``wanted`` (QTI 2.1 name)."""
    return [child for child in element if name(child) == wanted]


def descendants(element: Element, wanted: str) -> list[Element]:
    """Return every descendant called ``wanted`` (QTI 2.1 name), in document order."""
    return [found for found in element.iter() if found is not element and name(found) == wanted]


def text_of(element: Element) -> str:
    """Return all the text inside ``element``, whitespace runs collapsed."""
    return " ".join("".join(element.itertext()).split())


def camel(kebab_name: str) -> str:
    """Return ``simple-choice`` as ``simpleChoice``."""
    first, *rest = kebab_name.split("-")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def kebab(camel_name: str) -> str:
    """Return ``responseIdentifier`` as ``response-identifier``."""
    return "".join(f"-{char.lower()}" if char.isupper() else char for char in camel_name)


def _split(tag: str) -> tuple[str, str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, "}", local
    return "", "", tag
