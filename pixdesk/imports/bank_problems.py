"""Codes for what the verification of an item bank can refuse, and the record carrying them.

Like the roster readers, the bank reader never writes sentences: it returns codes with the
item id, the file name or the field concerned, and the CLI or the UI turns them into translated
text. Every code is listed, in verification order, in ``docs/item-banks.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BankProblemCode(StrEnum):
    """Why a bank is refused, grouped by verification step (docs/item-banks.md §4)."""

    # 1. Files present and bounded
    NOT_FOUND = "NOT_FOUND"  # the path does not exist
    NOT_A_BANK = "NOT_A_BANK"  # not a directory
    FILE_MISSING = "FILE_MISSING"  # bank.json, signature.json or a signed attachment
    FILE_TOO_BIG = "FILE_TOO_BIG"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    EXTRA_FILE = "EXTRA_FILE"  # a file, folder or link the manifest does not name
    UNSAFE_NAME = "UNSAFE_NAME"  # a name that could leave its folder or is not portable
    # 2. Signature
    SIGNATURE_MALFORMED = "SIGNATURE_MALFORMED"
    SIGNER_UNTRUSTED = "SIGNER_UNTRUSTED"
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    # 3. Hashes and sizes
    HASH_MISMATCH = "HASH_MISMATCH"
    SIZE_MISMATCH = "SIZE_MISMATCH"
    # 4. bank.json
    JSON_MALFORMED = "JSON_MALFORMED"
    FORMAT_UNSUPPORTED = "FORMAT_UNSUPPORTED"
    FIELD_MISSING = "FIELD_MISSING"
    FIELD_UNKNOWN = "FIELD_UNKNOWN"
    FIELD_INVALID = "FIELD_INVALID"  # wrong JSON type or value outside its domain
    SCORING_INVALID = "SCORING_INVALID"
    ITEM_ID_DUPLICATE = "ITEM_ID_DUPLICATE"
    COMPETENCE_UNKNOWN = "COMPETENCE_UNKNOWN"
    LEVEL_OUT_OF_RANGE = "LEVEL_OUT_OF_RANGE"
    SKILL_MISMATCH = "SKILL_MISMATCH"  # skill is not tube + level
    TUBE_IN_TWO_COMPETENCES = "TUBE_IN_TWO_COMPETENCES"
    TRANSLATION_INCOMPLETE = "TRANSLATION_INCOMPLETE"  # some text has English, some not
    PROPOSALS_INVALID = "PROPOSALS_INVALID"
    FIELDS_INVALID = "FIELDS_INVALID"
    SOLUTION_INVALID = "SOLUTION_INVALID"
    NUMBER_INVALID = "NUMBER_INVALID"  # a numeric variant that does not parse
    EXPECTED_COUNT_OUT_OF_RANGE = "EXPECTED_COUNT_OUT_OF_RANGE"
    ATTACHMENT_UNKNOWN = "ATTACHMENT_UNKNOWN"  # an item names a file the manifest does not
    ATTACHMENT_MISMATCH = "ATTACHMENT_MISMATCH"  # an item's hash or size differs from the file
    ATTACHMENT_UNUSED = "ATTACHMENT_UNUSED"  # a signed file no item uses
    ACCESSIBILITY_INVALID = "ACCESSIBILITY_INVALID"  # accessible item whose content is visual
    # 5. Grading
    SELF_GRADING_FAILED = "SELF_GRADING_FAILED"
    # Review only (pixdesk bank review)
    DUPLICATE_STEM = "DUPLICATE_STEM"
    NEAR_DUPLICATE_STEM = "NEAR_DUPLICATE_STEM"
    DUPLICATE_PROPOSAL = "DUPLICATE_PROPOSAL"


@dataclass(frozen=True, slots=True)
class BankProblem:
    """One reason a bank is refused, with where to find it.

    Attributes:
        code: What is wrong.
        item: The item id, when the problem is in one item.
        name: The file name or the JSON field concerned.
        detail: A short machine-readable precision (the expected value, the other item id…).
    """

    code: BankProblemCode
    item: str = ""
    name: str = ""
    detail: str = ""


class BankRejectedError(Exception):
    """The bank cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: tuple[BankProblem, ...]) -> None:
        """Build the error from the problems found (at least one)."""
        codes = ", ".join(sorted({p.code.value for p in problems}))
        super().__init__(f"item bank refused: {codes}")
        self.problems = problems
