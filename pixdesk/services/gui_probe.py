"""Start Qt in a child process, open and close the main window, and read back what it saw.

A child, because a Qt that cannot reach its display aborts the whole process (qFatal): the
self-test and the readiness check must survive that to report it. The child is
``pixdesk probe gui --out FILE`` (:mod:`pixdesk.commands.probe`); it writes its findings as
JSON to a file rather than to stdout, which a windowed Windows executable may not have.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pixdesk.services.checks import pixdesk_command

__all__ = ["GuiProbe", "Screen", "display_available", "run_gui_probe"]

PROBE_TIMEOUT_S: Final = 60.0


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen, in device-independent pixels."""

    width: int
    height: int
    scale: float


@dataclass(frozen=True, slots=True)
class GuiProbe:
    """What the child reported.

    Attributes:
        ok: The main window was created, shown and destroyed.
        platform: The Qt platform plugin used (``xcb``, ``windows``, ``offscreen``…).
        screens: The screens Qt found.
        seconds: From starting the child to its exit (a cold start, Qt and the window included).
        peak_rss_mb: The child's peak memory, where the OS tells it.
        error: Why it failed (the child's last error line or exit code).
    """

    ok: bool
    platform: str = ""
    screens: tuple[Screen, ...] = ()
    seconds: float = 0.0
    peak_rss_mb: float | None = None
    error: str = ""


def display_available(env: Mapping[str, str] | None = None) -> bool:
    """Tell whether Qt has somewhere to draw: a chosen platform, or a desktop session."""
    environ = os.environ if env is None else env
    if environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True  # a logged-in Windows or macOS session always has a display
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def run_gui_probe(timeout_s: float = PROBE_TIMEOUT_S) -> GuiProbe:
    """Run the child and return what it found; failures are reported, never raised."""
    with tempfile.TemporaryDirectory(prefix="pixdesk-gui-probe-") as tmp:
        out = Path(tmp) / "probe.json"
        started = time.monotonic()
        try:
            done = subprocess.run(  # noqa: S603 - our own executable, fixed arguments
                [*pixdesk_command(), "probe", "gui", "--out", str(out)],
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return GuiProbe(ok=False, error=type(exc).__name__)
        seconds = time.monotonic() - started
        if done.returncode != 0 or not out.exists():
            lines = (done.stderr or "").strip().splitlines()
            error = lines[-1] if lines else f"exit code {done.returncode}"
            return GuiProbe(ok=False, seconds=seconds, error=error)
        found = json.loads(out.read_text(encoding="utf-8"))
    screens = tuple(
        Screen(int(s["width"]), int(s["height"]), float(s["scale"])) for s in found["screens"]
    )
    rss = found.get("peak_rss_mb")
    return GuiProbe(
        ok=bool(found["window"]),
        platform=str(found["platform"]),
        screens=screens,
        seconds=seconds,
        peak_rss_mb=None if rss is None else float(rss),
    )
