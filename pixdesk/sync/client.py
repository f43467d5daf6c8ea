"""Deliver one sealed bundle to the receiver over HTTP(S): resumable, chunked, idempotent.

One :meth:`UploadClient.deliver` call is one attempt (docs/sync-protocol.md §4):

1. ``POST /v1/uploads`` declares the bundle id, SHA-256 and size. A bundle the platform already
   holds answers with its receipt at once; otherwise the answer is how many bytes the receiver
   already has, and sending starts *there* (a dropped connection costs one chunk, not the file);
2. each chunk is a ``PUT`` at the receiver's offset; a receiver that holds something else
   (``OFFSET_MISMATCH``, ``INCOMPLETE``) says where it is and the client follows it;
3. ``POST …/complete`` returns the signed receipt, verified here against the configured
   platform key and for this very file before anything calls it delivered.

Every failure is a :class:`DeliveryError` that says whether trying again can help: network
trouble, timeouts, 5xx, 429 and pages that are not the protocol (a school's captive portal
or proxy) are transient; a refused bundle, a conflict or a bad receipt are permanent.
TLS certificates are verified (against the system's store or the given CA file), redirects are
not followed, every request has timeouts and every response body is bounded.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Final

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

import pixdesk
from pixdesk.sync.protocol import (
    API_PREFIX,
    DEFAULT_CHUNK_BYTES,
    MIN_CHUNK_BYTES,
    ClientCode,
    WireCode,
    upload_path,
)
from pixdesk.sync.receipt import Receipt, ReceiptError, verify_receipt

DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=10.0, read=120.0, write=60.0, pool=10.0)
"""Reads are long: completing a bundle verifies and re-scores every candidate first."""
MAX_RESPONSE_BYTES: Final = 64 * 1024
MAX_RESYNCS: Final = 8
"""Offset corrections allowed in one attempt before it gives up (a confused receiver)."""
_TRANSIENT_CODES: Final = frozenset(
    {WireCode.RATE_LIMITED, WireCode.TOO_MANY_UPLOADS, WireCode.SHA_MISMATCH, WireCode.INTERNAL}
)

Progress = Callable[[int, int], None]
"""Called with (bytes the receiver holds, total) after each chunk."""


@dataclass(frozen=True, slots=True)
class PlatformEndpoint:
    """Where bundles go and who signs the receipts.

    Attributes:
        url: The receiver's base URL (``https://…``; plain ``http`` is accepted, the bundle
            being sealed and the receipt signed, but TLS is what IT should configure).
        sign_key: The platform's Ed25519 key that signs receipts (machine config
            ``platform_public_key``).
        ca_file: A CA bundle to trust instead of the system's (a private PKI).
    """

    url: str
    sign_key: Ed25519PublicKey
    ca_file: Path | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """The file one attempt sends."""

    bundle_id: str
    sha256: str
    size: int
    path: Path


class DeliveryError(Exception):
    """An attempt that did not end with a verified receipt.

    Attributes:
        code: A :class:`~pixdesk.sync.protocol.WireCode`, a bundle refusal code, or a
            :class:`~pixdesk.sync.protocol.ClientCode`.
        message: What the receiver or the network said (English, for the detail line).
        permanent: Trying again cannot help; a person must act.
        retry_after: Seconds the receiver asked to wait, if it did.
        sent_bytes: What the receiver was last known to hold.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        sent_bytes: int | None = None,
    ) -> None:
        """Build the error."""
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.sent_bytes = sent_bytes


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: Mapping[str, Any] | None  # None: not a JSON object
    retry_after: float | None


class UploadClient:
    """An HTTP client for one receiver; close it (or use ``with``) when done."""

    def __init__(
        self,
        endpoint: PlatformEndpoint,
        *,
        transport: httpx.BaseTransport | None = None,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare the client (no connection is made yet).

        Args:
            endpoint: The receiver and its receipt key.
            transport: An httpx transport (tests wrap the real one to cut connections).
            chunk_bytes: The largest chunk to send (the receiver may ask for smaller).
            timeout: Connect, read, write and pool timeouts.
        """
        self._endpoint = endpoint
        self._chunk_bytes = max(MIN_CHUNK_BYTES, chunk_bytes)
        self._known_offset = 0
        verify: ssl.SSLContext | bool = True
        if endpoint.ca_file is not None:
            verify = ssl.create_default_context(cafile=str(endpoint.ca_file))
        self._http = httpx.Client(
            base_url=endpoint.url,
            transport=transport,
            verify=verify,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": f"pixdesk/{pixdesk.__version__}"},
        )

    def __enter__(self) -> UploadClient:
        """Return the client."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connections."""
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def health(self) -> Mapping[str, Any]:
        """Return the receiver's health document.

        Raises:
            DeliveryError: the receiver cannot be reached or did not answer the protocol.
        """
        answer = self._call("GET", f"{API_PREFIX}/health")
        if answer.status != httpx.codes.OK or answer.body is None:
            raise _failure(answer)
        return answer.body

    def fetch_receipt(self, upload: Upload) -> Receipt:
        """Ask the receiver for the receipt of a delivered bundle, and verify it.

        Raises:
            DeliveryError: no receipt (``UNKNOWN_BUNDLE``), or any failure of :meth:`deliver`.
        """
        answer = self._call("GET", f"{API_PREFIX}/receipts/{upload.bundle_id}")
        if answer.status != httpx.codes.OK or answer.body is None:
            raise _failure(answer)
        return self._receipt(answer.body, upload)

    def deliver(self, upload: Upload, progress: Progress | None = None) -> Receipt:
        """Send the file (from where the receiver is) and return the verified receipt.

        Raises:
            DeliveryError: the attempt failed; ``permanent`` says whether to try again.
        """
        self._known_offset = 0
        try:
            with upload.path.open("rb") as handle:
                return self._deliver(upload, handle, progress)
        except DeliveryError as exc:
            if exc.sent_bytes is None:
                exc.sent_bytes = self._known_offset  # what the receiver last confirmed
            raise
        except OSError as exc:
            raise DeliveryError(ClientCode.FILE_MISSING, str(exc), permanent=True) from exc

    def _deliver(self, upload: Upload, handle: BinaryIO, progress: Progress | None) -> Receipt:
        state = self._create(upload)
        resyncs = 0
        while True:
            if "receipt" in state:
                return self._receipt(state, upload)
            offset = self._known_offset = _offset(state, upload.size)
            chunk = min(self._chunk_bytes, _positive(state.get("chunk_size"), self._chunk_bytes))
            while offset < upload.size:
                handle.seek(offset)
                data = handle.read(min(chunk, upload.size - offset))
                if len(data) != min(chunk, upload.size - offset):
                    raise DeliveryError(ClientCode.FILE_CHANGED, "file shorter", permanent=True)
                answer = self._put(upload, offset, data)
                if answer.status == httpx.codes.OK and answer.body is not None:
                    offset = self._known_offset = _advance(answer.body, offset, upload.size)
                    if progress is not None:
                        progress(offset, upload.size)
                    continue
                resyncs += 1
                if resyncs > MAX_RESYNCS:
                    raise _failure(answer, sent=offset)
                code = _code(answer)
                if code == WireCode.OFFSET_MISMATCH and answer.body is not None:
                    offset = _offset(answer.body, upload.size)
                elif code == WireCode.UNKNOWN_UPLOAD:  # expired or dropped: start it again
                    state = self._create(upload)
                    if "receipt" in state:
                        return self._receipt(state, upload)
                    offset = _offset(state, upload.size)
                else:
                    raise _failure(answer, sent=offset)
            answer = self._call("POST", f"{upload_path(upload.bundle_id)}/complete")
            if answer.status == httpx.codes.OK and answer.body is not None:
                return self._receipt(answer.body, upload)
            resyncs += 1
            code = _code(answer)
            if resyncs > MAX_RESYNCS or code not in (WireCode.INCOMPLETE, WireCode.UNKNOWN_UPLOAD):
                raise _failure(answer, sent=offset)
            # The receiver holds less than we sent (it lost a chunk, or dropped the upload):
            # its offset is the truth.
            state = self._create(upload) if code == WireCode.UNKNOWN_UPLOAD else answer.body or {}

    def _create(self, upload: Upload) -> Mapping[str, Any]:
        answer = self._call(
            "POST",
            f"{API_PREFIX}/uploads",
            json={"bundle_id": upload.bundle_id, "sha256": upload.sha256, "size": upload.size},
        )
        if answer.status in (httpx.codes.OK, httpx.codes.CREATED) and answer.body is not None:
            return answer.body
        raise _failure(answer)

    def _put(self, upload: Upload, offset: int, data: bytes) -> _Answer:
        last = offset + len(data) - 1
        return self._call(
            "PUT",
            upload_path(upload.bundle_id),
            content=data,
            headers={
                "Content-Range": f"bytes {offset}-{last}/{upload.size}",
                "Content-Type": "application/octet-stream",
            },
        )

    def _receipt(self, body: Mapping[str, Any], upload: Upload) -> Receipt:
        token = body.get("receipt")
        if not isinstance(token, str):
            raise DeliveryError(
                ClientCode.BAD_RESPONSE, "no receipt in the answer", permanent=False
            )
        try:
            return verify_receipt(
                token,
                self._endpoint.sign_key,
                bundle_id=upload.bundle_id,
                sha256=upload.sha256,
                size=upload.size,
            )
        except ReceiptError as exc:
            raise DeliveryError(ClientCode.RECEIPT_INVALID, str(exc), permanent=True) from exc

    def _call(self, method: str, path: str, **kwargs: Any) -> _Answer:
        try:
            with self._http.stream(method, path, **kwargs) as response:
                raw = b""
                for piece in response.iter_bytes():
                    raw += piece
                    if len(raw) > MAX_RESPONSE_BYTES:
                        raise DeliveryError(
                            ClientCode.BAD_RESPONSE, "answer too long", permanent=False
                        )
                return _Answer(
                    response.status_code, _json_object(raw), _retry_after(response.headers)
                )
        except httpx.TimeoutException as exc:
            raise DeliveryError(ClientCode.TIMEOUT, _describe(exc), permanent=False) from exc
        except httpx.TransportError as exc:
            raise DeliveryError(ClientCode.NETWORK, _describe(exc), permanent=False) from exc


def _failure(answer: _Answer, *, sent: int | None = None) -> DeliveryError:
    """Classify an answer that is not what the protocol step expected."""
    body = answer.body
    code = _code(answer)
    message = str(body.get("message", "")) if body is not None else ""
    status = answer.status
    if status == httpx.codes.TOO_MANY_REQUESTS or status >= httpx.codes.INTERNAL_SERVER_ERROR:
        fallback = ClientCode.BAD_RESPONSE if status < 500 else ClientCode.SERVER_ERROR
        return DeliveryError(
            code or fallback,
            message or f"HTTP {status}",
            permanent=False,
            retry_after=answer.retry_after,
            sent_bytes=sent,
        )
    if code is None:
        # Not the protocol: a captive portal's login page, a proxy's refusal, a redirect.
        # The network in front of the platform may change; the bundle has done nothing wrong.
        return DeliveryError(
            ClientCode.BAD_RESPONSE, f"HTTP {status}, not a receiver answer", permanent=False
        )
    return DeliveryError(
        code,
        message or f"HTTP {status}",
        permanent=code not in _TRANSIENT_CODES,
        retry_after=answer.retry_after,
        sent_bytes=sent,
    )


def _code(answer: _Answer) -> str | None:
    code = answer.body.get("code") if answer.body is not None else None
    return code if isinstance(code, str) and code else None


def _json_object(raw: bytes) -> Mapping[str, Any] | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return value if isinstance(value, dict) else None


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def _positive(value: object, default: int) -> int:
    return value if type(value) is int and value > 0 else default


def _offset(body: Mapping[str, Any], size: int) -> int:
    offset = body.get("offset")
    if type(offset) is not int or not 0 <= offset <= size:
        raise DeliveryError(ClientCode.BAD_RESPONSE, f"offset {offset!r}", permanent=False)
    return offset


def _advance(body: Mapping[str, Any], previous: int, size: int) -> int:
    offset = _offset(body, size)
    if offset <= previous:
        raise DeliveryError(ClientCode.BAD_RESPONSE, "offset did not move", permanent=False)
    return offset


def _describe(exc: httpx.HTTPError) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
