"""The reference receiver: an ASGI service (Starlette on uvicorn) that takes sealed bundles.

It opens and verifies each bundle with ``pixdesk.bundle``, re-scores every candidate from the
journals, stores the bundle, the results and any difference with the client's in an embedded
SQLite database, and answers with a signed receipt. docs/sync-protocol.md is the reference.
"""
