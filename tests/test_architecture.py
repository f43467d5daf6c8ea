"""The layer rule of DESIGN.md §3, checked by import-linter on the real tree and broken copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the copy of pixdesk found in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """A copy of the package and its contracts, importable before the installed one."""
    shutil.copytree(
        ROOT / "pixdesk", tmp_path / "pixdesk", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contracts_hold_on_the_real_tree() -> None:
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("where", "line", "contract"),
    [
        ("domain/_intruder.py", "import PySide6\n", "The domain is pure"),
        ("domain/_intruder.py", "import sqlite3\n", "The domain is pure"),
        ("domain/_intruder.py", "from pixdesk import store\n", "Layers"),
        ("store/_intruder.py", "from PySide6 import QtCore\n", "Only pixdesk.ui and pixdesk.app"),
        ("ui/_intruder.py", "import pixdesk.store\n", "never to the store"),
    ],
)
def test_a_broken_rule_is_caught(tree_copy: Path, where: str, line: str, contract: str) -> None:
    (tree_copy / "pixdesk" / where).write_text(line, encoding="utf-8")
    result = run_lint_imports(tree_copy)
    assert result.returncode != 0
    assert contract in result.stdout
    assert "_intruder" in result.stdout
