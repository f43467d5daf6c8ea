"""The atomic file writer: content, replacement, no-clobber, permissions, failures."""

from __future__ import annotations

import ast
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import pixdesk.atomicfile
from pixdesk.atomicfile import fsync_directory, write_file_atomically

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask after a test that changes it."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    write_file_atomically(target, b'{"a": 1}\n')
    assert target.read_bytes() == b'{"a": 1}\n'
    assert names(tmp_path) == ["config.json"]


def test_replaces_by_swapping_the_file_not_rewriting_it(tmp_path: Path) -> None:
    target = tmp_path / "bundle"
    write_file_atomically(target, b"old content")
    before = target.stat().st_ino
    with target.open("rb") as reader:  # a reader that opened the old file keeps it whole
        write_file_atomically(target, b"new")
        assert reader.read() == b"old content"
    assert target.read_bytes() == b"new"
    assert target.stat().st_ino != before
    assert names(tmp_path) == ["bundle"]


def test_no_clobber_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f"
    write_file_atomically(target, b"one", overwrite=False)
    with pytest.raises(FileExistsError):
        write_file_atomically(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one"
    write_file_atomically(target, b"three")
    assert target.read_bytes() == b"three"
    assert names(tmp_path) == ["f"]


@posix_only
@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("process_umask", [0o000, 0o022, 0o077])
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_mode_is_exactly_the_one_asked_whatever_the_umask(
    tmp_path: Path, process_umask: int, mode: int
) -> None:
    os.umask(process_umask)
    target = tmp_path / "f"
    write_file_atomically(target, b"x", mode=mode)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    write_file_atomically(target, b"y", mode=mode)  # a replacement gets it too
    assert stat.S_IMODE(target.stat().st_mode) == mode


@posix_only
def test_default_mode_is_0600(tmp_path: Path) -> None:
    write_file_atomically(tmp_path / "secret", b"x")
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600


def test_failed_fsync_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f"
    write_file_atomically(target, b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_file_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["f"]


def test_failed_rename_leaves_the_target_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.mkdir()  # a directory cannot be replaced by a file
    (target / "inside").write_bytes(b"kept")
    with pytest.raises(OSError):
        write_file_atomically(target, b"new")
    assert (target / "inside").read_bytes() == b"kept"
    assert names(tmp_path) == ["f"]


def test_missing_directory_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_file_atomically(tmp_path / "missing" / "f", b"x")
    assert names(tmp_path) == []


def test_directory_is_synced_once_the_new_name_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f"
    synced: list[tuple[Path, bool]] = []

    def spy(directory: Path) -> None:
        synced.append((directory, target.exists()))
        fsync_directory(directory)

    monkeypatch.setattr(pixdesk.atomicfile, "fsync_directory", spy)
    write_file_atomically(target, b"x", overwrite=False)
    write_file_atomically(target, b"y")
    assert synced == [(tmp_path, True), (tmp_path, True)]


def test_imports_only_the_standard_library() -> None:
    """Config, bundles and PDFs use it from every layer: it must depend on nothing of ours."""
    source = Path(pixdesk.atomicfile.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative import"
            imported.add((node.module or "").split(".")[0])
    assert imported
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
