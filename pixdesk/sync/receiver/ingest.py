"""Open a sealed bundle, verify it in full, and re-score every candidate from the journals.

Verification is ``pixdesk.bundle``'s, stage by stage in its order (docs/bundle-format.md §8):
any failure of stages 1–6 (seal, archive, signatures and certificates, revocation, files,
journals), an unreadable ``results.json``, or journals that contradict each other about a
candidate refuse the bundle. Stage 7 compares the client's results with the journals and stops
at the first difference; the platform must not stop there. A client whose results disagree
with its own signed journals is exactly what the platform is there to notice, so here every
candidate is re-scored with the same domain code (:mod:`pixdesk.bundle.rescoring`), the
platform's results are stored, and each difference becomes a :class:`Flag` instead of a
refusal. When the bank or the seed is missing a candidate is checked by counts only, and its
row says why (``gap``), as the bundle code does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from pixdesk.bundle.archive import read_archive
from pixdesk.bundle.contents_check import check_files, check_journals, check_session
from pixdesk.bundle.envelope import open_envelope
from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import MANIFEST, RESULTS
from pixdesk.bundle.manifest import Manifest, parse_manifest
from pixdesk.bundle.model import BundleContents, CandidateResult, Score
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import ReplayMismatch, compute_result
from pixdesk.bundle.trails import Trail, TrailConflict, collect_trails
from pixdesk.bundle.trust import check_revocation, check_signatures
from pixdesk.bundle.verifier import VerifiedBundle, verify_archive
from pixdesk.bundle.wire import WireError, decode_results
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.domain.finalisation import AbortReason


@dataclass(frozen=True, slots=True)
class CandidateOutcome:
    """One candidate as the platform sees it.

    Attributes:
        candidate_id: Who.
        rescored: ``full`` (replayed and scored), ``counts`` (answers and statuses only) or
            ``none`` (the journal cannot be replayed: see the flags).
        gap: Why not ``full`` (``no_bank``, ``no_seed``…, or ``items``/``status``), else None.
        client: The client's result, None when it gave none.
        platform: The platform's result, None when it could not compute one.
    """

    candidate_id: str
    rescored: str
    gap: str | None
    client: CandidateResult | None
    platform: CandidateResult | None


@dataclass(frozen=True, slots=True)
class Flag:
    """A difference between the client's result and the platform's (or the session's).

    ``field`` is one of ``candidate`` (not a candidate of the session), ``missing`` (answers
    but no client result), ``items`` (the journal's items are not the engine's draw),
    ``status`` (an unknown answer status), ``answer_count``, ``statuses``, ``score``.
    """

    candidate_id: str
    field: str
    client: str | None
    platform: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class Ingested:
    """A bundle that passed verification, with the platform's results and the flags."""

    manifest: Manifest
    contents: BundleContents
    outcomes: tuple[CandidateOutcome, ...]
    flags: tuple[Flag, ...]


def ingest(data: bytes, platform: PlatformKeyPair, policy: VerifyPolicy) -> Ingested:
    """Open, verify and re-score a sealed bundle.

    Raises:
        BundleError: the bundle is refused (the first failed check, by its code).
    """
    archive = open_envelope(data, platform)
    try:
        verified = verify_archive(archive, policy)
    except BundleError as exc:
        if exc.code is not BundleErrorCode.RESULTS_INCONSISTENT or exc.params.get("field") in (
            "answers",
            "abort_reason",
        ):
            raise
        # Stages 1–6 passed (stage 7 only runs after them): read the contents again and
        # re-score every candidate, to record every difference instead of the first.
        manifest, contents = _authentic_contents(archive, policy)
        outcomes, flags = rescore(contents, policy)
        return Ingested(manifest, contents, outcomes, flags)
    # Everything agreed: stage 7 has already re-scored each candidate (``checks``), and the
    # counts it compared are the client's. Replaying the tests again would double the cost.
    return Ingested(verified.manifest, verified.contents, _agreed(verified), ())


def _agreed(verified: VerifiedBundle) -> tuple[CandidateOutcome, ...]:
    clients = {result.candidate_id: result for result in verified.contents.results}
    outcomes = []
    for check in verified.checks:
        client = clients[check.candidate_id]
        mine = CandidateResult(
            client.candidate_id, client.answer_count, client.statuses, check.score
        )
        gap = None if check.gap is None else check.gap.value
        outcomes.append(CandidateOutcome(check.candidate_id, check.level.value, gap, client, mine))
    return tuple(outcomes)


def rescore(
    contents: BundleContents, policy: VerifyPolicy
) -> tuple[tuple[CandidateOutcome, ...], tuple[Flag, ...]]:
    """Compute every candidate's result from the journals and compare it with the client's.

    Raises:
        BundleError: ``RESULTS_INCONSISTENT`` when the journals contradict each other (two
            stations disagree on an answer, or one answers for a candidate it never seated):
            then nobody's result can be derived.
    """
    session = contents.session
    try:
        trails = collect_trails(contents.journals)
        reasons = {c: AbortReason(code) for c, code in session.abort_reasons().items()}
    except TrailConflict as exc:
        raise BundleError(
            BundleErrorCode.RESULTS_INCONSISTENT, str(exc), candidate=exc.candidate_id,
            field="answers",
        ) from exc  # fmt: skip
    except ValueError as exc:
        raise BundleError(
            BundleErrorCode.RESULTS_INCONSISTENT, str(exc), candidate="", field="abort_reason"
        ) from exc
    known = set(session.candidate_ids())
    clients = {result.candidate_id: result for result in contents.results}
    answered = {c for c, trail in trails.items() if trail.answers}
    outcomes: list[CandidateOutcome] = []
    flags: list[Flag] = []
    for candidate in sorted(answered | set(clients)):
        client = clients.get(candidate)
        if candidate not in known:
            flags.append(Flag(candidate, "candidate", None, None, "not a candidate of the session"))
        if client is None:
            flags.append(Flag(candidate, "missing", None, None, "answers but no client result"))
        trail = trails.get(candidate, Trail(candidate))
        try:
            mine, gap = compute_result(trail, reasons.get(candidate), policy.banks)
        except ReplayMismatch as exc:
            flags.append(Flag(candidate, "items", None, None, str(exc)))
            outcomes.append(CandidateOutcome(candidate, "none", "items", client, None))
            continue
        except ValueError as exc:
            flags.append(Flag(candidate, "status", None, None, str(exc)))
            outcomes.append(CandidateOutcome(candidate, "none", "status", client, None))
            continue
        if client is not None:
            flags += _differences(candidate, client, mine)
        level = "full" if mine.score is not None else "counts"
        outcomes.append(
            CandidateOutcome(candidate, level, None if gap is None else gap.value, client, mine)
        )
    return tuple(outcomes), tuple(flags)


def result_json(result: CandidateResult | None) -> str | None:
    """Return a result as canonical JSON text (what the receiver's database stores)."""
    if result is None:
        return None
    return canonical_bytes(
        {
            "answer_count": result.answer_count,
            "statuses": dict(result.statuses),
            "score": _score_fields(result.score),
        }
    ).decode()


def _differences(candidate: str, client: CandidateResult, mine: CandidateResult) -> list[Flag]:
    found = []
    if client.answer_count != mine.answer_count:
        found.append(
            Flag(candidate, "answer_count", str(client.answer_count), str(mine.answer_count), "")
        )
    if dict(client.statuses) != dict(mine.statuses):
        found.append(
            Flag(
                candidate, "statuses", _text(dict(client.statuses)), _text(dict(mine.statuses)), ""
            )
        )
    # As stage 7: a score is compared when both sides have one. Without the bank the
    # platform has none (the row's gap says why); a client without it sends none, and the
    # platform's own score is what is stored either way.
    if mine.score is not None and client.score is not None and client.score != mine.score:
        ours = _score_fields(mine.score) or {}
        theirs = _score_fields(client.score) or {}
        changed = sorted(name for name, value in ours.items() if theirs.get(name) != value)
        found.append(
            Flag(
                candidate,
                "score",
                _text(_score_fields(client.score)),
                _text(ours),
                ", ".join(changed),
            )
        )
    return found


def _score_fields(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    values = {f.name: getattr(score, f.name) for f in fields(score)}
    values["competence_levels"] = dict(score.competence_levels)
    return values


def _text(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else canonical_bytes(dict(value)).decode()


def _authentic_contents(archive: bytes, policy: VerifyPolicy) -> tuple[Manifest, BundleContents]:
    """Stages 2–6 of ``verifier.verify_archive``, in its order, then the results file."""
    files = read_archive(archive)
    raw_manifest = files.get(MANIFEST)
    if raw_manifest is None:
        raise BundleError(BundleErrorCode.MANIFEST_MISSING)
    manifest = parse_manifest(raw_manifest)
    trust = check_signatures(manifest, files, policy)
    check_revocation(manifest, files, trust, policy)
    check_files(manifest, files)
    session = check_session(manifest, files)
    journals = check_journals(manifest, files)
    try:
        results: Sequence[CandidateResult] = decode_results(files[RESULTS])
    except WireError as exc:
        raise BundleError(BundleErrorCode.RESULTS_MALFORMED, str(exc)) from exc
    return manifest, BundleContents(session, journals, tuple(results), manifest.session_time)
