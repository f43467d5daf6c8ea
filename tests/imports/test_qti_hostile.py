"""Hostile QTI packages: XXE, billion laughs, DTDs, zip slip, zip bombs, nested archives…"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from pixdesk.imports.qti import import_qti
from pixdesk.imports.qti_model import QtiImport, QtiLimits, QtiProblemCode
from tests.imports.qti_files import METADATA, QTI21, manifest, package, qcu, zip_members

XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE assessmentItem [\n'
    b'  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    b'<assessmentItem xmlns="' + QTI21.encode() + b'" identifier="x"><itemBody><p>&secret;</p>'
    b"</itemBody></assessmentItem>"
)
EXTERNAL_DTD = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE assessmentItem SYSTEM "http://example.invalid/qti.dtd">\n'
    b'<assessmentItem xmlns="' + QTI21.encode() + b'" identifier="x"/>'
)


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE manifest [' + "".join(entities) + "]>\n"
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>&lol9;'
        "</resources></manifest>"
    ).encode()


def package_refusal(result: QtiImport) -> str | None:
    """Return the reason a package was refused as a whole, after checking it yields nothing."""
    assert result.items == ()
    (found,) = result.problems
    assert found.item == ""
    return found.param("reason")


def item_refusal(xml: bytes) -> tuple[str, str | None]:
    (found,) = import_qti(package({"q.xml": xml})).problems
    assert found.item == "r0"
    return found.code.value, found.param("reason")


@pytest.mark.parametrize("xml", [XXE, EXTERNAL_DTD], ids=["xxe", "external-dtd"])
def test_a_doctype_in_an_item_is_refused(xml: bytes) -> None:
    assert item_refusal(xml) == ("ITEM_XML_INVALID", "doctype")


def test_the_secret_never_reaches_the_result() -> None:
    result = import_qti(package({"q.xml": XXE}))
    assert "root:" not in repr(result)


def test_a_doctype_behind_a_long_prolog_is_refused() -> None:
    long_prolog = b'<?xml version="1.0"?>\n<!--' + b" " * 10_000 + b"-->\n" + EXTERNAL_DTD[22:]
    assert item_refusal(long_prolog) == ("ITEM_XML_INVALID", "doctype")


def test_billion_laughs_in_the_manifest_refuses_the_package() -> None:
    result = import_qti(zip_members({"imsmanifest.xml": billion_laughs()}))
    assert package_refusal(result) == "doctype"
    assert result.problems[0].file == "imsmanifest.xml"


def test_deep_nesting_is_refused() -> None:
    body = "<div>" * 60 + "x" + "</div>" * 60
    xml = f'<assessmentItem xmlns="{QTI21}" identifier="x"><itemBody>{body}</itemBody>'
    assert item_refusal((xml + "</assessmentItem>").encode()) == ("ITEM_XML_INVALID", "too_deep")


def test_an_undeclared_entity_is_broken_xml() -> None:
    xml = f'<assessmentItem xmlns="{QTI21}" identifier="x"><itemBody>&nbsp;</itemBody>'
    assert item_refusal((xml + "</assessmentItem>").encode()) == ("ITEM_XML_INVALID", "broken_xml")


def test_a_wide_encoding_is_refused() -> None:
    xml = qcu().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert item_refusal(xml) == ("ENCODING_NOT_SUPPORTED", "wide")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.xml", "zip_slip"),
        ("/etc/evil.xml", "zip_slip"),
        ("C:/Windows/evil.xml", "zip_slip"),
        ("items\\..\\..\\evil.xml", "zip_slip"),
        ("media/inner.zip", "nested_archive"),
        ("media/data.tar.gz", "nested_archive"),
    ],
)
def test_unsafe_entries_refuse_the_whole_package(name: str, reason: str) -> None:
    members = {"imsmanifest.xml": manifest({"q.xml": METADATA}), "q.xml": qcu(), name: b"x"}
    assert package_refusal(import_qti(zip_members(members))) == reason


def test_an_href_climbing_out_refuses_the_package() -> None:
    members = {"imsmanifest.xml": manifest({"../../q.xml": METADATA}), "q.xml": qcu()}
    assert package_refusal(import_qti(zip_members(members))) == "zip_slip"


def test_an_xml_file_holding_an_archive_is_refused() -> None:
    inner = zip_members({"a.xml": qcu()})
    assert package_refusal(import_qti(package({"q.xml": inner}))) == "nested_archive"


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    padded = qcu().replace(b"<itemBody>", b"<itemBody>" + b" " * 1_500_000)
    bomb = package({"q.xml": padded})
    assert len(bomb) < 20_000
    assert package_refusal(import_qti(bomb)) == "compression_ratio"


def test_a_zip_lying_about_its_size_is_caught_while_inflating() -> None:
    padded = qcu().replace(b"<itemBody>", b"<itemBody>" + b" " * 1_500_000)
    bomb = bytearray(package({"q.xml": padded}))
    central = bomb.index(b"PK\x01\x02", bomb.index(b"PK\x01\x02") + 1)  # q.xml's entry
    struct.pack_into("<I", bomb, central + 24, 2000)
    assert package_refusal(import_qti(bytes(bomb))) in {"compression_ratio", "broken_zip"}


def test_an_encrypted_entry_is_refused() -> None:
    archive = bytearray(package({"q.xml": qcu()}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        archive[archive.index(signature) + offset] |= 0x1
    assert package_refusal(import_qti(bytes(archive))) == "encrypted_zip"


def test_bounds_on_entries_size_and_items() -> None:
    data = package({"a.xml": qcu("a"), "b.xml": qcu("b")})
    assert package_refusal(import_qti(data, limits=QtiLimits(max_entries=2))) == (
        "zip_too_many_entries"
    )
    assert package_refusal(import_qti(data, limits=QtiLimits(max_package_bytes=100))) == "too_big"
    assert package_refusal(import_qti(data, limits=QtiLimits(max_file_bytes=300))) == "too_big"
    (found,) = import_qti(data, limits=QtiLimits(max_items=1)).problems
    assert found.code is QtiProblemCode.TOO_MANY_ITEMS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (qcu(), "not_zip"),
        (b"%PDF-1.7", "not_zip"),
        (b"PK\x03\x04" + b"\0" * 100, "broken_zip"),
        (package({"q.xml": qcu()})[:-30], "broken_zip"),
    ],
)
def test_what_is_not_a_sound_zip_is_refused(data: bytes, reason: str) -> None:
    assert package_refusal(import_qti(data)) == reason


def test_a_duplicated_entry_name_is_refused() -> None:
    buffer = io.BytesIO(
        zip_members({"imsmanifest.xml": manifest({"q.xml": METADATA}), "q.xml": qcu()})
    )
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(buffer, "a") as again:
        again.writestr("q.xml", qcu("other"))
    assert package_refusal(import_qti(buffer.getvalue())) == "broken_zip"
