"""Where pixdesk keeps its data: the platform's per-user data directory unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "pixdesk"
DATABASE_FILENAME = "pixdesk.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory, without creating it.

    Args:
        override: An explicit directory (the CLI's ``--data-dir``, the machine config); it wins
            over the platform default when given.

    Returns:
        An absolute path.
    """
    if override is not None:
        return Path(override).expanduser().resolve()
    # appauthor=False: on Windows the default would nest the directory under a vendor folder.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def ensure_data_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed, readable by the owner only, and return it.

    Args:
        path: The data directory.

    Returns:
        The same path, now existing.
    """
    # 0o700: other accounts on a shared lab PC have no business listing pixdesk's files.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def database_path(directory: Path, filename: str = DATABASE_FILENAME) -> Path:
    """Return the path of the store's database file inside ``directory``."""
    return directory / filename
