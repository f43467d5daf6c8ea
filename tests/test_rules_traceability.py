"""docs/rules-traceability.md maps every domain rule of RULES.md §§2–9 to tests that exist.

Acceptance criterion: every rule of RULES.md §§2–9 that belongs to the domain has a test naming
it. Test files are read with ``ast``, never imported, so a renamed, moved or deleted test breaks
this check rather than a collection step.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules-traceability.md"
SECTIONS = range(2, 10)
TEST_DIR = "tests/domain/"

# Mapped tests that check their rule but cite its section neither in their docstring nor in
# their name, as (node id, section). Empty: every mapped test cites its section. A new entry
# needs a comment saying why the test cannot cite it; a stale entry fails the test below.
UNCITED: frozenset[tuple[str, int]] = frozenset()

_SECTION_HEADING = re.compile(r"## §(\d+)\b")
_NODE_ID = re.compile(r"`([^`\s]+::[^`\s]+)`")
_SEPARATOR_CELL = re.compile(r":?-{3,}:?")
# "DESIGN §6" cites another document; "RULES §4-5" and "§§2–9" cite ranges.
_OTHER_DOCUMENT = re.compile(r"DESIGN(?:\.md)?\s*§+\s*\d+(?:\s*[-–]\s*\d+)?")
_SECTION_REF = re.compile(r"§+\s*(\d+)(?:\s*[-–]\s*(\d+))?")
_NAME_REF = re.compile(r"(?:^|_)s(\d+)(?=_|$)")

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True, slots=True)
class Row:
    """One domain rule of the document and the test node ids it names."""

    section: int
    rule: str
    nodes: tuple[str, ...]
    line: int


def parse(text: str) -> list[Row]:
    """Return the table rows under the ``## §N`` headings; other sections are not domain."""
    rows: list[Row] = []
    section: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            heading = _SECTION_HEADING.match(line)
            section = int(heading.group(1)) if heading else None
            continue
        if section is None or not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "rule" or all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells):
            continue
        nodes = tuple(_NODE_ID.findall(cells[1])) if len(cells) > 1 else ()
        rows.append(Row(section, cells[0], nodes, number))
    return rows


def cited_sections(name: str, docstring: str | None) -> set[int]:
    """Return the RULES sections a test cites: ``§N`` in its docstring or ``_sN_`` in its name."""
    cited = {int(number) for number in _NAME_REF.findall(name)}
    for found in _SECTION_REF.finditer(_OTHER_DOCUMENT.sub("", docstring or "")):
        first = int(found.group(1))
        cited.update(range(first, int(found.group(2) or first) + 1))
    return cited


def find_test(root: Path, node: str) -> Function | None:
    """Return the test function of ``path::[Class::]name`` parsed from its file, or None."""
    path, *names = node.split("::")
    source = root / path
    if not path.startswith(TEST_DIR) or not source.is_file() or not names:
        return None
    body: list[ast.stmt] = ast.parse(source.read_text(encoding="utf-8"), str(source)).body
    for class_name in names[:-1]:
        owner = next(
            (n for n in body if isinstance(n, ast.ClassDef) and n.name == class_name), None
        )
        if owner is None:
            return None
        body = owner.body
    found = next((n for n in body if isinstance(n, Function) and n.name == names[-1]), None)
    return found if found is not None and found.name.startswith("test") else None


def sections_without_rules(rows: Iterable[Row]) -> list[str]:
    """(a) Name each section of §§2–9 that maps no domain rule."""
    mapped = {row.section for row in rows}
    return [f"§{section}: no domain rule" for section in SECTIONS if section not in mapped]


def misfiled_rules(rows: Iterable[Row]) -> list[str]:
    """Name each rule that does not start with the section of the table it is in."""
    return [
        f"line {row.line}: {row.rule!r} is under §{row.section}"
        for row in rows
        if not row.rule.startswith(f"§{row.section} ")
    ]


def rules_without_tests(rows: Iterable[Row]) -> list[str]:
    """(b) Name each domain rule whose row names no test."""
    return [f"line {row.line}: {row.rule!r} names no test" for row in rows if not row.nodes]


def missing_tests(rows: Iterable[Row], root: Path) -> list[str]:
    """(c) Name each node id that is not a test function of a file under tests/domain."""
    return [
        f"line {row.line}: {node} is not a test in {TEST_DIR}"
        for row in rows
        for node in row.nodes
        if find_test(root, node) is None
    ]


def uncited_tests(
    rows: Iterable[Row], root: Path, allowed: Collection[tuple[str, int]]
) -> list[str]:
    """(d) Name each mapped test that cites neither the section of its rule nor is allowed to."""
    problems = []
    for row in rows:
        for node in row.nodes:
            test = find_test(root, node)
            if test is None or (node, row.section) in allowed:
                continue
            if row.section not in cited_sections(test.name, ast.get_docstring(test)):
                problems.append(f"line {row.line}: {node} does not cite §{row.section}")
    return sorted(set(problems))


def stale_allowances(
    rows: Iterable[Row], root: Path, allowed: Collection[tuple[str, int]]
) -> list[str]:
    """Name each allowance that no row uses, or whose test has since cited its section."""
    used = {(node, row.section) for row in rows for node in row.nodes}
    problems = []
    for node, section in sorted(allowed):
        test = find_test(root, node)
        if (node, section) not in used or test is None:
            problems.append(f"{node} is not mapped under §{section}")
        elif section in cited_sections(test.name, ast.get_docstring(test)):
            problems.append(f"{node} now cites §{section}: drop it from UNCITED")
    return problems


# ---------------------------------------------------------------- the document


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return parse(DOC.read_text(encoding="utf-8"))


def test_every_section_maps_a_domain_rule(rows: list[Row]) -> None:
    """(a) Sections §2 to §9 each have at least one domain rule, filed under its own heading."""
    assert sections_without_rules(rows) == []
    assert misfiled_rules(rows) == []


def test_every_domain_rule_names_a_test(rows: list[Row]) -> None:
    """(b) No domain rule is left without a test."""
    assert rules_without_tests(rows) == []


def test_every_named_test_exists(rows: list[Row]) -> None:
    """(c) Each node id is a test function (possibly in a class) of a file in tests/domain."""
    assert missing_tests(rows, ROOT) == []


def test_every_named_test_cites_its_section(rows: list[Row]) -> None:
    """(d) Each mapped test cites its rule's section in its docstring or name, or is allowed."""
    assert uncited_tests(rows, ROOT, UNCITED) == []


def test_uncited_allowances_are_current(rows: list[Row]) -> None:
    """Each UNCITED entry is still mapped and still lacks its citation."""
    assert stale_allowances(rows, ROOT, UNCITED) == []


# ---------------------------------------------------------------- the checks can fail

SAMPLE_TESTS = '''
def test_cites():
    """RULES §2: a session has a number."""


def test_cites_a_range():
    """RULES §4-5: overtime."""


def test_rules_s3_in_the_name():
    pass


def test_design_only():
    """DESIGN §6: planned → open."""


def helper():
    """RULES §2: not a test."""


class TestGroup:
    def test_method(self):
        """RULES §2, §10: codes."""
'''


def sample(tmp_path: Path, *table: str) -> tuple[list[Row], Path]:
    """Write SAMPLE_TESTS as tests/domain/test_sample.py and parse a document of ``table``."""
    (tmp_path / TEST_DIR).mkdir(parents=True)
    (tmp_path / TEST_DIR / "test_sample.py").write_text(SAMPLE_TESTS, encoding="utf-8")
    return parse("\n".join(("# Title", *table, "## Not domain", "| §9 x | ui |"))), tmp_path


def node(name: str) -> str:
    return f"`{TEST_DIR}test_sample.py::{name}`"


def test_a_renamed_or_misplaced_test_is_reported(tmp_path: Path) -> None:
    """(c) fails on a node id whose function is gone, is no test, or is outside tests/domain."""
    rows, root = sample(
        tmp_path,
        "## §2 Sessions",
        "| rule | tests |",
        "|---|---|",
        f"| §2 number | {node('test_cites')}<br>{node('test_renamed')} |",
        f"| §2 codes | {node('TestGroup::test_method')}<br>{node('helper')} |",
        "| §2 other | `tests/crypto/test_keys.py::test_x`<br>`tests/domain/test_gone.py::test_x` |",
    )
    assert missing_tests(rows, root) == [
        f"line 5: {TEST_DIR}test_sample.py::test_renamed is not a test in {TEST_DIR}",
        f"line 6: {TEST_DIR}test_sample.py::helper is not a test in {TEST_DIR}",
        f"line 7: tests/crypto/test_keys.py::test_x is not a test in {TEST_DIR}",
        f"line 7: tests/domain/test_gone.py::test_x is not a test in {TEST_DIR}",
    ]


def test_missing_sections_rules_without_tests_and_misfiled_rules_are_reported(
    tmp_path: Path,
) -> None:
    """(a) and (b) fail on an empty section, a row without a node id, a rule in the wrong table."""
    rows, _ = sample(
        tmp_path,
        "## §2 Sessions",
        "| rule | tests |",
        "|---|---|",
        "| §2 number | (none yet) |",
        "| §3 join | `tests/domain/test_sample.py::test_cites` |",
    )
    assert sections_without_rules(rows) == [f"§{n}: no domain rule" for n in range(3, 10)]
    assert rules_without_tests(rows) == ["line 5: '§2 number' names no test"]
    assert misfiled_rules(rows) == ["line 6: '§3 join' is under §2"]


def test_a_test_that_does_not_cite_its_section_is_reported(tmp_path: Path) -> None:
    """(d) fails unless the docstring or name cites the section; DESIGN §N does not count."""
    rows, root = sample(
        tmp_path,
        "## §5 Adaptive",
        "|---|---|",
        f"| §5 a | {node('test_cites_a_range')}<br>{node('test_cites')} |",
        f"| §5 b | {node('test_design_only')} |",
        "## §3 Candidates",
        f"| §3 c | {node('test_rules_s3_in_the_name')} |",
        "## §10 Documents",
        f"| §10 d | {node('TestGroup::test_method')} |",
    )
    assert uncited_tests(rows, root, ()) == [
        f"line 4: {TEST_DIR}test_sample.py::test_cites does not cite §5",
        f"line 5: {TEST_DIR}test_sample.py::test_design_only does not cite §5",
    ]
    allowed = {(f"{TEST_DIR}test_sample.py::test_design_only", 5)}
    assert len(uncited_tests(rows, root, allowed)) == 1


def test_stale_allowances_are_reported(tmp_path: Path) -> None:
    """An allowance for a test that cites its section, or that is not mapped, must go."""
    rows, root = sample(
        tmp_path, "## §2 Sessions", f"| §2 a | {node('test_cites')}<br>{node('test_design_only')} |"
    )
    allowed = {
        (f"{TEST_DIR}test_sample.py::test_cites", 2),
        (f"{TEST_DIR}test_sample.py::test_design_only", 2),
        (f"{TEST_DIR}test_sample.py::test_design_only", 4),
    }
    assert stale_allowances(rows, root, allowed) == [
        f"{TEST_DIR}test_sample.py::test_cites now cites §2: drop it from UNCITED",
        f"{TEST_DIR}test_sample.py::test_design_only is not mapped under §4",
    ]


@pytest.mark.parametrize(
    ("name", "docstring", "sections"),
    [
        ("test_x", "RULES §2: x.", {2}),
        ("test_x", "RULES §2, §10: x.", {2, 10}),
        ("test_x", "RULES §4-5: x.", {4, 5}),
        ("test_x", "RULES §§2–4: x.", {2, 3, 4}),
        ("test_x", "DESIGN §6: x.", set()),
        ("test_x", "DESIGN.md §6, RULES §3: x.", {3}),
        ("test_rules_s5_reference", None, {5}),
        ("test_costs5_items", None, set()),
        ("test_x", None, set()),
    ],
)
def test_cited_sections(name: str, docstring: str | None, sections: set[int]) -> None:
    """§N, ranges and lists in a docstring, or sN in a name, cite sections; DESIGN §N does not."""
    assert cited_sections(name, docstring) == sections
