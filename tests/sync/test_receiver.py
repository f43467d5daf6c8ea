"""The reference receiver over real HTTP: the protocol, idempotency, and bad uploads.

Every bad upload must get a JSON ``{code, message}`` and change nothing: no row in any
table, no file in ``bundles/``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pixdesk.bundle.model import BundleContents, Signers
from pixdesk.bundle.platform_key import PlatformKeyPair
from pixdesk.sync.protocol import bundle_id_of_file
from pixdesk.sync.receipt import verify_receipt
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.server import RunningReceiver
from pixdesk.sync.receiver.uploads import UploadArea
from tests.sync.conftest import RECEIVED, StartReceiver, seal_again

CHUNK = 8192


@pytest.fixture
def http(receiver: RunningReceiver) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=receiver.url, timeout=10) as client:
        yield client


def ids(data: bytes) -> dict[str, Any]:
    sha = hashlib.sha256(data).hexdigest()
    return {"bundle_id": bundle_id_of_file(sha), "sha256": sha, "size": len(data)}


def create(http: httpx.Client, data: bytes, **override: Any) -> httpx.Response:
    return http.post("/v1/uploads", json={**ids(data), **override})


def put(http: httpx.Client, bundle_id: str, data: bytes, first: int, last: int) -> httpx.Response:
    return http.put(
        f"/v1/uploads/{bundle_id}",
        content=data[first : last + 1],
        headers={"Content-Range": f"bytes {first}-{last}/{len(data)}"},
    )


def upload(http: httpx.Client, data: bytes, *, upto: int | None = None) -> str:
    """Create and send ``data`` (up to byte ``upto``), chunk by chunk; return the id."""
    answer = create(http, data)
    assert answer.status_code in (200, 201), answer.text
    bundle_id = ids(data)["bundle_id"]
    offset = answer.json()["offset"]
    end = len(data) if upto is None else upto
    while offset < end:
        last = min(offset + CHUNK, end) - 1
        answer = put(http, bundle_id, data, offset, last)
        assert answer.status_code == 200, answer.text
        offset = answer.json()["offset"]
    return bundle_id


def complete(http: httpx.Client, bundle_id: str) -> httpx.Response:
    return http.post(f"/v1/uploads/{bundle_id}/complete")


def database(receiver: RunningReceiver) -> ReceiverDatabase:
    return ReceiverDatabase(receiver.settings.data_dir / "receiver.db")


def assert_nothing_stored(receiver: RunningReceiver) -> None:
    db = database(receiver)
    try:
        assert db.counts() == {"bundles": 0, "results": 0, "flags": 0}
    finally:
        db.close()
    assert list((receiver.settings.data_dir / "bundles").iterdir()) == []


def assert_error(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


# --- the happy path -----------------------------------------------------------------------


def test_health(http: httpx.Client, platform: PlatformKeyPair) -> None:
    body = http.get("/v1/health").json()
    assert body["status"] == "ok"
    assert body["protocol"] == 1
    assert body["seal_key_id"] == platform.public().seal_key_id


def test_upload_complete_and_receipt(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes, platform: PlatformKeyPair
) -> None:
    expected = ids(sealed)
    bundle_id = upload(http, sealed)
    answer = complete(http, bundle_id)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["state"], body["flags"]) == ("delivered", 0)
    receipt = verify_receipt(body["receipt"], platform.public().sign_key, **expected)
    assert receipt.received == RECEIVED
    assert (receipt.session_number, receipt.candidates, receipt.flags) == ("1042", 3, 0)
    # Stored: the sealed file byte for byte, the bundle's row, one row per candidate.
    stored = receiver.settings.data_dir / "bundles" / f"{bundle_id}.pixbundle"
    assert stored.read_bytes() == sealed
    db = database(receiver)
    try:
        assert db.counts() == {"bundles": 1, "results": 3, "flags": 0}
        delivery = db.delivery(bundle_id)
        assert delivery is not None
        assert delivery.receipt == body["receipt"]
        assert {row.rescored for row in db.results(bundle_id)} == {"full"}
    finally:
        db.close()
    assert list((receiver.settings.data_dir / "uploads").iterdir()) == []
    assert http.get(f"/v1/receipts/{bundle_id}").json()["receipt"] == body["receipt"]


def test_the_platform_scores_equal_the_client_s(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    bundle_id = upload(http, sealed)
    assert complete(http, bundle_id).status_code == 200
    db = database(receiver)
    try:
        rows = db.results(bundle_id)
    finally:
        db.close()
    assert len(rows) == 3
    assert all(row.client == row.platform and row.gap is None for row in rows)


def test_resume_reports_the_receiver_s_offset(http: httpx.Client, sealed: bytes) -> None:
    bundle_id = upload(http, sealed, upto=3 * CHUNK)
    again = create(http, sealed)
    assert again.status_code == 200
    assert (again.json()["state"], again.json()["offset"]) == ("receiving", 3 * CHUNK)
    assert http.get(f"/v1/uploads/{bundle_id}").json()["offset"] == 3 * CHUNK
    # A chunk that does not start there is refused with where to start.
    body = assert_error(put(http, bundle_id, sealed, CHUNK, 2 * CHUNK - 1), 409, "OFFSET_MISMATCH")
    assert body["offset"] == 3 * CHUNK
    body = assert_error(complete(http, bundle_id), 409, "INCOMPLETE")
    assert body["offset"] == 3 * CHUNK
    upload(http, sealed)
    assert complete(http, bundle_id).status_code == 200


def test_re_upload_of_a_delivered_bundle_returns_the_same_receipt(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    bundle_id = upload(http, sealed)
    first = complete(http, bundle_id).json()["receipt"]
    again = create(http, sealed)
    assert again.status_code == 200
    assert again.json() == {"bundle_id": bundle_id, "state": "delivered", "receipt": first}
    assert complete(http, bundle_id).json()["receipt"] == first
    db = database(receiver)
    try:
        assert db.counts()["bundles"] == 1
    finally:
        db.close()


def test_same_id_different_content_is_a_conflict(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    bundle_id = upload(http, sealed)
    receipt = complete(http, bundle_id).json()["receipt"]
    other = hashlib.sha256(b"other").hexdigest()
    assert_error(create(http, sealed, sha256=other), 409, "CONFLICT")
    assert_error(create(http, sealed, size=len(sealed) + 1), 409, "CONFLICT")
    assert http.get(f"/v1/receipts/{bundle_id}").json()["receipt"] == receipt
    # And for an upload still in progress.
    fresh = bytes(reversed(sealed))
    upload(http, fresh, upto=CHUNK)
    assert_error(create(http, fresh, sha256=other), 409, "CONFLICT")


def test_a_re_export_of_the_same_session_is_kept_as_a_duplicate(
    http: httpx.Client,
    receiver: RunningReceiver,
    sealed: bytes,
    session: tuple[BundleContents, Signers],
    platform: PlatformKeyPair,
) -> None:
    first = upload(http, sealed)
    assert complete(http, first).status_code == 200
    again = seal_again(session, platform)  # same archive, another seal
    second = upload(http, again)
    assert complete(http, second).status_code == 200
    db = database(receiver)
    try:
        one, two = db.delivery(first), db.delivery(second)
    finally:
        db.close()
    assert one is not None
    assert two is not None
    assert one.content_id == two.content_id
    assert (one.duplicate_of, two.duplicate_of) == (None, first)


# --- bad uploads change nothing -------------------------------------------------------------


def test_tampered_bundle(http: httpx.Client, receiver: RunningReceiver, sealed: bytes) -> None:
    tampered = bytearray(sealed)
    tampered[len(sealed) // 2] ^= 0x01
    bundle_id = upload(http, bytes(tampered))
    body = assert_error(complete(http, bundle_id), 422, "DECRYPT_FAILED")
    assert body["stage"] == "seal"
    assert_nothing_stored(receiver)
    assert_error(http.get(f"/v1/uploads/{bundle_id}"), 404, "UNKNOWN_UPLOAD")


@pytest.mark.parametrize("keep", [10, 200, -1])
def test_truncated_bundle(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes, keep: int
) -> None:
    truncated = sealed[:keep]
    bundle_id = upload(http, truncated)
    answer = complete(http, bundle_id)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] in ("NOT_A_BUNDLE", "BAD_HEADER", "DECRYPT_FAILED")
    assert_nothing_stored(receiver)


def test_bytes_that_are_not_the_declared_sha256(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    declared = ids(sealed)
    answer = http.post("/v1/uploads", json=declared)
    assert answer.status_code == 201
    swapped = bytearray(sealed)
    swapped[0] ^= 0xFF
    offset = 0
    while offset < len(sealed):
        last = min(offset + CHUNK, len(sealed)) - 1
        offset = put(http, declared["bundle_id"], bytes(swapped), offset, last).json()["offset"]
    assert_error(complete(http, declared["bundle_id"]), 422, "SHA_MISMATCH")
    assert_nothing_stored(receiver)


def test_bundle_sealed_for_another_platform(
    http: httpx.Client,
    receiver: RunningReceiver,
    session: tuple[BundleContents, Signers],
    other_platform: PlatformKeyPair,
) -> None:
    bundle_id = upload(http, seal_again(session, other_platform))
    body = assert_error(complete(http, bundle_id), 422, "WRONG_RECIPIENT")
    assert body["stage"] == "seal"
    assert_nothing_stored(receiver)


def test_oversized_bundle_is_refused_before_any_byte(
    start_receiver: StartReceiver, sealed: bytes
) -> None:
    with (
        start_receiver(max_size=len(sealed) - 1) as running,
        httpx.Client(base_url=running.url) as http,
    ):
        body = assert_error(create(http, sealed), 413, "TOO_LARGE")
        assert body["max_size"] == len(sealed) - 1
        assert not list((running.settings.data_dir / "uploads").iterdir())
        assert_nothing_stored(running)


def test_oversized_or_lying_chunks(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    bundle_id = upload(http, sealed, upto=0)
    assert_error(put(http, bundle_id, sealed, 0, CHUNK), 413, "CHUNK_TOO_LARGE")
    too_long = http.put(
        f"/v1/uploads/{bundle_id}",
        content=sealed[:200],
        headers={"Content-Range": f"bytes 0-99/{len(sealed)}"},
    )
    assert_error(too_long, 400, "BAD_RANGE")
    other_size = http.put(
        f"/v1/uploads/{bundle_id}",
        content=sealed[:CHUNK],
        headers={"Content-Range": f"bytes 0-{CHUNK - 1}/{len(sealed) + 5}"},
    )
    assert_error(other_size, 400, "BAD_RANGE")
    no_range = http.put(f"/v1/uploads/{bundle_id}", content=b"x" * 10)
    assert_error(no_range, 400, "BAD_RANGE")
    tiny = put(http, bundle_id, sealed, 0, 9)  # under the minimum, and not the last
    assert_error(tiny, 400, "BAD_RANGE")
    assert http.get(f"/v1/uploads/{bundle_id}").json()["offset"] == 0
    assert_nothing_stored(receiver)


def test_malformed_requests(http: httpx.Client, sealed: bytes) -> None:
    assert_error(http.post("/v1/uploads", content=b"not json"), 400, "BAD_REQUEST")
    assert_error(http.post("/v1/uploads", json=[1, 2]), 400, "BAD_REQUEST")
    assert_error(create(http, sealed, bundle_id="../../etc/passwd"), 400, "BAD_REQUEST")
    assert_error(create(http, sealed, size=0), 400, "BAD_REQUEST")
    assert_error(http.post("/v1/uploads", content=b"{" + b" " * 5000 + b"}"), 400, "BAD_REQUEST")
    assert_error(http.get("/v1/uploads/NOT-AN-ID"), 400, "BAD_REQUEST")
    assert_error(http.get("/v1/nothing-here"), 404, "NOT_FOUND")
    assert_error(http.delete("/v1/uploads"), 405, "METHOD_NOT_ALLOWED")
    assert_error(http.get(f"/v1/receipts/{'a' * 32}"), 404, "UNKNOWN_BUNDLE")
    assert_error(http.post(f"/v1/uploads/{'a' * 32}/complete"), 404, "UNKNOWN_UPLOAD")


def test_too_many_chunks_drops_the_upload(start_receiver: StartReceiver, sealed: bytes) -> None:
    with start_receiver(max_chunks=3) as running, httpx.Client(base_url=running.url) as http:
        bundle_id = upload(http, sealed, upto=3 * CHUNK)
        answer = put(http, bundle_id, sealed, 3 * CHUNK, len(sealed) - 1)
        assert_error(answer, 413, "TOO_MANY_CHUNKS")
        assert_error(http.get(f"/v1/uploads/{bundle_id}"), 404, "UNKNOWN_UPLOAD")
        assert not list((running.settings.data_dir / "uploads").iterdir())
        assert_nothing_stored(running)


def test_too_many_uploads_at_once(start_receiver: StartReceiver, sealed: bytes) -> None:
    with start_receiver(max_pending=1) as running, httpx.Client(base_url=running.url) as http:
        upload(http, sealed, upto=CHUNK)
        body = assert_error(create(http, bytes(reversed(sealed))), 429, "TOO_MANY_UPLOADS")
        assert body is not None
        assert create(http, sealed).status_code == 200  # the one in progress resumes


def test_rate_limit_per_address(start_receiver: StartReceiver) -> None:
    clock = [100.0]
    limited = start_receiver(rate_per_s=1.0, rate_burst=3, monotonic=lambda: clock[0])
    with limited as running, httpx.Client(base_url=running.url) as http:
        assert [http.get("/v1/health").status_code for _ in range(3)] == [200] * 3
        refused = http.get("/v1/health")
        assert_error(refused, 429, "RATE_LIMITED")
        assert refused.headers["retry-after"] == "1"
        clock[0] += 1.0
        assert http.get("/v1/health").status_code == 200


def test_abandoned_uploads_are_collected_after_the_ttl(
    http: httpx.Client, receiver: RunningReceiver, sealed: bytes
) -> None:
    bundle_id = upload(http, sealed, upto=2 * CHUNK)
    area = UploadArea(receiver.settings.data_dir / "uploads")
    pending = area.get(bundle_id)
    assert pending is not None
    assert pending.offset == 2 * CHUNK
    ttl = receiver.settings.upload_ttl.total_seconds()
    assert area.collect_garbage(pending.last_activity + ttl - 1, ttl) == 0
    stray = receiver.settings.data_dir / "uploads" / ".left-by-a-crash.tmp"
    stray.write_bytes(b"x")
    os.utime(stray, (0, 0))
    assert area.collect_garbage(pending.last_activity + ttl + 1, ttl) == 1
    assert list(Path(receiver.settings.data_dir / "uploads").iterdir()) == []
    assert_error(http.get(f"/v1/uploads/{bundle_id}"), 404, "UNKNOWN_UPLOAD")
    # The client's next attempt starts again from zero.
    assert create(http, sealed).json()["offset"] == 0
