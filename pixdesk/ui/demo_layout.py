"""Where the demo's windows go on one screen: the console on the left, learners in a grid.

Pure arithmetic on rectangles (no Qt), so every screen size is tested without a window.
Rectangles are window *frames* (title bar and borders included); ``frame`` says how thick the
decorations are, so that each window's own area still gets its minimum size.

When the learner windows cannot all be tiled at their minimum size next to a usable console,
they are cascaded instead: the same size, each one a title bar lower and further right than
the one before, so that every title bar stays visible and any window can be brought forward.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Size:
    """A width and a height, in pixels."""

    width: int
    height: int


USABLE_CONSOLE = Size(640, 480)
"""The console's smallest usable area: the room table's main columns and the events."""

USABLE_LEARNER = Size(560, 440)
"""A learner window's smallest usable area: a question with four answers and its buttons."""

CONSOLE_SHARE_PERCENT = 55
"""The share of the screen's width the console gets when the learners leave it room."""

GAP = 8
"""Pixels between two tiled windows."""

CASCADE_STEP = 28
"""The smallest offset between two cascaded windows (a title bar, or the menu bar without one)."""


@dataclass(frozen=True, slots=True)
class Margins:
    """The window decorations around a window's own area (the title bar is ``top``)."""

    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0

    def around(self, size: Size) -> Size:
        """Return the frame size of a window whose own area is ``size``."""
        return Size(size.width + self.left + self.right, size.height + self.top + self.bottom)


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle on the screen: top-left corner and size, in pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """Return the first column past the rectangle."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """Return the first row past the rectangle."""
        return self.y + self.height

    def intersects(self, other: Rect) -> bool:
        """Return whether the two rectangles share at least one pixel."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Rect) -> bool:
        """Return whether ``other`` lies wholly inside this rectangle."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def inside(self, margins: Margins) -> Rect:
        """Return the window's own area, when this rectangle is its frame."""
        return Rect(
            self.x + margins.left,
            self.y + margins.top,
            self.width - margins.left - margins.right,
            self.height - margins.top - margins.bottom,
        )


@dataclass(frozen=True, slots=True)
class DemoLayout:
    """The frames of the console and of each learner window, in the order they are stacked.

    Attributes:
        console: The console's frame.
        learners: One frame per learner window; with ``cascaded``, each one above the previous.
        columns: The learners' grid columns (1 when cascaded).
        rows: The learners' grid rows (the window count when cascaded).
        cascaded: The learners could not be tiled at their minimum size; they overlap.
        step: The cascade's offset between two windows (0 when tiled).
    """

    console: Rect
    learners: tuple[Rect, ...]
    columns: int
    rows: int
    cascaded: bool
    step: int = 0

    @property
    def covers_console(self) -> bool:
        """Return whether learner windows lie over part of the console (stack them above it)."""
        return any(rect.intersects(self.console) for rect in self.learners)


def demo_layout(
    screen: Rect,
    learners: int,
    *,
    console_min: Size,
    learner_min: Size,
    frame: Margins = Margins(),
    gap: int = GAP,
) -> DemoLayout:
    """Place the console and ``learners`` windows on ``screen`` (its available area).

    The console takes the left side (up to :data:`CONSOLE_SHARE_PERCENT` of the width, at
    least ``console_min``); the learner windows share the rest as a grid, with the number of
    columns that gives each window the most room above ``learner_min``. When no grid gives
    every window its minimum, the windows are cascaded (:attr:`DemoLayout.cascaded`).

    Args:
        screen: The screen's available geometry (without task bars).
        learners: How many learner windows.
        console_min: The console's smallest usable own area.
        learner_min: A learner window's smallest usable own area.
        frame: The window decorations, added to each minimum.
        gap: Pixels between tiled windows.
    """
    console_frame = frame.around(console_min)
    learner_frame = frame.around(learner_min)
    preferred = max(console_frame.width, screen.width * CONSOLE_SHARE_PERCENT // 100)
    if learners <= 0:
        return DemoLayout(screen, (), 0, 0, cascaded=False)
    best: DemoLayout | None = None
    best_room = 0.0
    for columns in range(1, learners + 1):
        rows = -(-learners // columns)
        grid = _grid(screen, learners, columns, rows, preferred, console_frame, learner_frame, gap)
        if grid is None:
            continue
        cell = grid.learners[0]
        room = min(cell.width / learner_frame.width, cell.height / learner_frame.height)
        if best is None or room > best_room:
            best, best_room = grid, room
    if best is not None:
        return best
    return _cascade(screen, learners, preferred, console_frame, learner_frame, frame, gap)


def _grid(
    screen: Rect,
    learners: int,
    columns: int,
    rows: int,
    preferred: int,
    console_frame: Size,
    learner_frame: Size,
    gap: int,
) -> DemoLayout | None:
    """Return the tiled layout with this grid, None if a window would be under its minimum."""
    cell_height = (screen.height - (rows - 1) * gap) // rows
    needed = columns * learner_frame.width + (columns - 1) * gap
    console_width = min(preferred, screen.width - gap - needed)
    if cell_height < learner_frame.height or console_width < console_frame.width:
        return None
    left = screen.x + console_width + gap
    cell_width = (screen.right - left - (columns - 1) * gap) // columns
    cells = tuple(
        Rect(
            left + (index % columns) * (cell_width + gap),
            screen.y + (index // columns) * (cell_height + gap),
            cell_width,
            cell_height,
        )
        for index in range(learners)
    )
    console = Rect(screen.x, screen.y, console_width, screen.height)
    return DemoLayout(console, cells, columns, rows, cascaded=False)


def _cascade(
    screen: Rect,
    learners: int,
    preferred: int,
    console_frame: Size,
    learner_frame: Size,
    frame: Margins,
    gap: int,
) -> DemoLayout:
    """Return the cascaded layout: every title bar visible, every window at its minimum."""
    step = max(frame.top, CASCADE_STEP)
    span = (learners - 1) * step
    console_width = max(
        console_frame.width, min(preferred, screen.width - gap - learner_frame.width - span)
    )
    console_width = min(console_width, screen.width)
    console = Rect(screen.x, screen.y, console_width, screen.height)
    left = screen.x + console_width + gap
    width = max(learner_frame.width, screen.right - left - span)
    left = max(screen.x, min(left, screen.right - span - width))
    # Over the console (a small screen): start below its title bar, so that it stays visible.
    top = screen.y + (step if left < console.right else 0)
    height = max(learner_frame.height, screen.bottom - top - span)
    windows = tuple(
        Rect(left + index * step, top + index * step, width, height) for index in range(learners)
    )
    return DemoLayout(console, windows, 1, learners, cascaded=True, step=step)
