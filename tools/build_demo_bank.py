"""Build the demo item bank (resources/banks/demo) from the drafts in tools/demo_bank/.

Run ``python tools/build_demo_bank.py`` to (re)write the bank, signed by the DEMO platform
key (publicly known, test only), and ``resources/keys/demo-platform.pub``; run it with
``--check`` to verify that the committed files are exactly what the drafts produce.

Everything is deterministic: ids come from the tube and level, proposal order and calibration
noise from a hash of the id, and Ed25519 signatures are deterministic.

Calibration (docs/item-banks.md §5): difficulty = level − 3.5 + a small offset per type + a
noise in [−0.35, 0.35]; discriminant in 0.8–2.5, higher for open answers (little guessing)
than for single choices.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from demo_bank import d1, d2, d3, d4, d5
from demo_bank.attachments import all_attachments
from demo_bank.kit import Draft

from pixdesk.crypto.platform_keys import demo_platform_private_key, format_public_key_file
from pixdesk.domain.items import ItemType
from pixdesk.domain.scoring import DEMO_SCORING
from pixdesk.imports.bank_format import (
    FORMAT,
    FORMAT_VERSION,
    IMAGE_MEDIA_TYPES,
    MEDIA_TYPES,
    format_decimal,
    sha256_hex,
)
from pixdesk.imports.bank_writer import bank_files, write_bank

ROOT = Path(__file__).resolve().parents[1]
BANK_DIR = ROOT / "resources" / "banks" / "demo"
KEY_FILE = ROOT / "resources" / "keys" / "demo-platform.pub"
BANK_ID = "pixdesk-demo"
VERSION = "2026.1"
TITLE = {"fr": "Banque de démonstration pixdesk", "en": "pixdesk demo bank"}
KEY_COMMENT = (
    "pixdesk DEMO platform public key. TEST ONLY: its private half is derived from a published\n"
    "sentence (pixdesk/crypto/platform_keys.py), so anyone can sign with it. Never trust it in\n"
    "production."
)

LEVEL_OFFSET = -3.5
NOISE = 0.35
# Open answers leave little room for guessing: a little harder and more discriminating. The
# effect is kept small, because the engine asks more often the competences whose items
# discriminate more (docs/item-banks.md §5).
TYPE_DIFFICULTY = {
    ItemType.QCU: -0.10,
    ItemType.QCM: 0.05,
    ItemType.QROC: 0.10,
    ItemType.QROC_NUM: 0.05,
    ItemType.QROCM_IND: 0.15,
    ItemType.QROCM_DEP: 0.10,
}
CHOICE_DISCRIMINANT = (0.9, 2.1)  # (lowest, highest)
OPEN_DISCRIMINANT = (1.0, 2.3)
TYPE_DISCRIMINANT = {
    ItemType.QCU: CHOICE_DISCRIMINANT,
    ItemType.QCM: CHOICE_DISCRIMINANT,
    ItemType.QROC: OPEN_DISCRIMINANT,
    ItemType.QROC_NUM: OPEN_DISCRIMINANT,
    ItemType.QROCM_IND: OPEN_DISCRIMINANT,
    ItemType.QROCM_DEP: OPEN_DISCRIMINANT,
}
ENGLISH_LABEL = "Your answer"


def _unit(item_id: str, purpose: str) -> float:
    """Return a number in [0, 1) drawn from the item id (same id, same number)."""
    digest = hashlib.sha256(f"{purpose}/{item_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _permutation(item_id: str, count: int) -> list[int]:
    order = list(range(count))
    for index in range(count - 1, 0, -1):  # Fisher–Yates driven by the id
        swap = int(_unit(item_id, f"shuffle{index}") * (index + 1))
        order[index], order[swap] = order[swap], order[index]
    return order


def _text(fr: str, en: str | None) -> dict[str, str]:
    return {"fr": fr, "en": en} if en is not None else {"fr": fr}


def _attachment(name: str, files: dict[str, bytes]) -> dict[str, Any]:
    data = files[name]
    media = MEDIA_TYPES["." + name.rsplit(".", 1)[1]]
    return {"name": name, "media_type": media, "sha256": sha256_hex(data), "size": len(data)}


def _calibration(item_id: str, draft: Draft, spread: float) -> tuple[str, str]:
    """Return (difficulty, discriminant); ``spread`` in (0, 1) places the item in its range."""
    noise = (2 * _unit(item_id, "difficulty") - 1) * NOISE
    difficulty = draft.level + LEVEL_OFFSET + TYPE_DIFFICULTY[draft.type] + noise
    low, high = TYPE_DISCRIMINANT[draft.type]
    discriminant = low + (high - low) * spread
    return format_decimal(difficulty), format_decimal(discriminant)


def _spreads(ids: list[tuple[str, str]]) -> dict[str, float]:
    """Return each item's place in its discriminant range, stratified per competence.

    Pure noise would give some competence, by chance, lower discriminants than the others,
    and the engine, which picks the most informative item, would then ask it less often.
    Within a competence the items, in an order drawn from their ids, take evenly spaced
    places instead.
    """
    by_competence: dict[str, list[str]] = defaultdict(list)
    for item_id, competence in ids:
        by_competence[competence].append(item_id)
    spreads = {}
    for members in by_competence.values():
        members.sort(key=lambda item_id: _unit(item_id, "discriminant"))
        for rank, item_id in enumerate(members):
            spreads[item_id] = (rank + 0.5) / len(members)
    return spreads


def _choices(item_id: str, draft: Draft) -> tuple[list[dict[str, Any]], list[str]]:
    texts = draft.good + draft.bad
    en = draft.en
    en_texts: list[str | None] = [None] * len(texts)
    if en is not None:
        good = [en.good] if isinstance(en.good, str) else list(en.good)
        en_texts = [*good, *en.bad]
        if len(en_texts) != len(texts):
            raise ValueError(f"{item_id}: English proposals do not match the French ones")
    order = list(range(len(texts))) if draft.fixed else _permutation(item_id, len(texts))
    proposals, correct = [], []
    for position, index in enumerate(order, start=1):
        key = str(position)
        proposals.append({"key": key, "text": _text(texts[index], en_texts[index])})
        if index < len(draft.good):
            correct.append(key)
    return proposals, sorted(correct)


def _answer_side(item_id: str, draft: Draft) -> dict[str, Any]:
    if draft.type in (ItemType.QCU, ItemType.QCM):
        if draft.type is ItemType.QCU and len(draft.good) != 1:
            raise ValueError(f"{item_id}: a QCU has one right answer")
        proposals, correct = _choices(item_id, draft)
        return {"proposals": proposals, "solution": {"choices": correct}}
    labels: list[str | None] = [None] * len(draft.fields)
    if draft.en is not None:
        labels = list(draft.en.labels) or [ENGLISH_LABEL] * len(draft.fields)
        if len(labels) != len(draft.fields):
            raise ValueError(f"{item_id}: English labels do not match the fields")
    fields = [
        {"name": name, "label": _text(label, en)}
        for (name, label, _), en in zip(draft.fields, labels, strict=True)
    ]
    solution: dict[str, Any] = {"variants": {name: list(v) for name, _, v in draft.fields}}
    if draft.expected_count is not None:
        solution["expected_count"] = draft.expected_count
    return {"fields": fields, "solution": solution}


def _item(item_id: str, draft: Draft, files: dict[str, bytes], spread: float) -> dict[str, Any]:
    en = draft.en
    difficulty, discriminant = _calibration(item_id, draft, spread)
    attachments = [_attachment(name, files) for name in draft.attachments]
    image = None
    if draft.image is not None:
        name, alt = draft.image
        if en is not None and en.alt is None:
            raise ValueError(f"{item_id}: an English image needs an English alternative text")
        image = {"file": _attachment(name, files), "alt": _text(alt, en.alt if en else None)}
    visual = image is not None or any(a["media_type"] in IMAGE_MEDIA_TYPES for a in attachments)
    accessible = (not visual) if draft.accessible is None else draft.accessible
    item: dict[str, Any] = {
        "id": item_id,
        "competence": draft.competence,
        "tube": f"@{draft.tube}",
        "skill": f"@{draft.tube}{draft.level}",
        "level": draft.level,
        "type": draft.type.value,
        "stem": _text(draft.stem, en.stem if en else None),
        **_answer_side(item_id, draft),
        "treatments": {
            "t1": draft.treatments.t1,
            "t2": draft.treatments.t2,
            "t3": draft.treatments.t3,
        },
        "timer": draft.timer,
        "focused": draft.focused,
        "accessible": accessible,
        "image": image,
        "attachments": attachments,
        "feedback": _text(draft.feedback, en.feedback if en else None),
        "difficulty": difficulty,
        "discriminant": discriminant,
    }
    return item


def drafts() -> list[Draft]:
    """Return every draft of the bank, in bank order."""
    return [*d1.ITEMS, *d2.ITEMS, *d3.ITEMS, *d4.ITEMS, *d5.ITEMS]


def build() -> tuple[dict[str, Any], dict[str, bytes]]:
    """Return the content of bank.json and the attachments."""
    files = all_attachments()
    counters: dict[str, int] = defaultdict(int)
    named = []
    for draft in drafts():
        skill = f"{draft.tube}{draft.level}"
        named.append((f"{skill}{chr(ord('a') + counters[skill])}", draft))
        counters[skill] += 1
    spreads = _spreads([(item_id, draft.competence) for item_id, draft in named])
    items = [_item(item_id, draft, files, spreads[item_id]) for item_id, draft in named]
    bounds = [DEMO_SCORING.mesh[0].minimum] + [interval.maximum for interval in DEMO_SCORING.mesh]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bank_id": BANK_ID,
        "version": VERSION,
        "title": TITLE,
        "languages": ["fr", "en"],
        "scoring": {"mesh": [format_decimal(bound) for bound in bounds]},
        "items": items,
    }
    return document, files


def _check(directory: Path) -> list[str]:
    """Return the differences between the committed bank and a fresh build."""
    document, attachments = build()
    expected = bank_files(document, attachments, demo_platform_private_key())
    found = {
        str(path.relative_to(directory)).replace("\\", "/"): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }
    differences = [name for name in expected if found.get(name) != expected[name]]
    differences += [f"extra {name}" for name in found if name not in expected]
    key_text = format_public_key_file(demo_platform_private_key(), KEY_COMMENT)
    if not KEY_FILE.is_file() or KEY_FILE.read_text(encoding="utf-8") != key_text:
        differences.append(str(KEY_FILE.relative_to(ROOT)))
    return differences


def main(argv: list[str] | None = None) -> int:
    """Write the demo bank, or check it with ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=BANK_DIR, help="bank folder")
    args = parser.parse_args(argv)
    if args.check:
        differences = _check(args.out)
        for difference in differences:
            print(f"out of date: {difference}")
        return 1 if differences else 0
    document, attachments = build()
    write_bank(args.out, document, attachments, demo_platform_private_key())
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    KEY_FILE.write_text(
        format_public_key_file(demo_platform_private_key(), KEY_COMMENT), encoding="utf-8"
    )
    print(f"{len(document['items'])} items written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
