"""Turn one QTI assessment item into a pixdesk item, or list everything that stops it.

Type mapping (the QTI section of docs/item-banks.md): one choice interaction → QCU
(cardinality single) or QCM (multiple); one text entry → QROC, or QROC_NUM for a float or
integer response; one inline choice → QCU; several text entries and/or inline choices →
QROCM_IND, one field per response, an inline choice's field accepting its correct choice's
identifier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pixdesk.domain.grading import ANSWER_FIELD, parse_number
from pixdesk.domain.items import Item, ItemType, Solution, Treatments
from pixdesk.domain.text import treat
from pixdesk.imports.qti_body import Body, finish, read_body
from pixdesk.imports.qti_metadata import read_metadata
from pixdesk.imports.qti_model import (
    QtiChoice,
    QtiField,
    QtiFieldKind,
    QtiItem,
    QtiProblem,
    QtiProblemCode,
    QtiVersion,
    qti_problem,
)
from pixdesk.imports.qti_xml import Element, attr, children, descendants, name, text_of

ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
TEMPLATES = frozenset({"match_correct", "map_response"})
INLINE_GAP = "…"  # where an inline choice stood, in the stem of a QCU
_NUMBER_TYPES = frozenset({"integer", "float"})


class _Refused(Exception):
    """Stop reading an item's responses: the problem is already reported."""


class _Reader:
    """Reads one item, collecting every problem with the item's identifier."""

    def __init__(self, identifier: str, file: str) -> None:
        self.identifier = identifier
        self.file = file
        self.problems: list[QtiProblem] = []

    def report(self, code: QtiProblemCode, **params: object) -> None:
        self.problems.append(qti_problem(code, item=self.identifier, file=self.file, **params))


def read_item(
    root: Element, version: QtiVersion, file: str, metadata: Mapping[str, tuple[str, ...]]
) -> tuple[QtiItem | None, list[QtiProblem]]:
    """Read an assessment item; return it, or None and every problem found."""
    identifier = (attr(root, "identifier") or "").strip()
    reader = _Reader(identifier, file)
    if ITEM_ID.fullmatch(identifier) is None:
        reader.report(QtiProblemCode.ITEM_ID_INVALID, value=identifier)
    _check_item_features(root, reader)
    declarations = {
        (attr(one, "identifier") or "").strip(): one
        for one in children(root, "responseDeclaration")
    }
    bodies = children(root, "itemBody")
    body = read_body(bodies[0]) if bodies else Body()
    for interaction in body.unsupported_interactions:
        reader.report(QtiProblemCode.INTERACTION_UNSUPPORTED, interaction=interaction)
    for element in dict.fromkeys(body.unsupported_content):
        reader.report(QtiProblemCode.CONTENT_UNSUPPORTED, element=element)
    shape = _shape(body, declarations, reader)
    checked, metadata_problems = read_metadata(metadata, identifier, file)
    reader.problems.extend(metadata_problems)
    if reader.problems or shape is None or checked is None:
        return None, reader.problems
    item_type, solution, proposals, fields, stem = shape
    item = Item(
        id=identifier,
        competence=checked.competence,
        tube=checked.tube,
        skill=checked.skill,
        level=checked.level,
        type=item_type,
        discriminant=checked.discriminant,
        difficulty=checked.difficulty,
        solution=solution,
        proposals=tuple(choice.key for choice in proposals),
        accessible=checked.accessible,
    )
    title = " ".join((attr(root, "title") or "").split())
    return QtiItem(item, title, stem, proposals, fields, version, file), []


_Shape = tuple[ItemType, Solution, tuple[QtiChoice, ...], tuple[QtiField, ...], str]


def _check_item_features(root: Element, reader: _Reader) -> None:
    if (attr(root, "adaptive") or "").strip() == "true":
        reader.report(QtiProblemCode.CONTENT_UNSUPPORTED, element="adaptive")
    for child in root:
        if name(child) in ("templateDeclaration", "templateProcessing"):
            reader.report(QtiProblemCode.CONTENT_UNSUPPORTED, element=name(child))
    for processing in children(root, "responseProcessing"):
        template = (attr(processing, "template") or "").strip()
        stem = template.rstrip("/").rsplit("/", 1)[-1].removesuffix(".xml")
        if template and stem not in TEMPLATES:
            reader.report(QtiProblemCode.RESPONSE_PROCESSING_UNSUPPORTED, template=template)
        elif not template and len(processing):
            reader.report(QtiProblemCode.RESPONSE_PROCESSING_UNSUPPORTED, template="(custom)")


def _shape(body: Body, declarations: Mapping[str, Element], reader: _Reader) -> _Shape | None:
    interactions = body.interactions
    if not interactions:
        if not body.unsupported_interactions:
            reader.report(QtiProblemCode.INTERACTION_MISSING)
        return None
    kinds = [name(one) for one in interactions]
    if "choiceInteraction" in kinds and len(kinds) > 1:
        reader.report(QtiProblemCode.INTERACTIONS_MIXED, interactions=", ".join(kinds))
        return None
    try:
        if kinds == ["choiceInteraction"]:
            return _choice_item(body, declarations, reader)
        if len(kinds) == 1:
            return _single_gap(body, declarations, reader)
        return _several_gaps(body, declarations, reader)
    except _Refused:
        return None


def _declaration(
    interaction: Element, declarations: Mapping[str, Element], reader: _Reader
) -> tuple[str, Element]:
    response = (attr(interaction, "responseIdentifier") or "").strip()
    declaration = declarations.get(response)
    if declaration is None:
        reader.report(QtiProblemCode.RESPONSE_UNDECLARED, response=response)
        raise _Refused
    return response, declaration


def _expect(
    declaration: Element, response: str, cardinalities: set[str], base_types: set[str], r: _Reader
) -> tuple[str, str]:
    cardinality = (attr(declaration, "cardinality") or "").strip()
    base_type = (attr(declaration, "baseType") or "").strip()
    if cardinality not in cardinalities or base_type not in base_types:
        r.report(
            QtiProblemCode.RESPONSE_TYPE_UNSUPPORTED,
            response=response,
            cardinality=cardinality,
            base_type=base_type,
        )
        raise _Refused
    return cardinality, base_type


def _answers(declaration: Element) -> list[str]:
    """Return the correct values, then the mapped keys scoring above zero, deduplicated."""
    found = [
        " ".join(text_of(value).split())
        for correct in children(declaration, "correctResponse")
        for value in descendants(correct, "value")
    ]
    for mapping in children(declaration, "mapping"):
        for entry in children(mapping, "mapEntry"):
            try:
                scores = float(attr(entry, "mappedValue") or "0") > 0
            except ValueError:
                scores = False
            if scores:
                found.append((attr(entry, "mapKey") or "").strip())
    return [value for value in dict.fromkeys(found) if value]


def _choices(body: Body, index: int, response: str, reader: _Reader) -> tuple[QtiChoice, ...]:
    choices = tuple(QtiChoice(key, text) for key, text in body.choices.get(index, []))
    keys = [choice.key for choice in choices]
    if not choices or not all(keys) or len(set(keys)) != len(keys):
        reader.report(QtiProblemCode.CORRECT_RESPONSE_INVALID, response=response, reason="choices")
        raise _Refused
    return choices


def _correct_choices(
    declaration: Element, choices: tuple[QtiChoice, ...], response: str, reader: _Reader
) -> list[str]:
    answers = _answers(declaration)
    if not answers:
        reader.report(QtiProblemCode.CORRECT_RESPONSE_MISSING, response=response)
        raise _Refused
    unknown = [answer for answer in answers if answer not in {one.key for one in choices}]
    if unknown:
        reader.report(
            QtiProblemCode.CORRECT_RESPONSE_INVALID,
            response=response,
            reason="unknown_choice",
            value=", ".join(unknown),
        )
        raise _Refused
    return answers


def _choice_item(body: Body, declarations: Mapping[str, Element], reader: _Reader) -> _Shape:
    response, declaration = _declaration(body.interactions[0], declarations, reader)
    cardinality, _ = _expect(declaration, response, {"single", "multiple"}, {"identifier"}, reader)
    choices = _choices(body, 0, response, reader)
    correct = _correct_choices(declaration, choices, response, reader)
    item_type = ItemType.QCU if cardinality == "single" else ItemType.QCM
    if item_type is ItemType.QCU and len(correct) != 1:
        reader.report(QtiProblemCode.CORRECT_RESPONSE_INVALID, response=response, reason="count")
        raise _Refused
    stem = finish("".join(body.text), {})
    return item_type, Solution(choices=frozenset(correct)), choices, (), stem


def _single_gap(body: Body, declarations: Mapping[str, Element], reader: _Reader) -> _Shape:
    interaction = body.interactions[0]
    response, declaration = _declaration(interaction, declarations, reader)
    if name(interaction) == "inlineChoiceInteraction":
        _expect(declaration, response, {"single"}, {"identifier"}, reader)
        choices = _choices(body, 0, response, reader)
        correct = _correct_choices(declaration, choices, response, reader)
        if len(correct) != 1:
            reader.report(
                QtiProblemCode.CORRECT_RESPONSE_INVALID, response=response, reason="count"
            )
            raise _Refused
        stem = finish("".join(body.text), {0: INLINE_GAP})
        return ItemType.QCU, Solution(choices=frozenset(correct)), choices, (), stem
    kind, variants = _text_entry(declaration, response, reader)
    item_type = ItemType.QROC_NUM if kind is QtiFieldKind.NUMBER else ItemType.QROC
    stem = finish("".join(body.text), {0: "${" + ANSWER_FIELD + "}"})
    solution = Solution(variants={ANSWER_FIELD: variants})
    return item_type, solution, (), (QtiField(ANSWER_FIELD, kind),), stem


def _several_gaps(body: Body, declarations: Mapping[str, Element], reader: _Reader) -> _Shape:
    fields: list[QtiField] = []
    variants: dict[str, tuple[str, ...]] = {}
    has_choice = False
    for index, interaction in enumerate(body.interactions):
        response, declaration = _declaration(interaction, declarations, reader)
        if response in variants:
            reader.report(
                QtiProblemCode.CORRECT_RESPONSE_INVALID, response=response, reason="shared"
            )
            raise _Refused
        if name(interaction) == "inlineChoiceInteraction":
            has_choice = True
            _expect(declaration, response, {"single"}, {"identifier"}, reader)
            choices = _choices(body, index, response, reader)
            correct = _correct_choices(declaration, choices, response, reader)
            if len(correct) != 1:
                reader.report(
                    QtiProblemCode.CORRECT_RESPONSE_INVALID, response=response, reason="count"
                )
                raise _Refused
            _check_distinct_once_treated(choices, response, reader)
            fields.append(QtiField(response, QtiFieldKind.CHOICE, choices))
            variants[response] = (correct[0],)
        else:
            kind, found = _text_entry(declaration, response, reader)
            fields.append(QtiField(response, kind))
            variants[response] = found
    placeholders = {index: "${" + one.name + "}" for index, one in enumerate(fields)}
    stem = finish("".join(body.text), placeholders)
    # A choice field's answer is an identifier: "close enough" (t3) would accept the wrong one.
    treatments = Treatments(t3=False) if has_choice else Treatments()
    solution = Solution(variants=variants, treatments=treatments)
    return ItemType.QROCM_IND, solution, (), tuple(fields), stem


def _text_entry(
    declaration: Element, response: str, reader: _Reader
) -> tuple[QtiFieldKind, tuple[str, ...]]:
    _, base_type = _expect(declaration, response, {"single"}, {"string", *_NUMBER_TYPES}, reader)
    answers = _answers(declaration)
    if not answers:
        reader.report(QtiProblemCode.CORRECT_RESPONSE_MISSING, response=response)
        raise _Refused
    if base_type in _NUMBER_TYPES:
        wrong = [answer for answer in answers if parse_number(answer) is None]
        if wrong:
            reader.report(
                QtiProblemCode.CORRECT_RESPONSE_INVALID,
                response=response,
                reason="not_a_number",
                value=", ".join(wrong),
            )
            raise _Refused
        return QtiFieldKind.NUMBER, tuple(answers)
    return QtiFieldKind.TEXT, tuple(answers)


def _check_distinct_once_treated(
    choices: tuple[QtiChoice, ...], response: str, reader: _Reader
) -> None:
    treated = [treat(choice.key, Treatments()) for choice in choices]
    if len(set(treated)) != len(treated) or not all(treated):
        reader.report(QtiProblemCode.CHOICES_AMBIGUOUS, response=response)
        raise _Refused
