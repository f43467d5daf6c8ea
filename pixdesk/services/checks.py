"""What the self-test and the readiness check report: one result per check, pass to fail."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pixdesk.i18n import _

__all__ = [
    "CheckResult",
    "CheckStatus",
    "all_passed",
    "pixdesk_command",
    "run_check",
    "status_label",
]


class CheckStatus(StrEnum):
    """The verdict of one check, from best to worst."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    SKIP = "skip"  # could not run here (no display, not this OS): not a problem in itself
    WARN = "warn"  # works, but at risk: IT staff should look
    FAIL = "fail"  # pixdesk cannot run a session safely on this PC


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check.

    Attributes:
        check: A stable identifier (``store``, ``disk_space``…) for scripts and ``--json``.
        status: The verdict.
        message: One line for people, in the interface language.
        data: Measured values for ``--json`` (free bytes, screen size…); never secrets.
    """

    check: str
    status: CheckStatus
    message: str
    data: dict[str, object] | None = None

    def as_json(self) -> dict[str, object]:
        """Return the result as a JSON-ready object."""
        return {
            "check": self.check,
            "status": self.status.value,
            "message": self.message,
            "data": self.data or {},
        }


def status_label(status: CheckStatus) -> str:
    """Return the short translated tag printed before a result (``OK``, ``ÉCHEC``…)."""
    labels = {
        CheckStatus.PASS: _("OK"),
        CheckStatus.SKIP: _("SAUTÉ"),
        CheckStatus.WARN: _("ATTENTION"),
        CheckStatus.FAIL: _("ÉCHEC"),
    }
    return labels[status]


def all_passed(results: Iterable[CheckResult]) -> bool:
    """Tell whether no result is a failure."""
    return all(result.status is not CheckStatus.FAIL for result in results)


def run_check(check: str, body: Callable[[], CheckResult]) -> CheckResult:
    """Run one check; an unexpected exception is that check's failure, not the report's end.

    The self-test and the readiness check exist to say what is broken on a PC: a crash in one
    check must still let the others report.
    """
    try:
        return body()
    except Exception as exc:  # noqa: BLE001 - reported as this check's failure, with its type
        message = _("erreur inattendue : {error}").format(error=f"{type(exc).__name__}: {exc}")
        return CheckResult(check, CheckStatus.FAIL, message)


def pixdesk_command() -> Sequence[str]:
    """Return the command line that starts this pixdesk again (for probes and drill children).

    The frozen app is its own interpreter; from sources, the package is run with ``-m``.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "pixdesk"]
