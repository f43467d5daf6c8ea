"""The upload protocol's fixed names, bounds and error codes, shared by client and receiver.

docs/sync-protocol.md is the reference; in short (all bodies JSON, every error
``{"code", "message", …}``):

* ``GET  /v1/health``: the receiver is up, its key ids and bounds;
* ``POST /v1/uploads`` ``{"bundle_id", "sha256", "size"}``: create or resume an upload; the
  answer says how many bytes the receiver already holds (``offset``), or, for a bundle already
  delivered with the same SHA-256, its receipt;
* ``PUT  /v1/uploads/{bundle_id}`` with ``Content-Range: bytes A-B/SIZE``: one chunk, which
  must start at the receiver's offset;
* ``POST /v1/uploads/{bundle_id}/complete``: open, verify, re-score, store, sign the receipt;
* ``GET  /v1/uploads/{bundle_id}``: the offset of an upload in progress;
* ``GET  /v1/receipts/{bundle_id}``: the receipt of a delivered bundle.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

PROTOCOL_VERSION: Final = 1
API_PREFIX: Final = "/v1"

BUNDLE_ID_RE: Final = re.compile(r"[0-9a-f]{32}")
SHA256_RE: Final = re.compile(r"[0-9a-f]{64}")
CONTENT_RANGE_RE: Final = re.compile(r"bytes ([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})")

DEFAULT_CHUNK_BYTES: Final = 1024 * 1024
"""What a client sends per request, and the receiver's default bound on one request body."""
MIN_CHUNK_BYTES: Final = 1024
MAX_JSON_BODY_BYTES: Final = 4096
"""Bound on every JSON request body (the create call is ~150 bytes)."""


def bundle_id_of_file(sha256_hex: str) -> str:
    """Return the upload's bundle id: the first 32 hex characters of the file's SHA-256.

    The sealed file is what travels, and only the platform can read the manifest's own
    ``bundle_id`` (docs/sync-protocol.md §2 explains the two ids).
    """
    return sha256_hex[:32]


def upload_path(bundle_id: str) -> str:
    """Return the path of an upload."""
    return f"{API_PREFIX}/uploads/{bundle_id}"


class WireCode(StrEnum):
    """The ``code`` of a receiver's JSON error (bundle refusals use the bundle's own codes)."""

    BAD_REQUEST = "BAD_REQUEST"  # malformed JSON, fields or headers
    NOT_FOUND = "NOT_FOUND"  # no such endpoint
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    TOO_LARGE = "TOO_LARGE"  # the declared size is over the receiver's bound
    CHUNK_TOO_LARGE = "CHUNK_TOO_LARGE"  # one request body over the bound
    TOO_MANY_CHUNKS = "TOO_MANY_CHUNKS"  # the upload was dropped
    BAD_RANGE = "BAD_RANGE"  # Content-Range missing, malformed, or not this upload's size
    OFFSET_MISMATCH = "OFFSET_MISMATCH"  # the chunk does not start where the receiver is
    UNKNOWN_UPLOAD = "UNKNOWN_UPLOAD"  # never created, expired, or dropped
    UNKNOWN_BUNDLE = "UNKNOWN_BUNDLE"  # no receipt for this id
    CONFLICT = "CONFLICT"  # this id is taken by other content
    INCOMPLETE = "INCOMPLETE"  # complete called before every byte arrived
    SHA_MISMATCH = "SHA_MISMATCH"  # the bytes received are not the declared SHA-256
    RATE_LIMITED = "RATE_LIMITED"  # too many requests from this address (Retry-After)
    TOO_MANY_UPLOADS = "TOO_MANY_UPLOADS"  # too many uploads in progress (Retry-After)
    INTERNAL = "INTERNAL"


class ClientCode(StrEnum):
    """Why a delivery attempt failed on this side of the wire (never sent by a receiver)."""

    NETWORK = "NETWORK"  # no connection, connection dropped, DNS, TLS
    TIMEOUT = "TIMEOUT"
    SERVER_ERROR = "SERVER_ERROR"  # HTTP 5xx
    BAD_RESPONSE = "BAD_RESPONSE"  # not the protocol (a captive portal, a proxy's page)
    PROTOCOL = "PROTOCOL"  # an HTTP error the protocol does not define
    RECEIPT_INVALID = "RECEIPT_INVALID"  # not signed by the configured platform key, or not ours
    FILE_MISSING = "FILE_MISSING"  # the outbox's copy of the bundle is gone
    FILE_CHANGED = "FILE_CHANGED"  # … or no longer has its SHA-256
    INTERRUPTED = "INTERRUPTED"  # an attempt that never finished (process stopped)
