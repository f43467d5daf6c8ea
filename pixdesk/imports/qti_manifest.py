"""Read a package's ``imsmanifest.xml``: its item resources and their pixdesk metadata.

Metadata is read from each resource's ``<metadata>``, namespace-agnostic, in two forms
(the QTI section of docs/item-banks.md), with field names ``pixdesk:competence``…:

- an IEEE LOM / IMS MD classification: a ``taxonPath`` whose ``source`` (its ``string`` or
  ``langstring``, or its own text) is the field name, and whose ``taxon`` gives the value in
  its ``id``, or else in its ``entry`` text;
- a QTI metadata field: ``qtimetadatafield`` with ``fieldlabel`` (the name) and
  ``fieldentry`` (the value), as QTI 1.2 and many exporters write it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pixdesk.imports.qti_model import QtiVersion
from pixdesk.imports.qti_xml import Element, text_of

FIELD_PREFIX = "pixdesk:"
ITEM_TYPES = {
    "imsqti_item_xmlv2p1": QtiVersion.V2P1,
    "imsqti_item_xmlv3p0": QtiVersion.V3P0,
}
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


@dataclass(frozen=True, slots=True)
class ItemResource:
    """One item resource of the manifest.

    Attributes:
        identifier: The resource's identifier (named in problems until the item is read).
        href: The item file as written (resolved later against ``base``).
        base: The ``xml:base`` folders in effect, joined.
        metadata: Each ``pixdesk:`` field found, with every value given for it (several
            values that differ are a conflict).
    """

    identifier: str
    version: QtiVersion
    href: str
    base: str = ""
    metadata: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def is_manifest(root: Element) -> bool:
    """Tell whether ``root`` is a content-package manifest (any IMS CP namespace)."""
    return _local(root) == "manifest"


def item_resources(root: Element) -> list[ItemResource]:
    """Return the manifest's QTI 2.1 and 3.0 item resources, in document order.

    Other resources (tests, web content, shared stimuli) are not items and are skipped.
    """
    found = []
    root_base = root.get(_XML_BASE) or ""
    for resources in _children(root, "resources"):
        base = _join(root_base, resources.get(_XML_BASE) or "")
        for resource in _children(resources, "resource"):
            version = ITEM_TYPES.get((resource.get("type") or "").strip())
            if version is None:
                continue
            href = resource.get("href") or ""
            if not href:
                files = _children(resource, "file")
                href = (files[0].get("href") or "") if files else ""
            found.append(
                ItemResource(
                    identifier=(resource.get("identifier") or "").strip(),
                    version=version,
                    href=href,
                    base=_join(base, resource.get(_XML_BASE) or ""),
                    metadata=_metadata(resource),
                )
            )
    return found


def _metadata(resource: Element) -> dict[str, tuple[str, ...]]:
    values: dict[str, list[str]] = {}
    for metadata in _children(resource, "metadata"):
        for element in metadata.iter():
            local = _local(element)
            if local == "taxonPath":
                pair = _taxon_path(element)
            elif local == "qtimetadatafield":
                pair = _metadata_field(element)
            else:
                continue
            if pair is not None and pair[0].startswith(FIELD_PREFIX):
                values.setdefault(pair[0], []).append(pair[1])
    return {key: tuple(found) for key, found in values.items()}


def _taxon_path(path: Element) -> tuple[str, str] | None:
    sources = _children(path, "source")
    taxa = _children(path, "taxon")
    if not sources or not taxa:
        return None
    label = _lang_text(sources[0])
    ids = _children(taxa[0], "id")
    value = text_of(ids[0]) if ids else ""
    if not value:
        entries = _children(taxa[0], "entry")
        value = _lang_text(entries[0]) if entries else ""
    return label, value


def _metadata_field(element: Element) -> tuple[str, str] | None:
    labels = _children(element, "fieldlabel")
    entries = _children(element, "fieldentry")
    if not labels or not entries:
        return None
    return text_of(labels[0]), text_of(entries[0])


def _lang_text(element: Element) -> str:
    strings = [child for child in element if _local(child) in ("string", "langstring")]
    return text_of(strings[0]) if strings else text_of(element)


def _children(element: Element, wanted: str) -> list[Element]:
    return [child for child in element if _local(child) == wanted]


def _local(element: Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _join(base: str, more: str) -> str:
    if not more:
        return base
    if not base:
        return more
    return base.rstrip("/") + "/" + more
