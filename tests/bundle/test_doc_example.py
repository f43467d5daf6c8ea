"""docs/bundle-format.md's worked example is what the code produces, value for value."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from pixdesk.bundle.verifier import open_bundle

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_example", ROOT / "tools" / "bundle_example.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_example", module)
    spec.loader.exec_module(module)
    return module


def test_document_matches_the_code() -> None:
    tool = _tool()
    document = (ROOT / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    section = tool.render(tool.build())
    assert tool.replace_section(document, section) == document, (
        "run: python tools/bundle_example.py --write"
    )


def test_example_bundle_verifies(tmp_path: Path) -> None:
    tool = _tool()
    example = tool.build()
    opened = open_bundle(example.sealed, example.platform)
    assert opened.trust.countersigned
    tool.write_files(example, tmp_path)
    assert (tmp_path / "example.pixbundle").read_bytes() == example.sealed
