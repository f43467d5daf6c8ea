"""QTI 2.1 and 3.0 packages: the samples import into pixdesk items that grade as expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.domain.grading import check_answer
from pixdesk.domain.items import AnswerStatus, ItemType
from pixdesk.imports.qti import import_qti
from pixdesk.imports.qti_model import QtiFieldKind, QtiImport, QtiVersion
from tests.imports.qti_files import sample_package


@pytest.fixture(scope="module")
def qti21() -> QtiImport:
    return import_qti(sample_package("v2p1"))


@pytest.fixture(scope="module")
def qti30() -> QtiImport:
    return import_qti(sample_package("v3p0"))


def by_id(result: QtiImport) -> dict[str, object]:
    return {one.item.id: one for one in result.items}


def test_the_qti21_sample_imports_every_item(qti21: QtiImport) -> None:
    assert qti21.ok, qti21.problems
    assert [(one.item.id, one.item.type) for one in qti21.items] == [
        ("recherche-qcu", ItemType.QCU),
        ("mots-de-passe-qcm", ItemType.QCM),
        ("tableur-qroc", ItemType.QROC),
        ("octets-num", ItemType.QROC_NUM),
        ("formats-qrocm", ItemType.QROCM_IND),
        ("nuage-inline", ItemType.QCU),
    ]
    assert {one.version for one in qti21.items} == {QtiVersion.V2P1}


def test_the_qti30_sample_imports_every_item(qti30: QtiImport) -> None:
    assert qti30.ok, qti30.problems
    assert [(one.item.id, one.item.type) for one in qti30.items] == [
        ("pieces-jointes-qcu", ItemType.QCU),
        ("donnees-qcm", ItemType.QCM),
        ("raccourci-qroc", ItemType.QROC),
        ("pixels-num", ItemType.QROC_NUM),
        ("adresse-qrocm", ItemType.QROCM_IND),
        ("sauvegarde-qrocm", ItemType.QROCM_IND),
    ]
    assert qti30.items[0].file == "items/pieces-jointes-qcu.xml"  # the resources' xml:base


def test_metadata_from_lom_and_from_metadata_fields(qti21: QtiImport, qti30: QtiImport) -> None:
    lom = qti21.items[0].item
    assert (lom.competence, lom.tube, lom.skill, lom.level) == (
        "1.1",
        "@operateursRecherche",
        "@operateursRecherche2",
        2,
    )
    assert (lom.difficulty, lom.discriminant, lom.accessible) == (-0.5, 1.25, False)
    fields = qti21.items[1].item
    assert (fields.competence, fields.skill, fields.level, fields.accessible) == (
        "4.1",
        "@motDePasse3",
        3,
        True,
    )
    entry = qti30.items[0].item  # the tube is given as a taxon entry, not an id
    assert (entry.tube, entry.difficulty) == ("@courriel", -1.75)


def test_choice_items_keep_their_text_and_solution(qti21: QtiImport) -> None:
    qcu, qcm = qti21.items[0], qti21.items[1]
    assert qcu.stem == (
        "Vous cherchez des recettes de crêpes, mais sans sucre.\n\n"
        "Quel opérateur exclut un mot des résultats ?"
    )
    assert [(one.key, one.text) for one in qcu.proposals] == [
        ("moins", "Le signe moins : crêpes -sucre"),
        ("guillemets", 'Les guillemets : "crêpes sucre"'),
        ("ou", "Le mot OR : crêpes OR sucre"),
    ]
    assert qcu.item.proposals == ("moins", "guillemets", "ou")
    assert check_answer(qcu.item, "moins") is AnswerStatus.OK
    assert check_answer(qcu.item, "ou") is AnswerStatus.KO
    assert (
        qcm.stem
        == "Lesquels de ces mots de passe sont robustes ?\nCochez toutes les bonnes réponses."
    )
    assert check_answer(qcm.item, ["melange", "phrase"]) is AnswerStatus.OK
    assert check_answer(qcm.item, ["phrase"]) is AnswerStatus.KO


def test_text_entries_take_correct_values_and_positive_mappings(
    qti21: QtiImport, qti30: QtiImport
) -> None:
    qroc = qti21.items[2]
    assert qroc.stem.endswith("=${answer}(A1:A10)")
    assert dict(qroc.item.solution.variants) == {"answer": ("MOYENNE", "AVERAGE")}
    assert check_answer(qroc.item, "moyenne") is AnswerStatus.OK
    assert check_answer(qroc.item, "SOMME") is AnswerStatus.KO
    number = qti21.items[3]
    assert [field.kind for field in number.fields] == [QtiFieldKind.NUMBER]
    assert check_answer(number.item, "1 000") is AnswerStatus.OK
    assert check_answer(number.item, "1024") is AnswerStatus.KO
    shortcut = qti30.items[2]
    assert dict(shortcut.item.solution.variants) == {"answer": ("Ctrl+Z", "Ctrl Z")}


def test_several_gaps_make_a_qrocm_ind(qti21: QtiImport, qti30: QtiImport) -> None:
    formats = qti21.items[4]
    assert formats.stem == (
        "Un fichier rapport.odt est un ${ODT} et un fichier logo.png est une ${PNG}.\n\n"
        "Quel logiciel libre ouvre le premier ? ${LOGICIEL}"
    )  # the feedback block is not part of the stem
    assert [(one.name, one.kind) for one in formats.fields] == [
        ("ODT", QtiFieldKind.CHOICE),
        ("PNG", QtiFieldKind.CHOICE),
        ("LOGICIEL", QtiFieldKind.TEXT),
    ]
    assert [one.key for one in formats.fields[0].choices] == ["texte", "tableur", "image"]
    assert not formats.item.solution.treatments.t3  # a near-miss identifier is a wrong choice
    right = {"ODT": "texte", "PNG": "image", "LOGICIEL": "writer"}
    assert check_answer(formats.item, right) is AnswerStatus.OK
    assert check_answer(formats.item, right | {"PNG": "texte"}) is AnswerStatus.KO
    url = qti30.items[4]
    assert url.item.solution.treatments.t3
    assert check_answer(url.item, {"PROTOCOLE": "HTTPS", "DOMAINE": "www.exemple.fr"}) is (
        AnswerStatus.OK
    )


def test_one_inline_choice_is_a_qcu(qti21: QtiImport) -> None:
    inline = qti21.items[5]
    assert inline.item.type is ItemType.QCU
    assert "on envoie … à son destinataire" in inline.stem
    assert check_answer(inline.item, "lien") is AnswerStatus.OK


def test_a_package_can_be_read_from_a_path_or_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "paquet.zip"
    path.write_bytes(sample_package("v3p0"))
    from_path = import_qti(path)
    with path.open("rb") as stream:
        from_stream = import_qti(stream)
    assert from_path == from_stream
    assert len(from_path.items) == 6
