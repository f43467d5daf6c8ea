"""Regenerate the worked example of docs/bundle-format.md §11 from fixed, PUBLIC seeds.

Every key below is derived from a published sentence: the example bundle proves nothing
about anyone; it exists so that a third-party verifier can check itself byte for byte.

Usage::

    python tools/bundle_example.py            # print the generated section
    python tools/bundle_example.py --write    # replace it in docs/bundle-format.md
    python tools/bundle_example.py --out DIR  # also write the example's files into DIR

``tests/bundle/test_doc_example.py`` fails when the document and this script disagree.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from pixdesk.bundle.archive import read_archive
from pixdesk.bundle.envelope import read_header, seal_archive
from pixdesk.bundle.layout import HPKE_INFO, MAGIC
from pixdesk.bundle.platform_key import PlatformKeyPair, derive_test_platform_key
from pixdesk.bundle.sample import SampleKeys, sample_keys, sample_session, station_id_of
from pixdesk.bundle.writer import build_bundle_archive
from pixdesk.crypto import hpke
from pixdesk.crypto.keys import key_id

SEED = "pixdesk bundle example"
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
CREATED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DOC = Path(__file__).resolve().parents[1] / "docs" / "bundle-format.md"
BEGIN = "<!-- BEGIN GENERATED EXAMPLE (tools/bundle_example.py) -->"
END = "<!-- END GENERATED EXAMPLE -->"


@dataclass(frozen=True)
class Example:
    """Everything the example shows."""

    keys: SampleKeys
    platform: PlatformKeyPair
    ephemeral: X25519PrivateKey
    archive: bytes
    sealed: bytes


def build() -> Example:
    """Build the example bundle: one station, one candidate, two answers, countersigned."""
    keys = sample_keys(SEED, 1)
    platform = derive_test_platform_key(f"{SEED}/platform", "EXAMPLE platform (public seed)")
    ephemeral = hpke.derive_key_pair(hashlib.sha256(f"{SEED}/ephemeral".encode()).digest())
    contents, signers = sample_session(
        keys, start=START, answers=2, countersign=True, fixed_serials=True
    )
    archive = build_bundle_archive(contents, signers, created=CREATED)
    sealed = seal_archive(archive, platform.public(), ephemeral=ephemeral)
    return Example(keys, platform, ephemeral, archive, sealed)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(example: Example) -> str:
    """Return the generated Markdown section (between the markers)."""
    keys, platform = example.keys, example.platform
    files = read_archive(example.archive)
    header = read_header(example.sealed)
    _, context = hpke.setup_sender(
        platform.seal_key.public_key(), HPKE_INFO, ephemeral=example.ephemeral
    )
    prefix_length = len(MAGIC) + 4 + len(header.header_bytes)
    lines = [
        "### 11.1 Keys",
        "",
        f'Ed25519 seeds are SHA-256 of the UTF-8 text shown (`"{SEED}/…"`); X25519 keys come',
        "from HPKE `DeriveKeyPair` (RFC 9180 §7.1.3) of the SHA-256 shown.",
        "",
        "| key | seed text | public key (hex) |",
        "|---|---|---|",
    ]
    named = [
        ("center", f"{SEED}/center", keys.center),
        ("session", f"{SEED}/session", keys.session),
        ("console (station)", f"{SEED}/console", keys.console),
        ("station 0", f"{SEED}/station/0", keys.stations[0]),
        ("platform, Ed25519", f"{SEED}/platform/sign", platform.sign_key),
    ]
    for name, text, key in named:
        public = key.public_key().public_bytes_raw().hex()
        lines.append(f"| {name} | `{text}` | `{public}` |")
    lines += [
        f"| platform, X25519 | SHA-256 of `{SEED}/platform/seal` | "
        f"`{hpke.public_bytes(platform.seal_key).hex()}` |",
        f"| HPKE ephemeral, X25519 | SHA-256 of `{SEED}/ephemeral` | "
        f"`{hpke.public_bytes(example.ephemeral).hex()}` |",
        "",
        f"- platform X25519 private key: `{platform.seal_key.private_bytes_raw().hex()}`",
        f"- platform seal key id (`recipient`): `{platform.public().seal_key_id}`",
        f"- center key id: `{key_id(keys.center)}`",
        f"- session key id: `{key_id(keys.session)}`",
        f"- station ids: console `{station_id_of(keys.console)}`, "
        f"station 0 `{station_id_of(keys.stations[0])}`",
        "",
        "### 11.2 The archive entries, in order",
        "",
        "| path | size | SHA-256 |",
        "|---|---|---|",
    ]
    for name, data in files.items():
        lines.append(f"| `{name}` | {len(data)} | `{_sha(data)}` |")
    journal = sorted(n for n in files if n.startswith("journals/"))[0]
    lines += [
        "",
        "`session/session.json`:",
        "",
        "```json",
        files["session/session.json"].decode(),
        "```",
        "",
        "`results/results.json`:",
        "",
        "```json",
        files["results/results.json"].decode(),
        "```",
        "",
        f"First line of `{journal}` (without its newline):",
        "",
        "```json",
        files[journal].split(b"\n")[0].decode(),
        "```",
        "",
        "### 11.3 Manifest and signatures",
        "",
        "`manifest.json`:",
        "",
        "```json",
        files["manifest.json"].decode(),
        "```",
        "",
        f"- SHA-256 of `manifest.json`: `{_sha(files['manifest.json'])}`",
        f"- `manifest.sig`: `{files['manifest.sig'].hex()}`",
        f"- `manifest.countersig`: `{files['manifest.countersig'].hex()}`",
        "",
        "### 11.4 Archive",
        "",
        f"- size: {len(example.archive)} bytes; SHA-256: `{_sha(example.archive)}`",
        f"- first 64 bytes: `{example.archive[:64].hex()}`",
        f"- last 22 bytes (end record): `{example.archive[-22:].hex()}`",
        "",
        "### 11.5 Seal",
        "",
        f"- header: `{header.header_bytes.decode()}`",
        f"- first {prefix_length} bytes (magic, length, header; the AEAD's associated data): "
        f"`{example.sealed[:prefix_length].hex()}`",
        f"- `shared_secret`: `{context.shared_secret.hex()}`",
        f"- `key`: `{context.key.hex()}`",
        f"- `base_nonce`: `{context.base_nonce.hex()}`",
        f"- sealed file: {len(example.sealed)} bytes; SHA-256: `{_sha(example.sealed)}`",
        f"- last 16 bytes (GCM tag): `{example.sealed[-16:].hex()}`",
    ]
    return "\n".join(lines) + "\n"


def replace_section(document: str, section: str) -> str:
    """Return ``document`` with the text between the markers replaced by ``section``."""
    start, end = document.index(BEGIN) + len(BEGIN), document.index(END)
    return document[:start] + "\n\n" + section + "\n" + document[end:]


def write_files(example: Example, directory: Path) -> None:
    """Write the sealed bundle, its archive and the (public) platform private key."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "example.pixbundle").write_bytes(example.sealed)
    (directory / "example.zip").write_bytes(example.archive)
    (directory / "example-platform.key").write_bytes(example.platform.to_file())
    (directory / "example-platform.pub").write_bytes(example.platform.public().to_file())


def main(argv: list[str] | None = None) -> int:
    """Print or write the example."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"update {DOC.name}")
    parser.add_argument("--out", type=Path, help="write the example files into this folder")
    args = parser.parse_args(argv)
    example = build()
    section = render(example)
    if args.write:
        DOC.write_text(replace_section(DOC.read_text(encoding="utf-8"), section), encoding="utf-8")
    else:
        sys.stdout.write(section)
    if args.out:
        write_files(example, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
