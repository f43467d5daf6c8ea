"""Turn the items of a QTI import into the content of a pixdesk ``bank.json``.

A QTI package becomes a **local** bank: this module only builds the document; the command
signs it with the station key (docs/item-banks.md, "Importing"). Proposal keys are renumbered
``1``…``n`` in display order (QTI identifiers may not fit the bank's key rule); an inline
choice field of a QROCM becomes a text field whose variant is the text of the right choice.
QTI packages carry no feedback and no English text: feedback is an empty-looking dash, and
the bank is French only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pixdesk.domain.scoring import DEMO_SCORING
from pixdesk.imports.bank_format import FORMAT, FORMAT_VERSION, format_decimal
from pixdesk.imports.qti_model import QtiFieldKind, QtiItem

LOCAL_VERSION = "1"
NO_FEEDBACK = "—"


def _text(value: str) -> dict[str, str]:
    return {"fr": value}


def _answer_side(entry: QtiItem) -> dict[str, Any]:
    solution = entry.item.solution
    if entry.proposals:
        keys = {choice.key: str(position) for position, choice in enumerate(entry.proposals, 1)}
        proposals = [
            {"key": keys[choice.key], "text": _text(choice.text)} for choice in entry.proposals
        ]
        choices = sorted(keys[key] for key in solution.choices)
        return {"proposals": proposals, "solution": {"choices": choices}}
    variants: dict[str, list[str]] = {}
    for qti_field in entry.fields:
        found = list(solution.variants.get(qti_field.name, ()))
        if qti_field.kind is QtiFieldKind.CHOICE:
            texts = {choice.key: choice.text for choice in qti_field.choices}
            found = [texts.get(key, key) for key in found]
        variants[qti_field.name] = found
    fields = [{"name": f.name, "label": _text(f.name)} for f in entry.fields]
    result: dict[str, Any] = {"variants": variants}
    if solution.expected_count is not None:
        result["expected_count"] = solution.expected_count
    return {"fields": fields, "solution": result}


def _item(entry: QtiItem) -> dict[str, Any]:
    item = entry.item
    treatments = item.solution.treatments
    return {
        "id": item.id,
        "competence": item.competence,
        "tube": item.tube,
        "skill": item.skill,
        "level": item.level,
        "type": item.type.value,
        "stem": _text(entry.stem),
        **_answer_side(entry),
        "treatments": {"t1": treatments.t1, "t2": treatments.t2, "t3": treatments.t3},
        "timer": item.timer_seconds,
        "focused": item.focused,
        "accessible": item.accessible,
        "image": None,
        "attachments": [],
        "feedback": _text(NO_FEEDBACK),
        "difficulty": format_decimal(item.difficulty),
        "discriminant": format_decimal(item.discriminant),
    }


def qti_bank_document(bank_id: str, title: str, items: Sequence[QtiItem]) -> dict[str, Any]:
    """Return the ``bank.json`` content of a local bank holding ``items`` (French only)."""
    bounds = [DEMO_SCORING.mesh[0].minimum] + [interval.maximum for interval in DEMO_SCORING.mesh]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bank_id": bank_id,
        "version": LOCAL_VERSION,
        "title": _text(title),
        "languages": ["fr"],
        "scoring": {"mesh": [format_decimal(bound) for bound in bounds]},
        "items": [_item(entry) for entry in items],
    }
