"""Network faults for the sync tests: an httpx transport that records and cuts, a TCP proxy.

Both only ever talk to 127.0.0.1, and both are bounded: the proxy stops with its ``with``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx


@dataclass
class RecordingTransport(httpx.BaseTransport):
    """The real transport, logging every request; it can drop one PUT's answer.

    Attributes:
        lose_answer_after_puts: After this many PUTs went through, the next PUT reaches the
            receiver (which stores the chunk) but its answer is lost: the connection drops.
    """

    lose_answer_after_puts: int | None = None
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    inner: httpx.HTTPTransport = field(default_factory=httpx.HTTPTransport)
    puts: int = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(
            (request.method, request.url.path, request.headers.get("content-range"))
        )
        response = self.inner.handle_request(request)
        if request.method != "PUT":
            return response
        self.puts += 1
        if self.lose_answer_after_puts is not None and self.puts > self.lose_answer_after_puts:
            self.lose_answer_after_puts = None
            response.read()
            response.close()
            raise httpx.RemoteProtocolError("connection dropped", request=request)
        return response

    def close(self) -> None:
        self.inner.close()

    def ranges(self) -> list[str]:
        """Return the Content-Range of every PUT, in order."""
        return [r for method, _, r in self.requests if method == "PUT" and r is not None]


class FaultyProxy:
    """A loopback TCP proxy in front of the receiver: down, slow, or cutting mid-upload.

    Modes: ``"down"`` (nothing listens: connection refused), ``"pass"``, ``"slow"`` (answers
    held back ``delay`` seconds), ``"cut"`` (connections closed once ``cut_after`` bytes went
    to the receiver since the mode was set).
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.mode = "down"
        self.delay = 0.0
        self.cut_after = 0
        self._sent = 0
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_mode(self, mode: str, *, delay: float = 0.0, cut_after: int = 0) -> None:
        """Change the behaviour for new data (and listen or stop listening)."""
        with self._lock:
            self.delay, self.cut_after, self._sent = delay, cut_after, 0
            self.mode = mode
        if mode == "down":
            self._close_listener()
            self._close_connections()
        elif self._listener is None:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(16)
            listener.settimeout(0.05)  # accept() is not woken by close(): poll
            self._listener = listener
            self._spawn(self._accept, listener)

    def __enter__(self) -> FaultyProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._close_listener()
        self._close_connections()
        for thread in self._threads:
            thread.join(timeout=5)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _close_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()
            self._listener = None

    def _close_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            with self._lock:
                self._sockets += [client, upstream]
            self._spawn(self._pump, client, upstream, True)
            self._spawn(self._pump, upstream, client, False)

    def _pump(self, source: socket.socket, target: socket.socket, to_receiver: bool) -> None:
        with contextlib.suppress(OSError):
            while not self._stop.is_set():
                data = source.recv(4096)
                if not data:
                    break
                with self._lock:
                    mode, delay = self.mode, self.delay
                    if to_receiver:
                        self._sent += len(data)
                    cut = mode == "cut" and self._sent >= self.cut_after
                if mode == "slow" and not to_receiver:
                    time.sleep(delay)
                if cut:
                    target.sendall(data[: max(0, len(data) - (self._sent - self.cut_after))])
                    break
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def faulty_proxy(target_port: int) -> Iterator[FaultyProxy]:
    with FaultyProxy(target_port) as proxy:
        yield proxy
