"""What a QTI import produces: items with their text, and problems as codes.

Codes, never sentences: the CLI and the UI translate them. Every code is listed in the QTI
section of docs/item-banks.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pixdesk.domain.items import Item


class QtiVersion(StrEnum):
    """The QTI versions read, by their item namespace."""

    V2P1 = "2.1"
    V3P0 = "3.0"


class QtiProblemCode(StrEnum):
    """Why a package, or one of its items, cannot be imported."""

    # The package as a whole (``item`` is empty)
    PACKAGE_INVALID = "PACKAGE_INVALID"  # ``reason``: an InvalidReason (zip slip, bomb…)
    ENCODING_NOT_SUPPORTED = "ENCODING_NOT_SUPPORTED"  # ``reason``: an EncodingReason
    MANIFEST_MISSING = "MANIFEST_MISSING"  # no imsmanifest.xml at the root of the zip
    MANIFEST_INVALID = "MANIFEST_INVALID"  # not a content-package manifest
    NO_ITEMS = "NO_ITEMS"  # the manifest lists no QTI 2.1/3.0 item
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"
    # One item (``item``: its identifier, or the resource's when the file is unreadable)
    ITEM_FILE_MISSING = "ITEM_FILE_MISSING"  # the resource's href names no file of the zip
    ITEM_XML_INVALID = "ITEM_XML_INVALID"  # ``reason``: broken_xml, doctype, too_deep…
    NOT_QTI_ITEM = "NOT_QTI_ITEM"  # the root is not a QTI 2.1 or 3.0 assessment item
    ITEM_ID_INVALID = "ITEM_ID_INVALID"
    ITEM_ID_DUPLICATE = "ITEM_ID_DUPLICATE"
    INTERACTION_UNSUPPORTED = "INTERACTION_UNSUPPORTED"  # ``interaction``: its element name
    INTERACTION_MISSING = "INTERACTION_MISSING"
    INTERACTIONS_MIXED = "INTERACTIONS_MIXED"  # a choice interaction with any other one
    RESPONSE_UNDECLARED = "RESPONSE_UNDECLARED"  # no responseDeclaration for an interaction
    RESPONSE_TYPE_UNSUPPORTED = "RESPONSE_TYPE_UNSUPPORTED"  # cardinality or baseType
    RESPONSE_PROCESSING_UNSUPPORTED = "RESPONSE_PROCESSING_UNSUPPORTED"  # ``template``
    CORRECT_RESPONSE_MISSING = "CORRECT_RESPONSE_MISSING"
    CORRECT_RESPONSE_INVALID = "CORRECT_RESPONSE_INVALID"  # unknown choice, two for a QCU…
    CHOICES_AMBIGUOUS = "CHOICES_AMBIGUOUS"  # inline choice ids equal once treated
    CONTENT_UNSUPPORTED = "CONTENT_UNSUPPORTED"  # ``element``: img, math, templates…
    METADATA_MISSING = "METADATA_MISSING"  # ``field``
    METADATA_INVALID = "METADATA_INVALID"  # ``field``, ``value``
    METADATA_CONFLICT = "METADATA_CONFLICT"  # ``field``: two sources disagree


@dataclass(frozen=True, slots=True)
class QtiProblem:
    """One reason something cannot be imported.

    Attributes:
        code: What is wrong.
        item: The item's identifier (empty for the package as a whole).
        file: The file in the package, when known.
        params: Extra named values, as sorted ``(name, text)`` pairs.
    """

    code: QtiProblemCode
    item: str = ""
    file: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def param(self, key: str) -> str | None:
        """Return the named parameter, or None."""
        return dict(self.params).get(key)


def qti_problem(
    code: QtiProblemCode, *, item: str = "", file: str = "", **params: object
) -> QtiProblem:
    """Build a problem; keyword parameters become text parameters."""
    pairs = tuple(sorted((key, str(value)) for key, value in params.items()))
    return QtiProblem(code, item=item, file=file, params=pairs)


class QtiFieldKind(StrEnum):
    """What a QROCM field asks for."""

    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"  # an inline choice: the answer is one of ``choices``' keys


@dataclass(frozen=True, slots=True)
class QtiChoice:
    """A proposal (simple or inline choice): its identifier and its text."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class QtiField:
    """One answer field of a QROC-type item, named as in the solution."""

    name: str
    kind: QtiFieldKind
    choices: tuple[QtiChoice, ...] = ()


@dataclass(frozen=True, slots=True)
class QtiItem:
    """An imported item: the engine's :class:`Item` and what the station shows.

    Attributes:
        item: Type, calibration, solution; ``item.proposals`` are the choice keys.
        title: The assessment item's ``title``.
        stem: The item body as plain text, paragraphs separated by a blank line; each text
            entry or inline choice is written ``${name}`` where it stood.
        proposals: QCU/QCM proposals in display order (simple or inline choices).
        fields: QROC, QROC_NUM and QROCM_IND fields, in document order.
        version: The QTI version of the item file.
        file: The item file in the package.
    """

    item: Item
    title: str
    stem: str
    proposals: tuple[QtiChoice, ...]
    fields: tuple[QtiField, ...]
    version: QtiVersion
    file: str


@dataclass(frozen=True, slots=True)
class QtiImport:
    """The items that could be read and every problem found.

    Items with a problem are left out; ``ok`` tells whether the whole package came through.
    A bank import should refuse a package that is not ``ok`` (all or nothing).
    """

    items: tuple[QtiItem, ...] = ()
    problems: tuple[QtiProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """Return whether every item was imported."""
        return not self.problems and bool(self.items)


@dataclass(frozen=True, slots=True)
class QtiLimits:
    """Bounds on a package (it comes from outside; DESIGN.md §10).

    Attributes:
        max_package_bytes: The zip file itself.
        max_file_bytes: One XML file once inflated (manifest or item).
        max_total_bytes: Every XML file read, once inflated.
        max_ratio: Inflated ÷ compressed size of one member (zip bomb).
        max_entries: Entries the zip may list.
        max_items: Items the manifest may list.
        max_depth: XML element nesting.
    """

    max_package_bytes: int = 64 * 1024 * 1024
    max_file_bytes: int = 2 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 100
    max_entries: int = 20_000
    max_items: int = 5_000
    max_depth: int = 48
