"""``pixdesk sync`` and ``pixdesk receiver`` as people and scripts run them: exit codes, JSON."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.crypto.keys import b64u_encode
from pixdesk.sync.receiver.server import RunningReceiver
from tests.sync.conftest import seal_again
from tests.sync.test_receiver import complete, create, put

# No OS keyring in a test: the keystore falls back to its secret file.
BASE_ENV = os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def pixdesk(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )


def config_env(tmp_path: Path, url: str | None, platform: PlatformKeyPair) -> dict[str, str]:
    config = tmp_path / f"pixdesk-{abs(hash(url))}.toml"
    lines = [
        f'platform_public_key = "{b64u_encode(platform.public().sign_key.public_bytes_raw())}"'
    ]
    if url is not None:
        lines.append(f'platform_url = "{url}"')
    config.write_text("\n".join(lines) + "\n")
    return BASE_ENV | {"PIXDESK_CONFIG": str(config)}


def as_json(out: subprocess.CompletedProcess[str]) -> Any:
    assert out.stdout.strip(), out.stderr
    return json.loads(out.stdout)


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


def test_enqueue_send_status_and_receipt(
    tmp_path: Path, receiver: RunningReceiver, platform: PlatformKeyPair, sealed: bytes
) -> None:
    env = config_env(tmp_path, receiver.url, platform)
    data = tmp_path / "data"
    bundle = tmp_path / "session-1042.pixbundle"
    bundle.write_bytes(sealed)
    out = pixdesk(
        "--data-dir", data, "sync", "enqueue", bundle, "--label", "1042", "--json", env=env
    )
    assert out.returncode == 0, out.stderr
    bundle_id = as_json(out)["item"]["bundle_id"]

    out = pixdesk("--data-dir", data, "sync", "--json", env=env)
    assert out.returncode == 0, out.stderr
    doc = as_json(out)
    assert doc["counts"] == {"delivered": 1, "failed": 0, "queued": 0, "sending": 0}
    assert doc["attempts"] == [{"bundle_id": bundle_id, "state": "delivered", "problem": None}]

    out = pixdesk("--data-dir", data, "sync", "status", env=env)
    assert out.returncode == 0, out.stderr
    assert bundle_id in out.stdout
    assert "remis" in out.stdout

    pdf = tmp_path / "receipt.pdf"
    out = pixdesk("--data-dir", data, "sync", "receipt", bundle_id[:8], "--pdf", pdf, env=env)
    assert out.returncode == 0, out.stderr
    assert "Reçu vérifié" in out.stdout
    assert pdf.read_bytes().startswith(b"%PDF")

    out = pixdesk("--data-dir", data, "sync", "receipt", "f" * 32, env=env)
    assert out.returncode == 1


def test_exit_codes_say_what_is_left(
    tmp_path: Path,
    receiver: RunningReceiver,
    platform: PlatformKeyPair,
    other_platform: PlatformKeyPair,
    sealed: bytes,
    session: tuple[BundleContents, Signers],
) -> None:
    data = tmp_path / "data"
    good, wrong = tmp_path / "good.pixbundle", tmp_path / "wrong.pixbundle"
    good.write_bytes(sealed)
    wrong.write_bytes(seal_again(session, other_platform))

    no_platform = config_env(tmp_path, None, platform)
    assert pixdesk("--data-dir", data, "sync", "enqueue", good, env=no_platform).returncode == 0
    out = pixdesk("--data-dir", data, "sync", "--json", env=no_platform)
    assert out.returncode == 2
    assert as_json(out)["error"]["code"] == "NOT_CONFIGURED"

    down = config_env(tmp_path, f"http://127.0.0.1:{free_port()}", platform)
    out = pixdesk("--data-dir", data, "sync", "--json", env=down)
    assert out.returncode == 3, out.stdout + out.stderr
    (item,) = as_json(out)["items"]
    assert item["state"] == "queued"
    assert item["problem"]["code"] == "NETWORK"
    assert item["problem"]["permanent"] is False
    assert item["problem"]["text"]  # a sentence, never silent

    up = config_env(tmp_path, receiver.url, platform)
    assert pixdesk("--data-dir", data, "sync", "enqueue", wrong, env=up).returncode == 0
    out = pixdesk("--data-dir", data, "sync", "--json", env=up)
    assert out.returncode == 1, out.stdout + out.stderr
    states = {i["file_name"]: (i["state"], (i["problem"] or {}).get("code")) for i in
              as_json(out)["items"]}  # fmt: skip
    assert states == {
        "good.pixbundle": ("delivered", None),
        "wrong.pixbundle": ("failed", "WRONG_RECIPIENT"),
    }

    out = pixdesk("--data-dir", data, "sync", "enqueue", tmp_path / "missing", env=up)
    assert out.returncode == 2
    assert "illisible" in out.stderr


def test_receiver_serve_and_keygen(tmp_path: Path, sealed: bytes) -> None:
    key = tmp_path / "platform.key"
    out = pixdesk("receiver", "keygen", "--out", key, "--public", tmp_path / "p.pub", env=BASE_ENV)
    assert out.returncode == 0, out.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pixdesk", "receiver", "serve", "--port", str(port),
         "--data", str(tmp_path / "recv"), "--platform-key", str(key), "--log-level", "warning"],
        env=BASE_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}", server)
        assert health["status"] == "ok"
        # This bundle is sealed for another platform: a clear refusal, nothing stored.
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            created = create(http, sealed).json()
            assert created["min_chunk"] == 64 * 1024  # the command's default bounds
            bundle_id = created["bundle_id"]
            assert put(http, bundle_id, sealed, 0, len(sealed) - 1).status_code == 200
            answer = complete(http, bundle_id)
        assert answer.status_code == 422
        assert answer.json()["code"] == "WRONG_RECIPIENT"
    finally:
        server.terminate()
        server.communicate(timeout=10)  # reads and closes the pipe
    assert list((tmp_path / "recv" / "bundles").iterdir()) == []

    bad = pixdesk("receiver", "serve", "--data", tmp_path / "r2", "--platform-key",
                  tmp_path / "p.pub", env=BASE_ENV)  # fmt: skip
    assert bad.returncode == 2
    assert "NOT_PRIVATE" in bad.stderr


def _wait_for_health(url: str, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the receiver exited: {server.stderr.read() if server.stderr else ''!r}")
        try:
            answer: dict[str, Any] = httpx.get(f"{url}/v1/health", timeout=1).json()
            return answer
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail("the receiver did not start")
