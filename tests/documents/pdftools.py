"""Read rendered PDFs back with poppler-utils, as a reader (or a screen reader) would."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def page_texts(path: Path) -> list[str]:
    """The text of each page, laid out (``pdftotext -layout``)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=30,
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def reading_order(path: Path) -> str:
    """The text in content-stream order (``pdftotext -raw``), whitespace collapsed.

    An untagged PDF is read aloud in this order, so it is what a screen reader gets.
    """
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=30,
    )
    return " ".join(result.stdout.split())


def info(path: Path) -> dict[str, str]:
    """The document information ``pdfinfo`` shows (Title, Author, Pages…)."""
    result = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=30,
    )
    fields = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def catalog(pdf: bytes) -> bytes:
    """The document catalog's dictionary (reportlab writes it uncompressed)."""
    match = re.search(rb"<<((?:(?!>>).)*?/Type /Catalog(?:(?!>>).)*?)>>", pdf, re.DOTALL)
    assert match is not None, "no catalog found"
    return match.group(1)


def fonts(path: Path) -> list[list[str]]:
    """``pdffonts`` rows: name, type, encoding, embedded, subset, unicode map…"""
    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=30
    )
    return [line.split() for line in result.stdout.splitlines()[2:]]


def rasterise(path: Path, out_dir: Path, *, dpi: int = 50, page: int = 1) -> Path:
    """Render one page to PNG with ``pdftoppm``; return the PNG."""
    prefix = out_dir / f"{path.stem}-r{dpi}"
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), *pages, str(path), str(prefix)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return prefix.with_suffix(".png")
