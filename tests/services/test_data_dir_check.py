"""The data directory must keep what is written to it; a volatile one is flagged at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixdesk.i18n import set_language
from pixdesk.services.config import CONFIG_ENV
from pixdesk.services.data_dir_check import (
    DataDirProblem,
    Mount,
    check_data_dir,
    mount_of,
)
from pixdesk.services.startup import StartupError, prepare_startup

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0
overlay /home/eleves overlay rw,lowerdir=/image 0 0
/dev/vdb /home/eleves/with\\040space ext4 rw 0 0
"""


def _shm_is_tmpfs() -> bool:
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return False
    found = mount_of(Path("/dev/shm"), mounts.read_text(encoding="utf-8"))
    return found is not None and found.filesystem == "tmpfs"


def test_a_normal_directory_is_usable(tmp_path: Path) -> None:
    status = check_data_dir(tmp_path / "data")
    assert status.problem is None
    assert status.usable
    assert (tmp_path / "data").is_dir()
    assert list((tmp_path / "data").iterdir()) == []  # the probe is gone


def test_a_directory_that_cannot_be_created_is_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    status = check_data_dir(blocker / "data")
    assert status.problem is DataDirProblem.NOT_WRITABLE
    assert not status.usable
    assert status.detail


@pytest.mark.skipif(not _shm_is_tmpfs(), reason="needs /dev/shm as tmpfs (Linux)")
def test_a_tmpfs_directory_is_volatile(tmp_path: Path) -> None:
    target = Path("/dev/shm") / f"pixdesk-test-{tmp_path.name}"
    try:
        status = check_data_dir(target)
        assert status.problem is DataDirProblem.VOLATILE
        assert status.usable  # a warning, not a refusal
        assert status.detail == "tmpfs"
    finally:
        target.rmdir()


def test_a_volatile_mount_read_from_a_mount_table(tmp_path: Path) -> None:
    table = tmp_path / "mounts"
    table.write_text(f"/dev/vda / ext4 rw 0 0\nnone {tmp_path} overlay rw 0 0\n", "utf-8")
    status = check_data_dir(tmp_path / "data", mounts_file=table)
    assert status.problem is DataDirProblem.VOLATILE
    assert status.mount == Mount(tmp_path, "overlay")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/var/lib/pixdesk", Mount(Path("/"), "ext4")),
        ("/dev/shm/pixdesk", Mount(Path("/dev/shm"), "tmpfs")),
        ("/home/eleves/.local/share/pixdesk", Mount(Path("/home/eleves"), "overlay")),
        ("/home/eleves/with space/pixdesk", Mount(Path("/home/eleves/with space"), "ext4")),
        ("/home/elevesX", Mount(Path("/"), "ext4")),  # a prefix is not a parent
    ],
)
def test_mount_of_picks_the_longest_mount_point(path: str, expected: Mount) -> None:
    assert mount_of(Path(path), MOUNTS) == expected


def test_no_mount_table_means_no_mount(tmp_path: Path) -> None:
    assert mount_of(tmp_path, "") is None


def test_startup_uses_the_config_data_dir_unless_the_cli_names_one(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text(f'data_dir = "{tmp_path / "from-config"}"\n', encoding="utf-8")
    env = {CONFIG_ENV: str(config)}
    assert prepare_startup(env=env).data_dir == tmp_path / "from-config"
    cli = prepare_startup(cli_data_dir=tmp_path / "from-cli", env=env)
    assert cli.data_dir == tmp_path / "from-cli"


def test_startup_refuses_an_unusable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    config = tmp_path / "pixdesk.toml"
    config.write_text("", encoding="utf-8")
    with pytest.raises(StartupError, match="Impossible d'enregistrer les réponses"):
        prepare_startup(cli_data_dir=blocker / "data", env={CONFIG_ENV: str(config)})


def test_startup_refuses_a_broken_machine_config_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text('mode = "robot"\n', encoding="utf-8")
    with pytest.raises(StartupError) as caught:
        prepare_startup(cli_data_dir=tmp_path, env={CONFIG_ENV: str(config)})
    assert str(config) in str(caught.value)
    assert "mode" in str(caught.value)


def test_startup_language_precedence(tmp_path: Path) -> None:
    config = tmp_path / "pixdesk.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    env = {CONFIG_ENV: str(config)}
    try:
        assert prepare_startup(cli_data_dir=tmp_path / "d", env=env).language == "en"
        chosen = prepare_startup(cli_data_dir=tmp_path / "d", cli_language="fr", env=env)
        assert chosen.language == "fr"
    finally:
        set_language("fr")
