"""Where the data lives: the platform default, or what the CLI or machine config says."""

from __future__ import annotations

import stat
from pathlib import Path

import platformdirs

from pixdesk.store import paths


def test_explicit_directory_wins(tmp_path: Path) -> None:
    assert paths.data_dir(tmp_path / "x" / ".." / "data") == (tmp_path / "data").resolve()
    assert paths.data_dir(str(tmp_path)) == tmp_path.resolve()


def test_default_is_the_platform_user_data_dir() -> None:
    expected = Path(platformdirs.user_data_dir("pixdesk", appauthor=False)).resolve()
    assert paths.data_dir() == expected
    assert expected.name == "pixdesk"


def test_ensure_creates_a_private_directory(tmp_path: Path) -> None:
    created = paths.ensure_data_dir(tmp_path / "a" / "b")
    assert created.is_dir()
    assert stat.S_IMODE(created.stat().st_mode) & 0o077 == 0
    assert paths.database_path(created) == created / "pixdesk.db"
