"""What ``pixdesk bundle verify`` and ``inspect`` print: one JSON object, or French text."""

from __future__ import annotations

from typing import Any

from pixdesk.bundle.envelope import EnvelopeHeader
from pixdesk.bundle.errors import BundleError
from pixdesk.bundle.verifier import VerifiedBundle
from pixdesk.commands.bundle_messages import describe_bundle_error
from pixdesk.crypto.keys import fingerprint, key_id
from pixdesk.i18n import _


def envelope_summary(path: str, size: int, header: EnvelopeHeader) -> dict[str, Any]:
    """Return the JSON object of a bundle checked without the platform's private key."""
    return {"ok": True, "level": "envelope", "file": path, "size": size,
            "recipient": header.recipient, "error": None}  # fmt: skip


def verified_summary(path: str, size: int, bundle: VerifiedBundle) -> dict[str, Any]:
    """Return the JSON object of a fully verified bundle."""
    manifest, trust = bundle.manifest, bundle.trust
    return {
        "ok": True,
        "level": "full",
        "file": path,
        "size": size,
        "bundle_id": manifest.bundle_id,
        "session_id": manifest.session_id,
        "session_number": manifest.session_number,
        "created": manifest.created.isoformat(),
        "degraded_trust": manifest.degraded_trust,
        "session_key_id": key_id(manifest.session_key),
        "center_key_id": None if manifest.center_key is None else key_id(manifest.center_key),
        "center_registered": trust.center_registered,
        "countersigned": trust.countersigned,
        "candidates": len(bundle.contents.session.candidates),
        "results": len(bundle.contents.results),
        "rescored": {
            level: sum(1 for check in bundle.checks if check.level == level)
            for level in ("full", "counts")
        },
        "error": None,
    }


def failure_summary(path: str, level: str, error: BundleError) -> dict[str, Any]:
    """Return the JSON object of a refused bundle."""
    return {
        "ok": False,
        "level": level,
        "file": path,
        "error": {
            "code": error.code.value,
            "stage": error.stage.value,
            "params": error.params,
            "message": describe_bundle_error(error),
        },
    }


def inspect_details(bundle: VerifiedBundle) -> dict[str, Any]:
    """Return the contents' listing for ``inspect --json``."""
    checks = {check.candidate_id: check for check in bundle.checks}
    candidates = []
    results = {result.candidate_id: result for result in bundle.contents.results}
    for candidate in bundle.contents.session.candidates:
        cid = str(candidate["candidate_id"])
        result, check = results.get(cid), checks.get(cid)
        score = result.score if result is not None else None
        candidates.append(
            {
                "candidate_id": cid,
                "answers": None if result is None else result.answer_count,
                "statuses": None if result is None else dict(result.statuses),
                "score": None if score is None else score.score,
                "level": None if score is None else score.level,
                "outcome": None if score is None else score.outcome,
                "rescored": None if check is None else check.level.value,
                "gap": None if check is None or check.gap is None else check.gap.value,
            }
        )
    return {
        "files": [{"path": f.path, "size": f.size} for f in bundle.manifest.files],
        "journals": [
            {"station_id": j.station_id, "first_seq": j.first_seq, "last_seq": j.last_seq}
            for j in bundle.manifest.journals
        ],
        "candidates": candidates,
    }


def print_verified(summary: dict[str, Any], bundle: VerifiedBundle) -> None:
    """Print the French summary of a verified bundle."""
    print(
        _("Lot valide : {bundle_id}, session {number}, {candidates} candidats.").format(
            bundle_id=summary["bundle_id"],
            number=summary["session_number"],
            candidates=summary["candidates"],
        )
    )
    manifest = bundle.manifest
    if manifest.center_key is None:
        print(
            _("Confiance dégradée : aucune clé d'établissement, signé par la clé {fpr}.").format(
                fpr=fingerprint(manifest.session_key)
            )
        )
    else:
        print(_("Clé d'établissement : {fpr}.").format(fpr=fingerprint(manifest.center_key)))
    print(
        _(
            "Résultats recalculés : {full} ; vérifiés sur les décomptes seulement : {counts}."
        ).format(**summary["rescored"])
    )


def print_inspect(details: dict[str, Any]) -> None:
    """Print the French listing of a bundle's contents."""
    print(_("Fichiers du lot :"))
    for entry in details["files"]:
        print(_("  {path} ({size} octets)").format(**entry))
    print(_("Journaux du lot :"))
    for journal in details["journals"]:
        print(_("  poste {station_id} : événements {first_seq} à {last_seq}").format(**journal))
    print(_("Candidats du lot :"))
    for c in details["candidates"]:
        print(
            _(
                "  {candidate_id} : {answers} réponses, score {score}, niveau {level},"
                " {outcome}, recalcul {rescored}"
            ).format(**{k: "-" if v is None else v for k, v in c.items()})
        )
