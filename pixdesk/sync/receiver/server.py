"""Run the receiver on uvicorn: in the foreground (``pixdesk receiver serve``) or in a thread.

uvicorn's own bounds complete the receiver's: at most ``limit_concurrency`` connections at
once (503 beyond), idle keep-alive connections closed after a few seconds, headers bounded
by h11. Without TLS files the receiver speaks plain HTTP, meant for loopback or behind a TLS
reverse proxy; the bundles are sealed and the receipts signed either way.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import uvicorn

from pixdesk.sync.receiver.app import Receiver
from pixdesk.sync.receiver.settings import ReceiverSettings

LIMIT_CONCURRENCY: Final = 128
KEEP_ALIVE_S: Final = 5
STARTUP_TIMEOUT_S: Final = 10.0


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """The receiver's certificate chain and private key (PEM)."""

    certificate: Path
    key: Path


def uvicorn_config(
    settings: ReceiverSettings,
    host: str,
    port: int,
    *,
    tls: TlsFiles | None = None,
    log_level: str = "info",
    access_log: bool = True,
) -> uvicorn.Config:
    """Return the uvicorn configuration of a receiver."""
    return uvicorn.Config(
        Receiver(settings).app(),
        host=host,
        port=port,
        lifespan="on",
        log_level=log_level,
        access_log=access_log,
        limit_concurrency=LIMIT_CONCURRENCY,
        timeout_keep_alive=KEEP_ALIVE_S,
        server_header=False,
        ssl_certfile=None if tls is None else str(tls.certificate),
        ssl_keyfile=None if tls is None else str(tls.key),
    )


def serve(
    settings: ReceiverSettings,
    host: str,
    port: int,
    *,
    tls: TlsFiles | None = None,
    log_level: str = "info",
) -> None:
    """Serve until interrupted (Ctrl+C, SIGTERM)."""
    uvicorn.Server(uvicorn_config(settings, host, port, tls=tls, log_level=log_level)).run()


@dataclass(frozen=True, slots=True)
class RunningReceiver:
    """A receiver serving in a background thread."""

    url: str
    port: int
    settings: ReceiverSettings


@contextlib.contextmanager
def receiver_in_thread(
    settings: ReceiverSettings, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningReceiver]:
    """Serve ``settings`` on ``host`` (a free port by default) until the block ends.

    For tests and benches: the socket is bound before the server starts, so the port is
    known and nothing races for it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    config = uvicorn_config(settings, host, bound, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="receiver", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the receiver did not start")
        time.sleep(0.01)
    try:
        yield RunningReceiver(f"http://{host}:{bound}", bound, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()
        logging.getLogger(__name__).debug("receiver on port %d stopped", bound)
