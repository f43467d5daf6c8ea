"""Read ``bank.json`` (format v1) into engine items and their presentation, listing every problem.

The field-by-field description is in docs/item-banks.md §2. Reading never raises for a bad
file: it returns either a :class:`~pixdesk.imports.bank_format.ParsedBank` and no problem, or
None and every problem found (each with its item id).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pixdesk.domain.estimator import GRID_MAX, GRID_MIN
from pixdesk.domain.items import Item, ItemType
from pixdesk.domain.referential import MAX_LEVEL, MIN_LEVEL, is_competence
from pixdesk.domain.scoring import DEMO_SCORING, MESH_LEVELS, ScoringConfig, mesh_from_bounds
from pixdesk.imports.bank_format import (
    FORMAT,
    FORMAT_VERSION,
    IMAGE_MEDIA_TYPES,
    LANGUAGES,
    MEDIA_TYPES,
    SOURCE_LANGUAGE,
    Attachment,
    BankHeader,
    BankLimits,
    Image,
    ItemContent,
    ParsedBank,
    Text,
    is_safe_name,
    parse_decimal,
    sha256_hex,
)
from pixdesk.imports.bank_json import FieldReader, JsonRefusedError, load_strict_json
from pixdesk.imports.bank_problems import BankProblem, BankProblemCode
from pixdesk.imports.bank_solution import read_answer_side

TOP_FIELDS = (
    *("format", "format_version", "bank_id", "version", "title", "languages", "scoring", "items"),
)
ITEM_FIELDS = (
    *("id", "competence", "tube", "skill", "level", "type", "stem", "feedback", "solution"),
    *("treatments", "difficulty", "discriminant"),
)
ITEM_OPTIONAL = ("proposals", "fields", "timer", "focused", "accessible", "image", "attachments")
MAX_TIMER_SECONDS = 3600
MAX_DISCRIMINANT = 10.0
_BANK_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_TUBE = re.compile(r"@[A-Za-z][A-Za-z0-9_]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ITEM_TYPES = {t.value: t for t in ItemType}


def parse_bank(
    data: bytes, attachments: Mapping[str, bytes], limits: BankLimits | None = None
) -> tuple[ParsedBank | None, tuple[BankProblem, ...]]:
    """Read ``bank.json``.

    Args:
        data: The bytes of ``bank.json``.
        attachments: The bank's attachment files by name (their bytes), to check what items
            say about them.
        limits: The bounds (the defaults when None).

    Returns:
        The bank and no problem, or None and every problem found.
    """
    limits = limits or BankLimits()
    try:
        document = load_strict_json(data)
    except JsonRefusedError as exc:
        return None, (BankProblem(BankProblemCode.JSON_MALFORMED, detail=str(exc)[:200]),)
    reader = FieldReader()
    top = reader.obj(document, "", "", TOP_FIELDS)
    if top is None:
        return None, tuple(reader.problems)
    if top.get("format") != FORMAT or top.get("format_version") != FORMAT_VERSION:
        detail = f"{top.get('format')!s}/{top.get('format_version')!s}"[:80]
        return None, (BankProblem(BankProblemCode.FORMAT_UNSUPPORTED, detail=detail),)
    header = _header(reader, top)
    scoring = _scoring(reader, top.get("scoring"))
    languages = list(header.languages) if header else [SOURCE_LANGUAGE]
    items, contents = _items(reader, top.get("items"), languages, attachments, limits)
    if reader.problems or header is None or scoring is None:
        return None, tuple(reader.problems)
    return ParsedBank(header, items, contents, scoring), ()


def _header(reader: FieldReader, top: dict[str, Any]) -> BankHeader | None:
    bank_id = reader.typed(top.get("bank_id"), str, "", "bank_id", _BANK_ID.fullmatch)
    version = reader.typed(
        top.get("version"), str, "", "version", lambda v: 0 < len(v) <= 32 and v.isprintable()
    )
    languages = reader.typed(
        top.get("languages"),
        list,
        "",
        "languages",
        lambda v: (
            all(isinstance(x, str) for x in v)
            and SOURCE_LANGUAGE in v
            and len(set(v)) == len(v)
            and set(v) <= set(LANGUAGES)
        ),
        "languages",
    )
    title = reader.text(top.get("title"), "", "title", languages or [SOURCE_LANGUAGE])
    if bank_id is None or version is None or languages is None or title is None:
        return None
    return BankHeader(bank_id, version, title, tuple(languages))


def _scoring(reader: FieldReader, value: object) -> ScoringConfig | None:
    raw = reader.obj(value, "", "scoring", ("mesh",), ("weights", "coefficients"))
    if raw is None or "mesh" not in raw:
        return None
    mesh = raw["mesh"]
    bounds = [parse_decimal(b) for b in mesh] if isinstance(mesh, list) else []
    if len(bounds) != MESH_LEVELS + 1 or any(b is None for b in bounds):
        reader.report(BankProblemCode.SCORING_INVALID, "", "scoring.mesh", "9 decimal strings")
        return None
    extra: dict[str, tuple[int, ...]] = {}
    for name in ("weights", "coefficients"):
        values = raw.get(name, [])
        if not isinstance(values, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            reader.report(BankProblemCode.SCORING_INVALID, "", f"scoring.{name}", "integers")
            return None
        extra[name] = tuple(values)
    # Absent weights and coefficients are RULES §5's, the ScoringConfig defaults.
    try:
        return ScoringConfig(
            mesh=mesh_from_bounds(*(b for b in bounds if b is not None)),
            weights=extra["weights"] or DEMO_SCORING.weights,
            coefficients=extra["coefficients"] or DEMO_SCORING.coefficients,
        )
    except ValueError as exc:
        reader.report(BankProblemCode.SCORING_INVALID, "", "scoring", str(exc)[:120])
        return None


def _items(
    reader: FieldReader,
    value: object,
    languages: list[str],
    files: Mapping[str, bytes],
    limits: BankLimits,
) -> tuple[tuple[Item, ...], dict[str, ItemContent]]:
    if not isinstance(value, list) or not 0 < len(value) <= limits.max_items:
        reader.report(BankProblemCode.FIELD_INVALID, "", "items", f"1 to {limits.max_items}")
        return (), {}
    items: list[Item] = []
    contents: dict[str, ItemContent] = {}
    tube_competence: dict[str, str] = {}
    used: set[str] = set()
    for index, raw in enumerate(value):
        parsed = _item(reader, raw, index, languages, files)
        if parsed is None:
            continue
        item, content = parsed
        if item.id in contents:
            reader.report(BankProblemCode.ITEM_ID_DUPLICATE, item.id)
            continue
        known = tube_competence.setdefault(item.tube, item.competence)
        if known != item.competence:
            reader.report(BankProblemCode.TUBE_IN_TWO_COMPETENCES, item.id, item.tube, known)
        items.append(item)
        contents[item.id] = content
        used.update(a.name for a in content.attachments)
        if content.image is not None:
            used.add(content.image.file.name)
    for name in sorted(set(files) - used):
        reader.report(BankProblemCode.ATTACHMENT_UNUSED, name=name)
    return tuple(items), contents


def _item(
    reader: FieldReader,
    value: object,
    index: int,
    languages: list[str],
    files: Mapping[str, bytes],
) -> tuple[Item, ItemContent] | None:
    raw_id = value.get("id") if isinstance(value, dict) else None
    item_id = raw_id if isinstance(raw_id, str) and _ITEM_ID.fullmatch(raw_id) else f"#{index}"
    raw = reader.obj(value, item_id, "", ITEM_FIELDS, ITEM_OPTIONAL)
    if raw is None:
        return None
    before = len(reader.problems)
    if item_id.startswith("#"):
        reader.report(BankProblemCode.FIELD_INVALID, item_id, "id", "item id")
    competence = reader.typed(raw.get("competence"), str, item_id, "competence")
    if competence is not None and not is_competence(competence):
        reader.report(BankProblemCode.COMPETENCE_UNKNOWN, item_id, "competence", competence[:16])
    level = reader.typed(raw.get("level"), int, item_id, "level")
    if level is not None and not MIN_LEVEL <= level <= MAX_LEVEL:
        reader.report(BankProblemCode.LEVEL_OUT_OF_RANGE, item_id, "level", str(level))
    tube = reader.typed(raw.get("tube"), str, item_id, "tube", _TUBE.fullmatch, "tube name")
    skill = reader.typed(raw.get("skill"), str, item_id, "skill")
    if tube is not None and level is not None and skill is not None and skill != f"{tube}{level}":
        reader.report(BankProblemCode.SKILL_MISMATCH, item_id, "skill", f"{tube}{level}")
    raw_type = raw.get("type")
    kind = _ITEM_TYPES.get(raw_type) if isinstance(raw_type, str) else None
    if kind is None:
        reader.report(BankProblemCode.FIELD_INVALID, item_id, "type", "item type")
    difficulty = parse_decimal(raw.get("difficulty"))
    if difficulty is None or not GRID_MIN <= difficulty <= GRID_MAX:
        reader.report(BankProblemCode.FIELD_INVALID, item_id, "difficulty", "decimal -9 to 9")
    discriminant = parse_decimal(raw.get("discriminant"))
    if discriminant is None or not 0 < discriminant <= MAX_DISCRIMINANT:
        reader.report(BankProblemCode.FIELD_INVALID, item_id, "discriminant", "decimal 0 to 10")
    timer = raw.get("timer")
    if timer is not None:
        timer = reader.typed(timer, int, item_id, "timer", lambda t: 0 < t <= MAX_TIMER_SECONDS)
    focused = reader.typed(raw.get("focused", False), bool, item_id, "focused")
    accessible = reader.typed(raw.get("accessible", False), bool, item_id, "accessible")
    stem = reader.text(raw.get("stem"), item_id, "stem", languages)
    feedback = reader.text(raw.get("feedback"), item_id, "feedback", languages)
    image = _image(reader, raw.get("image"), item_id, languages, files)
    attachments = _attachments(reader, raw.get("attachments", []), item_id, files)
    side = read_answer_side(reader, raw, kind, item_id, languages) if kind else None
    if len(reader.problems) > before:
        return None
    # Every field was read without a problem, so none of these is None; mypy needs telling.
    if (
        competence is None
        or tube is None
        or skill is None
        or kind is None
        or level is None
        or stem is None
        or feedback is None
        or side is None
        or difficulty is None
        or discriminant is None
    ):
        return None
    content = ItemContent(
        item_id, stem, feedback, side.proposals, side.fields, image, tuple(attachments)
    )
    _check_content(reader, content, bool(accessible))
    item = Item(
        id=item_id,
        competence=competence,
        tube=tube,
        skill=skill,
        level=level,
        type=kind,
        discriminant=discriminant,
        difficulty=difficulty,
        solution=side.solution,
        proposals=tuple(p.key for p in side.proposals),
        accessible=bool(accessible),
        timer_seconds=timer,
        focused=bool(focused),
        has_image=image is not None,
        has_attachment=bool(attachments),
    )
    return item, content


def _attachment(
    reader: FieldReader, value: object, item: str, where: str, files: Mapping[str, bytes]
) -> Attachment | None:
    raw = reader.obj(value, item, where, ("name", "media_type", "sha256", "size"))
    if raw is None:
        return None
    name = reader.typed(raw.get("name"), str, item, f"{where}.name", is_safe_name, "file name")
    media = reader.typed(raw.get("media_type"), str, item, f"{where}.media_type")
    digest = reader.typed(raw.get("sha256"), str, item, f"{where}.sha256", _SHA256.fullmatch)
    size = reader.typed(raw.get("size"), int, item, f"{where}.size", lambda s: s >= 0)
    if name is None or media is None or digest is None or size is None:
        return None
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if MEDIA_TYPES.get(extension) != media:
        reader.report(BankProblemCode.FIELD_INVALID, item, f"{where}.media_type", name)
        return None
    if name not in files:
        reader.report(BankProblemCode.ATTACHMENT_UNKNOWN, item, name)
        return None
    data = files[name]
    if len(data) != size or sha256_hex(data) != digest:
        reader.report(BankProblemCode.ATTACHMENT_MISMATCH, item, name)
        return None
    return Attachment(name, media, digest, size)


def _attachments(
    reader: FieldReader, value: object, item: str, files: Mapping[str, bytes]
) -> list[Attachment]:
    if not isinstance(value, list):
        reader.report(BankProblemCode.FIELD_INVALID, item, "attachments", "list")
        return []
    found = [_attachment(reader, v, item, f"attachments[{i}]", files) for i, v in enumerate(value)]
    attachments = [a for a in found if a is not None]
    if len({a.name for a in attachments}) != len(attachments):
        reader.report(BankProblemCode.FIELD_INVALID, item, "attachments", "duplicate file")
    return attachments


def _image(
    reader: FieldReader, value: object, item: str, languages: list[str], files: Mapping[str, bytes]
) -> Image | None:
    if value is None:
        return None
    raw = reader.obj(value, item, "image", ("file", "alt"))
    if raw is None:
        return None
    file = _attachment(reader, raw.get("file"), item, "image.file", files)
    alt = reader.text(raw.get("alt"), item, "image.alt", languages)
    if file is None or alt is None:
        return None
    if file.media_type not in IMAGE_MEDIA_TYPES:
        reader.report(BankProblemCode.FIELD_INVALID, item, "image.file.media_type", file.name)
        return None
    return Image(file, alt)


def _texts(content: ItemContent) -> list[Text]:
    texts = [content.stem, content.feedback]
    texts += [p.text for p in content.proposals] + [f.label for f in content.fields]
    if content.image is not None:
        texts.append(content.image.alt)
    return texts


def _check_content(reader: FieldReader, content: ItemContent, accessible: bool) -> None:
    """Check the rules that span several fields of one item's presentation."""
    translated = {text.en is not None for text in _texts(content)}
    if len(translated) > 1:
        reader.report(BankProblemCode.TRANSLATION_INCOMPLETE, content.item_id)
    visual = [a.name for a in content.attachments if a.media_type in IMAGE_MEDIA_TYPES]
    if accessible and visual:
        # An attached picture has no alternative text: a screen reader user cannot read it.
        reader.report(BankProblemCode.ACCESSIBILITY_INVALID, content.item_id, visual[0])
