"""``pixdesk --self-test``: prove that this build's parts work together, on a throwaway store.

Run after every frozen build (STYLE §14, "ship only what ran") and after a silent install. It
never touches the PC's real data: the store lives in a temporary directory, with the
secret-file keystore so that no OS keyring entry is left behind.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from pixdesk import __version__
from pixdesk.bundle.errors import BundleError
from pixdesk.bundle.platform_key import derive_test_platform_key
from pixdesk.bundle.sample import sample_keys, sample_session
from pixdesk.bundle.verifier import open_bundle
from pixdesk.bundle.writer import build_bundle
from pixdesk.crypto.keystore import Keystore
from pixdesk.documents.header import SessionHeader
from pixdesk.documents.render_pdf import render_session_report
from pixdesk.documents.report import SessionReport
from pixdesk.i18n import _, set_language
from pixdesk.services.checks import CheckResult, CheckStatus, run_check
from pixdesk.services.gui_probe import display_available, run_gui_probe
from pixdesk.services.station_store import open_station_store
from pixdesk.store.event_types import EventType

__all__ = [
    "check_bundle",
    "check_gui",
    "check_pdf",
    "check_store",
    "check_translations",
    "run_self_test",
    "version_line",
]

_PLAIN_SQLITE: Final = b"SQLite format 3\x00"
_SAMPLE_START: Final = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
_SAMPLE_CREATED: Final = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
# The English of "Auto-test de pixdesk": if the message comes back unchanged, the catalog
# was not shipped or not found.
_PROBE_TRANSLATION: Final = "pixdesk self-test"


def run_self_test(*, gui: bool, language: str) -> list[CheckResult]:
    """Run every check, in order, each isolated from the others' failures.

    Args:
        gui: Also start Qt and open the main window, if a display is available.
        language: The interface language in force, restored after the translations check.
    """
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("store", check_store),
        ("bundle", check_bundle),
        ("pdf", check_pdf),
        ("translations", lambda: check_translations(language)),
    ]
    if gui:
        checks.append(("gui", check_gui))
    return [run_check(name, body) for name, body in checks]


def check_store() -> CheckResult:
    """Create an encrypted store, append an event, reopen it and verify the journal."""
    with tempfile.TemporaryDirectory(prefix="pixdesk-self-test-") as tmp:
        directory = Path(tmp) / "data"
        store = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
        try:
            store.journal.append(
                EventType.ANSWER_SAVED,
                {
                    "candidate_id": "self-test",
                    "question_index": 1,
                    "item_id": "self-test",
                    "status": "ok",
                    "value": "réponse œuvrée",  # non-ASCII on purpose
                },
                mono_ns=time.monotonic_ns(),
                wall_time=datetime.now(UTC),
            )
        finally:
            store.close()
        if (directory / "pixdesk.db").read_bytes()[:16] == _PLAIN_SQLITE:
            return CheckResult("store", CheckStatus.FAIL, _("Magasin : base de données en clair"))
        # Reopening proves the keys unwrap again, not just that they were held in memory.
        store = open_station_store(directory, keystore=Keystore(directory, use_os_keyring=False))
        try:
            verified = store.journal.verify()
        finally:
            store.close()
    if not verified.ok or verified.checked != 1:
        message = _("Magasin : journal invalide ({problem})").format(problem=verified.problem)
        return CheckResult("store", CheckStatus.FAIL, message)
    return CheckResult(
        "store",
        CheckStatus.PASS,
        _("Magasin chiffré : créé, événement ajouté, rouvert et journal vérifié"),
    )


def check_bundle() -> CheckResult:
    """Seal a one-candidate sample bundle to a test platform key, then open and verify it.

    The keys are derived from public sentences (``pixdesk.bundle.sample``): nothing made here
    could pass for a real session. A flipped byte must then be refused.
    """
    platform = derive_test_platform_key("pixdesk self-test/platform")
    keys = sample_keys("pixdesk self-test", 1)
    contents, signers = sample_session(keys, start=_SAMPLE_START, answers=2)
    sealed = build_bundle(contents, signers, platform.public(), created=_SAMPLE_CREATED)
    opened = open_bundle(sealed, platform)
    if opened.contents.results != contents.results:
        return CheckResult("bundle", CheckStatus.FAIL, _("Lot : contenu différent après ouverture"))
    tampered = bytearray(sealed)
    tampered[len(tampered) // 2] ^= 0x01
    try:
        open_bundle(bytes(tampered), platform)
    except BundleError:
        message = _("Lot de session : scellé, ouvert et vérifié ; une altération est refusée")
        return CheckResult("bundle", CheckStatus.PASS, message, {"bytes": len(sealed)})
    return CheckResult("bundle", CheckStatus.FAIL, _("Lot : une altération n'a pas été détectée"))


def check_pdf() -> CheckResult:
    """Render a session report with the shipped fonts and check the result is a PDF."""
    header = SessionHeader(
        number=1,
        centre="Lycée Éléonore-Œhl",  # accents and a ligature: the fonts must cover them
        site="—",
        room="—",
        day=date(2026, 1, 1),
        start_time="08:00",
        invigilators=(),
    )
    report = SessionReport(
        header=header,
        enrolled=0,
        present=0,
        started=0,
        finished=0,
        absent=0,
        results=(),
        incident_count=0,
        invigilator_count=0,
        invigilators_needed=0,
        comment="",
        incident_flag=False,
        joining_issue=False,
        finalised_at=None,
    )
    pdf = render_session_report(report)
    is_pdf = pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    if not is_pdf or b"DejaVuSans" not in pdf:
        return CheckResult("pdf", CheckStatus.FAIL, _("PDF : document invalide ou police absente"))
    message = _("PDF : rapport de session produit avec les polices fournies ({size} octets)")
    return CheckResult("pdf", CheckStatus.PASS, message.format(size=len(pdf)))


def check_translations(language: str) -> CheckResult:
    """Load the English catalog and translate a known message, then restore ``language``."""
    try:
        set_language("en")
        translated = _("Auto-test de pixdesk")
    finally:
        set_language(language)
    if translated != _PROBE_TRANSLATION:
        return CheckResult(
            "translations", CheckStatus.FAIL, _("Traductions : catalogue anglais introuvable")
        )
    return CheckResult(
        "translations", CheckStatus.PASS, _("Traductions : catalogue anglais chargé")
    )


def check_gui() -> CheckResult:
    """Start Qt in a child process and create and destroy the main window."""
    if not display_available():
        return CheckResult(
            "gui", CheckStatus.SKIP, _("Interface : aucun écran (QT_QPA_PLATFORM non défini)")
        )
    probe = run_gui_probe()
    if not probe.ok:
        message = _("Interface : Qt n'a pas pu ouvrir la fenêtre ({error})")
        return CheckResult("gui", CheckStatus.FAIL, message.format(error=probe.error))
    message = _(
        "Interface : fenêtre principale ouverte puis fermée "
        "(plateforme {platform}, démarrage à froid {seconds} s)"
    ).format(platform=probe.platform, seconds=f"{probe.seconds:.2f}")
    data: dict[str, object] = {"seconds": round(probe.seconds, 3), "peak_rss_mb": probe.peak_rss_mb}
    return CheckResult("gui", CheckStatus.PASS, message, data)


def version_line() -> str:
    """Return the first line the self-test prints."""
    return _("Auto-test de pixdesk {version}").format(version=__version__)
