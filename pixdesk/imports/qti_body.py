"""Read an item body: its text, its interactions, and the content pixdesk cannot show.

The stem is plain text: block elements (``p``, ``div``, ``li``…) become paragraphs, ``br`` a
line break, inline markup is dropped, whitespace runs collapse. A choice interaction's prompt
stays in the stem where it stood; its choices become proposals. A text entry or inline choice
is left in the stem as a marker that the item reader replaces by the field's placeholder.
Feedback and rubric blocks are not part of what a candidate sees during the test and are
skipped. Media, formulas and templates cannot be imported: each is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pixdesk.imports.qti_xml import Element, attr, children, name

SUPPORTED = frozenset({"choiceInteraction", "textEntryInteraction", "inlineChoiceInteraction"})
INLINE = frozenset({"textEntryInteraction", "inlineChoiceInteraction"})
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"}
    | {"blockquote", "pre", "table", "caption", "tr", "prompt", "hr", "address", "figure"}
    | {"figcaption", "section", "article", "aside", "header", "footer", "nav", "thead"}
    | {"tbody", "tfoot", "itemBody", "choiceInteraction", "simpleChoice"}
)
SKIPPED = frozenset(
    {"feedbackInline", "feedbackBlock", "rubricBlock", "modalFeedback", "stylesheet"}
)
UNSUPPORTED = frozenset(
    {"img", "object", "audio", "video", "source", "track", "picture", "iframe", "embed"}
    | {"svg", "math", "canvas", "map", "printedVariable", "templateInline", "templateBlock"}
    | {"include", "positionObjectStage", "infoControl", "companionMaterialsInfo"}
)
PARAGRAPH = "\x1e"
LINE = "\x1f"
MARKER = "\x1d"  # around an inline interaction's index: "\x1d0\x1d"


@dataclass
class Body:
    """What the walk found in an item body.

    Attributes:
        text: The stem with paragraph, line and interaction markers (see :func:`finish`).
        interactions: The supported interactions, in document order.
        choices: For each choice interaction (by position in ``interactions``), its choices
            as (identifier, text).
        unsupported_interactions: Names of the interactions pixdesk cannot run.
        unsupported_content: Names of the elements pixdesk cannot show.
    """

    text: list[str] = field(default_factory=list)
    interactions: list[Element] = field(default_factory=list)
    choices: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    unsupported_interactions: list[str] = field(default_factory=list)
    unsupported_content: list[str] = field(default_factory=list)


def read_body(item_body: Element) -> Body:
    """Walk an ``itemBody`` element."""
    body = Body()
    _walk(item_body, body, body.text)
    return body


def finish(text: str, placeholders: dict[int, str]) -> str:
    """Return the stem as plain text: markers become paragraphs, line breaks, placeholders.

    Args:
        text: The joined text of :attr:`Body.text` (or of a choice).
        placeholders: What to write for each inline interaction, by its index.
    """
    parts = text.split(MARKER)
    for position in range(1, len(parts), 2):
        parts[position] = placeholders.get(int(parts[position]), "")
    paragraphs = []
    for paragraph in "".join(parts).split(PARAGRAPH):
        lines = [" ".join(line.split()) for line in paragraph.split(LINE)]
        kept = "\n".join(line for line in lines if line)
        if kept:
            paragraphs.append(kept)
    return "\n\n".join(paragraphs)


def _walk(element: Element, body: Body, out: list[str]) -> None:
    element_name = name(element)
    block = element_name in BLOCKS
    if block:
        out.append(PARAGRAPH)
    if element_name == "br":
        out.append(LINE)
    out.append(element.text or "")
    for child in element:
        child_name = name(child)
        if child_name.endswith("Interaction"):
            _interaction(child, child_name, body, out)
        elif child_name in SKIPPED or not child_name:
            pass
        elif element_name == "choiceInteraction" and child_name == "simpleChoice":
            pass  # read by _interaction as a proposal
        else:
            if child_name in UNSUPPORTED:
                body.unsupported_content.append(child_name)
            _walk(child, body, out)
        out.append(child.tail or "")
    if block:
        out.append(PARAGRAPH)


def _interaction(element: Element, element_name: str, body: Body, out: list[str]) -> None:
    if element_name not in SUPPORTED:
        body.unsupported_interactions.append(element_name)
        return
    index = len(body.interactions)
    body.interactions.append(element)
    if element_name in INLINE:
        out.append(f"{MARKER}{index}{MARKER}")
    if element_name == "inlineChoiceInteraction":
        body.choices[index] = [_choice(one, body) for one in children(element, "inlineChoice")]
    elif element_name == "choiceInteraction":
        _walk(element, body, out)  # the prompt, in place
        body.choices[index] = [_choice(one, body) for one in children(element, "simpleChoice")]


def _choice(element: Element, body: Body) -> tuple[str, str]:
    text: list[str] = []
    _walk(element, body, text)
    return (attr(element, "identifier") or "").strip(), finish("".join(text), {})
