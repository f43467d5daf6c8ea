"""``pixdesk bundle export|verify|inspect`` as a user runs them: exit codes and --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pixdesk.bundle.platform_key import derive_test_platform_key
from tests.bundle.console_store import NUMBER, make_console_store


def pixdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    data = root / "data"
    make_console_store(data)
    platform = derive_test_platform_key("pixdesk cli tests/platform")
    (root / "platform.key").write_bytes(platform.to_file())
    (root / "platform.pub").write_bytes(platform.public().to_file())
    bundle = root / "session.pixbundle"
    out = pixdesk("--data-dir", data, "bundle", "export", NUMBER, "--out", bundle,
                  "--platform-key", root / "platform.pub")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "exportée" in out.stdout
    return {"root": root, "data": data, "bundle": bundle}


def test_verify_with_the_private_key(setup: dict[str, Path]) -> None:
    out = pixdesk("bundle", "verify", setup["bundle"], "--platform-key",
                  setup["root"] / "platform.key", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["ok"] is True
    assert doc["level"] == "full"
    assert doc["session_number"] == NUMBER
    assert doc["degraded_trust"] is True
    assert doc["rescored"] == {"full": 2, "counts": 0}


def test_degraded_trust_can_be_refused(setup: dict[str, Path]) -> None:
    out = pixdesk("bundle", "verify", setup["bundle"], "--platform-key",
                  setup["root"] / "platform.key", "--require-center", "--json")  # fmt: skip
    assert out.returncode == 1
    assert json.loads(out.stdout)["error"]["code"] == "DEGRADED_REFUSED"


def test_verify_with_the_public_key_checks_the_envelope(setup: dict[str, Path]) -> None:
    out = pixdesk("bundle", "verify", setup["bundle"], "--platform-key",
                  setup["root"] / "platform.pub", "--json")  # fmt: skip
    assert out.returncode == 0
    assert json.loads(out.stdout)["level"] == "envelope"
    other = setup["root"] / "other.pub"
    other.write_bytes(derive_test_platform_key("other").public().to_file())
    out = pixdesk("bundle", "verify", setup["bundle"], "--platform-key", other, "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["error"]["code"] == "WRONG_RECIPIENT"


def test_tampered_bundle_exits_1_naming_the_check(setup: dict[str, Path]) -> None:
    tampered = setup["root"] / "tampered.pixbundle"
    data = bytearray(setup["bundle"].read_bytes())
    data[len(data) // 2] ^= 0x40
    tampered.write_bytes(bytes(data))
    key = setup["root"] / "platform.key"
    out = pixdesk("bundle", "verify", tampered, "--platform-key", key, "--json")
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert (doc["ok"], doc["error"]["code"], doc["error"]["stage"]) == (
        False,
        "DECRYPT_FAILED",
        "seal",
    )
    out = pixdesk("bundle", "verify", tampered, "--platform-key", key)
    assert out.returncode == 1
    assert "DECRYPT_FAILED" in out.stderr
    assert "modifié" in out.stderr
    out = pixdesk("--lang", "en", "bundle", "verify", tampered, "--platform-key", key)
    assert "altered" in out.stderr


def test_inspect_lists_candidates(setup: dict[str, Path]) -> None:
    key = setup["root"] / "platform.key"
    out = pixdesk("bundle", "inspect", setup["bundle"], "--platform-key", key, "--json")
    assert out.returncode == 0, out.stderr
    contents = json.loads(out.stdout)["contents"]
    assert [c["candidate_id"] for c in contents["candidates"]] == ["cand-0001", "cand-0002"]
    assert {c["answers"] for c in contents["candidates"]} == {6}
    assert {c["rescored"] for c in contents["candidates"]} == {"full"}
    text = pixdesk("bundle", "inspect", setup["bundle"], "--platform-key", key)
    assert text.returncode == 0
    assert "cand-0002" in text.stdout
    public = pixdesk("bundle", "inspect", setup["bundle"], "--platform-key",
                     setup["root"] / "platform.pub")  # fmt: skip
    assert public.returncode == 2


def test_usage_errors_exit_2(setup: dict[str, Path], tmp_path: Path) -> None:
    missing = pixdesk("bundle", "verify", tmp_path / "nope.pixbundle", "--json")
    assert missing.returncode == 2
    bad_key = tmp_path / "bad.key"
    bad_key.write_text("not a key")
    assert pixdesk("bundle", "verify", setup["bundle"], "--platform-key", bad_key).returncode == 2
    exists = pixdesk("--data-dir", setup["data"], "bundle", "export", NUMBER, "--out",
                     setup["bundle"], "--platform-key", setup["root"] / "platform.pub")  # fmt: skip
    assert exists.returncode == 2
    no_key = pixdesk("--data-dir", setup["data"], "bundle", "export", NUMBER, "--out",
                     tmp_path / "x.pixbundle")  # fmt: skip
    assert no_key.returncode == 2


def test_unknown_session_exits_1(setup: dict[str, Path], tmp_path: Path) -> None:
    key = setup["root"] / "platform.pub"
    out = pixdesk("--data-dir", setup["data"], "bundle", "export", "9999", "--out",
                  tmp_path / "x.pixbundle", "--platform-key", key)  # fmt: skip
    assert out.returncode == 1
    assert "9999" in out.stderr
