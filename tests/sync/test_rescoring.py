"""The receiver re-scores every candidate from the journals and flags what the client changed.

A client can sign anything with its own session key (tests/bundle/forge.py shows how): its
results are not trusted. The receiver keeps the bundle, stores its own results, and records
every difference as a flag instead of stopping at the first one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import httpx

from pixdesk.bundle.model import BundleContents, CandidateResult, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.sync.receipt import verify_receipt
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.ingest import ingest
from tests.sync.conftest import StartReceiver, seal_again
from tests.sync.test_receiver import complete, upload


def edited(contents: BundleContents) -> tuple[CandidateResult, ...]:
    """The first candidate's score raised by 40 Pix, the second's answer count lowered."""
    first, second, *rest = contents.results
    assert first.score is not None
    better = replace(first.score, score=first.score.score + 40, level=first.score.level + 1)
    return (
        replace(first, score=better),
        replace(second, answer_count=second.answer_count - 1),
        *rest,
    )


def test_results_edited_by_the_client_are_flagged_not_trusted(
    start_receiver: StartReceiver,
    session: tuple[BundleContents, Signers],
    platform: PlatformKeyPair,
) -> None:
    contents, _ = session
    cheated = seal_again(session, platform, results=edited(contents))
    with start_receiver() as running, httpx.Client(base_url=running.url) as http:
        answer = complete(http, upload(http, cheated))
        assert answer.status_code == 200, answer.text
        assert answer.json()["flags"] == 2
        receipt = verify_receipt(answer.json()["receipt"], platform.public().sign_key)
        assert receipt.flags == 2
        db = ReceiverDatabase(running.settings.data_dir / "receiver.db")
        try:
            flags = db.flags(receipt.bundle_id)
            rows = {row.candidate_id: row for row in db.results(receipt.bundle_id)}
        finally:
            db.close()
    first, second = contents.results[0], contents.results[1]
    assert [(f.candidate_id, f.field) for f in flags] == [
        (first.candidate_id, "score"),
        (second.candidate_id, "answer_count"),
    ]
    assert flags[0].detail == "level, score"
    assert first.score is not None
    assert json.loads(flags[0].platform or "")["score"] == first.score.score  # the journal's
    assert json.loads(flags[0].client or "")["score"] == first.score.score + 40
    assert (flags[1].client, flags[1].platform) == (
        str(second.answer_count - 1),
        str(second.answer_count),
    )
    # The stored platform result is the one derived from the journals.
    platform_first = json.loads(rows[first.candidate_id].platform or "")
    assert platform_first["score"]["score"] == first.score.score
    assert all(row.rescored == "full" for row in rows.values())


def test_every_difference_is_recorded(
    session: tuple[BundleContents, Signers], platform: PlatformKeyPair
) -> None:
    contents, _ = session
    first, *rest = contents.results
    intruder = replace(first, candidate_id="zz-intruder")
    results = (*rest, intruder)  # the first candidate's result removed, an intruder added
    ingested = ingest(
        seal_again(session, platform, results=results), platform, _policy_with_banks()
    )
    fields = {(f.candidate_id, f.field) for f in ingested.flags}
    assert fields == {
        (first.candidate_id, "missing"),
        ("zz-intruder", "candidate"),
        ("zz-intruder", "answer_count"),  # the journals hold no answer of theirs
        ("zz-intruder", "statuses"),
    }
    outcome = {o.candidate_id: o for o in ingested.outcomes}
    assert outcome[first.candidate_id].client is None
    assert outcome[first.candidate_id].platform is not None


def test_without_the_bank_candidates_are_checked_by_counts_and_say_why(
    start_receiver: StartReceiver,
    sealed: bytes,
) -> None:
    with start_receiver(policy=VerifyPolicy(banks=None)) as running:
        with httpx.Client(base_url=running.url) as http:
            answer = complete(http, upload(http, sealed))
            assert answer.status_code == 200, answer.text
            assert answer.json()["flags"] == 0
            bundle_id = answer.json()["bundle_id"]
        db = ReceiverDatabase(running.settings.data_dir / "receiver.db")
        try:
            rows = db.results(bundle_id)
        finally:
            db.close()
    assert {(row.rescored, row.gap) for row in rows} == {("counts", "no_bank")}
    platform_result: dict[str, Any] = json.loads(rows[0].platform or "")
    assert platform_result["score"] is None


def _policy_with_banks() -> VerifyPolicy:
    from pixdesk.bundle.rescoring import sample_banks

    return VerifyPolicy(banks=sample_banks)
