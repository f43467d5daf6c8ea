"""Build QTI packages for the tests: the sample folders zipped, and small items from scratch."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "qti"
QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
METADATA = {
    "pixdesk:competence": "1.1",
    "pixdesk:tube": "@tube",
    "pixdesk:skill": "@tube2",
    "pixdesk:difficulty": "0.5",
    "pixdesk:discriminant": "1.5",
}


def zip_members(members: Mapping[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip holding ``members`` (name → content), names kept verbatim."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content, method)
    return buffer.getvalue()


def sample_package(version: str) -> bytes:
    """Zip the sample folder ``tests/data/qti/<version>`` (v2p1 or v3p0)."""
    root = DATA / version
    return zip_members(
        {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }
    )


def manifest(items: Mapping[str, Mapping[str, str]], version: str = "v2p1") -> bytes:
    """Return a manifest listing ``items`` (href → metadata fields) as item resources."""
    resources = []
    for number, (href, fields) in enumerate(items.items()):
        entries = "".join(
            f"<qtimetadatafield><fieldlabel>{key}</fieldlabel>"
            f"<fieldentry>{value}</fieldentry></qtimetadatafield>"
            for key, value in fields.items()
        )
        resources.append(
            f'<resource identifier="r{number}" type="imsqti_item_xml{version}" href="{href}">'
            f"<metadata>{entries}</metadata></resource>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
        f"<organizations/><resources>{''.join(resources)}</resources></manifest>"
    ).encode()


def item(identifier: str, declarations: str, body: str, processing: str | None = None) -> bytes:
    """Return a QTI 2.1 item with the given declarations and body (match_correct by default)."""
    if processing is None:
        processing = f'<responseProcessing template="{MATCH_CORRECT}"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<assessmentItem xmlns="{QTI21}" identifier="{identifier}" title="t" '
        'adaptive="false" timeDependent="false">'
        f"{declarations}<itemBody>{body}</itemBody>{processing}</assessmentItem>"
    ).encode()


def qcu(identifier: str = "ok-qcu", correct: str = "a") -> bytes:
    """Return a valid single-choice item whose correct choice is ``correct``."""
    return item(
        identifier,
        '<responseDeclaration identifier="R" cardinality="single" baseType="identifier">'
        f"<correctResponse><value>{correct}</value></correctResponse></responseDeclaration>",
        '<choiceInteraction responseIdentifier="R" maxChoices="1"><prompt>Q ?</prompt>'
        '<simpleChoice identifier="a">A</simpleChoice>'
        '<simpleChoice identifier="b">B</simpleChoice></choiceInteraction>',
    )


def package(
    items: Mapping[str, bytes], fields: Mapping[str, Mapping[str, str]] | None = None
) -> bytes:
    """Return a package of ``items`` (href → item XML), each with METADATA unless told."""
    chosen = fields or {href: METADATA for href in items}
    return zip_members({"imsmanifest.xml": manifest(chosen), **items})
