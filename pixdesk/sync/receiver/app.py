"""The receiver's HTTP endpoints (Starlette), as docs/sync-protocol.md §3 describes them.

Every answer is JSON; every error is ``{"code", "message", …}`` with a status that says
whether trying again can help (4xx: no, but for 409 offsets and 429; 5xx: yes). Operations on
one bundle id are serialised by an asyncio lock; disk, database and crypto work run in worker
threads, never on the event loop; opening and verifying bundles (CPU-bound) is limited to
``max_ingests`` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from pixdesk.bundle.errors import BundleError
from pixdesk.crypto.keys import key_id
from pixdesk.sync.protocol import (
    API_PREFIX,
    BUNDLE_ID_RE,
    CONTENT_RANGE_RE,
    MAX_JSON_BODY_BYTES,
    PROTOCOL_VERSION,
    SHA256_RE,
    WireCode,
)
from pixdesk.sync.receiver.database import ReceiverDatabase
from pixdesk.sync.receiver.delivery import Accepted, Refused, accept
from pixdesk.sync.receiver.ratelimit import RateLimit, TokenBuckets
from pixdesk.sync.receiver.settings import ReceiverSettings
from pixdesk.sync.receiver.uploads import OffsetMismatch, PendingUpload, UploadArea

_log = logging.getLogger(__name__)

BUSY_RETRY_S: Final = 60


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    """Return the protocol's error answer."""
    headers = {"Retry-After": str(extra.pop("retry_after"))} if "retry_after" in extra else None
    return JSONResponse({"code": code, "message": message, **extra}, status, headers=headers)


class _Locks:
    """One asyncio lock per bundle id, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class Receiver:
    """The endpoints and the state they share."""

    def __init__(self, settings: ReceiverSettings) -> None:
        """Open the database and the upload area in ``settings.data_dir``."""
        self.settings = settings
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.bundles_dir = settings.data_dir / "bundles"
        self.bundles_dir.mkdir(mode=0o700, exist_ok=True)
        self.db = ReceiverDatabase(settings.data_dir / "receiver.db")
        self.uploads = UploadArea(settings.data_dir / "uploads")
        self._locks = _Locks()
        self._ingests = asyncio.Semaphore(settings.max_ingests)
        public = settings.platform.public()
        self._health = {
            "status": "ok",
            "protocol": PROTOCOL_VERSION,
            "sign_key_id": key_id(public.sign_key),
            "seal_key_id": public.seal_key_id,
            "max_size": settings.max_size,
            "chunk_size": settings.max_chunk,
            "min_chunk": settings.min_chunk,
        }

    def app(self) -> Starlette:
        """Return the ASGI application."""
        prefix = API_PREFIX
        buckets = TokenBuckets(
            self.settings.rate_per_s, self.settings.rate_burst, self.settings.monotonic
        )
        return Starlette(
            routes=[
                Route(f"{prefix}/health", self.health, methods=["GET"]),
                Route(f"{prefix}/uploads", self.create, methods=["POST"]),
                Route(f"{prefix}/uploads/{{bundle_id}}", self.upload_state, methods=["GET"]),
                Route(f"{prefix}/uploads/{{bundle_id}}", self.put_chunk, methods=["PUT"]),
                Route(f"{prefix}/uploads/{{bundle_id}}/complete", self.complete, methods=["POST"]),
                Route(f"{prefix}/receipts/{{bundle_id}}", self.receipt, methods=["GET"]),
            ],
            middleware=[Middleware(RateLimit, buckets=buckets)],
            exception_handlers={HTTPException: _http_error, Exception: _internal_error},
            lifespan=self._lifespan,
        )

    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        collector = asyncio.create_task(self._collect_garbage_forever())
        try:
            yield
        finally:
            collector.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await collector
            self.db.close()

    async def _collect_garbage_forever(self) -> None:
        ttl = self.settings.upload_ttl.total_seconds()
        while True:
            await asyncio.sleep(min(600.0, max(1.0, ttl / 4)))
            await self._collect_garbage()

    async def _collect_garbage(self) -> int:
        now = self.settings.file_clock()
        ttl = self.settings.upload_ttl.total_seconds()
        removed = await run_in_threadpool(self.uploads.collect_garbage, now, ttl)
        if removed:
            _log.info("removed %d expired uploads", removed)
        return removed

    # --- endpoints --------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        """``GET /v1/health``."""
        return JSONResponse(self._health)

    async def create(self, request: Request) -> Response:
        """``POST /v1/uploads``: create or resume an upload; a delivered bundle's receipt."""
        fields = await _json_object(request)
        if fields is None:
            return error(400, WireCode.BAD_REQUEST, "body must be a JSON object of at most 4 KiB")
        bundle_id, sha256, size = fields.get("bundle_id"), fields.get("sha256"), fields.get("size")
        if not (
            isinstance(bundle_id, str)
            and BUNDLE_ID_RE.fullmatch(bundle_id)
            and isinstance(sha256, str)
            and SHA256_RE.fullmatch(sha256)
            and type(size) is int
            and size > 0
        ):
            return error(
                400, WireCode.BAD_REQUEST, "need bundle_id (32 hex), sha256 (64 hex), size > 0"
            )
        if size > self.settings.max_size:
            return error(
                413, WireCode.TOO_LARGE, f"{size} bytes is over the limit of this receiver",
                max_size=self.settings.max_size,
            )  # fmt: skip
        async with self._locks.hold(bundle_id):
            delivered = await run_in_threadpool(self.db.delivery, bundle_id)
            if delivered is not None:
                if (delivered.sha256, delivered.size) != (sha256, size):
                    return _conflict()
                return _delivered(delivered.bundle_id, delivered.receipt)
            pending = await run_in_threadpool(self.uploads.get, bundle_id)
            if pending is not None:
                if (pending.sha256, pending.size) != (sha256, size):
                    return _conflict()
                return JSONResponse(self._receiving(pending))
            if await run_in_threadpool(self.uploads.pending_count) >= self.settings.max_pending:
                await self._collect_garbage()
                if await run_in_threadpool(self.uploads.pending_count) >= self.settings.max_pending:
                    return error(
                        429, WireCode.TOO_MANY_UPLOADS, "too many uploads in progress",
                        retry_after=BUSY_RETRY_S,
                    )  # fmt: skip
            pending = await run_in_threadpool(self.uploads.create, bundle_id, sha256, size)
            return JSONResponse(self._receiving(pending), 201)

    async def upload_state(self, request: Request) -> Response:
        """``GET /v1/uploads/{id}``: the offset of an upload in progress."""
        bundle_id = request.path_params["bundle_id"]
        if not BUNDLE_ID_RE.fullmatch(bundle_id):
            return error(400, WireCode.BAD_REQUEST, "not a bundle id")
        delivered = await run_in_threadpool(self.db.delivery, bundle_id)
        if delivered is not None:
            return _delivered(bundle_id, delivered.receipt)
        pending = await run_in_threadpool(self.uploads.get, bundle_id)
        if pending is None:
            return error(404, WireCode.UNKNOWN_UPLOAD, "no upload in progress with this id")
        return JSONResponse(self._receiving(pending))

    async def put_chunk(self, request: Request) -> Response:
        """``PUT /v1/uploads/{id}``: one chunk, at the receiver's offset."""
        bundle_id = request.path_params["bundle_id"]
        if not BUNDLE_ID_RE.fullmatch(bundle_id):
            return error(400, WireCode.BAD_REQUEST, "not a bundle id")
        match = CONTENT_RANGE_RE.fullmatch(request.headers.get("content-range", ""))
        if match is None:
            return error(400, WireCode.BAD_RANGE, "need Content-Range: bytes FIRST-LAST/SIZE")
        first, last, total = (int(value) for value in match.groups())
        length = last - first + 1
        if length <= 0 or last >= total:
            return error(400, WireCode.BAD_RANGE, "empty or inverted range")
        if length > self.settings.max_chunk:
            return error(
                413, WireCode.CHUNK_TOO_LARGE, "chunk over the limit",
                chunk_size=self.settings.max_chunk,
            )  # fmt: skip
        declared = request.headers.get("content-length")
        if declared is not None and declared != str(length):
            return error(400, WireCode.BAD_RANGE, "Content-Length is not the range's length")
        data = await _bounded_body(request, length)
        if data is None or len(data) != length:
            return error(400, WireCode.BAD_RANGE, "body is not the range's length")
        async with self._locks.hold(bundle_id):
            pending = await run_in_threadpool(self.uploads.get, bundle_id)
            if pending is None:
                return error(404, WireCode.UNKNOWN_UPLOAD, "no upload in progress with this id")
            if total != pending.size:
                return error(400, WireCode.BAD_RANGE, "size is not the upload's")
            if self.uploads.count_request(bundle_id) > self.settings.chunk_limit(pending.size):
                await run_in_threadpool(self.uploads.discard, bundle_id)
                return error(413, WireCode.TOO_MANY_CHUNKS, "too many chunks: upload dropped")
            if first != pending.offset:
                return error(
                    409, WireCode.OFFSET_MISMATCH, "resume at the receiver's offset",
                    offset=pending.offset,
                )  # fmt: skip
            if length < self.settings.min_chunk and last != total - 1:
                return error(
                    400, WireCode.BAD_RANGE, "chunk under the minimum",
                    min_chunk=self.settings.min_chunk,
                )  # fmt: skip
            try:
                offset = await run_in_threadpool(self.uploads.append, bundle_id, first, data)
            except OffsetMismatch as exc:  # pragma: no cover - serialised by the lock
                return error(409, WireCode.OFFSET_MISMATCH, str(exc), offset=exc.offset)
        return JSONResponse({"bundle_id": bundle_id, "offset": offset})

    async def complete(self, request: Request) -> Response:
        """``POST /v1/uploads/{id}/complete``: verify, re-score, store; the signed receipt."""
        bundle_id = request.path_params["bundle_id"]
        if not BUNDLE_ID_RE.fullmatch(bundle_id):
            return error(400, WireCode.BAD_REQUEST, "not a bundle id")
        async with self._locks.hold(bundle_id):
            delivered = await run_in_threadpool(self.db.delivery, bundle_id)
            if delivered is not None:
                return _delivered(bundle_id, delivered.receipt)
            pending = await run_in_threadpool(self.uploads.get, bundle_id)
            if pending is None:
                return error(404, WireCode.UNKNOWN_UPLOAD, "no upload in progress with this id")
            if pending.offset < pending.size:
                return error(
                    409, WireCode.INCOMPLETE, "bytes are missing", offset=pending.offset,
                    size=pending.size,
                )  # fmt: skip
            async with self._ingests:
                outcome = await run_in_threadpool(self._accept, pending)
        if isinstance(outcome, Refused):
            return error(outcome.status, outcome.code, outcome.message, **outcome.extra)
        return _delivered(bundle_id, outcome.receipt, flags=outcome.flags)

    async def receipt(self, request: Request) -> Response:
        """``GET /v1/receipts/{id}``."""
        bundle_id = request.path_params["bundle_id"]
        if not BUNDLE_ID_RE.fullmatch(bundle_id):
            return error(400, WireCode.BAD_REQUEST, "not a bundle id")
        delivered = await run_in_threadpool(self.db.delivery, bundle_id)
        if delivered is None:
            return error(404, WireCode.UNKNOWN_BUNDLE, "no bundle delivered with this id")
        return _delivered(bundle_id, delivered.receipt)

    # --- helpers ----------------------------------------------------------------------------

    def _accept(self, pending: PendingUpload) -> Accepted | Refused:
        bundle_id = pending.bundle_id
        data = self.uploads.read(bundle_id)
        if hashlib.sha256(data).hexdigest() != pending.sha256:
            self.uploads.discard(bundle_id)
            return Refused(422, WireCode.SHA_MISMATCH, "the bytes received are not the SHA-256")
        try:
            accepted = accept(self.settings, self.db, self.bundles_dir, pending, data)
        except BundleError as exc:
            _log.info("bundle %s refused: %s", bundle_id, exc)
            self.uploads.discard(bundle_id)
            return Refused(422, exc.code.value, str(exc), {"stage": exc.stage.value})
        # Any other failure (disk full…) raises: the upload is kept, and the client's next
        # attempt completes it again.
        self.uploads.discard(bundle_id)
        return accepted

    def _receiving(self, pending: PendingUpload) -> dict[str, Any]:
        expires = pending.last_activity + self.settings.upload_ttl.total_seconds()
        return {
            "bundle_id": pending.bundle_id,
            "state": "receiving",
            "offset": pending.offset,
            "size": pending.size,
            "chunk_size": self.settings.max_chunk,
            "min_chunk": self.settings.min_chunk,
            "expires_in": max(0, int(expires - self.settings.file_clock())),
        }


def _conflict() -> JSONResponse:
    return error(409, WireCode.CONFLICT, "this bundle id is taken by other content")


def _delivered(bundle_id: str, receipt: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"bundle_id": bundle_id, "state": "delivered", "receipt": receipt, **extra})


async def _json_object(request: Request) -> dict[str, Any] | None:
    raw = await _bounded_body(request, MAX_JSON_BODY_BYTES)
    if raw is None:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    """Return the body, or None as soon as it exceeds ``limit`` bytes (never read whole)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > limit:
            return None
    return bytes(body)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: WireCode.NOT_FOUND, 405: WireCode.METHOD_NOT_ALLOWED}.get(
        status, WireCode.BAD_REQUEST
    )
    return error(status, code, str(getattr(exc, "detail", "")) or code.value)


async def _internal_error(request: Request, exc: Exception) -> Response:
    _log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error(500, WireCode.INTERNAL, "internal error; try again later")
