"""``pixdesk bank import``, run as a subprocess like a referent would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.imports.qti_files import QTI21, manifest, sample_package, zip_members

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "resources" / "banks" / "demo"


def run(data: Path, *args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pixdesk", "--data-dir", str(data), "bank", "import"]
    return subprocess.run(
        [*command, *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def listing(data: Path) -> list[str]:
    banks = data / "banks"
    return sorted(str(p.relative_to(banks)) for p in banks.rglob("*")) if banks.exists() else []


def test_demo_bank_imports_then_is_idempotent(tmp_path: Path) -> None:
    first = run(tmp_path, DEMO)
    assert first.returncode == 0, first.stderr
    assert "pixdesk-demo" in first.stdout
    assert (tmp_path / "banks" / "pixdesk-demo-2026.1" / "bank.json").read_bytes() == (
        DEMO / "bank.json"
    ).read_bytes()
    before = listing(tmp_path)
    again = run(tmp_path, DEMO, "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["imported"] is True
    assert listing(tmp_path) == before


def test_tampered_bank_is_refused_and_nothing_written(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(DEMO, copy)
    bank = copy / "bank.json"
    bank.write_bytes(bank.read_bytes().replace(b"?", b"!", 1))
    data = tmp_path / "data"
    result = run(data, copy, "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert summary["imported"] is False
    assert summary["kind"] == "pixdesk"
    assert "HASH_MISMATCH" in {p["code"] for p in summary["problems"]}
    assert listing(data) == []


def test_qti_sample_is_imported_as_local_bank(tmp_path: Path) -> None:
    package = tmp_path / "sample.zip"
    package.write_bytes(sample_package("v2p1"))
    data = tmp_path / "data"
    result = run(data, package, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) == {"imported", "kind", "bank_id", "version", "items", "problems"}
    assert summary["kind"] == "qti"
    assert summary["items"] == 6
    assert summary["problems"] == []
    folder = data / "banks" / f"{summary['bank_id']}-{summary['version']}"
    key = data / "keys" / "local-bank.pub"
    verify = [sys.executable, "-m", "pixdesk", "bank", "verify", str(folder)]
    untrusted = subprocess.run(verify, capture_output=True, text=True, cwd=ROOT)
    assert untrusted.returncode == 1
    trusted = subprocess.run([*verify, "--trust", str(key)], capture_output=True, cwd=ROOT)
    assert trusted.returncode == 0


def test_qti_unsupported_interaction_is_refused_with_its_item(tmp_path: Path) -> None:
    item = (
        f'<assessmentItem xmlns="{QTI21}" identifier="ordre1" title="Ordre" '
        'adaptive="false" timeDependent="false"><itemBody>'
        '<orderInteraction responseIdentifier="RESPONSE"/></itemBody></assessmentItem>'
    ).encode()
    package = tmp_path / "bad.zip"
    package.write_bytes(
        zip_members({"imsmanifest.xml": manifest({"ordre.xml": {}}), "ordre.xml": item})
    )
    data = tmp_path / "data"
    result = run(data, package)
    assert result.returncode == 1
    assert "ordre1" in result.stdout
    assert "INTERACTION_UNSUPPORTED" in result.stdout
    assert listing(data) == []


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert run(tmp_path, tmp_path / "nope").returncode == 2
