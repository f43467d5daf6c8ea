"""The demo item bank (resources/banks/demo) and the `pixdesk bank` command on it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pixdesk.crypto.platform_keys import format_public_key_file, read_public_key_file
from pixdesk.domain.items import ItemType
from pixdesk.domain.referential import COMPETENCE_CODES
from pixdesk.domain.scoring import DEMO_SCORING
from pixdesk.imports.bank_format import IMAGE_MEDIA_TYPES
from pixdesk.imports.bank_review import review_bank
from pixdesk.imports.bank_verify import LoadedBank, load_bank
from tests.imports.bank_samples import OTHER_KEY

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "banks" / "demo"
DEMO_KEY = ROOT / "resources" / "keys" / "demo-platform.pub"


@pytest.fixture(scope="module")
def demo() -> LoadedBank:
    return load_bank(DEMO, [read_public_key_file(DEMO_KEY)])


def pixdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_demo_bank_is_signed_by_the_demo_key(demo: LoadedBank) -> None:
    assert demo.signer.is_demo
    assert demo.bank.header.bank_id == "pixdesk-demo"
    assert demo.bank.scoring == DEMO_SCORING


def test_the_demo_bank_covers_the_framework(demo: LoadedBank) -> None:
    items = demo.bank.items
    assert len(items) >= 320
    per_competence = Counter(item.competence for item in items)
    assert set(per_competence) == set(COMPETENCE_CODES)
    assert min(per_competence.values()) >= 20
    for code in COMPETENCE_CODES:
        levels = {item.level for item in items if item.competence == code}
        assert levels == {1, 2, 3, 4, 5, 6}, code
    assert {item.type for item in items} == set(ItemType)
    assert sum(item.timed for item in items) >= 10
    assert sum(item.focused for item in items) >= 10
    assert sum(item.has_attachment for item in items) >= 10
    assert any(item.has_image for item in items)
    assert sum(item.accessible for item in items) >= len(items) / 4


def test_difficulty_grows_with_level(demo: LoadedBank) -> None:
    by_level: dict[int, list[float]] = {}
    for item in demo.bank.items:
        by_level.setdefault(item.level, []).append(item.difficulty)
        assert 0.8 <= item.discriminant <= 2.5
    means = [sum(v) / len(v) for _, v in sorted(by_level.items())]
    assert means == sorted(means)
    assert all(abs(mean - (level - 3.5)) < 0.3 for level, mean in enumerate(means, start=1))


def test_the_demo_bank_reviews_clean(demo: LoadedBank) -> None:
    assert review_bank(demo.bank).problems == ()


def test_every_attachment_kind_is_there_and_small(demo: LoadedBank) -> None:
    files = {a.name: a for c in demo.bank.contents.values() for a in c.attachments}
    files |= {c.image.file.name: c.image.file for c in demo.bank.contents.values() if c.image}
    kinds = {name.rsplit(".", 1)[1] for name in files}
    assert {"csv", "ods", "png", "txt"} <= kinds
    assert all(attachment.size < 100_000 for attachment in files.values())


def test_accessible_items_carry_no_information_only_in_a_picture(demo: LoadedBank) -> None:
    for item in demo.bank.items:
        content = demo.bank.content(item.id)
        if content.image is not None:
            assert len(content.image.alt.fr) > 40
        if item.accessible:
            assert content.image is None, item.id
            assert all(a.media_type not in IMAGE_MEDIA_TYPES for a in content.attachments)
        for field in content.fields:
            assert field.label.fr  # every input has a label a screen reader can read


def test_each_item_has_a_stem_feedback_and_an_answer(demo: LoadedBank) -> None:
    for item in demo.bank.items:
        content = demo.bank.content(item.id)
        assert content.stem.fr.strip()
        assert content.feedback.fr.strip()
        assert item.solution.choices or item.solution.variants


def test_the_demo_bank_is_what_its_sources_build() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_demo_bank.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_verify_accepts_the_demo_bank_and_warns() -> None:
    result = pixdesk("bank", "verify", str(DEMO))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Banque valide" in result.stdout
    assert "DÉMONSTRATION" in result.stderr


def test_cli_verify_json_names_the_problem(tmp_path: Path) -> None:
    bank = tmp_path / "demo"
    shutil.copytree(DEMO, bank)
    target = bank / "attachments" / "notes-classe.csv"
    data = bytearray(target.read_bytes())
    data[10] ^= 0x20
    target.write_bytes(bytes(data))
    result = pixdesk("bank", "verify", str(bank), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["signer"]["demo"] is True
    found = {(p["code"], p["name"]) for p in report["problems"]}
    assert ("HASH_MISMATCH", "attachments/notes-classe.csv") in found


def test_cli_verify_refuses_a_bank_from_an_untrusted_key(tmp_path: Path) -> None:
    other = tmp_path / "autre.pub"
    other.write_text(format_public_key_file(OTHER_KEY, "une autre plateforme"), "utf-8")
    result = pixdesk("--lang", "en", "bank", "verify", str(DEMO), "--trust", str(other))
    assert result.returncode == 1
    assert "not a trusted platform" in result.stdout


@pytest.mark.parametrize("action", ["verify", "review"])
def test_cli_wrong_path_exits_2(tmp_path: Path, action: str) -> None:
    result = pixdesk("bank", action, str(tmp_path / "nulle-part"))
    assert result.returncode == 2
    assert "Banque introuvable" in result.stderr


def test_cli_review_prints_the_table() -> None:
    result = pixdesk("bank", "review", str(DEMO))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("5.2 ") for line in lines)
    assert "Aucun problème." in result.stdout


def test_cli_review_fails_on_a_broken_bank(tmp_path: Path) -> None:
    bank = tmp_path / "demo"
    shutil.copytree(DEMO, bank)
    (bank / "attachments" / "en-trop.txt").write_text("x")
    result = pixdesk("bank", "review", str(bank))
    assert result.returncode == 1
    assert "en-trop.txt" in result.stdout
