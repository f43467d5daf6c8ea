"""Verifying a bank folder: files, signature, hashes, layout, then loading it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pixdesk.domain.items import ItemType
from pixdesk.imports.bank_format import BankLimits
from pixdesk.imports.bank_problems import BankProblemCode as P
from pixdesk.imports.bank_problems import BankRejectedError
from pixdesk.imports.bank_verify import load_bank, verify_bank
from tests.imports.bank_samples import OTHER_KEY, TEST_KEY, write_sample

TRUSTED = [TEST_KEY.public_key()]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "bank")


def codes(path: Path, limits: BankLimits | None = None) -> list[tuple[P, str, str]]:
    result = verify_bank(path, TRUSTED, limits)
    return [(p.code, p.item, p.name) for p in result.problems]


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_sound_bank_loads_with_items_and_presentation(bank: Path) -> None:
    loaded = load_bank(bank, TRUSTED)
    assert [item.type for item in loaded.bank.items] == list(ItemType)
    assert loaded.signer.is_demo is False
    qcu = loaded.bank.items[0]
    assert qcu.proposals == ("1", "2")
    assert qcu.has_attachment
    assert not qcu.has_image
    content = loaded.bank.content("qcu1")
    assert content.stem.get("en") == "Which character starts a formula?"
    assert content.attachments[0].name == "notes.csv"
    image_item = loaded.bank.items[4]
    assert image_item.has_image
    assert not image_item.accessible
    assert loaded.bank.content("ind5").image is not None
    assert loaded.bank.items[3].timer_seconds == 60
    assert loaded.bank.items[3].focused


def test_a_byte_changed_in_bank_json_is_a_hash_mismatch(bank: Path) -> None:
    text = (bank / "bank.json").read_text(encoding="utf-8")
    (bank / "bank.json").write_text(text.replace("Explication.", "Explicatiom."), "utf-8")
    assert (P.HASH_MISMATCH, "", "bank.json") in codes(bank)
    with pytest.raises(BankRejectedError) as caught:
        load_bank(bank, TRUSTED)
    assert P.HASH_MISMATCH in {p.code for p in caught.value.problems}


def test_a_byte_changed_in_an_attachment_is_named(bank: Path) -> None:
    flip_byte(bank / "attachments" / "notes.csv", 3)
    found = codes(bank)
    assert (P.HASH_MISMATCH, "", "attachments/notes.csv") in found
    # bank.json still names the old hash: the item's reference disagrees too.
    assert (P.ATTACHMENT_MISMATCH, "qcu1", "notes.csv") in found


def test_a_truncated_attachment_is_a_size_mismatch(bank: Path) -> None:
    path = bank / "attachments" / "notes.csv"
    path.write_bytes(path.read_bytes()[:-1])
    assert (P.SIZE_MISMATCH, "", "attachments/notes.csv") in codes(bank)


def test_a_changed_manifest_breaks_the_signature(bank: Path) -> None:
    signature = json.loads((bank / "signature.json").read_text())
    signature["manifest"]["bank"]["size"] += 1
    (bank / "signature.json").write_text(json.dumps(signature))
    found = codes(bank)
    assert (P.SIGNATURE_INVALID, "", "") in found
    assert (P.SIZE_MISMATCH, "", "bank.json") in found


def test_a_bank_signed_by_another_key_is_refused_clearly(tmp_path: Path) -> None:
    bank = write_sample(tmp_path / "bank", key=OTHER_KEY)
    result = verify_bank(bank, TRUSTED)
    assert [p.code for p in result.problems] == [P.SIGNER_UNTRUSTED]
    assert result.signer is not None
    assert result.problems[0].detail == result.signer.fingerprint
    assert load_bank(bank, [OTHER_KEY.public_key()]).bank.header.bank_id == "test-bank"


def test_no_trusted_key_trusts_nothing(bank: Path) -> None:
    assert [p.code for p in verify_bank(bank, []).problems] == [P.SIGNER_UNTRUSTED]


def test_a_signature_swapped_for_another_key_does_not_verify(tmp_path: Path) -> None:
    """Claiming the trusted key while the signature comes from another one fails."""
    good = write_sample(tmp_path / "good")
    forged = write_sample(tmp_path / "forged", key=OTHER_KEY)
    claimed = json.loads((good / "signature.json").read_text())
    made = json.loads((forged / "signature.json").read_text())
    claimed["signature"] = made["signature"]
    (good / "signature.json").write_text(json.dumps(claimed))
    assert codes(good) == [(P.SIGNATURE_INVALID, "", "")]


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.update(public_key="AAAA"),
        lambda s: s.update(algorithm="RSA"),
        lambda s: s["manifest"]["signer"].update(key_id="0" * 64),
        lambda s: s["manifest"]["attachments"].reverse(),
        lambda s: s.pop("manifest"),
    ],
    ids=["short key", "algorithm", "key id", "unsorted", "no manifest"],
)
def test_a_malformed_signature_file_is_refused(
    bank: Path, change: Callable[[dict[str, Any]], object]
) -> None:
    signature = json.loads((bank / "signature.json").read_text())
    change(signature)
    (bank / "signature.json").write_text(json.dumps(signature))
    assert (P.SIGNATURE_MALFORMED, "", "") in codes(bank)


def test_signature_json_that_is_not_json(bank: Path) -> None:
    (bank / "signature.json").write_text("{not json")
    assert codes(bank)[0][0] is P.SIGNATURE_MALFORMED


def test_an_extra_attachment_is_refused(bank: Path) -> None:
    (bank / "attachments" / "virus.exe").write_bytes(b"MZ")
    assert codes(bank) == [(P.EXTRA_FILE, "", "attachments/virus.exe")]


def test_an_extra_top_level_file_or_folder_is_refused(bank: Path) -> None:
    (bank / "notes.txt").write_text("x")
    (bank / "images").mkdir()
    assert codes(bank) == [(P.EXTRA_FILE, "", "images"), (P.EXTRA_FILE, "", "notes.txt")]


def test_a_missing_attachment_is_named(bank: Path) -> None:
    (bank / "attachments" / "graphique.png").unlink()
    found = codes(bank)
    assert (P.FILE_MISSING, "", "attachments/graphique.png") in found
    assert (P.ATTACHMENT_UNKNOWN, "ind5", "graphique.png") in found


@pytest.mark.parametrize("name", ["bank.json", "signature.json"])
def test_a_missing_top_level_file(bank: Path, name: str) -> None:
    (bank / name).unlink()
    assert codes(bank) == [(P.FILE_MISSING, "", name)]


def test_an_unsafe_file_name_is_refused_without_being_read(bank: Path) -> None:
    (bank / "attachments" / "..notes.csv").write_text("x")
    (bank / "attachments" / "NUL.txt").write_text("x")
    found = codes(bank)
    assert (P.UNSAFE_NAME, "", "attachments/..notes.csv") in found
    assert (P.UNSAFE_NAME, "", "attachments/NUL.txt") in found


def test_an_item_may_not_point_outside_the_bank(bank: Path) -> None:
    document = json.loads((bank / "bank.json").read_text(encoding="utf-8"))
    document["items"][0]["attachments"][0]["name"] = "../../etc/passwd"
    write_sample(bank, document)
    assert (P.FIELD_INVALID, "qcu1", "attachments[0].name") in codes(bank)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_is_not_followed(bank: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (bank / "attachments" / "lien.txt").symlink_to(outside)
    assert codes(bank) == [(P.EXTRA_FILE, "", "attachments/lien.txt")]


def test_sizes_are_bounded_before_parsing(bank: Path) -> None:
    assert (P.FILE_TOO_BIG, "", "bank.json") in codes(bank, BankLimits(max_bank_bytes=100))
    found = codes(bank, BankLimits(max_attachment_bytes=10))
    assert (P.FILE_TOO_BIG, "", "attachments/graphique.png") in found
    found = codes(bank, BankLimits(max_attachments=1))
    assert (P.TOO_MANY_FILES, "", "attachments") in found


@pytest.mark.parametrize(
    ("make", "code"),
    [(lambda p: None, P.NOT_FOUND), (lambda p: p.write_text("x"), P.NOT_A_BANK)],
)
def test_a_path_that_is_no_bank_folder(
    tmp_path: Path, make: Callable[[Path], object], code: P
) -> None:
    path = tmp_path / "ailleurs"
    make(path)
    assert [p.code for p in verify_bank(path, TRUSTED).problems] == [code]


def test_every_problem_is_listed_at_once(bank: Path) -> None:
    (bank / "attachments" / "extra.txt").write_text("x")
    document = json.loads((bank / "bank.json").read_text(encoding="utf-8"))
    document["items"][1]["competence"] = "9.9"
    document["items"][2]["level"] = 12
    (bank / "bank.json").write_text(json.dumps(document), encoding="utf-8")
    found = {code for code, _, _ in codes(bank)}
    assert {P.EXTRA_FILE, P.SIZE_MISMATCH, P.COMPETENCE_UNKNOWN, P.LEVEL_OUT_OF_RANGE} <= found
