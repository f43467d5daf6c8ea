"""Hostile SIECLE inputs (DESIGN.md §10): DTDs, bombs, zip tricks, oversized files."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from pixdesk.imports.errors import ImportRejectedError, InvalidReason, ProblemCode
from pixdesk.imports.siecle import parse_siecle
from pixdesk.imports.source import BoundedReader, ImportLimits
from tests.imports.siecle_files import UAI, pupil, siecle_xml, zipped

GOOD = siecle_xml([pupil(1), pupil(2)])


def refusal(source: object, limits: ImportLimits | None = None) -> str | None:
    """Return the INVALID_FILE reason the import gives, failing on anything else."""
    result = parse_siecle(source, expected_uai=UAI, limits=limits or ImportLimits())  # type: ignore[arg-type]
    [found] = result.errors
    assert found.code == ProblemCode.INVALID_FILE
    assert result.learners == ()
    return found.reason


# ------------------------------------------------------------------ DTDs


def billion_laughs() -> bytes:
    """Return the classic internal subset: ten to the ninth "lol" from a few hundred bytes."""
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10))
    return b"<!DOCTYPE BEE_ELEVES [\n" + b"\n".join(entities) + b"\n]>\n"


DOCTYPES = {
    "plain": b'<!DOCTYPE BEE_ELEVES SYSTEM "bee.dtd">\n',
    "xxe": b'<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
    "xxe-network": b'<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>\n',
    "billion-laughs": billion_laughs(),
    # Malformed: libxml2 would stop on it first and call the file merely broken.
    "unterminated": b'<!DOCTYPE BEE_ELEVES [<!ENTITY a "never closed ]>\n',
    "parameter-entities": b"<!DOCTYPE BEE_ELEVES [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>",
}


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
def test_any_doctype_is_refused(doctype: bytes) -> None:
    declaration, rest = GOOD.split(b"\n", 1)
    body = rest.replace(b"<NOM_DE_FAMILLE>NOM1<", b"<NOM_DE_FAMILLE>&xxe;&lol9;<")
    data = declaration + b"\n" + doctype + body

    assert refusal(data) == InvalidReason.DOCTYPE


def test_a_doctype_behind_a_long_prolog_is_refused_at_the_root() -> None:
    # The prolog scan sees only the first kilobytes; the root check sees the rest.
    declaration, rest = GOOD.split(b"\n", 1)
    padding = b"<!-- " + b"x" * 10_000 + b" -->\n"
    data = declaration + b"\n" + padding + DOCTYPES["xxe"] + rest

    assert refusal(data) == InvalidReason.DOCTYPE


def test_too_deep_nesting_is_refused() -> None:
    depth_bomb = b"<BEE_ELEVES>" + b"<a>" * 50_000 + b"</a>" * 50_000 + b"</BEE_ELEVES>"

    assert refusal(depth_bomb) == InvalidReason.TOO_DEEP


def test_the_depth_bound_is_configurable() -> None:
    # SIECLE itself nests six deep (…/STRUCTURES_ELEVE/STRUCTURE/CODE_STRUCTURE).
    assert parse_siecle(GOOD, expected_uai=UAI, limits=ImportLimits(max_depth=6)).ok
    assert refusal(GOOD, ImportLimits(max_depth=5)) == InvalidReason.TOO_DEEP


# ------------------------------------------------------------------ sizes


def test_an_oversized_xml_is_refused() -> None:
    assert refusal(GOOD, ImportLimits(max_bytes=len(GOOD) - 1)) == InvalidReason.TOO_BIG
    assert parse_siecle(GOOD, expected_uai=UAI, limits=ImportLimits(max_bytes=len(GOOD))).ok


def test_a_huge_file_is_refused_without_being_read() -> None:
    class Huge(io.RawIOBase):
        """Says it holds a terabyte; reading it would fail the test."""

        def seekable(self) -> bool:
            return True

        def readable(self) -> bool:
            return True

        def tell(self) -> int:
            return 0

        def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
            return 10**12 if whence == io.SEEK_END else 0

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            head = b"<?xml ver"[: len(buffer)]
            buffer[: len(head)] = head
            return len(head) if len(buffer) <= 16 else pytest.fail("read past the head")

    assert refusal(Huge()) == InvalidReason.TOO_BIG


def test_an_oversized_stream_is_refused_while_reading() -> None:
    stream = io.BufferedReader(io.BytesIO(GOOD))  # type: ignore[arg-type]
    stream.seekable = lambda: False  # type: ignore[method-assign]

    assert refusal(stream, ImportLimits(max_bytes=1000)) == InvalidReason.TOO_BIG


# ------------------------------------------------------------------ zips


def test_a_zip_with_one_xml_is_read() -> None:
    archive = zipped({"export/ElevesSansAdresses.xml": GOOD, "LISEZMOI.txt": b"hello"})

    assert len(parse_siecle(archive, expected_uai=UAI).learners) == 2


def test_macos_shadow_files_are_ignored() -> None:
    archive = zipped({"ElevesSansAdresses.xml": GOOD, "__MACOSX/._ElevesSansAdresses.xml": b"\0"})

    assert parse_siecle(archive, expected_uai=UAI).ok


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"a.xml": GOOD, "b.XML": GOOD}, InvalidReason.ZIP_SEVERAL_XML),
        ({"readme.txt": b"no xml here"}, InvalidReason.ZIP_NO_XML),
        ({}, InvalidReason.ZIP_NO_XML),
        ({"inner.zip": zipped({"a.xml": GOOD})}, InvalidReason.NESTED_ARCHIVE),
        ({"a.xml": GOOD, "more.tar.gz": b"\x1f\x8b"}, InvalidReason.NESTED_ARCHIVE),
        ({"a.xml": zipped({"b.xml": GOOD})}, InvalidReason.NESTED_ARCHIVE),
        ({"../a.xml": GOOD}, InvalidReason.ZIP_SLIP),
        ({"export/../../a.xml": GOOD}, InvalidReason.ZIP_SLIP),
        ({"/etc/a.xml": GOOD}, InvalidReason.ZIP_SLIP),
        ({"C:\\Users\\a.xml": GOOD}, InvalidReason.ZIP_SLIP),
        ({"..\\a.xml": GOOD}, InvalidReason.ZIP_SLIP),
        ({"a.xml": GOOD, "../evil.txt": b"x"}, InvalidReason.ZIP_SLIP),
        (
            {f"{n}.txt": b"x" for n in range(20)} | {"a.xml": GOOD},
            InvalidReason.ZIP_TOO_MANY_ENTRIES,
        ),
    ],
)
def test_unsafe_or_ambiguous_zips_are_refused(
    members: dict[str, bytes], reason: InvalidReason
) -> None:
    assert refusal(zipped(members)) == reason


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    # 20 MB of spaces inside a valid export deflate to about 20 kB: a thousand to one.
    padding = b" " * 20_000_000
    bomb = zipped({"a.xml": GOOD.replace(b"<PARAMETRES>", b"<PARAMETRES>" + padding)})

    assert len(bomb) < 100_000
    assert refusal(bomb) == InvalidReason.COMPRESSION_RATIO


def test_a_declared_ratio_is_refused_before_inflating() -> None:
    # The member claims 50 MB from a few hundred bytes; nothing is inflated to find out.
    archive = bytearray(zipped({"a.xml": GOOD}))
    struct.pack_into("<I", archive, archive.index(b"PK\x01\x02") + 24, 50_000_000)

    assert refusal(bytes(archive)) == InvalidReason.COMPRESSION_RATIO


def test_a_zip_member_declared_too_big_is_refused_before_inflating() -> None:
    # Stored, so the ratio stays small; only the declared size is over the bound.
    archive = bytearray(zipped({"a.xml": GOOD}, method=zipfile.ZIP_STORED))
    struct.pack_into("<I", archive, archive.index(b"PK\x01\x02") + 24, 50_000)

    assert refusal(bytes(archive), ImportLimits(max_bytes=10_000)) == InvalidReason.TOO_BIG


@pytest.mark.parametrize(
    ("offset", "declared"),
    [(24, 2000), (20, 1_000_000)],
    ids=["uncompressed-size-too-small", "compressed-size-too-big"],
)
def test_a_zip_lying_about_its_sizes_is_refused(offset: int, declared: int) -> None:
    # Both lies make the header checks pass: a small uncompressed size, or a compressed size
    # big enough for a modest ratio. The bytes actually read give them away.
    padded = GOOD.replace(b"<DONNEES>", b"<DONNEES>" + b" " * 5_000_000)
    bomb = bytearray(zipped({"a.xml": padded}))
    struct.pack_into("<I", bomb, bomb.index(b"PK\x01\x02") + offset, declared)

    assert refusal(bytes(bomb)) in {InvalidReason.BROKEN_ZIP, InvalidReason.COMPRESSION_RATIO}


def test_the_bounded_reader_counts_what_is_inflated_not_what_is_declared() -> None:
    reader = BoundedReader(io.BytesIO(b" " * 5000), ImportLimits(max_ratio=10), compressed_size=100)

    with pytest.raises(ImportRejectedError) as caught:
        reader.read()

    assert caught.value.problem.reason == InvalidReason.COMPRESSION_RATIO


def test_an_encrypted_member_is_refused() -> None:
    archive = bytearray(zipped({"a.xml": GOOD}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = archive.index(signature) + offset
        archive[position] |= 0x1

    assert refusal(bytes(archive)) == InvalidReason.ENCRYPTED_ZIP


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\0" * 100, zipped({"a.xml": GOOD})[:-30]],
    ids=["garbage", "truncated"],
)
def test_a_broken_zip_is_refused(data: bytes) -> None:
    assert refusal(data) == InvalidReason.BROKEN_ZIP


def test_a_corrupted_member_is_refused() -> None:
    archive = bytearray(zipped({"a.xml": GOOD}))
    start = archive.index(b"a.xml") + len(b"a.xml")
    archive[start + 40 : start + 60] = b"\xff" * 20

    assert refusal(bytes(archive)) in {InvalidReason.BROKEN_ZIP, InvalidReason.BROKEN_XML}
