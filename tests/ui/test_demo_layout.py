"""The demo's window layout on common laptop and desktop screens (arithmetic only, no window)."""

from __future__ import annotations

from itertools import combinations

import pytest

from pixdesk.ui.demo_layout import CASCADE_STEP, DemoLayout, Margins, Rect, Size, demo_layout

CONSOLE_MIN = Size(640, 480)
LEARNER_MIN = Size(570, 440)  # what the learner window needs for a question (measured)
NO_FRAME = Margins()
WM_FRAME = Margins(left=2, top=30, right=2, bottom=2)  # a desktop's title bar and borders

SCREENS = {
    "1280x800": Rect(0, 0, 1280, 800),
    "1366x768": Rect(0, 0, 1366, 768),
    "1920x1080": Rect(0, 0, 1920, 1080),
    "1920x1080 with a task bar": Rect(0, 0, 1920, 1040),
    "1366x768 with a top panel": Rect(0, 32, 1366, 736),
}


def layout(screen: Rect, learners: int, frame: Margins = NO_FRAME) -> DemoLayout:
    return demo_layout(
        screen, learners, console_min=CONSOLE_MIN, learner_min=LEARNER_MIN, frame=frame
    )


def check_usable(result: DemoLayout, screen: Rect, learners: int, frame: Margins) -> None:
    """Every window on the screen and at least its minimum size (its own area, not its frame)."""
    assert len(result.learners) == learners
    assert screen.contains(result.console)
    console = result.console.inside(frame)
    assert console.width >= CONSOLE_MIN.width
    assert console.height >= CONSOLE_MIN.height
    for rect in result.learners:
        assert screen.contains(rect), rect
        own = rect.inside(frame)
        assert own.width >= LEARNER_MIN.width, rect
        assert own.height >= LEARNER_MIN.height, rect


def visible_title_bars(result: DemoLayout, frame: Margins) -> None:
    """No window stacked above another one hides any part of its title bar."""
    title = max(frame.top, CASCADE_STEP)
    stacked = [result.console, *result.learners]
    if not result.covers_console:  # the demo raises the console above the learners
        stacked = [*result.learners, result.console]
    for position, rect in enumerate(stacked):
        bar = Rect(rect.x, rect.y, rect.width, title)
        for above in stacked[position + 1 :]:
            assert not above.intersects(bar), (rect, above)


@pytest.mark.parametrize("screen_name", sorted(SCREENS))
@pytest.mark.parametrize("learners", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("frame", [NO_FRAME, WM_FRAME], ids=["no frame", "title bars"])
def test_every_window_is_on_screen_at_a_usable_size(
    screen_name: str, learners: int, frame: Margins
) -> None:
    screen = SCREENS[screen_name]
    result = layout(screen, learners, frame)
    check_usable(result, screen, learners, frame)
    if result.cascaded:
        visible_title_bars(result, frame)
    else:
        for first, second in combinations([result.console, *result.learners], 2):
            assert not first.intersects(second), (first, second)


@pytest.mark.parametrize("frame", [NO_FRAME, WM_FRAME], ids=["no frame", "title bars"])
def test_three_learners_are_tiled_two_by_two_on_a_full_hd_screen(frame: Margins) -> None:
    result = layout(SCREENS["1920x1080"], 3, frame)
    assert not result.cascaded
    assert (result.columns, result.rows) == (2, 2)
    # The console on the left, the learners in the rest, left to right then top to bottom.
    assert result.console.x == 0
    first, second, third = result.learners
    assert first.x > result.console.right
    assert (second.y, third.x) == (first.y, first.x)
    assert second.x > first.right
    assert third.y > first.bottom


@pytest.mark.parametrize("screen_name", ["1280x800", "1366x768"])
def test_three_learners_are_cascaded_on_a_laptop_screen(screen_name: str) -> None:
    screen = SCREENS[screen_name]
    result = layout(screen, 3, WM_FRAME)
    assert result.cascaded
    assert result.step == WM_FRAME.top
    first, second, third = result.learners
    assert (second.x - first.x, second.y - first.y) == (30, 30)
    assert (third.x - second.x, third.y - second.y) == (30, 30)
    assert not result.covers_console  # the console stays whole on the left
    assert third.right <= screen.right


def test_one_learner_is_tiled_next_to_the_console_on_a_laptop_screen() -> None:
    screen = SCREENS["1280x800"]
    result = layout(screen, 1)
    assert not result.cascaded
    (learner,) = result.learners
    assert learner.right == screen.right
    assert learner.height == screen.height
    assert result.console.width >= CONSOLE_MIN.width


def test_the_console_keeps_its_share_when_the_learners_leave_it_room() -> None:
    result = layout(SCREENS["1920x1080"], 1)
    assert result.console.width == 1920 * 55 // 100


def test_a_screen_smaller_than_the_windows_still_shows_every_title_bar() -> None:
    screen = Rect(0, 0, 800, 600)  # Qt's offscreen screen
    result = layout(screen, 3)
    assert result.cascaded
    assert result.covers_console
    assert all(rect.y >= result.console.y + CASCADE_STEP for rect in result.learners)
    visible_title_bars(result, NO_FRAME)


def test_no_learner_leaves_the_whole_screen_to_the_console() -> None:
    result = layout(SCREENS["1280x800"], 0)
    assert result.console == SCREENS["1280x800"]
    assert result.learners == ()
