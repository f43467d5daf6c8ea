"""Each check after the seal refuses what it is there for, with its own code."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from pixdesk.bundle.archive import build_archive
from pixdesk.bundle.errors import BundleError, BundleErrorCode
from pixdesk.bundle.layout import MANIFEST_COUNTERSIG, MANIFEST_SIG, RESULTS, SESSION
from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.policy import VerifyPolicy
from pixdesk.bundle.rescoring import client_results, sample_banks
from pixdesk.bundle.sample import ChainWriter, SampleKeys, sample_key, sample_session
from pixdesk.bundle.verifier import verify_archive
from pixdesk.bundle.writer import BundleInputError, build_bundle_archive
from pixdesk.crypto.canonical import canonical_bytes
from pixdesk.crypto.certificates import CertErrorCode
from pixdesk.crypto.keys import b64u_encode, fingerprint, key_id
from pixdesk.crypto.revocation import issue_revocation_list
from pixdesk.store.event_types import EventType
from tests.bundle.conftest import CREATED, START
from tests.bundle.forge import files_of, forge

C = BundleErrorCode
FULL = VerifyPolicy(banks=sample_banks)


def _refused(archive: bytes, policy: VerifyPolicy = FULL) -> BundleError:
    with pytest.raises(BundleError) as info:
        verify_archive(archive, policy)
    return info.value


@pytest.fixture(scope="module")
def good(session: tuple[BundleContents, Signers]) -> bytes:
    contents, signers = session
    return build_bundle_archive(contents, signers, created=CREATED)


@pytest.fixture(scope="module")
def degraded(keys: SampleKeys) -> tuple[BundleContents, Signers]:
    return sample_session(keys, start=START, answers=4, center_trust=False)


def _journal(files: dict[str, bytes], index: int = 1) -> str:
    return sorted(name for name in files if name.startswith("journals/"))[index]


# --- signature and certificate chain ------------------------------------------------------


def test_missing_manifest(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = files_of(good)
    del files["manifest.json"]
    assert _refused(build_archive(files)).code is C.MANIFEST_MISSING


def test_signature_by_another_key(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    intruder = replace(session[1], session_key=sample_key("intruder"))
    assert _refused(forge(files_of(good), intruder)).code is C.BAD_SIGNATURE


def test_signature_file_removed(good: bytes) -> None:
    files = files_of(good)
    del files[MANIFEST_SIG]
    assert _refused(build_archive(files)).code is C.BAD_SIGNATURE


def test_manifest_re_signed_by_an_uncertified_session_key(
    good: bytes, session: tuple[BundleContents, Signers]
) -> None:
    # The intruder names its own key in the manifest and signs with it: the session
    # certificate issued by the center names another key.
    intruder_key = sample_key("intruder")
    intruder = replace(session[1], session_key=intruder_key)

    def own_key(manifest: dict[str, Any]) -> None:
        manifest["signers"]["session"] = {
            "key": b64u_encode(intruder_key.public_key().public_bytes_raw()),
            "key_id": key_id(intruder_key),
            "fingerprint": fingerprint(intruder_key),
        }

    error = _refused(forge(files_of(good), intruder, own_key))
    assert error.code is C.CERTIFICATE_INVALID


def test_countersignature(tiny: tuple[BundleContents, Signers]) -> None:
    contents, signers = tiny
    files = files_of(build_bundle_archive(contents, signers, created=CREATED))
    removed = {k: v for k, v in files.items() if k != MANIFEST_COUNTERSIG}
    assert _refused(build_archive(removed)).code is C.BAD_COUNTERSIGNATURE
    wrong = {**files, MANIFEST_COUNTERSIG: sample_key("x").sign(b"manifest")}
    assert _refused(build_archive(wrong)).code is C.BAD_COUNTERSIGNATURE


def test_untrusted_center(good: bytes) -> None:
    policy = VerifyPolicy(trusted_centers=frozenset({key_id(sample_key("another school"))}))
    assert _refused(good, policy).code is C.UNTRUSTED_CENTER


def test_degraded_bundle_verifies_and_can_be_required_away(
    degraded: tuple[BundleContents, Signers],
) -> None:
    contents, signers = degraded
    archive = build_bundle_archive(contents, signers, created=CREATED)
    verified = verify_archive(archive, FULL)
    assert verified.trust.degraded
    assert verified.manifest.degraded_trust
    assert not any(name.startswith("certificates/") for name in files_of(archive))
    assert _refused(archive, VerifyPolicy(require_center=True)).code is C.DEGRADED_REFUSED


def test_certificates_checked_at_the_session_time(session: tuple[BundleContents, Signers]) -> None:
    contents, signers = session
    late = replace(contents, session_time=contents.session_time + timedelta(days=1))
    error = _refused(build_bundle_archive(late, signers, created=CREATED))
    assert error.code is C.CERTIFICATE_INVALID
    assert error.params["reason"] == CertErrorCode.EXPIRED


def test_station_certificate_for_another_key(
    good: bytes, session: tuple[BundleContents, Signers]
) -> None:
    files = files_of(good)
    certs = sorted(n for n in files if n.startswith("certificates/stations/"))
    files[certs[0]], files[certs[1]] = files[certs[1]], files[certs[0]]
    error = _refused(forge(files, session[1]))
    assert (error.code, error.params["reason"]) == (C.CERTIFICATE_INVALID, "SUBJECT")


def test_writer_needs_the_certificates(session: tuple[BundleContents, Signers]) -> None:
    contents, signers = session
    with pytest.raises(BundleInputError):
        build_bundle_archive(replace(contents, session_certificate=None), signers, created=CREATED)


# --- revocation -------------------------------------------------------------------------


def test_revoked_station_in_the_bundle_list(keys: SampleKeys) -> None:
    contents, signers = sample_session(keys, start=START, answers=2)
    serial = contents.station_certificates[contents.journals[2].station_id].serial
    revocations = issue_revocation_list(keys.center, number=3, issued=START, serials=[serial])
    revoked = replace(contents, revocation_list=revocations)
    error = _refused(build_bundle_archive(revoked, signers, created=CREATED))
    assert (error.code, error.params["serial"]) == (C.REVOKED, serial)


def test_revoked_station_key_in_the_platform_list(
    good: bytes, keys: SampleKeys, session: tuple[BundleContents, Signers]
) -> None:
    lost = session[0].journals[1].public_key
    revocations = issue_revocation_list(
        keys.center, number=1, issued=START, key_fprs=[key_id(lost)]
    )
    error = _refused(good, VerifyPolicy(revocations=(revocations,)))
    assert error.code is C.REVOKED


def test_revoked_key_in_degraded_trust(degraded: tuple[BundleContents, Signers]) -> None:
    contents, signers = degraded
    archive = build_bundle_archive(contents, signers, created=CREATED)
    revocations = issue_revocation_list(
        sample_key("a center"), number=1, issued=START, key_fprs=[key_id(signers.session_key)]
    )
    assert _refused(archive, VerifyPolicy(revocations=(revocations,))).code is C.REVOKED


def test_revocation_list_not_signed_by_the_center(
    keys: SampleKeys, session: tuple[BundleContents, Signers]
) -> None:
    contents, signers = session
    foreign = issue_revocation_list(sample_key("another center"), number=1, issued=START)
    archive = build_bundle_archive(
        replace(contents, revocation_list=foreign), signers, created=CREATED
    )
    assert _refused(archive).code is C.REVOCATION_LIST_INVALID


# --- files --------------------------------------------------------------------------------


def test_missing_file(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = files_of(good)
    del files[RESULTS]
    error = _refused(build_archive(files))
    assert (error.code, error.params["name"]) == (C.FILE_MISSING, RESULTS)


def test_extra_file(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = {**files_of(good), "notes.txt": b"hello"}
    assert _refused(build_archive(files)).code is C.FILE_EXTRA
    # Listed and signed, but not a file a bundle may hold: still extra.
    assert _refused(forge(files, session[1])).code is C.FILE_EXTRA


def test_changed_file(good: bytes) -> None:
    files = files_of(good)
    files[SESSION] = files[SESSION].replace(b"B12", b"B13")
    assert _refused(build_archive(files)).code is C.FILE_MISMATCH


# --- session data and journals ------------------------------------------------------------


def test_session_of_another_number(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = files_of(good)
    files[SESSION] = files[SESSION].replace(b'"number":"1042"', b'"number":"1043"')
    assert _refused(forge(files, session[1])).code is C.SESSION_MALFORMED


def _edit_journal(files: dict[str, bytes], name: str, edit: Any) -> None:
    lines = files[name].splitlines()
    events = [json.loads(line) for line in lines]
    edit(events)
    files[name] = b"".join(canonical_bytes(e) + b"\n" for e in events)


def _fix_journal_entry(name: str, count_delta: int) -> Any:
    station = name.removeprefix("journals/").removesuffix(".jsonl")

    def edit(manifest: dict[str, Any]) -> None:
        for entry in manifest["journals"]:
            if entry["station_id"] == station:
                entry["count"] += count_delta
                entry["last_seq"] += count_delta

    return edit


def test_event_removed_from_the_middle(
    good: bytes, session: tuple[BundleContents, Signers]
) -> None:
    files = files_of(good)
    name = _journal(files)
    _edit_journal(files, name, lambda events: events.pop(3))
    error = _refused(forge(files, session[1], _fix_journal_entry(name, -1)))
    assert (error.code, error.params["problem"], error.params["seq"]) == (
        C.JOURNAL_INVALID,
        "gap",
        "5",
    )


def test_broken_link(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = files_of(good)
    name = _journal(files)

    def relink(events: list[dict[str, Any]]) -> None:
        events[4]["prev_hash"] = events[2]["hash"]

    _edit_journal(files, name, relink)
    error = _refused(forge(files, session[1]))
    assert (error.code, error.params["problem"]) == (C.JOURNAL_INVALID, "broken_link")


def test_answer_changed_after_signing(good: bytes, session: tuple[BundleContents, Signers]) -> None:
    files = files_of(good)
    name = _journal(files)

    def cheat(events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["type"] == "answer.saved":
                event["body"] = event["body"].replace('"status":"ko"', '"status":"ok"')
                event["body"] = event["body"].replace('"status":"skipped"', '"status":"ok"')

    _edit_journal(files, name, cheat)
    error = _refused(forge(files, session[1]))
    assert (error.code, error.params["problem"]) == (C.JOURNAL_INVALID, "bad_hash")


def test_event_signed_by_another_station(degraded: tuple[BundleContents, Signers]) -> None:
    contents, signers = degraded
    journal = contents.journals[1]
    other = sample_key("another station")
    resigned = tuple(
        replace(e, signature=other.sign(bytes.fromhex(e.hash))) if e.seq == 2 else e
        for e in journal.events
    )
    journals = (contents.journals[0], replace(journal, events=resigned), *contents.journals[2:])
    archive = build_bundle_archive(replace(contents, journals=journals), signers, created=CREATED)
    error = _refused(archive)
    assert (error.code, error.params["problem"]) == (C.JOURNAL_INVALID, "bad_signature")


def test_station_id_not_derived_from_its_key(degraded: tuple[BundleContents, Signers]) -> None:
    contents, signers = degraded
    files = files_of(build_bundle_archive(contents, signers, created=CREATED))
    other = b64u_encode(sample_key("another station").public_key().public_bytes_raw())

    def swap(manifest: dict[str, Any]) -> None:
        manifest["journals"][1]["public_key"] = other

    assert _refused(forge(files, signers, swap)).code is C.STATION_KEY_MISMATCH


# --- results ------------------------------------------------------------------------------


def _edit_results(files: dict[str, bytes], edit: Any) -> None:
    data = json.loads(files[RESULTS])
    edit(data["results"])
    files[RESULTS] = canonical_bytes(data)


@pytest.mark.parametrize(
    ("field", "edit"),
    [
        ("score", lambda r: r[0]["score"].update(score=r[0]["score"]["score"] + 1)),
        ("answer_count", lambda r: r[1].update(answer_count=r[1]["answer_count"] - 1)),
        ("statuses", lambda r: r[2]["statuses"].update(ok=r[2]["statuses"].get("ok", 0) + 1)),
        ("missing", lambda r: r.pop(0)),
        ("candidate", lambda r: r.append({**r[-1], "candidate_id": "zz-intruder"})),
    ],
)
def test_results_inconsistent_with_the_journals(
    good: bytes, session: tuple[BundleContents, Signers], field: str, edit: Any
) -> None:
    files = files_of(good)
    _edit_results(files, edit)
    error = _refused(forge(files, session[1]))
    assert (error.code, error.params["field"]) == (C.RESULTS_INCONSISTENT, field)


def test_items_the_engine_would_not_draw(keys: SampleKeys) -> None:
    # A modified client journals (and signs) an easier item than the engine's draw; the
    # results it computes without the engine agree with its journal, yet re-scoring refuses.
    contents, signers = sample_session(keys, start=START, answers=4, center_trust=False)
    journal = contents.journals[1]
    writer = ChainWriter(keys.stations[0])
    assert writer.station_id == journal.station_id
    for event in journal.events:
        body = event.body_dict()
        if event.type == "answer.saved" and body["question_index"] == 2:
            body["item_id"] = "rec000700001"
        at = datetime.fromisoformat(event.wall_time.replace("Z", "+00:00"))
        writer.append(EventType(event.type), body, at)
    journals = (contents.journals[0], writer.journal(), *contents.journals[2:])
    results = client_results(journals, contents.session, None)
    cheated = replace(contents, journals=journals, results=results)
    archive = build_bundle_archive(cheated, signers, created=CREATED)
    verify_archive(archive)  # without the bank, only counts can be checked: they agree
    error = _refused(archive, FULL)
    assert (error.code, error.params["field"]) == (C.RESULTS_INCONSISTENT, "items")


def test_answers_from_a_station_the_candidate_never_joined(keys: SampleKeys) -> None:
    # Station 1 journals (and signs) answers for station 0's candidate.
    contents, signers = sample_session(keys, start=START, answers=3, center_trust=False)
    victim = contents.journals[1].events[0].body_dict()["candidate_id"]
    writer = ChainWriter(keys.stations[1])
    for event in contents.journals[2].events:
        body = event.body_dict()
        if event.type == "answer.saved":
            body["candidate_id"] = victim
        at = datetime.fromisoformat(event.wall_time.replace("Z", "+00:00"))
        writer.append(EventType(event.type), body, at)
    journals = (*contents.journals[:2], writer.journal())
    forged = replace(contents, journals=journals)
    error = _refused(build_bundle_archive(forged, signers, created=CREATED))
    assert (error.code, error.params["field"]) == (C.RESULTS_INCONSISTENT, "answers")
