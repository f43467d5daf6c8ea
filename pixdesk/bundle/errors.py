"""Why a bundle was refused: one code per check, grouped by the stage that runs it.

Verification stops at the first failure (docs/bundle-format.md §8 lists the order). The
message carried by :class:`BundleError` is English, for logs; the CLI turns ``code`` and
``params`` into a French sentence. Nothing secret is ever put in either.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Stage(StrEnum):
    """The verification stages, in the order they run."""

    SEAL = "seal"
    ZIP = "zip"
    SIGNATURE = "signature"
    REVOCATION = "revocation"
    FILES = "files"
    JOURNALS = "journals"
    RESULTS = "results"


class BundleErrorCode(StrEnum):
    """Every reason a bundle is refused (or cannot be written)."""

    # seal: the outer file
    TOO_LARGE = "TOO_LARGE"
    NOT_A_BUNDLE = "NOT_A_BUNDLE"
    BAD_HEADER = "BAD_HEADER"
    UNSUPPORTED_SUITE = "UNSUPPORTED_SUITE"
    WRONG_RECIPIENT = "WRONG_RECIPIENT"
    DECRYPT_FAILED = "DECRYPT_FAILED"
    # zip: the archive inside
    ZIP_MALFORMED = "ZIP_MALFORMED"
    ZIP_UNSAFE_NAME = "ZIP_UNSAFE_NAME"
    ZIP_DUPLICATE = "ZIP_DUPLICATE"
    ZIP_LIMITS = "ZIP_LIMITS"
    ZIP_UNSUPPORTED = "ZIP_UNSUPPORTED"
    # signature: manifest, signatures, certificate chain
    MANIFEST_MISSING = "MANIFEST_MISSING"
    MANIFEST_MALFORMED = "MANIFEST_MALFORMED"
    UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    BAD_COUNTERSIGNATURE = "BAD_COUNTERSIGNATURE"
    DEGRADED_REFUSED = "DEGRADED_REFUSED"
    UNTRUSTED_CENTER = "UNTRUSTED_CENTER"
    CERTIFICATE_INVALID = "CERTIFICATE_INVALID"
    # revocation
    REVOCATION_LIST_INVALID = "REVOCATION_LIST_INVALID"
    REVOKED = "REVOKED"
    # files: the manifest's list against the archive
    FILE_MISSING = "FILE_MISSING"
    FILE_EXTRA = "FILE_EXTRA"
    FILE_MISMATCH = "FILE_MISMATCH"
    # journals
    SESSION_MALFORMED = "SESSION_MALFORMED"
    JOURNAL_MALFORMED = "JOURNAL_MALFORMED"
    STATION_KEY_MISMATCH = "STATION_KEY_MISMATCH"
    JOURNAL_INVALID = "JOURNAL_INVALID"
    # results
    RESULTS_MALFORMED = "RESULTS_MALFORMED"
    RESULTS_INCONSISTENT = "RESULTS_INCONSISTENT"


_C = BundleErrorCode
_STAGE_CODES: dict[Stage, tuple[BundleErrorCode, ...]] = {
    Stage.SEAL: (
        _C.TOO_LARGE,
        _C.NOT_A_BUNDLE,
        _C.BAD_HEADER,
        _C.UNSUPPORTED_SUITE,
        _C.WRONG_RECIPIENT,
        _C.DECRYPT_FAILED,
    ),
    Stage.ZIP: (
        _C.ZIP_MALFORMED,
        _C.ZIP_UNSAFE_NAME,
        _C.ZIP_DUPLICATE,
        _C.ZIP_LIMITS,
        _C.ZIP_UNSUPPORTED,
    ),
    Stage.SIGNATURE: (
        _C.MANIFEST_MISSING,
        _C.MANIFEST_MALFORMED,
        _C.UNSUPPORTED_VERSION,
        _C.BAD_SIGNATURE,
        _C.BAD_COUNTERSIGNATURE,
        _C.DEGRADED_REFUSED,
        _C.UNTRUSTED_CENTER,
        _C.CERTIFICATE_INVALID,
    ),
    Stage.REVOCATION: (_C.REVOCATION_LIST_INVALID, _C.REVOKED),
    Stage.FILES: (_C.FILE_MISSING, _C.FILE_EXTRA, _C.FILE_MISMATCH),
    Stage.JOURNALS: (
        _C.SESSION_MALFORMED,
        _C.JOURNAL_MALFORMED,
        _C.STATION_KEY_MISMATCH,
        _C.JOURNAL_INVALID,
    ),
    Stage.RESULTS: (_C.RESULTS_MALFORMED, _C.RESULTS_INCONSISTENT),
}

STAGE_OF: Mapping[BundleErrorCode, Stage] = MappingProxyType(
    {code: stage for stage, codes in _STAGE_CODES.items() for code in codes}
)


class BundleError(Exception):
    """A bundle that must not be trusted, or one that cannot be built from what was given.

    Attributes:
        code: What failed.
        stage: The verification stage the code belongs to.
        detail: English, for logs.
        params: Named values for the translated message (a path, a station, a seq…).
    """

    def __init__(self, code: BundleErrorCode, detail: str = "", **params: str) -> None:
        """Build the error from its code, an optional detail and named parameters."""
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.stage = STAGE_OF[code]
        self.detail = detail
        self.params = dict(params)
