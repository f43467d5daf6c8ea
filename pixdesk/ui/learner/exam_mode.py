"""Exam mode: the learner window full screen and above the others, where the platform allows.

It degrades safely: what cannot be locked is reported (journaled, shown on the console as a
notice), and the test starts anyway. Nothing here grabs the system's shortcuts (Alt+Tab…):
the invigilator's eyes and focus-loss detection cover those.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


class ExamModeGap(StrEnum):
    """What exam mode could not lock (the ``reason`` of ``exam_mode.degraded``)."""

    FULL_SCREEN = "full_screen"
    STAY_ON_TOP = "stay_on_top"


_NO_WINDOW_MANAGER = frozenset({"offscreen", "minimal", "vnc", "linuxfb", "eglfs"})
"""Platforms without a real desktop: full screen and stacking mean nothing there."""
_NO_STAY_ON_TOP = frozenset({"wayland", "wayland-egl"})
"""Wayland compositors ignore a client's wish to stay above the others."""


def exam_mode_gaps(platform: str, *, full_screen: bool, on_top: bool) -> tuple[ExamModeGap, ...]:
    """Return what exam mode did not obtain on ``platform`` (pure: tested without Qt)."""
    name = platform.lower()
    gaps = []
    if not full_screen or name in _NO_WINDOW_MANAGER:
        gaps.append(ExamModeGap.FULL_SCREEN)
    if not on_top or name in _NO_WINDOW_MANAGER or name in _NO_STAY_ON_TOP:
        gaps.append(ExamModeGap.STAY_ON_TOP)
    return tuple(gaps)


def enter_exam_mode(window: QWidget) -> tuple[ExamModeGap, ...]:
    """Show ``window`` full screen and return what could not be locked.

    The stay-on-top hint must already be set (before the first show: changing window flags
    later re-creates the native window, and the pupil would seem to leave it).
    """
    window.showFullScreen()
    handle = window.windowHandle()
    full_screen = window.isFullScreen() and (
        handle is None or handle.windowStates() & Qt.WindowState.WindowFullScreen
    )
    flags = handle.flags() if handle is not None else window.windowFlags()
    on_top = bool(flags & Qt.WindowType.WindowStaysOnTopHint)
    return exam_mode_gaps(
        QGuiApplication.platformName(), full_screen=bool(full_screen), on_top=on_top
    )
