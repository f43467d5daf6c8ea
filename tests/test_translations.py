"""Translations: every French string has its English version, with the same named fields."""

from __future__ import annotations

import ast
import io
import string
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"


def source_messages() -> set[str]:
    """Every literal passed to ``_()`` in the package."""
    found: set[str] = set()
    for path in (ROOT / "pixdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE / lang / "LC_MESSAGES" / "pixdesk.po").open("rb") as f:
        return read_po(f)


@pytest.mark.parametrize("lang", ["en"])
def test_every_source_string_is_translated(lang: str) -> None:
    translated = {m.id for m in catalog(lang) if m.id and m.string}
    missing = source_messages() - translated
    assert not missing, f"untranslated for {lang}: {sorted(missing)}"


@pytest.mark.parametrize("lang", ["en"])
def test_translations_keep_the_named_fields(lang: str) -> None:
    for message in catalog(lang):
        if message.id and message.string:
            assert fields(message.id) == fields(message.string), message.id


@pytest.mark.parametrize(("lang", "domain"), [("en", "pixdesk"), ("fr", "argparse")])
def test_compiled_catalog_matches_its_source(lang: str, domain: str) -> None:
    """The shipped .mo is what `pybabel compile` makes of the .po (no stale binary)."""
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as f:
        compiled = {_plain(m.id): _plain(m.string) for m in read_mo(io.BytesIO(f.read())) if m.id}
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        source = {_plain(m.id): _plain(m.string) for m in read_po(f) if m.id and m.string}
    assert compiled == source


def _plain(text: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    return text if isinstance(text, str) else tuple(text)  # plural forms come as a list


def test_the_argparse_catalog_names_messages_argparse_still_has() -> None:
    """A message a newer Python reworded would silently stay English: catch it here."""
    import argparse
    import inspect

    code = inspect.getsource(argparse)
    with (LOCALE / "fr" / "LC_MESSAGES" / "argparse.po").open("rb") as f:
        ids = [m.id for m in read_po(f) if m.id]
    flat = [i for m in ids for i in (m if isinstance(m, tuple) else (m,))]
    gone = [i for i in flat if repr(i) not in code and f'"{i}"' not in code]
    assert not gone, gone
