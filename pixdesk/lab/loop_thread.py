"""The lab thread: one asyncio loop in a thread of its own, and thread-safe ways into it.

The UI never blocks on the network (DESIGN.md §2.5): it hands coroutines to this thread and
gets ``concurrent.futures.Future`` objects back, which its task runner turns into signals.
Observers are called on this thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

_T = TypeVar("_T")


class LabThread:
    """Run an asyncio event loop in a daemon thread.

    Args:
        name: The thread's name (shown in debuggers and crash reports).
    """

    def __init__(self, name: str = "pixdesk-lab") -> None:
        """Prepare the thread (started by :meth:`start`)."""
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """Return the running loop.

        Raises:
            RuntimeError: The thread is not running.
        """
        if self._loop is None:
            raise RuntimeError("the lab thread is not running")
        return self._loop

    def start(self) -> None:
        """Start the thread and wait until its loop runs."""
        if self._thread is not None:
            raise RuntimeError("the lab thread is already started")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def submit(self, coro: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Schedule ``coro`` on the lab loop from any thread; return its future."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, _T], timeout: float | None = None) -> _T:
        """Run ``coro`` on the lab loop and wait for its result (never from the UI thread)."""
        return self.submit(coro).result(timeout)

    def call(self, fn: Callable[..., _T], *args: Any) -> concurrent.futures.Future[_T]:
        """Call a plain function on the lab loop (objects of the lab are not thread-safe)."""

        async def wrapper() -> _T:
            return fn(*args)

        return self.submit(wrapper())

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel what is left on the loop, stop it and join the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.call_soon(self._ready.set)
        try:
            loop.run_forever()
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None
