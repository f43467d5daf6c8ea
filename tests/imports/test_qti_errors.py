"""What a QTI import cannot take: one clear problem per item, with its identifier, all listed."""

from __future__ import annotations

import pytest

from pixdesk.imports.qti import import_qti
from pixdesk.imports.qti_model import QtiImport, QtiProblemCode
from tests.imports.qti_files import METADATA, QTI21, item, package, qcu, zip_members

DECLARED = '<responseDeclaration identifier="R" cardinality="single" baseType="string">'
CORRECT = "<correctResponse><value>x</value></correctResponse></responseDeclaration>"


def problems(result: QtiImport) -> list[tuple[str, str]]:
    return [(found.item, found.code.value) for found in result.problems]


def test_every_bad_item_is_listed_and_the_good_ones_kept() -> None:
    items = {
        "good.xml": qcu("good"),
        "order.xml": item(
            "order",
            '<responseDeclaration identifier="R" cardinality="ordered" baseType="identifier"/>',
            '<orderInteraction responseIdentifier="R"><simpleChoice identifier="a">A'
            "</simpleChoice></orderInteraction>",
        ),
        "custom.xml": item(
            "custom",
            DECLARED + CORRECT,
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
            "<responseProcessing><responseCondition/></responseProcessing>",
        ),
        "image.xml": item(
            "image",
            DECLARED + CORRECT,
            '<p><img src="a.png" alt="a"/><textEntryInteraction responseIdentifier="R"/></p>',
        ),
        "unknown.xml": qcu("unknown", correct="z"),
        "mixed.xml": item(
            "mixed",
            DECLARED + CORRECT,
            '<choiceInteraction responseIdentifier="R"><simpleChoice identifier="a">A'
            "</simpleChoice></choiceInteraction>"
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
        ),
        "nometa.xml": qcu("nometa"),
    }
    fields = {href: METADATA for href in items} | {"nometa.xml": {"pixdesk:tube": "@t"}}

    result = import_qti(package(items, fields))

    assert [one.item.id for one in result.items] == ["good"]
    assert not result.ok
    assert problems(result) == [
        ("order", "INTERACTION_UNSUPPORTED"),
        ("custom", "RESPONSE_PROCESSING_UNSUPPORTED"),
        ("image", "CONTENT_UNSUPPORTED"),
        ("unknown", "CORRECT_RESPONSE_INVALID"),
        ("mixed", "INTERACTIONS_MIXED"),
        ("nometa", "METADATA_MISSING"),
        ("nometa", "METADATA_MISSING"),
        ("nometa", "METADATA_MISSING"),
        ("nometa", "METADATA_MISSING"),
    ]
    order = result.problems[0]
    assert (order.param("interaction"), order.file) == ("orderInteraction", "order.xml")
    assert result.problems[2].param("element") == "img"
    assert [found.param("field") for found in result.problems[5:]] == [
        "pixdesk:competence",
        "pixdesk:skill",
        "pixdesk:difficulty",
        "pixdesk:discriminant",
    ]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"pixdesk:competence": "6.1"}, "METADATA_INVALID", "pixdesk:competence"),
        ({"pixdesk:tube": "tube"}, "METADATA_INVALID", "pixdesk:tube"),
        ({"pixdesk:skill": "@tube9"}, "METADATA_INVALID", "pixdesk:skill"),
        ({"pixdesk:skill": "@autre2"}, "METADATA_CONFLICT", "pixdesk:skill"),
        ({"pixdesk:level": "3"}, "METADATA_CONFLICT", "pixdesk:level"),
        ({"pixdesk:difficulty": "12"}, "METADATA_INVALID", "pixdesk:difficulty"),
        ({"pixdesk:difficulty": "1,5"}, "METADATA_INVALID", "pixdesk:difficulty"),
        ({"pixdesk:discriminant": "0"}, "METADATA_INVALID", "pixdesk:discriminant"),
        ({"pixdesk:accessible": "oui"}, "METADATA_INVALID", "pixdesk:accessible"),
    ],
)
def test_wrong_metadata_is_named(fields: dict[str, str], code: str, field: str) -> None:
    result = import_qti(package({"q.xml": qcu("q")}, {"q.xml": METADATA | fields}))
    (found,) = result.problems
    assert (found.item, found.code.value, found.param("field")) == ("q", code, field)


def test_two_sources_disagreeing_is_a_conflict() -> None:
    lom = (
        '<resource identifier="r" type="imsqti_item_xmlv2p1" href="q.xml"><metadata>'
        + "".join(
            f"<qtimetadatafield><fieldlabel>{key}</fieldlabel><fieldentry>{value}</fieldentry>"
            "</qtimetadatafield>"
            for key, value in METADATA.items()
        )
        + "<lom><classification><taxonPath><source><string>pixdesk:competence</string></source>"
        "<taxon><id>2.3</id></taxon></taxonPath></classification></lom></metadata></resource>"
    )
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>'
        f"{lom}</resources></manifest>"
    ).encode()
    result = import_qti(zip_members({"imsmanifest.xml": manifest, "q.xml": qcu("q")}))
    (found,) = result.problems
    assert found.code is QtiProblemCode.METADATA_CONFLICT
    assert found.param("values") == "1.1 | 2.3"


@pytest.mark.parametrize(
    ("declarations", "body", "code"),
    [
        ("", '<p><textEntryInteraction responseIdentifier="R"/></p>', "RESPONSE_UNDECLARED"),
        (
            '<responseDeclaration identifier="R" cardinality="single" baseType="point"/>',
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
            "RESPONSE_TYPE_UNSUPPORTED",
        ),
        (
            DECLARED + "</responseDeclaration>",
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
            "CORRECT_RESPONSE_MISSING",
        ),
        (
            '<responseDeclaration identifier="R" cardinality="single" baseType="float">'
            "<correctResponse><value>douze</value></correctResponse></responseDeclaration>",
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
            "CORRECT_RESPONSE_INVALID",
        ),
        ("", "<p>Aucune question ici.</p>", "INTERACTION_MISSING"),
        (
            '<responseDeclaration identifier="R" cardinality="single" baseType="identifier">'
            "<correctResponse><value>a</value></correctResponse></responseDeclaration>"
            '<responseDeclaration identifier="S" cardinality="single" baseType="identifier">'
            "<correctResponse><value>a</value></correctResponse></responseDeclaration>",
            '<p><inlineChoiceInteraction responseIdentifier="R"><inlineChoice identifier="a">1'
            '</inlineChoice><inlineChoice identifier="A">2</inlineChoice></inlineChoiceInteraction>'
            '<inlineChoiceInteraction responseIdentifier="S"><inlineChoice identifier="a">1'
            "</inlineChoice></inlineChoiceInteraction></p>",
            "CHOICES_AMBIGUOUS",
        ),
        (
            '<responseDeclaration identifier="R" cardinality="single" baseType="identifier">'
            "<correctResponse><value>a</value><value>b</value></correctResponse>"
            "</responseDeclaration>",
            '<choiceInteraction responseIdentifier="R"><simpleChoice identifier="a">A'
            '</simpleChoice><simpleChoice identifier="b">B</simpleChoice></choiceInteraction>',
            "CORRECT_RESPONSE_INVALID",
        ),
        (
            '<templateDeclaration identifier="T" cardinality="single" baseType="integer"/>'
            + DECLARED
            + CORRECT,
            '<p><textEntryInteraction responseIdentifier="R"/></p>',
            "CONTENT_UNSUPPORTED",
        ),
    ],
)
def test_each_unsupported_response_is_reported(declarations: str, body: str, code: str) -> None:
    result = import_qti(package({"q.xml": item("q", declarations, body)}))
    assert problems(result) == [("q", code)]


def test_unsupported_template_is_named() -> None:
    template = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response_point"
    xml = item(
        "q",
        DECLARED + CORRECT,
        '<p><textEntryInteraction responseIdentifier="R"/></p>',
        f'<responseProcessing template="{template}"/>',
    )
    (found,) = import_qti(package({"q.xml": xml})).problems
    assert found.code is QtiProblemCode.RESPONSE_PROCESSING_UNSUPPORTED
    assert found.param("template") == template


def test_package_level_problems() -> None:
    no_manifest = import_qti(zip_members({"q.xml": qcu()}))
    listed_not_there = import_qti(zip_members({"imsmanifest.xml": _manifest_only("q.xml")}))
    duplicate = import_qti(package({"a.xml": qcu("same"), "b.xml": qcu("same")}))
    bad_id = import_qti(package({"a.xml": qcu("not an id")}))
    not_item = import_qti(
        package({"a.xml": f'<assessmentTest xmlns="{QTI21}" identifier="t"/>'.encode()})
    )
    nothing = import_qti(zip_members({"imsmanifest.xml": _manifest_only()}))

    assert [one.code for one in no_manifest.problems] == [QtiProblemCode.MANIFEST_MISSING]
    assert problems(listed_not_there) == [("r0", "ITEM_FILE_MISSING")]
    assert problems(duplicate) == [("same", "ITEM_ID_DUPLICATE")]
    assert [one.item.id for one in duplicate.items] == ["same"]
    assert problems(bad_id) == [("not an id", "ITEM_ID_INVALID")]
    assert problems(not_item) == [("r0", "NOT_QTI_ITEM")]
    assert [one.code for one in nothing.problems] == [QtiProblemCode.NO_ITEMS]


def _manifest_only(*hrefs: str) -> bytes:
    resources = "".join(
        f'<resource identifier="r{n}" type="imsqti_item_xmlv2p1" href="{href}"/>'
        for n, href in enumerate(hrefs)
    )
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>'
        f"{resources}</resources></manifest>"
    ).encode()
