"""A small valid bank (one item of each type, an attachment, an image) to break in tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pixdesk.crypto.keys import private_key_from_bytes
from pixdesk.imports.bank_format import sha256_hex
from pixdesk.imports.bank_writer import write_bank

TEST_KEY = private_key_from_bytes(bytes(range(32)))  # a test platform key, not the demo one
OTHER_KEY = private_key_from_bytes(bytes(range(1, 33)))
ATTACHMENTS = {"notes.csv": b"nom;note\r\nAda;18\r\n", "graphique.png": b"\x89PNG\r\n\x1a\nfake"}
MESH = ["-4.5", "-2.5", "-1.5", "-0.5", "0.5", "1.5", "2.5", "3.5", "4.5"]
LOOSE = {"t1": True, "t2": True, "t3": True}


def file_ref(name: str) -> dict[str, Any]:
    media = "text/csv" if name.endswith(".csv") else "image/png"
    data = ATTACHMENTS[name]
    return {"name": name, "media_type": media, "sha256": sha256_hex(data), "size": len(data)}


def text(fr: str, en: str | None = None) -> dict[str, str]:
    return {"fr": fr} if en is None else {"fr": fr, "en": en}


def proposals(*texts: str) -> list[dict[str, Any]]:
    return [{"key": str(i), "text": text(t)} for i, t in enumerate(texts, start=1)]


def item(item_id: str, tube: str, level: int, kind: str, **fields: Any) -> dict[str, Any]:
    base = {
        "id": item_id,
        "competence": "1.1",
        "tube": tube,
        "skill": f"{tube}{level}",
        "level": level,
        "type": kind,
        "stem": text(f"Énoncé de la question {item_id} ?"),
        "treatments": dict(LOOSE),
        "timer": None,
        "focused": False,
        "accessible": True,
        "image": None,
        "attachments": [],
        "feedback": text("Explication."),
        "difficulty": f"{level - 3.5:.4f}",
        "discriminant": "1.5000",
    }
    base.update(fields)
    return base


def answer_field(name: str = "answer", label: str = "Réponse") -> dict[str, Any]:
    return {"name": name, "label": text(label)}


ITEMS = [
    item(
        "qcu1",
        "@tubeA",
        1,
        "QCU",
        stem=text("Quel caractère commence une formule ?", "Which character starts a formula?"),
        proposals=[
            {"key": "1", "text": text("=", "=")},
            {"key": "2", "text": text("#", "#")},
        ],
        feedback=text("Le signe =.", "The = sign."),
        solution={"choices": ["1"]},
        attachments=[file_ref("notes.csv")],
    ),
    item(
        "qcm2",
        "@tubeB",
        2,
        "QCM",
        proposals=proposals("Linux", "Android", "Firefox"),
        solution={"choices": ["1", "2"]},
    ),
    item(
        "qroc3",
        "@tubeC",
        3,
        "QROC",
        fields=[answer_field()],
        solution={"variants": {"answer": ["navigateur", "un navigateur"]}},
    ),
    item(
        "num4",
        "@tubeD",
        4,
        "QROC_NUM",
        fields=[answer_field()],
        solution={"variants": {"answer": ["12,5"]}},
        timer=60,
        focused=True,
    ),
    item(
        "ind5",
        "@tubeE",
        5,
        "QROCM_IND",
        fields=[answer_field("extension", "Extension"), answer_field("taille", "Taille")],
        solution={"variants": {"extension": ["pdf"], "taille": ["2", "2 Mo"]}},
        image={"file": file_ref("graphique.png"), "alt": text("Un graphique en barres.")},
        accessible=False,
    ),
    item(
        "dep6",
        "@tubeF",
        6,
        "QROCM_DEP",
        fields=[answer_field("c1", "Couleur 1"), answer_field("c2", "Couleur 2")],
        solution={
            "variants": {"c1": ["rouge", "vert", "bleu"], "c2": ["rouge", "vert", "bleu"]},
            "expected_count": 2,
        },
    ),
]


def sample_document() -> dict[str, Any]:
    """Return a fresh copy of the valid bank document."""
    return {
        "format": "pixdesk-bank",
        "format_version": 1,
        "bank_id": "test-bank",
        "version": "1",
        "title": text("Banque d'essai", "Test bank"),
        "languages": ["fr", "en"],
        "scoring": {"mesh": list(MESH)},
        "items": copy.deepcopy(ITEMS),
    }


def write_sample(
    directory: Path,
    document: dict[str, Any] | None = None,
    attachments: dict[str, bytes] | None = None,
    key: Ed25519PrivateKey = TEST_KEY,
) -> Path:
    """Write a signed bank (the sample unless told otherwise) into ``directory``."""
    write_bank(
        directory,
        document or sample_document(),
        ATTACHMENTS if attachments is None else attachments,
        key,
    )
    return directory
